"""Across the state by video: when a place finds few listings near it, how many
listings licensed in (or with an office in) that state offer video sessions.

A search near a ZIP counts only offices within the radius, yet a client may see
by video a therapist licensed in their state from anywhere in it. Widening the
radius instead (what "no listings match" used to advise) leads across the state
line, to therapists who may not treat them there.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from search_api.web.formatting import query_string
from search_api.web.rendering import stale_after_days
from search_api.web.text import PageText
from therapist_finder.search_params import SearchParams, build_query
from therapist_finder.store.query import SearchQuery

# Fewer listings than this near the place, and the page offers the state by video.
FEW = 5
# What ties a search to a place (and its page), left out of the state-wide search.
_PLACE_ITEMS = ("near", "lat", "lon", "radius_mi", "cursor", "state", "telehealth")


@dataclass
class VideoInState:
    count: int
    state: str  # its name, in the page's language
    href: str


def video_in_state(params: SearchParams, query: SearchQuery, total: int, link_items: list[tuple[str, str]],
                   request: Request, text: PageText) -> VideoInState | None:
    """The state-wide video search's count and link; None when the place found
    enough, names no state, or the search rules video out or names a state."""
    point = query.point
    if point is None or total >= FEW or params.state or params.telehealth is False or params.cursor:
        return None
    state = point.state or (point.nearby.state if point.nearby else None)
    if not state:
        return None
    app = request.app.state
    other = params.model_copy(update={"near": None, "lat": None, "lon": None, "state": state,
                                      "telehealth": True, "cursor": None,
                                      "sort": None if params.sort == "distance" else params.sort})
    found = build_query(other, app.vocabs, app.resolver, stale_after_days=stale_after_days(request))
    count = app.store.search(found.model_copy(update={"facets": False, "limit": 1})).total
    if count == 0:
        return None
    items = [(k, v) for k, v in link_items if k not in _PLACE_ITEMS and not (k == "sort" and v == "distance")]
    href = "/?" + query_string(items + [("state", state), ("telehealth", "true")])
    return VideoInState(count, text.label(app.vocabs, "state", state), href)
