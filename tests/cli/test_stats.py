"""`therapist-finder stats`: a report for people by default, the stats dict with --json."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta

import pytest

from tests.utils.factories import claim, make_listing
from tests.utils.stores import loaded
from therapist_finder.cli.stats_output import count_rows, stats_report
from therapist_finder.store.sqlite import SqliteStore


def _ago(days: int) -> str:
    return (date.today() - timedelta(days=days)).isoformat()


def _listings() -> list:
    return [
        make_listing("fresh", last_seen_at=_ago(3), accepting_new_clients=True, insurance=[claim("aetna")]),
        make_listing("month", last_seen_at=_ago(45), kind="organization", license_states=["NY"],
                     fees={"session_min": 90}),
        make_listing("stale", last_seen_at=_ago(200), accepting_new_clients=False),
        make_listing("undated", None),
    ]


@pytest.fixture
def store_url(tmp_path) -> str:
    src = tmp_path / "listings.jsonl"
    src.write_text("".join(listing.model_dump_json() + "\n" for listing in _listings()))
    url = f"sqlite:///{tmp_path / 'dir.db'}"
    assert _cli("index", str(src), store=url).returncode == 0
    return url


def _cli(*args, store: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "therapist_finder.cli.main", "--store", store, *args],
                          capture_output=True, text=True, timeout=120, env={**os.environ, **env})


def _section(report: str, title: str) -> list[str]:
    """The lines of the section whose first line starts with `title`."""
    (section,) = [part for part in report.split("\n\n") if part.startswith(title)]
    return section.splitlines()


def test_stats_prints_a_report_with_the_stale_count_in_words(store_url):
    done = _cli("stats", store=store_url)
    assert done.returncode == 0, done.stderr
    report = done.stdout
    assert "4 listings (3 individual, 1 organization), 3 offices on the map" in report
    assert "1 listing (25.0%) not seen by any source for over 180 days: hidden from searches" in report
    freshness = _section(report, "Freshness")
    assert freshness[0] == f"Freshness (as of {date.today().isoformat()})"
    assert freshness[1].split() == ["seen", "within", "30", "days", "1", "25.0%"]
    assert freshness[2].split() == ["seen", "within", "90", "days", "2", "50.0%"]
    assert freshness[-1] == f"  last seen between {_ago(200)} and {_ago(3)}"
    completeness = _section(report, "Completeness")
    assert "  list any insurance             1   25.0%" in completeness
    assert "  have no office on the map      1   25.0%" in completeness
    # Numbers and shares line up in columns.
    assert len({len(line) for line in completeness[1:]}) == 1
    assert _section(report, "Listings per state")[1:] == ["  KS  4  100.0%", "  NY  1   25.0%"]
    assert _section(report, "Listings per insurance payer")[1:] == ["  Aetna  1   25.0%"]
    # Searches hide the stale listing, these counts do not: the headings say so.
    for title in ("Completeness", "Listings per state", "Listings per insurance payer"):
        assert _section(report, title)[0] == f"{title} (stale listings included: 1)"


def test_stats_json_is_the_stats_dict_for_scripts(store_url):
    done = _cli("stats", "--json", store=store_url)
    assert done.returncode == 0, done.stderr
    stats = json.loads(done.stdout)
    assert stats["listings"] == 4 and stats["by_kind"] == {"individual": 3, "organization": 1}
    assert stats["freshness"]["seen_within_days"] == {"30": 1, "90": 2, "180": 2}
    assert (stats["freshness"]["stale"], stats["freshness"]["never_seen"]) == (1, 1)
    assert stats["completeness"]["accepting_new_clients"] == {"yes": 1, "no": 1, "unknown": 2}
    assert stats["coverage"]["by_state"] == {"KS": 4, "NY": 1}
    assert stats["meta"]["schema_version"]


def test_stats_use_the_configured_staleness_window(store_url):
    done = _cli("stats", store=store_url, THERAPIST_FINDER_STALE_AFTER_DAYS="30")
    assert done.returncode == 0, done.stderr
    assert "2 listings (50.0%) not seen by any source for over 30 days: hidden from searches" in done.stdout
    as_json = _cli("stats", "--json", store=store_url, THERAPIST_FINDER_STALE_AFTER_DAYS="30")
    assert json.loads(as_json.stdout)["freshness"]["stale_after_days"] == 30


def test_a_store_with_nothing_stale_or_nothing_at_all(tmp_path):
    store = loaded(SqliteStore(tmp_path / "d.db"), [make_listing("a", last_seen_at=_ago(1))])
    report = stats_report(store.stats())
    assert "No listing has gone unseen by every source for over 180 days: searches hide none." in report
    empty = stats_report(loaded(SqliteStore(tmp_path / "e.db"), []).stats())
    assert empty.splitlines()[1:] == [
        "0 listings, 0 offices on the map",
        "Nothing to count yet: load listings with 'therapist-finder index FILE'.",
    ]


def test_rare_values_keep_a_visible_share():
    assert count_rows([("common", 1_999_999), ("most", 1_998_000), ("rare", 1)], 2_000_000) == [
        "  common  1,999,999  >99.9%",
        "  most    1,998,000   99.9%",
        "  rare            1   <0.1%",
    ]
