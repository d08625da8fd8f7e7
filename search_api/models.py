"""Public response shapes (separate from the core's query models)."""

from __future__ import annotations

from pydantic import BaseModel

from therapist_finder.schema import Listing
from therapist_finder.store.query import SearchQuery, SearchResult


class TherapistResult(Listing):
    """A listing as the API returns it, with its distance from the search point."""

    distance_mi: float | None = None


class SearchedPlace(BaseModel):
    lat: float
    lon: float
    label: str | None = None
    radius_mi: float


class SearchResponse(BaseModel):
    """One page of search results."""

    results: list[TherapistResult]
    total: int
    facets: dict[str, dict[str, int]]
    next_cursor: str | None
    sort: str
    place: SearchedPlace | None = None

    @classmethod
    def from_result(cls, query: SearchQuery, result: SearchResult) -> SearchResponse:
        results = [
            TherapistResult(**hit.listing.model_dump(),
                            distance_mi=round(hit.distance_mi, 2) if hit.distance_mi is not None else None)
            for hit in result.results
        ]
        place = None
        if query.point is not None:
            place = SearchedPlace(lat=query.point.lat, lon=query.point.lon, label=query.point.label,
                                  radius_mi=query.radius_mi)
        return cls(results=results, total=result.total, facets=result.facets,
                   next_cursor=result.next_cursor, sort=query.sort, place=place)
