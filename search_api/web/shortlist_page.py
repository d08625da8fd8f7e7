"""The shortlist page (`/shortlist?ids=a&ids=b`), with the compare and referral forms.

The address is the list. It may also carry the search's `near`, `insurance`
and `specialty` (from the search page's or a profile's Shortlist link): they
only pre-fill the two forms and are checked like any pre-filled value
(`search_context.py`), and `lang` says the page's language; anything else
in the address is a 422, so a mistyped link says so instead of quietly
showing something else.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from search_api.printables.params import MAX_ID_LENGTH, MAX_SHORTLIST
from search_api.web.formatting import query_string
from search_api.web.language import PARAM as LANG_PARAM
from search_api.web.language import lang_items, read_lang
from search_api.web.listing_view import listing_view
from search_api.web.rendering import error_page, render, site_url, stale_after_days, unavailable_page
from search_api.web.search_context import PARAMS as CONTEXT_PARAMS
from search_api.web.search_context import SearchContext
from search_api.web.shortlist_links import ShortlistLinks
from search_api.web.text import page_text
from therapist_finder.errors import StoreUnavailable
from therapist_finder.schema import looks_like_id
from therapist_finder.vocab import Vocabularies

router = APIRouter(include_in_schema=False)


def shortlist_ids(request: Request) -> list[str]:
    """Ids from `?ids=a&ids=b` or `?ids=a,b`, in order, without duplicates."""
    ids: list[str] = []
    for raw in request.query_params.getlist("ids"):
        for part in raw.split(","):
            part = part.strip()
            if part and part not in ids:
                ids.append(part)
    return ids


def _href(items: list[tuple[str, str]]) -> str:
    return "/shortlist" + ("?" + query_string(items) if items else "")


@router.get("/shortlist", response_class=HTMLResponse)
def shortlist_page(request: Request) -> HTMLResponse:
    """The shortlist side by side, with the compare sheet and the referral packet."""
    vocabs: Vocabularies = request.app.state.vocabs
    lang = read_lang(request.query_params.multi_items())
    text = page_text(lang)
    unknown = sorted(set(request.query_params) - {"ids", LANG_PARAM, *CONTEXT_PARAMS})
    if unknown:
        return error_page(request, 422, "This shortlist link is not valid",
                          [text("unknown parameter '{name}'; a shortlist link has ids, and "
                                "may have near, insurance and specialty from a search", name=unknown[0])])
    ids = shortlist_ids(request)
    # A longer list (from another tool, say) is not refused: its first ones are shown, and
    # the page says how many were left out.
    over = max(0, len(ids) - MAX_SHORTLIST)
    ids = ids[:MAX_SHORTLIST]
    too_long = [i for i in ids if len(i) > MAX_ID_LENGTH]
    if too_long:
        return error_page(request, 422, "This shortlist link is not valid",
                          [text("ids: an id is at most {most} characters", most=MAX_ID_LENGTH)])
    malformed = [i for i in ids if not looks_like_id(i)]
    if malformed:  # not a listing that has left: a link damaged in copying, or made by hand
        return error_page(request, 422, "This shortlist link is not valid",
                          [text("ids: '{id}' is not a listing id (ids look like nppes:1234567890)",
                                id=malformed[0])])
    found, missing = [], []
    try:
        for listing_id in ids:
            listing = request.app.state.store.get(listing_id)
            (found.append(listing) if listing is not None else missing.append(listing_id))
    except StoreUnavailable as exc:
        return unavailable_page(request, exc)
    days = stale_after_days(request)
    views = [listing_view(listing, vocabs, text=text, stale_after_days=days) for listing in found]
    kept = [v.id for v in views]
    chosen = SearchContext.read(request.query_params.multi_items(), vocabs)
    # Links out of the list keep it in their address, for visitors without JavaScript;
    # profile links and "Back to search" also keep the search's place, insurer and concern.
    sl = ShortlistLinks(kept, "/shortlist", context=chosen, lang=lang)
    for view in views:
        view.href = sl.profile_href(view.href)
    keep = chosen.items() + lang_items(lang)
    listed = [("ids", i) for i in kept]
    context = {
        "sl": sl,
        "title": text("Your shortlist"),
        "items": views,
        "missing": missing,
        "over": over,
        "most": MAX_SHORTLIST,
        "ids": kept,
        "ids_query": query_string(listed + lang_items(lang)),
        # The link to share is the list (in this language) alone: the search's place and
        # insurer stay out of it.
        "share_url": site_url(request) + _href(listed + lang_items(lang)),
        "remove_hrefs": {i: _href([("ids", j) for j in kept if j != i] + keep) for i in kept},
        "clear_href": _href(lang_items(lang)),
        "chosen": chosen,
        "payers": text.choices(vocabs, "insurance"),
        "concerns": text.choices(vocabs, "specialty"),
    }
    return render(request, "shortlist.html", context)
