"""The store contract: every store must pass these, with the same answers.

A test module for a store subclasses `StoreContract` and provides a
`make_store` fixture: a function that takes listings and returns a loaded
store. Queries go through `build_query`, as in the API (tests/store/searching.py).
The fee sort's part of the contract is in contract_fee_sort.py, stats()'s
in contract_stats.py and free text's parity across stores in
contract_text_parity.py, all mixed in here.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.store.contract_fee_sort import FeeSortContract
from tests.store.contract_stats import StatsContract
from tests.store.contract_text_parity import TextParityContract
from tests.store.searching import LATLON, all_pages, ids, run
from tests.utils.factories import ORIGIN, claim, make_listing, north_of
from therapist_finder.errors import InvalidQuery
from therapist_finder.geo.distance import haversine_mi
from therapist_finder.geo.resolve import PlaceResolver
from therapist_finder.schema import Listing
from therapist_finder.search_params import SearchParams, build_query
from therapist_finder.vocab import load_vocabularies


class StoreContract(FeeSortContract, StatsContract, TextParityContract):
    """Shared tests; subclasses supply the `make_store` fixture."""

    def test_upsert_is_idempotent_and_get_returns_latest(self, make_store):
        store = make_store([make_listing("a", name="First Name")])
        store.upsert([make_listing("a", name="Second Name")])
        store.upsert([make_listing("a", name="Second Name")])
        assert store.get("test:a").name == "Second Name"
        assert run(store, **LATLON).total == 1

    def test_text_follows_upserts_and_deletes(self, make_store):
        store = make_store([make_listing("a", name="Quillfeather Counseling"),
                            make_listing("b", description="Quillfeather is my street")])
        store.upsert([make_listing("a", name="Ambervale Counseling")])
        assert ids(run(store, q="quillfeather")) == ["b"]
        assert ids(run(store, q="ambervale")) == ["a"]
        store.delete("test:b")
        assert run(store, q="quillfeather").total == 0

    def test_documents_read_back_as_the_listings_stored(self, make_store):
        # More than one of the search engine's export pages, so paging is covered.
        from therapist_finder.store.search_engine.store import EXPORT_PAGE

        listings = [make_listing(f"{i:04d}", name=f"Zoë Ø'Brien {i} <b>", insurance=[claim("aetna")],
                                 description=None if i % 2 else "Grief \"and\" loss")
                    for i in range(EXPORT_PAGE + 5)]
        store = make_store(listings)
        store.delete("test:0003")
        store.upsert([make_listing("0004", name="Renamed")])
        docs = list(store.documents())
        assert all("\n" not in doc for doc in docs)  # one line each, as `index` reads them
        back = {listing.id: listing for listing in map(Listing.from_stored, docs)}
        expected = {listing.id: listing for listing in listings if listing.id != "test:0003"}
        expected["test:0004"] = make_listing("0004", name="Renamed")
        assert len(docs) == len(back) == EXPORT_PAGE + 4
        assert back == expected

    def test_last_replaced_counts_listings_written_over(self, make_store):
        store = make_store([make_listing("a"), make_listing("b")])
        store.upsert([make_listing("b", name="New B"), make_listing("c")])
        assert store.last_replaced == 1
        store.upsert([make_listing("d"), make_listing("d", name="Second D")])
        assert store.last_replaced == 1  # repeated within one write
        assert store.get("test:d").name == "Second D"
        store.rebuild([make_listing("a"), make_listing("c"), make_listing("a", name="Later A")])
        assert store.last_replaced == 1  # a rebuild counts only its own repeats
        assert store.get("test:a").name == "Later A"
        assert sorted(ids(run(store, **LATLON))) == ["a", "c"]
        store.upsert([])
        assert store.last_replaced == 0

    def test_documents_of_an_empty_store(self, make_store):
        store = make_store([make_listing("a")])
        store.delete("test:a")
        assert list(store.documents()) == []

    def test_delete_removes_listing_from_search(self, make_store):
        store = make_store([make_listing("a"), make_listing("b")])
        assert store.delete("test:a") is True
        assert store.delete("test:a") is False
        assert store.get("test:a") is None
        assert ids(run(store, **LATLON)) == ["b"]

    def test_radius_boundary_is_exact(self, make_store):
        listings = [make_listing(k, north_of(*ORIGIN, d)) for k, d in
                    [("in", 24.99), ("edge", 24.9999), ("out", 25.001), ("far", 40)]]
        store = make_store(listings)
        assert sorted(ids(run(store, **LATLON, radius_mi=25))) == ["edge", "in"]
        assert sorted(ids(run(store, **LATLON, radius_mi=50))) == ["edge", "far", "in", "out"]

    def test_distance_is_to_nearest_location_and_sorted(self, make_store):
        two = make_listing("two", north_of(*ORIGIN, 10))
        two.locations.append(two.locations[0].model_copy(update={"lat": north_of(*ORIGIN, 3)[0]}))
        store = make_store([make_listing("five", north_of(*ORIGIN, 5)), two,
                            make_listing("one", north_of(*ORIGIN, 1))])
        result = run(store, **LATLON)
        assert ids(result) == ["one", "two", "five"]
        assert [round(h.distance_mi, 3) for h in result.results] == [1.0, 3.0, 5.0]
        lat, lon = north_of(*ORIGIN, 5)
        assert result.results[2].distance_mi == pytest.approx(haversine_mi(*ORIGIN, lat, lon), abs=1e-6)

    def test_radius_matches_any_office_whatever_the_others(self, make_store):
        # Offices far away to the south or west must not hide a near one
        # (an engine that prefilters a multi-point field by its corner would).
        near = (ORIGIN[0] + 0.01, ORIGIN[1] + 0.01)
        listings = []
        lat, lon = ORIGIN
        fars = {"sw": (lat - 0.6, lon - 0.6), "s": (lat - 0.6, lon), "w": (lat, lon - 0.8),
                "ne": (lat + 0.6, lon + 0.6)}
        for key, far in fars.items():
            for order, points in (("far-first", [far, near]), ("near-first", [near, far])):
                listing = make_listing(f"{key}-{order}", points[0])
                listing.locations.append(listing.locations[0].model_copy(
                    update={"lat": points[1][0], "lon": points[1][1]}))
                listings.append(listing)
        listings.append(make_listing("far-only", (ORIGIN[0] - 0.6, ORIGIN[1] - 0.6)))
        store = make_store(listings)
        result = run(store, **LATLON, radius_mi=5, limit=50)
        expected = sorted(item.id.removeprefix("test:") for item in listings[:-1])
        assert sorted(ids(result)) == expected
        nearest = haversine_mi(*ORIGIN, *near)
        assert all(hit.distance_mi == pytest.approx(nearest, abs=1e-9) for hit in result.results)

    def test_radius_reaches_across_the_antimeridian(self, make_store):
        # Offices on both sides of 180 degrees (the Aleutians): a circle there
        # spans longitudes near +180 and near -180. The R*Tree-bounded
        # snapshot used to look on one side only.
        store = make_store([make_listing("west", (52.0, 179.9)), make_listing("east", (52.0, -179.9)),
                            make_listing("far", (52.0, -178.0))])
        for lon in (179.95, -179.95, 180.0):
            result = run(store, lat=52.0, lon=lon, radius_mi=20)
            assert sorted(ids(result)) == ["east", "west"], lon
            for hit in result.results:
                office = hit.listing.locations[0]
                exact = haversine_mi(52.0, lon, office.lat, office.lon)
                assert hit.distance_mi == pytest.approx(exact, abs=1e-9)

    def test_a_radius_of_a_few_yards(self, make_store):
        # The scale-out store re-checks a band inside the radius on engines
        # whose distance filter is approximate; up to 0.0101 mi that band's
        # inner circle had radius 0, which the engine refused (HTTP 400).
        store = make_store([make_listing("here"), make_listing("near", north_of(*ORIGIN, 0.004)),
                            make_listing("out", north_of(*ORIGIN, 0.03))])
        assert ids(run(store, **LATLON, radius_mi=0.005)) == ["here", "near"]
        assert ids(run(store, **LATLON, radius_mi=0.0001)) == ["here"]

    def test_filters_or_within_and_across(self, make_store):
        store = make_store([
            make_listing("aetna-cbt", insurance=[claim("aetna")], approaches=["cbt"]),
            make_listing("cigna-cbt", insurance=[claim("cigna")], approaches=["cbt"]),
            make_listing("aetna-ipt", insurance=[claim("aetna")], approaches=["ipt"]),
            make_listing("humana-ipt", insurance=[claim("humana")], approaches=["ipt"]),
        ])
        either = run(store, **LATLON, insurance=["aetna", "cigna"], sort="name")
        assert sorted(ids(either)) == ["aetna-cbt", "aetna-ipt", "cigna-cbt"]
        both = run(store, **LATLON, insurance=["aetna", "cigna"], approach=["cbt"])
        assert sorted(ids(both)) == ["aetna-cbt", "cigna-cbt"]

    def test_gender_filter_and_facet(self, make_store):
        store = make_store([make_listing("w", gender="Woman"), make_listing("m", gender="male"),
                            make_listing("n", gender="non-binary"), make_listing("u")])
        result = run(store, **LATLON, gender=["female", "nonbinary"])
        assert sorted(ids(result)) == ["n", "w"]
        assert result.facets["gender"] == {"female": 1, "male": 1, "nonbinary": 1}

    def test_parent_approach_includes_variants(self, make_store):
        store = make_store([make_listing("group", approaches=["group-ipt"]),
                            make_listing("plain", approaches=["cbt"])])
        assert ids(run(store, **LATLON, approach=["ipt"])) == ["group"]

    def test_ids_stored_before_keys_had_to_be_url_safe_still_read(self, make_store):
        # Written by an older version (validation now refuses '/' and ',' in
        # keys): reading such a listing back must not fail.
        legacy = make_listing("a").model_copy(update={"id": "test:a/b,c"})
        store = make_store([legacy, make_listing("d")])
        assert store.get("test:a/b,c").id == "test:a/b,c"
        assert sorted(hit.listing.id for hit in run(store, **LATLON).results) == ["test:a/b,c", "test:d"]

    def test_a_search_without_facets_counts_the_same(self, make_store):
        store = make_store([make_listing("a", approaches=["cbt"]), make_listing("b", approaches=["ipt"]),
                            make_listing("c", approaches=["cbt"], telehealth=True)])
        vocabs = load_vocabularies()
        query = build_query(SearchParams(**LATLON, approach=["cbt"], limit=1), vocabs, PlaceResolver())
        full, bare = store.search(query), store.search(query.model_copy(update={"facets": False}))
        assert full.facets["approach"] == {"cbt": 2, "ipt": 1} and bare.facets == {}
        assert (bare.total, [h.listing.id for h in bare.results]) == (2, [h.listing.id for h in full.results])
        assert bare.next_cursor == full.next_cursor  # the same search, paged the same

    def test_parent_counts_include_variants(self, make_store):
        # A facet's count must equal what ticking it returns: IPT counts
        # listings that offer only a variant, once each.
        store = make_store([
            make_listing("group", approaches=["group-ipt"]),
            make_listing("both", approaches=["ipt", "ipsrt"]),
            make_listing("plain", approaches=["cbt"]),
            make_listing("bcbs-plan", insurance=[claim("hcsc")]),
        ])
        facets = run(store, **LATLON).facets
        assert facets["approach"] == {"ipt": 2, "group-ipt": 1, "ipsrt": 1, "cbt": 1}
        assert facets["insurance"] == {"hcsc": 1, "blue-cross-blue-shield": 1}
        ticked = run(store, **LATLON, approach=["ipt"])
        assert sorted(ids(ticked)) == ["both", "group"]
        assert ticked.total == facets["approach"]["ipt"]
        assert ids(run(store, **LATLON, insurance=["blue-cross-blue-shield"])) == ["bcbs-plan"]

    def test_facets_are_disjunctive(self, make_store):
        store = make_store([
            make_listing("a", insurance=[claim("aetna")], specialties=["anxiety"]),
            make_listing("b", insurance=[claim("cigna")], specialties=["anxiety", "depression"]),
            make_listing("c", insurance=[claim("aetna"), claim("cigna")], specialties=["grief"]),
            make_listing("d", insurance=[claim("humana")], specialties=["depression"],
                         telehealth=True),
        ])
        result = run(store, **LATLON, insurance=["aetna"], specialty=["anxiety"])
        assert ids(result) == ["a"]
        # insurance counts ignore the insurance filter but keep specialty=anxiety
        assert result.facets["insurance"] == {"aetna": 1, "cigna": 1}
        # specialty counts ignore the specialty filter but keep insurance=aetna
        assert result.facets["specialty"] == {"anxiety": 1, "grief": 1}
        plain = run(store, **LATLON)
        assert plain.facets["insurance"] == {"aetna": 2, "cigna": 2, "humana": 1}
        assert plain.facets["telehealth"] == {"true": 1}

    def test_boolean_filters_and_true_counts(self, make_store):
        store = make_store([
            make_listing("yes", accepting_new_clients=True, fees={"sliding_scale": True}),
            make_listing("no", accepting_new_clients=False),
            make_listing("unknown"),
        ])
        result = run(store, **LATLON, accepting_new=True)
        assert ids(result) == ["yes"]
        assert result.facets["accepting_new"] == {"true": 1}
        assert ids(run(store, **LATLON, accepting_new=False)) == ["no"]
        assert ids(run(store, **LATLON, sliding_scale=True)) == ["yes"]

    def test_free_consultation_in_person_and_telehealth_flags(self, make_store):
        store = make_store([
            make_listing("office", in_person=True, telehealth=False, fees={"free_consultation": True}),
            make_listing("video", in_person=False, telehealth=True, fees={"free_consultation": False}),
            make_listing("both", in_person=True, telehealth=True),
        ])
        assert ids(run(store, **LATLON, free_consultation=True)) == ["office"]
        assert ids(run(store, **LATLON, free_consultation=False)) == ["video"]
        assert sorted(ids(run(store, **LATLON, in_person=True))) == ["both", "office"]
        both = run(store, **LATLON, in_person=True, telehealth=True)
        assert ids(both) == ["both"]
        # each flag's true-count ignores its own filter but keeps the other
        assert both.facets["in_person"] == {"true": 1} and both.facets["telehealth"] == {"true": 1}
        plain = run(store, **LATLON)
        assert plain.facets["free_consultation"] == {"true": 1}
        assert plain.facets["in_person"] == {"true": 2}

    def test_max_fee_matches_session_fee_or_sliding_minimum(self, make_store):
        store = make_store([
            make_listing("cheap", fees={"session_min": 80, "session_max": 120}),
            make_listing("sliding", fees={"session_min": 200, "sliding_scale_min": 60}),
            make_listing("dear", fees={"session_min": 250}),
            make_listing("unknown"),
        ])
        assert sorted(ids(run(store, **LATLON, max_fee=100))) == ["cheap", "sliding"]
        assert sorted(ids(run(store, **LATLON, max_fee=80))) == ["cheap", "sliding"]
        assert ids(run(store, **LATLON, max_fee=60)) == ["sliding"]

    def test_max_fee_is_exact_for_cents(self, make_store):
        store = make_store([make_listing("cents", fees={"session_min": 59.99}),
                            make_listing("more", fees={"session_min": 60.01})])
        assert ids(run(store, **LATLON, max_fee=59.99)) == ["cents"]

    def test_telehealth_by_state_without_location(self, make_store):
        store = make_store([
            make_listing("ny-tele", at=None, license_states=["NY"], telehealth=True),
            make_listing("ny-office", at=None, license_states=["NY"], telehealth=False),
            make_listing("nj-tele", at=None, license_states=["NJ"], telehealth=True),
        ])
        assert ids(run(store, telehealth=True, state="NY")) == ["ny-tele"]
        assert ids(run(store, telehealth=True, state="New York")) == ["ny-tele"]

    def test_cursor_is_stable_under_equal_distances(self, make_store):
        store = make_store([make_listing(f"{i:02d}") for i in range(23)])
        pages = all_pages(store, 5, **LATLON)
        assert pages == [f"{i:02d}" for i in range(23)]

    def test_cursor_pages_by_name_and_relevance(self, make_store):
        names = ["Cora Vale", "ada Brook", "Bea Lark", "Ada Brook", "Dee Fen"]
        store = make_store([make_listing(f"n{i}", name=n, description="grief support")
                            for i, n in enumerate(names)])
        assert all_pages(store, 2, sort="name") == ["n1", "n3", "n2", "n0", "n4"]
        by_relevance = all_pages(store, 2, q="grief")
        assert sorted(by_relevance) == ["n0", "n1", "n2", "n3", "n4"]

    def test_name_order_ignores_accents(self, make_store):
        # Spanish-speaking clients search a US directory too: "Ángela" and
        # "Óscar" used to sort after "Zoë".
        names = ["Zoë Quill", "Óscar Fen", "Ángela Ruiz", "Brandt Vale", "Ørjan Lund", "Angela Ross"]
        store = make_store([make_listing(f"n{i}", name=n) for i, n in enumerate(names)])
        assert all_pages(store, 2, sort="name") == ["n5", "n2", "n3", "n4", "n1", "n0"]

    def test_cursor_from_another_query_is_rejected(self, make_store):
        store = make_store([make_listing(f"{i}") for i in range(3)])
        cursor = run(store, **LATLON, limit=1).next_cursor
        with pytest.raises(InvalidQuery) as err:
            run(store, **LATLON, limit=1, cursor=cursor, telehealth=True)
        assert err.value.param == "cursor"

    def test_text_query_expands_synonyms(self, make_store):
        store = make_store([
            make_listing("perinatal", specialties=["perinatal-depression"]),
            make_listing("ipt-desc", description="I offer interpersonal psychotherapy."),
            make_listing("other", specialties=["adhd"], description="Focus and attention."),
        ])
        assert ids(run(store, **LATLON, q="postpartum")) == ["perinatal"]
        assert ids(run(store, **LATLON, q="IPT")) == ["ipt-desc"]
        assert ids(run(store, q="interpersonal tx")) == ["ipt-desc"]
        assert run(store, q="zzzzqqq").total == 0

    def test_relevance_prefers_name_matches(self, make_store):
        store = make_store([
            make_listing("desc", description="Willowmere is the street I work on."),
            make_listing("name", name="Willowmere Counseling"),
        ])
        result = run(store, q="willowmere")
        assert ids(result) == ["name", "desc"]
        assert result.results[0].score > result.results[1].score

    def test_every_sort(self, make_store):
        store = make_store([
            make_listing("z", north_of(*ORIGIN, 1), name="Zed Near"),
            make_listing("a", north_of(*ORIGIN, 9), name="Abe Far"),
        ])
        assert ids(run(store, **LATLON)) == ["z", "a"]
        assert ids(run(store, **LATLON, sort="name")) == ["a", "z"]
        assert ids(run(store, sort="name")) == ["a", "z"]

    def test_rebuild_replaces_everything(self, make_store):
        store = make_store([make_listing("old")])
        assert store.rebuild([make_listing("new1"), make_listing("new2")]) == 2
        assert store.get("test:old") is None
        assert sorted(ids(run(store, **LATLON))) == ["new1", "new2"]

    def test_stale_listings_hidden_unless_asked(self, make_store):
        today = date.today()
        old = (today - timedelta(days=400)).isoformat()
        recent = (today - timedelta(days=3)).isoformat()
        store = make_store([
            make_listing("fresh", last_seen_at=recent),
            make_listing("stale", last_seen_at=old),
            make_listing("stale-but-resourced", last_seen_at=old,
                         sources=[{"source": "nppes", "fetched_at": recent}]),
            make_listing("undated"),
        ])
        assert sorted(ids(run(store, **LATLON))) == ["fresh", "stale-but-resourced", "undated"]
        assert run(store, **LATLON, include_stale=True).total == 4

    def test_stats_count_listings(self, make_store):
        store = make_store([make_listing("a"), make_listing("b", at=None)])
        stats = store.stats()
        assert stats["listings"] == 2
        assert stats["locations"] == 1
