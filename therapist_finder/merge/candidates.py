"""Finding the listing an incoming one should merge into.

`CandidateIndex` holds the listings merged in this run (by id, source id, NPI
and a name blocking key); `find_match` looks there first, then in the store:
by id and NPI, then by a name search near the listing's first location.
"""

from __future__ import annotations

from therapist_finder.geo.points import GeoPoint
from therapist_finder.merge.names import block_key, same_provider
from therapist_finder.schema import Listing
from therapist_finder.store.base import Store
from therapist_finder.store.query import SearchQuery, TextQuery

SEARCH_RADIUS_MI = 30.0


def _source_ids(listing: Listing) -> set[str]:
    return {listing.id} | {s.listing_id for s in listing.sources if s.listing_id}


class CandidateIndex:
    """Listings seen in this run, looked up without touching the store."""

    def __init__(self) -> None:
        self._by_id: dict[str, Listing] = {}
        self._alias: dict[str, str] = {}  # source listing id / npi -> current id
        self._blocks: dict[str, set[str]] = {}

    def __len__(self) -> int:
        return len(self._by_id)

    def add(self, listing: Listing, replaces: tuple[str, ...] = ()) -> None:
        """Remember a (merged) listing; `replaces` are ids it superseded."""
        for old in replaces:
            self._by_id.pop(old, None)
        self._by_id[listing.id] = listing
        for key in _source_ids(listing) | set(replaces):
            self._alias[key] = listing.id
        if listing.npi:
            self._alias[f"npi:{listing.npi}"] = listing.id
        self._blocks.setdefault(block_key(listing), set()).add(listing.id)

    def find(self, listing: Listing) -> Listing | None:
        """A remembered listing of the same provider, or None."""
        keys = list(_source_ids(listing)) + ([f"npi:{listing.npi}"] if listing.npi else [])
        for key in keys:
            found = self._by_id.get(self._alias.get(key, ""))
            if found is not None and (not (found.npi and listing.npi) or found.npi == listing.npi):
                return found
        for other_id in self._blocks.get(block_key(listing), ()):
            other = self._by_id.get(other_id)
            if other is not None and same_provider(other, listing):
                return other
        return None


def _nearby(store: Store, listing: Listing) -> list[Listing]:
    key = block_key(listing)
    points = [loc for loc in listing.locations if loc.has_point]
    if not key or not (points or listing.states()):
        return []
    query = SearchQuery(text=TextQuery(raw=key, groups=[[key]]), sort="name", limit=50)
    if points:
        point = GeoPoint(lat=points[0].lat, lon=points[0].lon)
        query = query.model_copy(update={"point": point, "radius_mi": SEARCH_RADIUS_MI})
    else:
        query = query.model_copy(update={"state": sorted(listing.states())[0]})
    return [hit.listing for hit in store.search(query).results]


def find_match(store: Store | None, listing: Listing,
               index: CandidateIndex | None = None) -> Listing | None:
    """The existing listing `listing` should merge into (index first, then store), or None."""
    if index is not None:
        found = index.find(listing)
        if found is not None:
            return found
    if store is None:
        return None
    ids = sorted(_source_ids(listing)) + ([f"nppes:{listing.npi}"] if listing.npi else [])
    for key in ids:
        found = store.get(key)
        if found is not None and (not (found.npi and listing.npi) or found.npi == listing.npi):
            return found
    for other in _nearby(store, listing):
        if other.id != listing.id and same_provider(other, listing):
            return other
    return None
