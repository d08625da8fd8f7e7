"""Translate core errors into HTTP answers, once, at the edge.

Every parameter problem is a 422 whose detail names the parameter; a store
that cannot answer is a 503; nothing becomes a 500 with a stack trace.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any, get_origin

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse
from pydantic import BaseModel

from search_api.models import ErrorMessage, ParamErrors
from search_api.request_guard import PRIVATE_DEFAULTS
from therapist_finder.errors import (
    GeocoderUnavailable,
    InvalidQuery,
    NotFound,
    StoreUnavailable,
    TherapistFinderError,
)

log = logging.getLogger("therapist_finder.api")
_LEADING_NAME = re.compile(r"(?:give either )?([a-z_]+)\b")


def repeated_single_values(model: type[BaseModel], pairs: Iterable[tuple[str, str]]) -> list[dict]:
    """422 details for each parameter given more than once that takes one value
    (`state=NY&state=CA`): reading only the last would answer a question not asked."""
    counts = Counter(name for name, _ in pairs)
    return [
        detail(name, f"{name}: give one value, not {counts[name]} (it is not repeatable)")
        for name, field in model.model_fields.items()
        if counts[name] > 1 and get_origin(field.annotation) is not list
    ]


UNAVAILABLE = "the directory is unavailable right now; try again in a few minutes"


def detail(param: str, message: str, suggestions: list[str] | None = None, where: str = "query") -> dict:
    """One 422 detail item: which parameter, and what is wrong with it; `where`
    is the part of the request it came from ("query", "path", ...)."""
    item = {"loc": [where, param], "param": param, "msg": message, "type": "value_error"}
    if suggestions:
        item["suggestions"] = suggestions
    return item


_DOCUMENTED: dict[int, tuple[type, str]] = {
    404: (ErrorMessage, "No listing has this id."),
    413: (ErrorMessage, "The form is larger than the service reads (in bytes or in fields)."),
    415: (ErrorMessage, "The body is not an HTML form (application/x-www-form-urlencoded)."),
    422: (ParamErrors, "A parameter is not valid: each item names it (`param`) and says what is wrong "
                       "(`msg`, which names it too)."),
    503: (ErrorMessage, "The directory, or the online geocoder, cannot answer right now."),
}


def error_responses(*statuses: int, html: bool = False) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for the errors an operation answers; `html`: a person who
    asked for a page (format=html or pdf) gets the error as an HTML page instead."""
    out: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        model, description = _DOCUMENTED[status]
        out[status] = {"model": model, "description": description}
        if html and status != 503:  # a store that is down answers JSON on every path
            out[status]["content"] = {"text/html": {}}
    return out


def param_messages(errors: list[dict], prefixed: bool = False) -> list[tuple[str, str]]:
    """(parameter, message) per pydantic error, the message naming the parameter.

    `prefixed`: locations start with where the value came from ("query"), as
    in FastAPI's RequestValidationError; a model's own errors do not.
    """
    out = []
    for err in errors:
        loc = [str(p) for p in err.get("loc", ())][1 if prefixed else 0 :]
        msg = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
        # A rule across fields has no location; its message starts with the
        # parameter to change ("lat and lon ...", "sort=distance needs ...").
        param = loc[0] if loc else (_LEADING_NAME.match(msg) or [None, "query"])[1]
        if err.get("type") == "extra_forbidden":
            msg = f"unknown parameter '{param}'"
        out.append((param, msg if param in msg else f"{param}: {msg}"))
    return out


def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = exc.errors()
    # param_messages keeps the order of the errors, so each pair has its error's source.
    sources = [str(err["loc"][0]) if err.get("loc") else "query" for err in errors]
    pairs = param_messages(errors, prefixed=True)
    details = [detail(p, m, where=where) for (p, m), where in zip(pairs, sources, strict=True)]
    return JSONResponse({"detail": details}, status_code=422)


def install(app: FastAPI) -> None:
    """Register the handlers on an app."""

    @app.exception_handler(RequestValidationError)
    async def validation(request: Request, exc: RequestValidationError):
        return _validation(request, exc)

    @app.exception_handler(InvalidQuery)
    async def invalid(request: Request, exc: InvalidQuery):
        return JSONResponse({"detail": [detail(exc.param, exc.message, exc.suggestions)]}, 422)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound):
        return JSONResponse({"detail": str(exc)}, 404)

    @app.exception_handler(StoreUnavailable)
    async def unavailable(request: Request, exc: StoreUnavailable):
        # The cause (a file path, a cluster's address, the command that fixes it) is for the
        # operator: the log and /readyz say it, and the public answer does not.
        log.warning("the store cannot answer: %s", exc)
        return JSONResponse({"detail": UNAVAILABLE}, 503)

    @app.exception_handler(GeocoderUnavailable)
    async def geocoder(request: Request, exc: GeocoderUnavailable):
        return JSONResponse({"detail": str(exc)}, 503)

    @app.exception_handler(TherapistFinderError)
    async def other(request: Request, exc: TherapistFinderError):
        log.error("request failed: %s", type(exc).__name__)
        return JSONResponse({"detail": "the directory could not answer this request"}, 500)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        # Starlette answers this outside every middleware, RequestGuard's privacy headers
        # included, so the answer carries them itself. The error is still logged, by
        # type only: its text may quote what was searched for.
        log.error("unexpected error: %s", type(exc).__name__)
        return PlainTextResponse("Internal Server Error", 500, headers=dict(
            (name.decode(), value.decode()) for name, value in PRIVATE_DEFAULTS))
