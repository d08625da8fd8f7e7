"""Server-rendered pages: search (`/`), profile (`/therapists/{id}`), shortlist.

The search form's field names are exactly the API's query parameters, so the
same `SearchParams`/`build_query` validate it. Bad input gives an HTML 422
naming the parameter, an unknown id an HTML 404, a store that is down an
HTML 503; never a 500 with a trace.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup
from pydantic import ValidationError

from search_api.errors import param_messages
from search_api.web import view_models as vm
from search_api.web.rendering import error_page, render, tile_url
from therapist_finder.errors import (
    GeocoderUnavailable,
    InvalidQuery,
    StoreUnavailable,
    TherapistFinderError,
)
from therapist_finder.search_params import SearchParams, build_query
from therapist_finder.store.query import FLAGS
from therapist_finder.vocab import FACETS, Vocabularies

log = logging.getLogger("therapist_finder.web")
router = APIRouter(include_in_schema=False)

MAX_SHORTLIST = 20
MAX_ID_LENGTH = 250
RADIUS_CHOICES = (1, 2, 5, 10, 25, 50, 100, 250)
SORT_CHOICES = (("", "Best match"), ("distance", "Distance"), ("relevance", "Relevance"),
                ("name", "Name"))
LIMIT_CHOICES = (10, 20, 50, 100)
# Where the error summary links to, per parameter.
FIELD_IDS = {name: f"f-{name}" for name in SearchParams.model_fields if name != "cursor"}
FIELD_IDS.update({"query": "f-near", "cursor": "results"})
# Page-level parameter names: everything else must be a SearchParams field.
LIST_PARAMS = frozenset(FACETS)


def leaflet_ok() -> bool:
    from search_api.web import leaflet_available

    return leaflet_available()


def _with_current(choices: tuple) -> Callable[[str], list[str]]:
    """Option values for a select, plus the current value when it is not one of them."""
    def options(current: str) -> list[str]:
        values = [str(c) for c in choices]
        if current and current not in values:
            values.append(current)
        return values
    return options


def _invalid_attr(bad: set[str]) -> Callable[[str], Markup]:
    def attr(param: str) -> Markup:
        if param in bad:
            return Markup(' aria-invalid="true"')
        return Markup("")
    return attr


def _items(request: Request) -> list[tuple[str, str]]:
    """Query items without the empty values a GET form sends for blank fields."""
    return [(k, v) for k, v in request.query_params.multi_items() if v.strip() != ""]


def params_data(items: list[tuple[str, str]]) -> dict[str, Any]:
    """What SearchParams validates: lists for repeatable filters, the last value otherwise."""
    data: dict[str, Any] = {}
    for key, value in items:
        if key in LIST_PARAMS:
            data.setdefault(key, []).append(value)
        else:
            data[key] = value
    return data


def validation_messages(exc: ValidationError) -> list[tuple[str, str]]:
    """(parameter, message) pairs, worded like the JSON API's 422 details."""
    return param_messages(exc.errors())


def _selected(data: dict[str, Any], vocabs: Vocabularies) -> tuple[dict[str, list[str]], dict]:
    """Slugs chosen per facet (raw text kept when it is not a valid value)."""
    selected: dict[str, list[str]] = {}
    raw_by_slug: dict[tuple[str, str], str] = {}
    for facet in FACETS:
        for raw in data.get(facet, []):
            for part in raw.split(","):
                if not part.strip():
                    continue
                slug = vocabs[facet].normalize(part) or part.strip()
                if slug not in selected.setdefault(facet, []):
                    selected[facet].append(slug)
                raw_by_slug.setdefault((facet, slug), raw)
    return selected, raw_by_slug


def _flag_values(data: dict[str, Any]) -> dict[str, bool | None]:
    out: dict[str, bool | None] = {}
    for flag in FLAGS:
        raw = str(data.get(flag, "")).strip().lower()
        out[flag] = True if raw in ("true", "1", "yes", "on") else False if raw in (
            "false", "0", "no", "off") else None
    return out


