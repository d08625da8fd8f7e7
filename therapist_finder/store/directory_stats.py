"""What `Store.stats()` says about freshness, completeness and coverage.

Both stores count the same things in their own way (SQLite from its columns
and value bits, a search engine with aggregations) and hand the numbers to
`DirectoryTallies`, so the keys and their meaning are defined once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

# "Seen within N days": a listing last seen exactly N days ago counts.
FRESHNESS_WINDOWS = (30, 90, 180)
# As the settings' default (THERAPIST_FINDER_STALE_AFTER_DAYS).
DEFAULT_STALE_AFTER_DAYS = 180


@dataclass(frozen=True)
class StaleWindow:
    """The day the counts are for, and after how many days unseen a listing
    is stale (hidden from default searches, as search_params decides)."""

    today: date
    stale_after_days: int = DEFAULT_STALE_AFTER_DAYS

    @classmethod
    def ending(cls, today: date | None, stale_after_days: int) -> StaleWindow:
        return cls(today or date.today(), stale_after_days)

    def since(self, days: int) -> date:
        """The earliest last-seen day that is within `days` of today."""
        return self.today - timedelta(days=days)

    @property
    def fresh_since(self) -> date:
        """Listings last seen before this day are stale (searches' seen_since)."""
        return self.since(self.stale_after_days)


@dataclass
class DirectoryTallies:
    """The numbers a store counted; `sections()` is the stats() shape.

    Undated listings (no source gave a day) are counted apart and are never
    stale, as in search: there is no evidence they are out of date.
    """

    listings: int
    seen_within: dict[int, int]  # window in days -> listings seen since `window.since(days)`
    stale: int
    never_seen: int
    oldest_seen: date | None
    newest_seen: date | None
    accepting_yes: int
    accepting_no: int
    with_insurance: int
    with_fee: int  # a lowest fee is known (a session fee or a sliding-scale minimum)
    sliding_scale: int
    telehealth: int
    located: int  # at least one office with coordinates
    by_state: dict[str, int]
    by_insurance: dict[str, int]

    @classmethod
    def from_counts(
        cls,
        counts: Mapping[str, int],
        oldest_seen: date | None,
        newest_seen: date | None,
        by_state: dict[str, int],
        by_insurance: dict[str, int],
    ) -> DirectoryTallies:
        """From counts named as the fields are (`listings`, `stale`, ...), the
        seen windows' as `within_key(days)`."""
        return cls(
            listings=counts["listings"],
            seen_within={days: counts[within_key(days)] for days in FRESHNESS_WINDOWS},
            **{name: counts[name] for name in COUNTS},
            oldest_seen=oldest_seen,
            newest_seen=newest_seen,
            by_state=by_state,
            by_insurance=by_insurance,
        )

    def sections(self, window: StaleWindow) -> dict[str, Any]:
        """The freshness, completeness and coverage parts of stats()."""
        return {
            "freshness": {
                "today": window.today.isoformat(),
                "stale_after_days": window.stale_after_days,
                "seen_within_days": {str(days): self.seen_within[days] for days in FRESHNESS_WINDOWS},
                "stale": self.stale,
                "never_seen": self.never_seen,
                "oldest_seen": _iso(self.oldest_seen),
                "newest_seen": _iso(self.newest_seen),
            },
            "completeness": {
                "accepting_new_clients": {
                    "yes": self.accepting_yes,
                    "no": self.accepting_no,
                    "unknown": self.listings - self.accepting_yes - self.accepting_no,
                },
                "with_insurance": self.with_insurance,
                "with_fee": self.with_fee,
                "sliding_scale": self.sliding_scale,
                "telehealth": self.telehealth,
                "located": self.located,
                "not_located": self.listings - self.located,
            },
            "coverage": {
                "by_state": most_first(self.by_state),
                "by_insurance": most_first(self.by_insurance),
            },
        }


# The fields that are plain counts of listings (listings and the windows aside).
COUNTS = ("stale", "never_seen", "accepting_yes", "accepting_no", "with_insurance", "with_fee",
          "sliding_scale", "telehealth", "located")


def within_key(days: int) -> str:
    """The name stores give the count of listings seen within `days`."""
    return f"within_{days}"


def most_first(counts: dict[str, int]) -> dict[str, int]:
    """Nonzero counts, largest first, ties by name (both stores list alike)."""
    return dict(sorted(((k, v) for k, v in counts.items() if v), key=lambda kv: (-kv[1], kv[0])))


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None
