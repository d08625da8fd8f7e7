"""The interactive OpenAPI page at /docs, served first-party.

FastAPI's default page loads Swagger UI's script and CSS from a CDN, and a
favicon from another host: a third-party request on every visit. Here the
files come from the npm package `swagger-ui-dist` (installed by `npm ci`) and
are served from /static/vendor/swagger-ui/.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

SWAGGER_UI = Path(__file__).resolve().parent.parent / "node_modules" / "swagger-ui-dist"
VENDOR = "/static/vendor/swagger-ui"


def install_docs(app: FastAPI) -> None:
    """Add /docs (call before /static is mounted, so the vendor mount wins)."""
    available = (SWAGGER_UI / "swagger-ui-bundle.js").is_file()
    if available:
        app.mount(VENDOR, StaticFiles(directory=SWAGGER_UI), name="swagger-ui")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        """The OpenAPI UI, or a plain pointer to the spec without the npm files."""
        if not available:
            return HTMLResponse(
                '<!doctype html><html lang="en"><title>API docs</title><p>The interactive page needs '
                '<code>npm ci</code>. The OpenAPI document is at <a href="/openapi.json">'
                "/openapi.json</a>.</p>"
            )
        page = get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} API",
            swagger_js_url=f"{VENDOR}/swagger-ui-bundle.js",
            swagger_css_url=f"{VENDOR}/swagger-ui.css",
            swagger_favicon_url=f"{VENDOR}/favicon-32x32.png",
            # No validator badge: it would be fetched from validator.swagger.io.
            swagger_ui_parameters={"validatorUrl": None},
        )
        # FastAPI's page names no language: screen readers then guess the voice (WCAG 3.1.1).
        html = bytes(page.body).decode().replace("<html>", '<html lang="en">', 1)
        # The page's one inline script starts Swagger UI; nothing may come from elsewhere.
        return HTMLResponse(html, headers={"Content-Security-Policy": (
            "default-src 'self'; script-src 'self' 'unsafe-inline'; "
            "style-src 'self' 'unsafe-inline'; img-src 'self' data:"
        )})
