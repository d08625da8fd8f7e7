"""Same data, same query -> same answers in every store: result ids, distance
order, totals and facet counts (order by text relevance may differ)."""

from __future__ import annotations

import pytest

from tests.store.contract import run
from therapist_finder.normalize import normalize_listing
from therapist_finder.sample.generate import generate_listings
from therapist_finder.schema import Listing
from therapist_finder.store import open_store
from therapist_finder.store.sqlite import SqliteStore
from therapist_finder.vocab import load_vocabularies

NYC = {"lat": 40.7484, "lon": -73.9967}
SEATTLE = {"lat": 47.61, "lon": -122.33}
QUERIES = [
    dict(NYC, radius_mi=5, limit=100),
    dict(NYC, radius_mi=25, limit=50, insurance=["aetna", "cigna"], accepting_new=True),
    dict(NYC, radius_mi=25, limit=50, approach=["ipt"], max_fee=150, include_stale=True),
    dict(NYC, radius_mi=50, limit=50, sliding_scale=True, language=["es"], telehealth=False),
    dict(
        SEATTLE, radius_mi=15, limit=100, specialty=["anxiety", "depression"], format=["individual"]
    ),
    dict(SEATTLE, radius_mi=30, limit=100, sort="name"),
    {"telehealth": True, "state": "NY", "limit": 100, "sort": "name"},
    {
        "state": "TX",
        "license_type": ["lcsw", "lpc"],
        "limit": 100,
        "sort": "name",
        "include_stale": True,
    },
    dict(NYC, radius_mi=25, limit=100, q="grief"),
    {"q": "postpartum", "limit": 100},
    # Vocabulary terms match through mentions in both stores, plain words as FTS5 tokens.
    {"q": "ptsd", "limit": 100},
    {"q": "anxiety depression ptsd", "limit": 100},
    {"q": "mindfulness", "limit": 100},
    {"q": "behavioral", "limit": 100},
    {"q": "mind", "limit": 100},
    dict(NYC, radius_mi=50, limit=100, q="trauma couples"),
]


@pytest.fixture(scope="module")
def listings() -> list[Listing]:
    vocabs = load_vocabularies()
    return [
        normalize_listing(Listing.model_validate(item), vocabs)
        for item in generate_listings(800, seed=3, mode="demo")
    ]


@pytest.fixture(scope="module")
def sqlite_store(listings, tmp_path_factory):
    store = SqliteStore(tmp_path_factory.mktemp("same") / "directory.db", snapshot_mode="full")
    store.rebuild(listings)
    yield store
    store.close()


def test_every_query_gets_the_same_answer(engine_url, listings, sqlite_store):
    engine = open_store(engine_url)
    assert engine.rebuild(listings) == len(listings)
    nonempty = 0
    for params in QUERIES:
        want, got = run(sqlite_store, **params), run(engine, **params)
        label = str(params)
        assert got.total == want.total, label
        assert got.facets == want.facets, label
        assert [list(v) for v in got.facets.values()] == [list(v) for v in want.facets.values()], label
        want_ids = [h.listing.id for h in want.results]
        got_ids = [h.listing.id for h in got.results]
        if "q" in params and params.get("sort") is None and "lat" not in params:
            assert sorted(got_ids) == sorted(want_ids), label  # relevance order may differ
        else:
            assert got_ids == want_ids, label
        if "lat" in params:
            assert [h.distance_mi for h in got.results] == pytest.approx(
                [h.distance_mi for h in want.results], abs=1e-9
            ), label
        assert (got.next_cursor is None) == (want.next_cursor is None), label
        nonempty += bool(want.total)
    assert nonempty >= len(QUERIES) - 4  # the queries do select something
    engine.close()


# Names whose letters FTS5's unicode61 treats in every way it can: accents
# removed (precomposed or combining), letters with no decomposition kept,
# apostrophes and hyphens as separators, other scripts, case pairs that fold
# differently (İ, ß, Σ/ς).
TRICKY_WORDS = [
    "O'Brien", "D\u2019Angelo", "\u0130stanbul", "I\u0307zmir", "\u0141ukasz", "\u00d8lsen", "Stra\u00dfe",
    "\u00c6gir", "\u0152uvre", "Jos\u00e9", "Jose\u0301", "Nu\u00f1ez-L\u00f3pez", "Bj\u00f6rk", "\u00c5sa",
    "\u0110or\u0111e", "\u00deora", "\u0130\u0131k", "\u039f\u0394\u03a5\u03a3\u03a3\u0395\u03a5\u03a3",
    "\u041c\u0430\u0440\u0438\u044f", "caf\u00e9", "Zo\u00eb", "na\u00efve", "\u1ea0nh", "Stra\u00dfburg",
]


def _variants(word: str) -> list[str]:
    import unicodedata

    stripped = "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))
    nfd, ascii_only = unicodedata.normalize("NFD", word), stripped.encode("ascii", "ignore").decode()
    return list(dict.fromkeys([word, word.lower(), word.upper(), word.casefold(), stripped, nfd, ascii_only]))


def test_unicode_words_get_the_same_answers(engine_url, tmp_path):
    from tests.utils.factories import make_listing

    listings = [
        make_listing(f"u{i}", name=f"{word} Vale", description=f"Practice of {TRICKY_WORDS[-1 - i]}.")
        for i, word in enumerate(TRICKY_WORDS)
    ]
    sqlite_store = SqliteStore(tmp_path / "u.db", snapshot_mode="full")
    sqlite_store.rebuild(listings)
    engine = open_store(engine_url)
    engine.rebuild(listings)
    asked = 0
    for word in TRICKY_WORDS:
        for q in _variants(word):
            if not q.strip("'\u2019 -"):
                continue
            want, got = run(sqlite_store, q=q, limit=100), run(engine, q=q, limit=100)
            assert sorted(h.listing.id for h in got.results) == sorted(
                h.listing.id for h in want.results
            ), repr(q)
            asked += 1
    assert asked > 100
    engine.close()
    sqlite_store.close()
