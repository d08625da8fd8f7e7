"""The store contract's stats(): part of StoreContract (contract.py).

Ten fictional listings whose freshness, completeness and coverage are known:
last seen exactly 30, 90 and 180 days before the day counted for (and one
day more), never, or long ago but recently again by another source; with
and without offices, payers, fees and flags.
"""

from __future__ import annotations

from datetime import date, timedelta

from tests.store.searching import LATLON, run
from tests.utils.factories import claim, make_listing

TODAY = date(2031, 6, 15)


def ago(days: int) -> str:
    return (TODAY - timedelta(days=days)).isoformat()


def known_listings() -> list:
    return [
        make_listing("seen-0", last_seen_at=ago(0), accepting_new_clients=True, telehealth=True,
                     fees={"session_min": 120}, insurance=[claim("aetna")]),
        make_listing("seen-30", last_seen_at=ago(30), accepting_new_clients=True,
                     insurance=[claim("aetna"), claim("medicaid")]),
        make_listing("seen-31", last_seen_at=ago(31), accepting_new_clients=False,
                     fees={"sliding_scale_min": 40}),  # a sliding scale, and a known fee
        make_listing("seen-90", last_seen_at=ago(90), telehealth=False, fees={"sliding_scale": True}),
        make_listing("seen-91", last_seen_at=ago(91), kind="organization", license_states=["NY", "NJ"]),
        # No sliding scale, so its minimum is no fee anyone pays.
        make_listing("seen-180", last_seen_at=ago(180),
                     fees={"sliding_scale": False, "sliding_scale_min": 25}),
        make_listing("seen-181", last_seen_at=ago(181), accepting_new_clients=False, telehealth=True),
        make_listing("resourced", last_seen_at=ago(400),
                     sources=[{"source": "nppes", "fetched_at": ago(10)}]),  # seen 10 days ago
        make_listing("old", None, last_seen_at=ago(400), license_states=["NY"]),
        # An office without coordinates: in Missouri, but not located.
        make_listing("undated", None, accepting_new_clients=True,
                     locations=[{"address": "1 Fictional Way", "city": "Testville", "state": "MO"}]),
    ]


KNOWN_FRESHNESS = {
    "today": "2031-06-15",
    "stale_after_days": 180,
    "seen_within_days": {"30": 3, "90": 5, "180": 7},
    "stale": 2,
    "never_seen": 1,
    "oldest_seen": ago(400),
    "newest_seen": ago(0),
}
KNOWN_COMPLETENESS = {
    "accepting_new_clients": {"yes": 3, "no": 2, "unknown": 5},
    "with_insurance": 2,
    "with_fee": 2,
    "sliding_scale": 2,
    "telehealth": 2,
    "located": 8,
    "not_located": 2,
}
KNOWN_COVERAGE = {
    "by_state": {"KS": 9, "NY": 2, "MO": 1, "NJ": 1},  # most first, ties by name
    "by_insurance": {"aetna": 2, "medicaid": 1},
}


class StatsContract:
    """Mixed into StoreContract; subclasses supply the `make_store` fixture."""

    def test_stats_count_freshness_completeness_and_coverage(self, make_store):
        stats = make_store(known_listings()).stats(today=TODAY)
        assert stats["listings"] == 10
        assert stats["by_kind"] == {"individual": 9, "organization": 1}
        assert stats["locations"] == 8
        assert stats["freshness"] == KNOWN_FRESHNESS
        assert stats["completeness"] == KNOWN_COMPLETENESS
        assert stats["coverage"] == KNOWN_COVERAGE
        assert list(stats["coverage"]["by_state"]) == ["KS", "NY", "MO", "NJ"]

    def test_stats_take_the_staleness_window_and_the_day_they_are_for(self, make_store):
        store = make_store(known_listings())
        freshness = store.stats(today=TODAY, stale_after_days=90)["freshness"]
        assert (freshness["stale_after_days"], freshness["stale"]) == (90, 4)  # 91, 180, 181 and 400 days
        assert freshness["seen_within_days"] == KNOWN_FRESHNESS["seen_within_days"]
        a_day_later = store.stats(today=TODAY + timedelta(days=1))["freshness"]
        assert a_day_later["seen_within_days"] == {"30": 2, "90": 4, "180": 6}
        assert a_day_later["stale"] == 3
        assert store.stats()["freshness"]["today"] == date.today().isoformat()

    def test_stats_are_the_same_before_and_after_searches(self, make_store):
        # The embedded store counts from its snapshot once a search loaded one.
        store = make_store(known_listings())
        before = store.stats(today=TODAY)
        assert run(store, **LATLON, include_stale=True).total == 8
        assert store.stats(today=TODAY) == before

    def test_stats_follow_upserts_and_deletes(self, make_store):
        store = make_store(known_listings())
        store.upsert([make_listing("seen-0", last_seen_at=ago(200), accepting_new_clients=False)])
        store.delete("test:undated")
        stats = store.stats(today=TODAY)
        assert stats["freshness"]["stale"] == 3
        assert stats["freshness"]["never_seen"] == 0
        assert stats["completeness"]["accepting_new_clients"] == {"yes": 1, "no": 3, "unknown": 5}
        assert stats["coverage"]["by_insurance"] == {"aetna": 1, "medicaid": 1}

    def test_stats_of_an_empty_store(self, make_store):
        stats = make_store([]).stats(today=TODAY)
        assert (stats["listings"], stats["by_kind"], stats["locations"]) == (0, {}, 0)
        assert stats["freshness"] == {
            **KNOWN_FRESHNESS,
            "seen_within_days": {"30": 0, "90": 0, "180": 0},
            "stale": 0,
            "never_seen": 0,
            "oldest_seen": None,
            "newest_seen": None,
        }
        assert stats["completeness"]["accepting_new_clients"] == {"yes": 0, "no": 0, "unknown": 0}
        assert stats["completeness"]["not_located"] == 0
        assert stats["coverage"] == {"by_state": {}, "by_insurance": {}}