def _build(params: SearchParams, request: Request):
    settings = request.app.state.settings
    kwargs = {}
    stale = getattr(settings, "stale_after_days", None)
    if stale is not None:
        kwargs["stale_after_days"] = stale
    return build_query(params, request.app.state.vocabs, request.app.state.resolver, **kwargs)


def _unavailable(request: Request, exc: Exception) -> HTMLResponse:
    return error_page(request, 503, "The directory is unavailable right now",
                      [f"Please try again in a few minutes. ({exc})"])


@router.get("/", response_class=HTMLResponse)
def search_page(request: Request) -> HTMLResponse:
    """The search form, facet counts, results list and map."""
    vocabs: Vocabularies = request.app.state.vocabs
    items = _items(request)
    data = params_data(items)
    selected, raw_by_slug = _selected(data, vocabs)
    errors: list[tuple[str, str]] = []
    suggestions: list[tuple[str, str]] = []
    query = result = None
    try:
        params = SearchParams.model_validate(data)
        query = _build(params, request)
        result = request.app.state.store.search(query)
    except ValidationError as exc:
        errors = validation_messages(exc)
    except InvalidQuery as exc:
        errors = [(exc.param, exc.message)]
        for hint in exc.suggestions[:3]:
            bad = data.get(exc.param)
            if isinstance(bad, list):
                fixed = [(k, v) for k, v in items if k != exc.param] + [
                    (exc.param, hint if vocabs[exc.param].normalize(v) is None else v)
                    for k, v in items if k == exc.param]
                suggestions.append((vm.label(vocabs, exc.param, hint), "/?" + vm.query_string(
                    [(k, v) for k, v in fixed if k != "cursor"])))
    except (StoreUnavailable, GeocoderUnavailable) as exc:
        return _unavailable(request, exc)
    except TherapistFinderError as exc:
        log.error("search page failed: %s", type(exc).__name__)
        return error_page(request, 500, "Something went wrong",
                          ["The directory could not answer this search. Please try again."])

    facets = result.facets if result is not None else {}
    raw_state = data.get("state")
    state_value = (vocabs.state.normalize(raw_state) or raw_state) if raw_state else ""
    point = (query.point.lat, query.point.lon) if query is not None and query.point else None
    results = []
    if result is not None:
        results = [vm.listing_view(hit.listing, vocabs, distance_mi=hit.distance_mi, point=point)
                   for hit in result.results]
        wanted = set(selected.get("insurance", []))
        for view in results:  # the insurers asked for come first on each card
            view.insurance.sort(key=lambda b: b.slug not in wanted)
    next_href = None
    if result is not None and result.next_cursor:
        next_href = "/?" + vm.query_string([(k, v) for k, v in items if k != "cursor"]
                                           + [("cursor", result.next_cursor)])
    first_href = None
    if "cursor" in data:
        first_href = "/?" + vm.query_string([(k, v) for k, v in items if k != "cursor"])
    context = {
        "title": "Find a therapist",
        "values": data,
        "searched": bool(items),
        "errors": errors,
        "suggestions": suggestions,
        "query": query,
        "total": result.total if result is not None else None,
        "results": results,
        "place": query.point if query is not None else None,
        "radius_mi": query.radius_mi if query is not None else None,
        "sort": query.sort if query is not None else None,
        "groups": vm.facet_groups(facets, selected, vocabs),
        "flags": vm.flag_options(facets, _flag_values(data)),
        "has_counts": result is not None,
        "active": vm.active_filters(items, selected, raw_by_slug, vocabs) if not errors else [],
        "states": [(t.slug, t.label) for t in vocabs.state.terms],
        "radius_choices": RADIUS_CHOICES,
        "sort_choices": SORT_CHOICES,
        "next_href": next_href,
        "first_href": first_href,
        "page_start": 1,
        "tile_url": tile_url(request.app.state.settings),
        "clear_href": "/",
        "field_ids": FIELD_IDS,
        "invalid": _invalid_attr({p for p, _ in errors}),
        "radius_options": _with_current(RADIUS_CHOICES),
        "limit_options": _with_current(LIMIT_CHOICES),
        "state_value": state_value,
        "state_slugs": {t.slug for t in vocabs.state.terms},
        "map_enabled": bool(items) and bool(results) and leaflet_ok(),
        "has_markers": any(t.markers for t in results),
        "radius_text": vm.radius_text(query.radius_mi) if query is not None else "",
        "has_include_stale": "include_stale" in SearchParams.model_fields,
    }
    return render(request, "search.html", context, 422 if errors else 200)


