"""Public response shapes (separate from the core's query models)."""

from __future__ import annotations

from datetime import date, timedelta

from pydantic import BaseModel, Field

from therapist_finder.schema import STORED, Listing
from therapist_finder.search_hints import SearchHint
from therapist_finder.store.query import SearchQuery, SearchResult


class TherapistResult(Listing):
    """A listing as the API returns it, with its distance from the search point.

    `stale` is true when no source has seen the listing within the staleness
    window: such listings only appear with include_stale=true.
    """

    distance_mi: float | None = None
    stale: bool = False

    @classmethod
    def of(
        cls, listing: Listing, distance_mi: float | None, stale_after_days: int, today: date | None = None
    ) -> TherapistResult:
        seen = listing.last_seen()
        cutoff = (today or date.today()) - timedelta(days=stale_after_days)
        miles = round(distance_mi, 2) if distance_mi is not None else None
        data = {**listing.model_dump(), "distance_mi": miles, "stale": seen is not None and seen < cutoff}
        return cls.model_validate(data, context=STORED)  # a listing the store holds, old ids included


class SearchedPlace(BaseModel):
    """Where the search is centred: the resolved place and the radius around it."""

    lat: float
    lon: float
    label: str | None = Field(
        None,
        description="The place as resolved: 'New York, NY 10001' for a ZIP, 'Austin, TX' for a city, "
        "the geocoder's address for a street address, the coordinates ('41.29800,-73.99700') for "
        "near=lat,lon, null for lat and lon",
    )
    radius_mi: float
    nearby: str | None = Field(
        None,
        description="Coordinate searches only (near=lat,lon, or lat and lon): the ZIP whose centroid "
        "is nearest the point, as 'City, ST 12345', when it is within 15 miles; null farther "
        "(at sea, far from any ZIP) and for every other kind of search",
        examples=["Haverstraw, NY 10927"],
    )


class SearchResponse(BaseModel):
    """One page of search results."""

    results: list[TherapistResult]
    total: int
    facets: dict[str, dict[str, int]]
    next_cursor: str | None
    sort: str
    place: SearchedPlace | None = None
    # Filters (or a spelling) the free text suggests, each with its count:
    # "aetna" typed into q is offered as insurance=aetna.
    hints: list[SearchHint] = []

    @classmethod
    def from_result(
        cls,
        query: SearchQuery,
        result: SearchResult,
        stale_after_days: int,
        hints: list[SearchHint] | None = None,
    ) -> SearchResponse:
        results = [
            TherapistResult.of(hit.listing, hit.distance_mi, stale_after_days) for hit in result.results
        ]
        place = None
        if (point := query.point) is not None:
            place = SearchedPlace(
                lat=point.lat, lon=point.lon, label=point.label, radius_mi=query.radius_mi,
                nearby=point.nearby.label if point.nearby else None,
            )
        return cls(
            results=results,
            total=result.total,
            facets=result.facets,
            next_cursor=result.next_cursor,
            sort=query.sort,
            place=place,
            hints=hints or [],
        )


class ParamError(BaseModel):
    """One bad parameter: where it came from, its name, and what is wrong with it.

    `msg` names the parameter (`limit: Input should be less than or equal to 100`).
    """

    loc: list[str]  # [where, param]: where is "query", "path" or "body" (a POSTed form)
    param: str
    msg: str
    type: str
    suggestions: list[str] | None = None  # the closest valid values, when there are some


class ParamErrors(BaseModel):
    """A 422: every parameter problem found, each naming its parameter."""

    detail: list[ParamError]


class ErrorMessage(BaseModel):
    """Any other error (404, 413, 415, 503): one plain-language sentence."""

    detail: str
