"""Jinja2 (autoescaped) rendering and the headers every page carries.

Pages get a strict Content-Security-Policy: scripts, styles, fonts and
connections only from this host; images also from the map tile host, which
the map asks only after the visitor presses "Show street map" (map.js). No
page sets a cookie. Pages send no Referer, except that opted-in tile requests
carry this site's address alone (OpenStreetMap requires one) and links to a
profile carry the results' address to this same site. Search pages are not
cached (they describe someone's health).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from search_api.printables.params import read_ids
from search_api.printables.provenance import MAX_AGE_DAYS
from search_api.text_language import lang_attr
from search_api.web.language import page_lang
from search_api.web.page_frame import frame_context
from search_api.web.shortlist_links import PARAM as SHORTLIST_PARAM
from search_api.web.shortlist_links import ShortlistLinks
from search_api.web.text import page_text
from therapist_finder.errors import GeocoderUnavailable
from therapist_finder.geo.gazetteer import CITY_STATE_RE, ZIP_RE, default_gazetteer

log = logging.getLogger("therapist_finder.web")

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "web"
_DISABLED_TILES = {"", "none", "off", "false", "0"}
_OSM_TILE_HOSTS = ("tile.openstreetmap.org", "*.tile.openstreetmap.org")

env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html", "j2"], default_for_string=True, default=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
env.filters["lang_attr"] = lang_attr  # a listing's own text in another language than the page's


def stale_after_days(request: Request) -> int:
    """The app's THERAPIST_FINDER_STALE_AFTER_DAYS, from its settings (read once, at startup):
    one span for which listings a search hides and which claims a page calls "(may be out of
    date)"."""
    return getattr(request.app.state.settings, "stale_after_days", MAX_AGE_DAYS)


def tile_url(settings: Any) -> str:
    """The configured tile URL template, or '' when tiles are turned off."""
    url = (getattr(settings, "tile_url", "") or "").strip()
    if url.lower() in _DISABLED_TILES:
        return ""
    return url if tile_origin(url) else ""


def tile_origin(url: str) -> str | None:
    """'https://tile.openstreetmap.org' for a tile template ({s} becomes a wildcard)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    host = parts.netloc
    if "{s}" in host:
        host = host.replace("{s}.", "*.").replace("{s}", "*")
    if any(ch in host for ch in "{}'\"; ,"):
        return None
    return f"{parts.scheme}://{host}"


def tile_host(url: str) -> str:
    """Who the street map's images come from, for the opt-in button:
    'OpenStreetMap' for its tile servers, else the configured host name."""
    origin = tile_origin(url) or ""
    host = origin.split("://", 1)[-1]
    if host in _OSM_TILE_HOSTS:
        return "OpenStreetMap"
    return host.removeprefix("*.")


def csp(settings: Any) -> str:
    images = ["'self'", "data:"]
    url = tile_url(settings)
    if url:
        images.append(tile_origin(url) or "")
    return "; ".join([
        "default-src 'self'",
        f"img-src {' '.join(images)}",
        "script-src 'self'",
        "style-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def page_headers(settings: Any) -> dict[str, str]:
    return {
        "Content-Security-Policy": csp(settings),
        "X-Content-Type-Options": "nosniff",
        # No Referer anywhere: a tile server (or a therapist's website) is not
        # told which site, let alone which search, a visitor came from.
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-store",
        # The position only for this site's own "Use my location" (site.js), never a frame's.
        "Permissions-Policy": "geolocation=(self), camera=(), microphone=()",
    }


# Where a search's place is in its address: coordinates ("Use my location") and street
# addresses say where a client is, and a printed page travels.
_PLACE_PARAMS = ("near", "lat", "lon", "back_near")
# What only makes sense with the place a printed address leaves out.
_PLACE_BOUND = ("cursor", "start")


def _named_place(value: str) -> str | None:
    """A ZIP (its 5 digits) or a "City, ST" the gazetteer knows, as a printout may
    name it; None for anything else."""
    if match := ZIP_RE.match(value):
        return match.group(1)
    if CITY_STATE_RE.match(value) and default_gazetteer().geocode(value) is not None:
        return value.strip()
    return None


def site_url(request: Request) -> str:
    """The site's own address, no trailing slash: THERAPIST_FINDER_PUBLIC_URL when set,
    else the request's (whose host a client names in its Host header)."""
    public = request.app.state.settings.public_url
    return (public or str(request.base_url)).rstrip("/")


def printed_url(request: Request) -> str:
    """The page's address for its printed footer, with its place only when that is a
    ZIP or a city; a dropped place takes its page position and distance sort along,
    so the address opens the same search again from its first page."""
    items = request.query_params.multi_items()
    kept: list[tuple[str, str]] = []
    dropped = False
    for key, value in items:
        if key in _PLACE_PARAMS:
            named = _named_place(value) if key in ("near", "back_near") else None
            dropped |= named is None
            if named is not None:
                kept.append((key, named))
        else:
            kept.append((key, value))
    if dropped:
        kept = [(k, v) for k, v in kept
                if k not in _PLACE_BOUND and not (k == "sort" and v == "distance")]
    query = urlencode(kept)
    # The site's address already ends with any prefix the app is served under (root_path).
    path = request.url.path.removeprefix(request.scope.get("root_path", "") or "")
    return f"{site_url(request)}{path}" + (f"?{query}" if query else "")


def render(request: Request, template: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    settings = request.app.state.settings
    frame = frame_context(request)
    # The header's links: a page that has not made its own (an error page) keeps the
    # shortlist its address carries.
    ids = read_ids(request.query_params.getlist(SHORTLIST_PARAM))
    sl = context.setdefault("sl", ShortlistLinks(ids, lang=frame["lang"]))
    frame["home_href"] = sl.search_href  # the brand link keeps the shortlist too
    html = env.get_template(template).render(request_path=request.url.path,
                                             page_url=printed_url(request), **frame, **context)
    return HTMLResponse(html, status_code=status_code, headers=page_headers(settings))


def error_page(request: Request, status_code: int, title: str, messages: list[str],
               **extra: Any) -> HTMLResponse:
    """An error page; `title` and `messages` are English, shown in the page's language
    (a message with a value in it comes already worded)."""
    text = page_text(page_lang(request))
    context = {"title": text(title), "status_code": status_code, "messages": [text(m) for m in messages],
               "suggestions": extra.pop("suggestions", []), **extra}
    return render(request, "error.html", context, status_code)


def unavailable_page(request: Request, exc: Exception) -> HTMLResponse:
    """The HTML 503 for a store or a geocoder that is down."""
    # Only the kind of failure is logged: a geocoder's error can quote the place searched.
    log.warning("page unavailable: %s", type(exc).__name__)
    if isinstance(exc, GeocoderUnavailable):
        return error_page(request, 503, "We couldn't look up that place right now",
                          ["Please try again in a few minutes, or search by a 5-digit ZIP or a "
                           "city and state (like Portland, OR), which always work."])
    return error_page(request, 503, "The directory is unavailable right now",
                      ["Please try again in a few minutes."])
