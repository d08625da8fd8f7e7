"""Randomized differential test: every store against a brute-force reference.

Seeded random listings (all fictional: made-up names and words, 555 phone
numbers, .example sites) are loaded into the embedded SQLite store (both
snapshot modes) and into the scale-out store on the test engines the contract
suite uses (tests/store/search_engine/engines.py). Seeded random searches are
then asked of each store and of tests/store/reference.py, which answers by
walking the list in plain Python. Results (ids in order), totals, distances,
facet counts and next_cursor must be equal, and paging with cursors must give
the unpaged order with no repeats (for sort=relevance, whose bm25 order the
reference does not model, the same set, and the store's own unpaged order).
Then listings are deleted, replaced, added and re-added through the stores'
incremental writes, and more searches are compared. Seeds are fixed: a
failure names its seed, phase and search number, and reproduces.

The data is built to hit edges: listings share exact office points (distance
ties, broken by id), several have more than one office, some far apart or
across the antimeridian; radii are put just inside or outside a listing's
distance; flags are often unknown; fees sit exactly on the max_fee values
asked; last-seen days sit on the staleness boundary; names repeat with other
case, spacing and ß/ss; ids do not sort as numbers do.

Distances are compared to 1e-9 mi (1.6 µm): the stores and the reference
compute the same float64 haversine, so they differ by rounding only (about
1e-13 mi at these distances). Two questions the contract cannot settle to
that precision are kept out of the random searches rather than loosened in
the assertions (`ambiguous`): the scale-out store sorts on the engine's own
quantized copy of the points (Lucene keeps ~1 cm; the test engine's sort was
seen to misorder points 5 mm apart), so two listings at different points
whose distances differ by less than TIE_MI may come in either order; and a
listing within TIE_MI of the radius may fall on either side of it in an
engine. Listings at the very same point tie exactly and must be ordered by id.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest

from tests.store import reference
from tests.store.factories import store_factory
from tests.store.search_engine.engines import engine_url  # noqa: F401  (fixture)
from therapist_finder.geo import distance as project_distance
from therapist_finder.geo.resolve import PlaceResolver
from therapist_finder.normalize import normalize_listing
from therapist_finder.schema import Listing
from therapist_finder.search_params import STOPWORDS, SearchParams, build_query, text_query
from therapist_finder.store import open_store
from therapist_finder.store.sqlite import SqliteStore
from therapist_finder.vocab import load_vocabularies

VOCABS = load_vocabularies()
RESOLVER = PlaceResolver()
TODAY = date.today()
DATA_SEEDS = (20261, 20262)
LISTINGS = 300
QUERIES = 80  # per data seed; the same questions go to every store
# Then some listings are replaced, added and deleted, and more questions asked.
CHANGED, ADDED, DELETED, READDED, QUERIES_AFTER = 40, 15, 15, 5, 25
REPEATED = 8  # ids given twice in one load or upsert: the later listing wins
# The Elasticsearch-client shim (a harness for the elasticsearch:// code path
# on the same test engine) answers every SHIM_SHARE-th search only: the
# engine's answers were compared in full through the opensearch:// path.
SHIM_SHARE = 4
PAGED_SHARE = 0.4  # of the searches that find something, how many are also paged through
DISTANCE_TOL_MI = 1e-9
TIE_MI = 2e-5  # 3 cm: a few times the engines' point quantization (see the docstring)

# Cluster centres in open country (no real practice is implied), and one on
# the antimeridian in the Aleutians, where longitudes wrap from 180 to -180.
CLUSTERS = {
    "plains": ((40.0, -100.0), "KS"),
    "river": ((40.25, -99.55), "KS"),  # ~30 mi from plains: radii overlap both
    "prairie": ((41.5, -102.0), "NE"),  # ~140 mi away: only big radii reach it
    "aleut": ((52.0, 179.95), "AK"),
}
HOT = {  # values listings and searches favour, so filters meet; parents with their variants
    "insurance": ["aetna", "cigna", "humana", "blue-cross-blue-shield", "anthem", "hcsc", "florida-blue"],
    "specialty": ["depression", "perinatal-depression", "dysthymia", "anxiety", "panic", "social-anxiety",
                  "grief", "adhd", "ocd", "hoarding"],
    "approach": ["ipt", "group-ipt", "ipt-a", "ipsrt", "cbt", "tf-cbt", "cbt-i", "psychodynamic", "aedp",
                 "emdr"],
    "format": ["individual", "group", "couples", "family"],
    "age_group": ["children", "teens", "adults", "older-adults"],
    "language": ["en", "es", "zh", "vi", "fr"],
    "license_type": ["psychologist", "clinical-social-worker", "counselor", "marriage-family-therapist",
                     "psychiatrist"],
    "gender": ["female", "male", "nonbinary"],
}
FIRST = ["Ada", "ada", "Bea", "Cora", "Dov", "Elin", "Émile", "Fenna", "Gus", "Iñigo", "Zoë", "Åsa", "Ørjan"]
LAST = ["Brook", "Lark", "Vale", "Fen", "Quillmere", "Thistlewood", "Ambervale", "Straße", "Strasse"]
FILLER = "sunlit harbor gentle weekly evening sessions calm paced warm listening garden".split()
# Made-up words for free text: not vocabulary terms, not stopwords, no
# inflections of one another (see reference.py on what `q` may be).
WORDS = ["zorblat", "quendrix", "vashmoor", "plinketh"]
FEES = [0, 40, 59.99, 60, 80, 100, 120.5, 150, 250]
STATES = ["KS", "NE", "CO", "AK", "MO", "NY"]


def jitter(rng: random.Random, center: tuple[float, float], miles: float) -> tuple[float, float]:
    lat = center[0] + rng.gauss(0, miles / 69.0)
    lon = center[1] + rng.gauss(0, miles / (69.0 * math.cos(math.radians(center[0]))))
    lon = (lon + 180.0) % 360.0 - 180.0
    return lat, lon


@dataclass
class World:
    """One data seed: the listings (normalized) and shared office points."""

    seed: int
    listings: list[Listing]  # what the stores hold: one listing per id
    shared: dict[str, list[tuple[float, float]]]
    loaded: list[Listing]  # what they were given, with repeated ids


def make_world(seed: int) -> World:
    rng = random.Random(seed)
    shared = {name: [jitter(rng, center, 6) for _ in range(5)] for name, (center, _) in CLUSTERS.items()}
    listings = normalized([make_listing(rng, i, shared) for i in range(LISTINGS)])
    loaded = with_repeats(rng, listings, LISTINGS * 10, shared)
    return World(seed, last_of_each_id(loaded), shared, loaded)


def with_repeats(rng: random.Random, listings: list[Listing], number: int, shared) -> list[Listing]:
    """`listings` with REPEATED of their ids given again, later, as other listings."""
    out = list(listings)
    for n in range(REPEATED):
        first = rng.randrange(len(out))
        again = make_listing(rng, number + n, shared).model_copy(update={"id": out[first].id})
        out.insert(rng.randint(first + 1, len(out)), normalized([again])[0])
    return out


def last_of_each_id(listings: list[Listing]) -> list[Listing]:
    return list({item.id: item for item in listings}.values())


def normalized(listings: list[Listing]) -> list[Listing]:
    out = [normalize_listing(item, VOCABS) for item in listings]
    assert all(item.unmapped == {} for item in out)  # every value generated is a slug
    return out


@dataclass
class Changes:
    """Writes after the first searches, and the world they leave."""

    upserts: list[Listing]
    deletes: list[str]
    after: World


def make_changes(world: World) -> Changes:
    """Delete some listings, then replace some (new offices, names, values),
    add some and bring a few deleted ones back."""
    rng = random.Random(world.seed * 31)
    by_id = {item.id: item for item in world.listings}
    ids = sorted(by_id)
    changed = rng.sample(ids, CHANGED)
    deleted = rng.sample(sorted(set(ids) - set(changed)), DELETED)
    again = changed + deleted[:READDED]
    number = LISTINGS * 20
    upserts = [make_listing(rng, number + n, world.shared).model_copy(update={"id": old})
               for n, old in enumerate(again)]
    upserts += [make_listing(rng, number + len(again) + n, world.shared) for n in range(ADDED)]
    upserts = with_repeats(rng, normalized(upserts), number * 2, world.shared)
    for gone in deleted:
        del by_id[gone]
    by_id.update((item.id, item) for item in upserts)
    after = World(world.seed, list(by_id.values()), world.shared, [])
    return Changes(upserts, deleted, after)


def listing_id(rng: random.Random, i: int) -> str:
    # Ids that do not sort as numbers: 10 < 9, upper case before lower, punctuation.
    return rng.choice([f"fict:{i}", f"fict:L{i:04d}", f"fict-b:{i}x", f"fict:a.{i}~", f"fict:Z_{i}"])


def make_listing(rng: random.Random, i: int, shared) -> Listing:
    clusters = list(CLUSTERS)
    home = rng.choice(clusters)
    points = []
    roll = rng.random()
    if roll >= 0.08:  # else no office at all (telehealth only, say)
        for n in range(1 if rng.random() < 0.8 else rng.randint(2, 4)):
            cluster = home if n == 0 or rng.random() < 0.7 else rng.choice(clusters)
            points.append(rng.choice(shared[cluster]) if rng.random() < 0.3
                          else jitter(rng, CLUSTERS[cluster][0], 10))
    locations = [
        {"city": "Fictionville", "state": CLUSTERS[home][1], "lat": lat, "lon": lon} for lat, lon in points
    ]
    if rng.random() < 0.06:  # an office without coordinates still tells the state
        locations.append({"city": "Nowhere Springs", "state": rng.choice(STATES)})
    data = {
        "id": listing_id(rng, i),
        "kind": rng.choice(["individual", "organization"]),
        "name": make_name(rng),
        "license_states": rng.sample(STATES, rng.choice([0, 1, 1, 2])),
        "locations": locations,
        "phone": f"555-01{rng.randint(0, 99):02d}",
        "website": f"https://listing-{i}.example",
        "description": make_description(rng),
        "fees": make_fees(rng),
        **make_seen(rng),
    }
    for facet, field_name in reference.FACET_FIELDS.items():
        if field_name is None:
            continue
        data[field_name] = pick_values(rng, facet, rng.choice([0, 1, 1, 2, 3]))
    payers = pick_values(rng, "insurance", rng.choice([0, 1, 2, 3]))
    if payers and rng.random() < 0.1:
        payers.append(payers[0])  # one payer claimed twice (by two sources, say): counted once
    data["insurance"] = [
        {"payer": payer, "plans": [], "basis": rng.choice(["provider_reported", "payer_directory"]),
         "observed_at": "2026-10-01"}
        for payer in payers
    ]
    data["gender"] = rng.choice([None, None, "female", "male", "nonbinary"])
    for name in ("telehealth", "in_person", "accepting_new_clients"):
        data[name] = rng.choice([None, True, True, False])
    return Listing.model_validate(data)


def pick_values(rng: random.Random, facet: str, k: int) -> list[str]:
    hot = HOT[facet]
    values = [rng.choice(hot) if rng.random() < 0.85 else rng.choice(VOCABS[facet].slugs()) for _ in range(k)]
    return list(dict.fromkeys(values))


def make_name(rng: random.Random) -> str:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    if rng.random() < 0.25:
        return f"{last} Counseling Collective"
    return rng.choice([f"{first} {last}", f"{first}  {last}", f"{first.upper()} {last}"])


def make_description(rng: random.Random) -> str:
    words = ["Fictional", "listing", "for", "tests."] + rng.sample(FILLER, 4)
    for word in WORDS:
        if rng.random() < 0.25:
            form = rng.choice([word, word.capitalize(), f"{word},", f"({word})", f"{word}-{FILLER[0]}"])
            words.insert(rng.randrange(len(words) + 1), form)
    return " ".join(words)


def make_fees(rng: random.Random) -> dict:
    fees: dict = {"free_consultation": rng.choice([None, True, False])}
    roll = rng.random()
    if roll < 0.2:
        return fees
    if roll < 0.7:
        low = rng.choice(FEES)
        fees["session_min"] = low
        if rng.random() < 0.5:
            fees["session_max"] = low + rng.choice([0, 20, 50])
    if rng.random() < 0.5:
        fees["sliding_scale"] = rng.choice([None, True, True, False])
        if rng.random() < 0.6:
            fees["sliding_scale_min"] = rng.choice(FEES)  # with sliding_scale false too (odd data)
    return fees


def make_seen(rng: random.Random) -> dict:
    roll = rng.random()
    if roll < 0.3:
        return {}
    ago = rng.choice([0, 3, 179, 180, 181, 400])  # 180 days is the staleness boundary
    day = TODAY - timedelta(days=ago)
    if roll < 0.65:
        return {"last_seen_at": day.isoformat()}
    stamp = datetime(day.year, day.month, day.day, rng.randint(0, 23), 30).isoformat()
    return {"last_seen_at": (TODAY - timedelta(days=400)).isoformat(),
            "sources": [{"source": "fictional", "fetched_at": stamp}]}


# ---- searches --------------------------------------------------------------------------------


@dataclass
class Search:
    number: int
    phase: str
    params: dict
    expected: reference.Expected
    limit: int
    page_size: int | None  # page through with this limit, or None

    def label(self, seed: int) -> str:
        return f"data seed {seed}, {self.phase}, search #{self.number}: {self.params}"


def make_searches(world: World, count: int, phase: str) -> list[Search]:
    rng = random.Random(f"{world.seed}:{phase}")
    out = []
    for number in range(count):
        for _ in range(50):
            params = random_params(rng, world)
            expected = reference.search(world.listings, params, VOCABS, TODAY)
            if not ambiguous(world, params, expected):
                break
        else:
            raise AssertionError("could not draw an unambiguous search")
        limit = rng.choice([1, 5, 20, 20, 50, 100, rng.randint(1, 100)])
        page_size = None
        if expected.total > 1 and rng.random() < PAGED_SHARE:
            page_size = min(100, max(1, math.ceil(expected.total / rng.randint(2, 4))))
        out.append(Search(number, phase, params, expected, limit, page_size))
    return out


def ambiguous(world: World, params: dict, expected: reference.Expected) -> bool:
    """Whether the contract's answer depends on distances closer than TIE_MI (see docstring)."""
    if "lat" not in params:
        return False
    radius = params.get("radius_mi", 25.0)
    for item in world.listings:
        found = reference.nearest_office(item, params["lat"], params["lon"])
        if found is not None and abs(found[0] - radius) < TIE_MI:
            return True
    by_distance = sorted(expected.ids, key=lambda i: expected.distance[i])
    for a, b in zip(by_distance, by_distance[1:], strict=False):
        close = expected.distance[b] - expected.distance[a] < TIE_MI
        if close and expected.nearest[a] != expected.nearest[b]:
            return True
    return False


