"""The search engine store's stats(): one size-0 search with aggregations.

Each count is a filter over the indexed fields the embedded store counts
from its columns and value bits (documents.py writes both from the same
listing), so both stores give the same numbers.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from therapist_finder.store.directory_stats import (
    FRESHNESS_WINDOWS,
    DirectoryTallies,
    StaleWindow,
    within_key,
)

# Counts of listings matching one filter each, in one `filters` aggregation.
COUNTS = "counts"


def _count_filters(window: StaleWindow) -> dict[str, dict[str, Any]]:
    filters: dict[str, dict[str, Any]] = {
        within_key(days): {"range": {"last_seen": {"gte": window.since(days).isoformat()}}}
        for days in FRESHNESS_WINDOWS
    }
    filters.update(
        # Undated listings have no last_seen: never stale, as in search.
        stale={"range": {"last_seen": {"lt": window.fresh_since.isoformat()}}},
        never_seen={"bool": {"must_not": {"exists": {"field": "last_seen"}}}},
        accepting_yes={"term": {"accepting_new": True}},  # flags are absent when unknown
        accepting_no={"term": {"accepting_new": False}},
        with_insurance={"exists": {"field": "insurance"}},  # known payers only, as SQLite's bits
        with_fee={"exists": {"field": "fees.lowest"}},
        sliding_scale={"term": {"sliding_scale": True}},
        telehealth={"term": {"telehealth": True}},
        located={"range": {"location_count": {"gte": 1}}},
    )
    return filters


def stats_body(window: StaleWindow, states: int, payers: int) -> dict[str, Any]:
    """The search; `states` and `payers` are how many values those vocabularies
    hold, so that every state and payer gets its bucket."""
    return {
        "size": 0,
        "track_total_hits": True,
        "aggs": {
            "by_kind": {"terms": {"field": "kind", "size": 10}},
            "locations": {"sum": {"field": "location_count"}},
            COUNTS: {"filters": {"filters": _count_filters(window)}},
            "oldest_seen": {"min": {"field": "last_seen"}},
            "newest_seen": {"max": {"field": "last_seen"}},
            "by_state": {"terms": {"field": "state", "size": max(states, 1)}},
            "by_insurance": {"terms": {"field": "insurance", "size": max(payers, 1)}},
        },
    }


def parse_stats(resp: dict[str, Any], window: StaleWindow) -> dict[str, Any]:
    """listings, by_kind, locations and the DirectoryTallies sections."""
    aggs = resp["aggregations"]
    counts = {name: int(bucket["doc_count"]) for name, bucket in aggs[COUNTS]["buckets"].items()}
    total = int(resp["hits"]["total"]["value"])
    tallies = DirectoryTallies.from_counts(
        {**counts, "listings": total},
        oldest_seen=_day(aggs["oldest_seen"]),
        newest_seen=_day(aggs["newest_seen"]),
        by_state=_buckets(aggs["by_state"]),
        by_insurance=_buckets(aggs["by_insurance"]),
    )
    return {
        "listings": total,
        "by_kind": _buckets(aggs["by_kind"]),
        "locations": int(aggs["locations"]["value"] or 0),
        **tallies.sections(window),
    }


def _buckets(agg: dict[str, Any]) -> dict[str, int]:
    return {str(b["key"]): int(b["doc_count"]) for b in agg["buckets"]}


def _day(agg: dict[str, Any]) -> date | None:
    """A min/max of a date field: epoch milliseconds, None when no listing has one."""
    millis = agg.get("value")
    return datetime.fromtimestamp(millis / 1000, UTC).date() if millis is not None else None