def _get_listing(request: Request, listing_id: str):
    if not listing_id or len(listing_id) > MAX_ID_LENGTH:
        return None
    return request.app.state.store.get(listing_id)


@router.get("/therapists/{listing_id:path}", response_class=HTMLResponse)
def profile_page(request: Request, listing_id: str) -> HTMLResponse:
    """One listing with every field, its sources and dates, and printables."""
    vocabs: Vocabularies = request.app.state.vocabs
    try:
        listing = _get_listing(request, listing_id)
    except StoreUnavailable as exc:
        return _unavailable(request, exc)
    except TherapistFinderError as exc:
        log.error("profile page failed: %s", type(exc).__name__)
        return error_page(request, 500, "Something went wrong", ["Please try again."])
    if listing is None:
        return error_page(request, 404, "No such listing",
                          [f"There is no listing with id '{listing_id}'. It may have been "
                           "removed from the directory."])
    view = vm.listing_view(listing, vocabs)
    context = {
        "title": listing.name,
        "t": view,
        "tile_url": tile_url(request.app.state.settings),
        "payers": [(t.slug, t.label) for t in vocabs["insurance"].terms],
        "concerns": [(t.slug, t.label) for t in vocabs["specialty"].terms],
        "map_enabled": bool(view.markers) and leaflet_ok(),
    }
    return render(request, "profile.html", context)


def shortlist_ids(request: Request) -> list[str]:
    """Ids from `?ids=a&ids=b` or `?ids=a,b`, in order, without duplicates."""
    ids: list[str] = []
    for raw in request.query_params.getlist("ids"):
        for part in raw.split(","):
            part = part.strip()
            if part and part not in ids:
                ids.append(part)
    return ids


@router.get("/shortlist", response_class=HTMLResponse)
def shortlist_page(request: Request) -> HTMLResponse:
    """The shortlist side by side, with the compare sheet and the referral packet."""
    vocabs: Vocabularies = request.app.state.vocabs
    unknown = sorted(set(request.query_params) - {"ids"})
    if unknown:
        return error_page(request, 422, "This shortlist link is not valid",
                          [f"unknown parameter '{unknown[0]}'; a shortlist link only has ids"])
    ids = shortlist_ids(request)
    if len(ids) > MAX_SHORTLIST:
        return error_page(request, 422, "This shortlist is too long",
                          [f"ids: a shortlist holds at most {MAX_SHORTLIST} listings, got {len(ids)}"])
    too_long = [i for i in ids if len(i) > MAX_ID_LENGTH]
    if too_long:
        return error_page(request, 422, "This shortlist link is not valid",
                          [f"ids: an id is at most {MAX_ID_LENGTH} characters"])
    found, missing = [], []
    try:
        for listing_id in ids:
            listing = request.app.state.store.get(listing_id)
            (found.append(listing) if listing is not None else missing.append(listing_id))
    except StoreUnavailable as exc:
        return _unavailable(request, exc)
    views = [vm.listing_view(listing, vocabs) for listing in found]
    kept = [v.id for v in views]
    context = {
        "title": "Your shortlist",
        "items": views,
        "missing": missing,
        "ids": kept,
        "ids_query": vm.query_string([("ids", i) for i in kept]),
        "remove_hrefs": {i: "/shortlist" + (("?" + vm.query_string([("ids", j) for j in kept if j != i]))
                                            if len(kept) > 1 else "") for i in kept},
        "payers": [(t.slug, t.label) for t in vocabs["insurance"].terms],
        "concerns": [(t.slug, t.label) for t in vocabs["specialty"].terms],
    }
    return render(request, "shortlist.html", context)
