"""The web pages: search, profile and shortlist, served by the API's app.

`install(app)` adds the page routes, the first-party static files at /static
(Leaflet's files, copied by `npm ci` into node_modules/, at
/static/vendor/leaflet/), an empty /favicon.ico and an HTML 404 for unknown
page paths. The JSON API under /v1 keeps its own error handlers.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.exception_handlers import http_exception_handler
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from search_api.web.pages import router
from search_api.web.rendering import error_page
from search_api.web.shortlist_page import router as shortlist_router

STATIC = Path(__file__).resolve().parent.parent / "static"
REPO = Path(__file__).resolve().parent.parent.parent
LEAFLET = REPO / "node_modules" / "leaflet" / "dist"
# Paths whose 404s stay JSON (the API, its docs and the files).
_NOT_PAGES = ("/v1/", "/static/", "/docs", "/redoc", "/openapi", "/healthz", "/readyz")


def leaflet_available() -> bool:
    return (LEAFLET / "leaflet.js").is_file()


def install(app: FastAPI) -> None:
    """Add the pages, the static files and the HTML 404 to an app."""
    app.include_router(router)
    app.include_router(shortlist_router)
    # The vendor mount comes first: /static would otherwise answer its paths.
    if leaflet_available():  # without it the pages work, with no map
        app.mount("/static/vendor/leaflet", StaticFiles(directory=LEAFLET), name="leaflet")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        # Pages link /static/favicon.svg; browsers that still ask here get an
        # empty answer they may keep for a week, instead of a 404 each time.
        return Response(status_code=204, headers={"Cache-Control": "public, max-age=604800"})

    @app.exception_handler(StarletteHTTPException)
    async def html_not_found(request: Request, exc: StarletteHTTPException):
        path = request.url.path
        wants_html = "text/html" in request.headers.get("accept", "")
        if exc.status_code == 404 and wants_html and not path.startswith(_NOT_PAGES):
            return error_page(request, 404, "Page not found",
                              ["There is no page at this address."])
        return await http_exception_handler(request, exc)
