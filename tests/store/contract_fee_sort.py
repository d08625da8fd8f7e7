"""The store contract's fee sort (`sort=fee`): part of StoreContract (contract.py).

The order is the listing's lowest known fee, the very number max_fee filters
on; listings with no known fee come last; ties go by distance when a location
is given, then by id. Paging with cursors must give exactly that order.
"""

from __future__ import annotations

import math

import pytest

from tests.store.searching import LATLON, all_pages, ids, run
from tests.utils.factories import ORIGIN, make_listing, north_of
from therapist_finder.errors import InvalidQuery
from therapist_finder.geo.resolve import PlaceResolver
from therapist_finder.search_params import SearchParams, build_query
from therapist_finder.store.query import decode_cursor, encode_cursor
from therapist_finder.vocab import load_vocabularies

# The lowest fees of the tied listings below: many equal, many unknown.
TIED_FEES = [None, 50, 50, 75.5, None, 0]


def tied_listings(count: int = 23, **fields) -> tuple[list, dict[str, tuple]]:
    """Listings with few distinct fees at three distances (0, 1 and 2 miles),
    and each one's expected sort key (fee, miles, key); unknown fees are inf."""
    listings, keys = [], {}
    for i in range(count):
        key, fee, miles = f"{i:02d}", TIED_FEES[i % len(TIED_FEES)], (i * 7) % 3
        fees = {} if fee is None else {"session_min": fee}
        listings.append(make_listing(key, north_of(*ORIGIN, miles), fees=fees, **fields))
        keys[key] = (math.inf if fee is None else fee, miles, key)
    return listings, keys


class FeeSortContract:
    """Mixed into StoreContract; subclasses supply the `make_store` fixture."""

    def test_fee_sort_uses_the_fee_max_fee_filters_on(self, make_store):
        store = make_store([
            make_listing("session", fees={"session_min": 80, "session_max": 120}),
            make_listing("sliding", fees={"session_min": 200, "sliding_scale": True,
                                          "sliding_scale_min": 60}),
            # The listing says it has no sliding scale: its sliding minimum does not count.
            make_listing("says-no-sliding", fees={"session_min": 150, "sliding_scale": False,
                                                  "sliding_scale_min": 20}),
            make_listing("sliding-only", fees={"sliding_scale_min": 90}),
            make_listing("cents", fees={"session_min": 79.99}),
            make_listing("free", fees={"session_min": 0}),  # zero is a known fee, not an unknown one
            make_listing("unknown-b"),
            make_listing("unknown-a", fees={"free_consultation": True}),
        ])
        order = ["free", "sliding", "cents", "session", "sliding-only", "says-no-sliding", "unknown-a",
                 "unknown-b"]
        assert ids(run(store, sort="fee", limit=50)) == order
        assert ids(run(store, sort="fee", max_fee=90)) == order[:5]
        assert all_pages(store, 3, sort="fee") == order
        located = run(store, **LATLON, sort="fee")
        assert ids(located) == order
        assert all(hit.distance_mi == pytest.approx(0, abs=1e-9) for hit in located.results)

    @pytest.mark.parametrize("limit", [1, 2, 5, 23])
    def test_fee_sort_pages_exactly_through_ties_and_unknown_fees(self, make_store, limit):
        listings, keys = tied_listings()
        store = make_store(listings)
        by_fee_then_id = sorted(keys, key=lambda k: (keys[k][0], k))
        by_fee_then_distance = sorted(keys, key=lambda k: keys[k])
        assert all_pages(store, limit, sort="fee") == by_fee_then_id
        assert all_pages(store, limit, **LATLON, sort="fee") == by_fee_then_distance
        assert by_fee_then_id != by_fee_then_distance  # the distance tie-break is tested
        result = run(store, **LATLON, sort="fee", limit=50)
        assert [round(hit.distance_mi, 6) for hit in result.results] == [keys[k][1] for k in ids(result)]

    def test_fee_sort_with_text_and_filters_keeps_their_matches(self, make_store):
        listings, keys = tied_listings(12)
        listings = [item.model_copy(update={"description": "Grief support in the evenings."}) if i % 2 == 0
                    else item for i, item in enumerate(listings)]
        listings[4] = listings[4].model_copy(update={"approaches": ["cbt"]})
        listings.append(make_listing("dear-grief", description="grief", fees={"session_min": 9e4}))
        keys["dear-grief"] = (9e4, 0, "dear-grief")
        store = make_store(listings)
        grief = [k for k in keys if k == "dear-grief" or int(k) % 2 == 0]
        # Relevance order is set aside; the text still selects.
        assert all_pages(store, 2, q="grief", sort="fee") == sorted(grief, key=lambda k: (keys[k][0], k))
        assert ids(run(store, **LATLON, q="grief", sort="fee", limit=50)) == sorted(grief, key=keys.get)
        cheap = sorted((k for k in grief if keys[k][0] <= 50), key=lambda k: (keys[k][0], k))
        assert ids(run(store, q="grief", sort="fee", max_fee=50)) == cheap
        assert ids(run(store, q="grief", sort="fee", approach=["cbt"])) == ["04"]

    def test_fee_sort_for_telehealth_in_a_state_without_a_location(self, make_store):
        store = make_store([
            make_listing("ny-dear", at=None, license_states=["NY"], telehealth=True,
                         fees={"session_min": 180}),
            make_listing("ny-unknown", at=None, license_states=["NY"], telehealth=True),
            make_listing("ny-cheap", at=None, license_states=["NY"], telehealth=True,
                         fees={"session_min": 140, "sliding_scale_min": 45}),
            make_listing("ny-office", at=None, license_states=["NY"], telehealth=False,
                         fees={"session_min": 10}),
            make_listing("nj-tele", at=None, license_states=["NJ"], telehealth=True, fees={"session_min": 5}),
        ])
        result = run(store, telehealth=True, state="NY", sort="fee")
        assert ids(result) == ["ny-cheap", "ny-dear", "ny-unknown"]
        assert all(hit.distance_mi is None for hit in result.results)
        assert all_pages(store, 1, telehealth=True, state="NY", sort="fee") == ids(result)

    def test_fee_cursor_survives_deleted_listings(self, make_store):
        listings, keys = tied_listings(12)
        store = make_store(listings)
        order = sorted(keys, key=lambda k: keys[k])
        first = run(store, **LATLON, sort="fee", limit=4)
        assert ids(first) == order[:4]
        store.delete(f"test:{order[3]}")  # the listing the cursor names
        store.delete(f"test:{order[4]}")  # and the one that would have come next
        rest = run(store, **LATLON, sort="fee", limit=50, cursor=first.next_cursor)
        assert ids(rest) == order[5:]

    def test_a_located_fee_cursor_without_its_distance_is_refused(self, make_store):
        listings, _ = tied_listings(4)
        store = make_store(listings)
        token = run(store, **LATLON, sort="fee", limit=1).next_cursor
        stripped = decode_cursor(token).model_copy(update={"distance": None})
        params = SearchParams(**LATLON, sort="fee", limit=1, cursor=encode_cursor(stripped))
        with pytest.raises(InvalidQuery) as err:
            store.search(build_query(params, load_vocabularies(), PlaceResolver()))
        assert err.value.param == "cursor"