def random_params(rng: random.Random, world: World) -> dict:
    params: dict = {}
    located = rng.random() < 0.75
    if located:
        cluster = rng.choice(list(CLUSTERS))
        roll = rng.random()
        if roll < 0.3:
            point = rng.choice(world.shared[cluster])  # many listings at distance 0
        elif roll < 0.5:
            with_point = [x for x in world.listings if any(loc.lat is not None for loc in x.locations)]
            loc = rng.choice([loc for loc in rng.choice(with_point).locations if loc.lat is not None])
            point = (loc.lat, loc.lon)
        else:
            point = jitter(rng, CLUSTERS[cluster][0], 8)
        params["lat"], params["lon"] = point
        roll = rng.random()
        if roll < 0.25:
            pass  # the default 25 miles
        elif roll < 0.55:  # just inside or outside some office
            target = rng.choice(world.shared[rng.choice(list(CLUSTERS))])
            miles = reference.haversine_mi(*point, *target)
            margin = rng.choice([-1, 1]) * rng.choice([1e-4, 1e-3, 0.05])
            params["radius_mi"] = min(250.0, max(0.001, miles + margin))
        elif roll < 0.9:
            params["radius_mi"] = round(rng.uniform(0.5, 60), rng.choice([0, 3]))
        else:
            params["radius_mi"] = 250.0
        if rng.random() < 0.2:
            params["sort"] = "name"
    if rng.random() < (0.15 if located else 0.5):
        params["state"] = rng.choice(STATES + ["TX"])
    for facet in HOT:
        if rng.random() < 0.13:
            params[facet] = pick_values(rng, facet, rng.choice([1, 1, 2, 3]))
    for flag in reference.FLAGS:
        if rng.random() < 0.1:
            params[flag] = rng.random() < 0.6
    if rng.random() < 0.2:
        params["max_fee"] = rng.choice(FEES + [rng.uniform(0, 300)])
    if rng.random() < 0.3:
        params["include_stale"] = True
    if rng.random() < (0.15 if located else 0.4):
        params["q"] = " ".join(rng.sample(WORDS, rng.choice([1, 1, 2])))
        if rng.random() < 0.4:
            params["sort"] = rng.choice(["name", "relevance"] + (["distance"] if located else []))
    if rng.random() < 0.2:  # with or without a place, filters or text: many equal and unknown fees
        params["sort"] = "fee"
    return params


