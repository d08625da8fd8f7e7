"""Liveness and readiness probes."""

from __future__ import annotations

from fastapi import APIRouter

from search_api.deps import StoreDep

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict:
    """The process is up."""
    return {"status": "ok"}


@router.get("/readyz")
def readyz(store: StoreDep) -> dict:
    """The store answers (503 when it does not)."""
    store.ping()
    return {"status": "ready"}
