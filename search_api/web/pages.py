"""Server-rendered pages: search (`/`), profile (`/therapists/{id}`), shortlist.

The search form's field names are exactly the API's query parameters, so the
same `SearchParams`/`build_query` validate it. The page adds only its own
parameters (paging position in `paging.py`, the no-JavaScript shortlist in
`shortlist_links.py`), taken out first. Links to profiles and to the shortlist
carry the search's insurer, concern and place for their printable forms
(`search_context.py`); the shortlist page itself is in `shortlist_page.py`.
Every page speaks the language its address asks for (`lang=es`, `language.py`),
and every link it makes keeps it.
Bad input gives an HTML 422 whose messages name the form's fields in plain
words (`messages.py`), an unknown id an HTML 404, a store that is down an
HTML 503; never a 500 with a trace.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from search_api.printables.params import MAX_ID_LENGTH, read_ids
from search_api.printables.provenance import age_text
from search_api.web.demo import demo_examples
from search_api.web.facets import active_filters, facet_groups, flag_options, state_choices
from search_api.web.formatting import query_string, radius_text
from search_api.web.hints import hint_links
from search_api.web.language import read_lang
from search_api.web.listing_view import ListingView, listing_view
from search_api.web.messages import query_message, rule_fields, validation_messages
from search_api.web.paging import paging_links, range_text, read_paging
from search_api.web.rendering import (
    error_page,
    render,
    stale_after_days,
    tile_host,
    tile_url,
    unavailable_page,
)
from search_api.web.search_context import SearchContext
from search_api.web.search_form import (
    FIELD_IDS,
    LIMIT_CHOICES,
    LIST_PARAMS,
    RADIUS_CHOICES,
    SORT_CHOICES,
    did_you_mean,
    flag_values,
    form_items,
    invalid_attr,
    params_data,
    selected_filters,
    split_items,
    with_current,
)
from search_api.web.shortlist_links import PARAM as SHORTLIST_PARAM
from search_api.web.shortlist_links import ShortlistLinks
from search_api.web.text import PageText, page_text
from search_api.web.video_in_state import video_in_state
from therapist_finder.errors import (
    GeocoderUnavailable,
    InvalidQuery,
    StoreUnavailable,
    TherapistFinderError,
)
from therapist_finder.search_hints import SearchHint, counted_search_hints
from therapist_finder.search_params import SearchParams, build_query
from therapist_finder.store.query import SearchQuery, SearchResult
from therapist_finder.vocab import Vocabularies

log = logging.getLogger("therapist_finder.web")
router = APIRouter(include_in_schema=False)


def leaflet_ok() -> bool:
    from search_api.web import leaflet_available

    return leaflet_available()


def _build(params: SearchParams, request: Request):
    return build_query(params, request.app.state.vocabs, request.app.state.resolver,
                       stale_after_days=stale_after_days(request))


def _hints(params: SearchParams, request: Request) -> list[SearchHint]:
    state = request.app.state
    return counted_search_hints(params, state.vocabs, state.store, state.resolver,
                                stale_after_days(request))


def _map_context(request: Request) -> dict:
    url = tile_url(request.app.state.settings)
    return {"tile_url": url, "tile_host": tile_host(url) if url else ""}


def _page_title(text: PageText, errors: list, searched: bool, total: int | None, shown: str) -> str:
    """The search page's <title>, the first thing a screen reader says when it loads: whether
    the search had a problem, or what it found ('3 listings found, showing 21–23 of 23')."""
    if errors:
        return text("Error: Find a therapist")
    if not searched or total is None:
        return text("Find a therapist")
    found = text.agreeing(total, "{count} found", count=text.counted(total, "listing"))
    return f"{found}, {shown[:1].lower()}{shown[1:]} · {text('Find a therapist')}" if shown else \
        f"{found} · {text('Find a therapist')}"


def _result_views(result: SearchResult, query: SearchQuery, selected: dict[str, list[str]],
                  vocabs: Vocabularies, text: PageText, stale_days: int) -> list[ListingView]:
    """The result cards, with the insurers the search asked for first on each card."""
    point = (query.point.lat, query.point.lon) if query.point else None
    views = [listing_view(hit.listing, vocabs, distance_mi=hit.distance_mi, point=point, text=text,
                          stale_after_days=stale_days)
             for hit in result.results]
    wanted = set(selected.get("insurance", []))
    for view in views:
        view.insurance.sort(key=lambda b: b.slug not in wanted)
    return views


Pairs = list[tuple[str, str]]


def _checked(data: dict, items: Pairs, request: Request, text: PageText
             ) -> tuple[SearchParams | None, SearchQuery | None, Pairs, Pairs]:
    """(params, query, errors, "did you mean" links) for the search in `data`.

    Every problem at once, as far as they can be told apart: the form's checks come first
    (all of them together), then the place and the filter values are looked up without
    the fields already refused, and again without each one the lookup refuses, so a bad
    fee does not hide a place that can't be found. A check that only fails because a
    refused field was left out (a distance sort without its place) is not reported.
    """
    vocabs: Vocabularies = request.app.state.vocabs
    errors: Pairs = []
    suggestions: Pairs = []
    left = dict(data)
    for _ in range(len(data) + 1):
        try:
            params = SearchParams.model_validate(left)
        except ValidationError as exc:
            if errors:
                # Rules across fields are checked only once every field is valid: one that
                # reads none of the fields left out is a problem of its own; the others are
                # what leaving them out caused.
                gone = data.keys() - left.keys()
                own = [e for e in exc.errors()
                       if (fields := rule_fields(e)) is not None and not fields & gone]
                errors += [m for m in validation_messages(own, text) if m not in errors]
                break
            errors = validation_messages(exc.errors(), text)
            refused = {str(e["loc"][0]) for e in exc.errors() if e.get("loc")}
            if any(not e.get("loc") for e in exc.errors()) or not refused & left.keys():
                break  # a rule across fields: what else is wrong depends on how it is fixed
            left = {k: v for k, v in left.items() if k not in refused}
            continue
        try:
            query = _build(params, request)
        except InvalidQuery as exc:
            message = query_message(exc, text)
            if message not in errors:
                errors.append(message)
            suggestions += did_you_mean(exc, data, items, vocabs, text)
            if exc.param not in left:
                break
            left.pop(exc.param)
            continue
        except GeocoderUnavailable:
            if errors:  # the problems found so far are still worth saying
                break
            raise
        if not errors:
            return params, query, [], []
        break
    return None, None, errors, suggestions


@router.get("/", response_class=HTMLResponse)
def search_page(request: Request) -> HTMLResponse:
    """The search form, facet counts, results list and map."""
    vocabs: Vocabularies = request.app.state.vocabs
    search_items, page_items = split_items(form_items(request))
    lang = read_lang(page_items)
    text = page_text(lang)
    data = params_data(search_items)
    selected, raw_by_slug = selected_filters(data, vocabs)
    errors: list[tuple[str, str]] = []
    suggestions: list[tuple[str, str]] = []
    query = result = params = None
    hints: list[SearchHint] = []
    ids = read_ids([v for k, v in page_items if k == SHORTLIST_PARAM])
    carried = ShortlistLinks(ids, lang=lang).items()  # the ids and the language
    # Every other link starts the search again from page one, keeping the shortlist.
    link_items = [(k, v) for k, v in search_items if k != "cursor"] + carried
    try:
        params, query, errors, suggestions = _checked(data, search_items + carried, request, text)
        if not errors:
            try:
                result = request.app.state.store.search(query)
            except InvalidQuery as exc:  # a cursor from another search: say so, with page one
                errors = [query_message(exc, text)]
                query = None
            else:
                hints = _hints(params, request)
    except (StoreUnavailable, GeocoderUnavailable) as exc:
        return unavailable_page(request, exc)
    except TherapistFinderError as exc:
        log.error("search page failed: %s", type(exc).__name__)
        return error_page(request, 500, "Something went wrong",
                          ["The directory could not answer this search. Please try again."])

    # Toggling the shortlist reloads this very page: same search, same page of it.
    # Its profile and shortlist links carry the search's choices; the place only
    # once the search has found it.
    chosen = SearchContext.read(search_items, vocabs, near=query is not None and query.point is not None)
    sl = ShortlistLinks(ids, "/", search_items + [(k, v) for k, v in page_items if k != SHORTLIST_PARAM],
                        chosen, lang)
    facets = result.facets if result is not None else {}
    # The form shows one value per one-value field: the first of a repeated one, as the
    # links do (SearchContext), while the error summary says it was given twice.
    shown_values = {k: v[0] if isinstance(v, list) and k not in LIST_PARAMS else v for k, v in data.items()}
    raw_state = shown_values.get("state")
    state_value = (vocabs.state.normalize(raw_state) or raw_state) if raw_state else ""
    results = (_result_views(result, query, selected, vocabs, text, stale_after_days(request))
               if result is not None else [])
    cursor = data.get("cursor") if isinstance(data.get("cursor"), str) else None
    position = read_paging(page_items, cursor is not None)
    links = paging_links(link_items, position, cursor,
                         result.next_cursor if result is not None else None,
                         len(results), query.limit if query is not None else 20)
    searched = bool(search_items)
    total = result.total if result is not None else None
    shown = range_text(position.start, len(results), total or 0, text)
    context = {
        "title": _page_title(text, errors, searched, total, shown),
        "values": shown_values,
        "searched": searched,
        "errors": errors,
        "suggestions": suggestions,
        "hints": hint_links(hints, params, link_items, text),
        # A distance chosen without a place does nothing: say so rather than ignore it.
        "radius_unused": (query is not None and query.point is None and not errors
                          and str(data.get("radius_mi", "25")).strip() not in ("", "25", "25.0")),
        # "seen" and not "confirmed": the date says a source listed it, not that it is right.
        "stale_age": age_text(stale_after_days(request), lang),
        "video_in_state": (video_in_state(params, query, total, link_items, request, text)
                           if result is not None and total is not None else None),
        "query": query,
        "total": total,
        "results": results,
        "place": query.point if query is not None else None,
        "radius_mi": query.radius_mi if query is not None else None,
        "sort": query.sort if query is not None else None,
        "groups": facet_groups(facets, selected, vocabs, text),
        "flags": flag_options(facets, flag_values(data), text),
        "has_counts": result is not None,
        "active": active_filters(link_items, selected, raw_by_slug, vocabs, text) if not errors else [],
        "states": state_choices(vocabs, text),
        "radius_choices": RADIUS_CHOICES,
        "sort_choices": SORT_CHOICES,
        "links": links,
        # A broken page link still leads back to the first page.
        "first_page_href": ("/?" + query_string(link_items) if link_items else "/") if cursor else None,
        # Numbers continue across pages: page two starts at 21, on the map too.
        "first_number": position.start or 1,
        "range_text": shown,
        "sl": sl,
        "clear_href": sl.search_href,
        "field_ids": FIELD_IDS,
        "invalid": invalid_attr(errors),
        "radius_options": with_current(RADIUS_CHOICES),
        "limit_options": with_current(LIMIT_CHOICES),
        "state_value": state_value,
        "state_slugs": {t.slug for t in vocabs.state.terms},
        "map_enabled": searched and bool(results) and leaflet_ok(),
        "has_markers": any(t.markers for t in results),
        "radius_text": radius_text(query.radius_mi, text) if query is not None else "",
        "has_include_stale": "include_stale" in SearchParams.model_fields,
        "demo_places": demo_examples(request.app.state.store) if not searched else [],
        **_map_context(request),
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
    items = request.query_params.multi_items()
    lang = read_lang(items)
    text = page_text(lang)
    try:
        listing = _get_listing(request, listing_id)
    except StoreUnavailable as exc:
        return unavailable_page(request, exc)
    except TherapistFinderError as exc:
        log.error("profile page failed: %s", type(exc).__name__)
        return error_page(request, 500, "Something went wrong", ["Please try again."])
    if listing is None:
        return error_page(request, 404, "No such listing",
                          [text("There is no listing with id '{id}'. It may have been "
                                "removed from the directory.", id=listing_id)])
    view = listing_view(listing, vocabs, text=text, stale_after_days=stale_after_days(request))
    ids = read_ids([v for k, v in items if k == SHORTLIST_PARAM])
    # `insurance` and `specialty` from a results link pre-select the checklist form; with
    # `near` they also lead "Back to search" (and the Shortlist link) to the same search.
    chosen = SearchContext.read(items, vocabs)
    context = {
        "title": listing.name,
        "t": view,
        "sl": ShortlistLinks(ids, view.href, chosen.items(), chosen, lang),
        "chosen": chosen,
        "payers": text.choices(vocabs, "insurance"),
        "concerns": text.choices(vocabs, "specialty"),
        "map_enabled": bool(view.markers) and leaflet_ok(),
        **_map_context(request),
    }
    return render(request, "profile.html", context)