# ---- comparing --------------------------------------------------------------------------------


def ask(store, params: dict, limit: int, cursor: str | None = None):
    extra = {"cursor": cursor} if cursor else {}
    query = build_query(SearchParams(**params, limit=limit, **extra), VOCABS, RESOLVER, today=TODAY)
    return store.search(query)


def check_page(result, search: Search, start: int, limit: int, label: str) -> list[str]:
    """One page against the reference; returns its ids."""
    want = search.expected
    got = [hit.listing.id for hit in result.results]
    assert result.total == want.total, f"total: {label}"
    assert result.facets == want.facets, f"facets: {label}"
    if want.order_known:
        assert got == want.ids[start : start + limit], f"ids: {label}"
    else:
        assert len(got) == min(limit, max(0, want.total - start)), f"page size: {label}"
        assert set(got) <= set(want.ids), f"ids: {label}"
    if "lat" in search.params:
        assert [h.distance_mi for h in result.results] == pytest.approx(
            [want.distance[i] for i in got], abs=DISTANCE_TOL_MI, rel=0
        ), f"distances: {label}"
    else:
        assert all(h.distance_mi is None for h in result.results), f"distances: {label}"
    more = start + len(got) < want.total
    assert (result.next_cursor is not None) == more, f"next_cursor: {label}"
    return got


