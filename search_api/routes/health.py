"""Liveness and readiness probes."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from search_api.deps import StoreDep
from search_api.errors import error_responses
from therapist_finder.errors import StoreUnavailable

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict:
    """The process is up."""
    return {"status": "ok"}


@router.get("/readyz", responses=error_responses(503))
def readyz(store: StoreDep) -> dict:
    """The store answers (503 when it does not). `search_data` is "refreshing"
    while searches come from the last snapshot and the next one builds after
    a write: results are then up to one snapshot build behind."""
    try:
        store.ping()
    except StoreUnavailable as exc:  # the operator's check: it says why (searches do not)
        return JSONResponse({"detail": f"the directory is unavailable right now: {exc}"}, 503)
    refreshing = getattr(store, "refreshing", False)
    return {"status": "ready", "search_data": "refreshing" if refreshing else "current"}