def check_store(store, world: World, searches: list[Search]) -> None:
    for search in searches:
        label = search.label(world.seed)
        check_page(ask(store, search.params, search.limit), search, 0, search.limit, label)
        if search.page_size is None:
            continue
        seen: list[str] = []
        cursor = None
        for page in range(search.expected.total + 1):
            result = ask(store, search.params, search.page_size, cursor)
            seen += check_page(result, search, len(seen), search.page_size, f"page {page + 1}, {label}")
            cursor = result.next_cursor
            if cursor is None:
                break
        assert len(seen) == len(set(seen)), f"paging repeats a listing: {label}"
        if search.expected.order_known:
            assert seen == search.expected.ids, f"paging: {label}"
        else:
            assert sorted(seen) == sorted(search.expected.ids), f"paging: {label}"
            if search.expected.total <= 100:
                unpaged = [hit.listing.id for hit in ask(store, search.params, 100).results]
                assert seen == unpaged, f"paging by relevance: {label}"


# ---- fixtures and tests ------------------------------------------------------------------------


@dataclass
class Scenario:
    before: World
    searches: list[Search]
    changes: Changes
    searches_after: list[Search]

    def run(self, store, share: int = 1) -> None:
        check_store(store, self.before, self.searches[::share])
        for listing_id in self.changes.deletes:
            assert store.delete(listing_id) is True
        store.upsert(self.changes.upserts)
        check_store(store, self.changes.after, self.searches_after[::share])


@pytest.fixture(scope="module", params=DATA_SEEDS, ids=lambda seed: f"data{seed}")
def scenario(request) -> Scenario:
    before = make_world(request.param)
    changes = make_changes(before)
    return Scenario(before, make_searches(before, QUERIES, "first load"), changes,
                    make_searches(changes.after, QUERIES_AFTER, "after writes"))


@pytest.fixture(params=["full", "rtree"])
def make_sqlite_store(request, tmp_path):
    db_path = tmp_path / "directory.db"
    yield from store_factory(lambda _vocabs: SqliteStore(db_path, snapshot_mode=request.param))


@pytest.fixture
def make_engine_store(engine_url):  # noqa: F811
    yield from store_factory(lambda vocabs: open_store(engine_url, vocabs=vocabs))


def test_reference_uses_the_projects_earth_radius():
    assert reference.EARTH_RADIUS_MI == project_distance.EARTH_RADIUS_MI


def test_the_generated_free_text_is_plain_words():
    # What reference.py can model: no stopword, no vocabulary term.
    for word in WORDS:
        assert word not in STOPWORDS
        assert text_query(word, VOCABS).terms == [None]


def test_the_searches_exercise_the_edges(scenario):
    # Guards against a generator that drifted into only trivial searches.
    searches = scenario.searches + scenario.searches_after
    totals = [s.expected.total for s in searches]
    assert sum(t > 0 for t in totals) >= len(searches) * 0.6
    assert sum(t == 0 for t in totals) >= 3
    assert sum(s.page_size is not None for s in searches) >= 20
    assert sum(s.expected.sort == "name" and s.page_size is not None for s in searches) >= 3
    assert sum(not s.expected.order_known and s.page_size is not None for s in searches) >= 1
    fee_sorts = [s for s in searches if s.expected.sort == "fee"]
    assert sum(s.page_size is not None for s in fee_sorts) >= 3
    located = sum("lat" in s.params for s in fee_sorts)
    assert located >= 3 and len(fee_sorts) - located >= 3
    ties = fee_ties = paged_unknown_fees = 0
    asked_of = ((scenario.before, scenario.searches), (scenario.changes.after, scenario.searches_after))
    for world, asked in asked_of:
        by_id = {item.id: item for item in world.listings}
        for s in asked:
            if s.expected.sort == "distance":
                points = [s.expected.nearest[i] for i in s.expected.ids]
                ties += sum(a == b for a, b in zip(points, points[1:], strict=False))
            if s.expected.sort == "fee":
                fees = [reference.lowest_fee(by_id[i]) for i in s.expected.ids]
                fee_ties += sum(a == b for a, b in zip(fees, fees[1:], strict=False))
                paged_unknown_fees += s.page_size is not None and fees.count(math.inf) > 1
    assert ties >= 50
    assert fee_ties >= 50 and paged_unknown_fees >= 1
    listings = scenario.before.listings
    assert sum(len(x.locations) > 1 for x in listings) >= 30
    assert any(loc.lon is not None and loc.lon < -179 for x in listings for loc in x.locations)


def test_sqlite_store_matches_the_reference(scenario, make_sqlite_store):
    scenario.run(make_sqlite_store(scenario.before.loaded))


def test_search_engine_store_matches_the_reference(scenario, make_engine_store, request):
    shim = request.node.callspec.params["engine_url"] == "elasticsearch-shim"
    scenario.run(make_engine_store(scenario.before.loaded), SHIM_SHARE if shim else 1)
