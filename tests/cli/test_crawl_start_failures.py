"""`therapist-finder crawl` whose pipelines cannot start is a failure, not a Ctrl-C:
a bad removal list is refused before crawling (exit 2, one error line), and a
store that cannot be written stops the crawl with exit 1, not "interrupted" (130)."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.cli.test_crawl_failures import FAST, error_lines
from tests.crawler.fixture_server import FixtureServer


def crawl(tmp_path, store, *args, env=None):
    return subprocess.run([sys.executable, "-m", "therapist_finder.cli.main", "--store", store,
                           "crawl", *args, *FAST], capture_output=True, text=True, timeout=240,
                          env=dict(os.environ, **(env or {})))


def test_a_bad_removal_list_is_one_error_before_crawling(tmp_path):
    removals = tmp_path / "removals.jsonl"
    removals.write_text('{"id": "nppes:1234567890", "reason": "asked", "removed_at": "2025-01-01"}\n'
                        "not json\n")
    with FixtureServer() as server:
        done = crawl(tmp_path, f"sqlite:///{tmp_path / 'dir.db'}", "findtreatment", "-a", "state=TX",
                     "-a", f"base_url={server.url('/x/')}",
                     env={"THERAPIST_FINDER_REMOVALS": str(removals)})
        assert server.hits("/x/") == 0  # refused before crawling
    assert done.returncode == 2, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    [error] = error_lines(done)
    assert str(removals) in error and "line 2" in error


def test_a_store_that_cannot_be_written_is_a_failure_not_an_interrupt(tmp_path):
    with FixtureServer() as server:
        done = crawl(tmp_path, "sqlite:////proc/nope/x.db", "findtreatment", "-a", "state=TX",
                     "-a", f"base_url={server.url('/x/')}",
                     env={"THERAPIST_FINDER_REMOVALS": str(tmp_path / "removals.jsonl")})
    assert done.returncode == 1, done.stderr[-3000:]
    last = done.stderr.splitlines()[-1]
    assert last.startswith("error: ") and "interrupted" not in last
    assert "stopped before finishing" in last and "scraped nothing" in last
    assert "/proc/nope" in done.stderr  # the pipeline's error, logged above


def _refused(tmp_path, *args):
    with FixtureServer() as server:
        done = crawl(tmp_path, f"sqlite:///{tmp_path / 'dir.db'}", "findtreatment", "-a", "state=TX",
                     "-a", f"base_url={server.url('/x/')}", *args)
        assert server.hits("/x/") == 0  # refused before crawling
    assert done.returncode == 2, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    [error] = error_lines(done)
    return error


def test_a_jobdir_that_cannot_be_made_is_one_error_before_crawling(tmp_path):
    (tmp_path / "a-file").write_text("x")
    error = _refused(tmp_path, "--jobdir", str(tmp_path / "a-file" / "job"))
    assert "cannot use --jobdir" in error and "a-file" in error


def test_a_setting_scrapy_cannot_read_is_one_error_before_crawling(tmp_path):
    assert "-s CONCURRENT_REQUESTS=lots: CONCURRENT_REQUESTS takes a number" in _refused(
        tmp_path, "-s", "CONCURRENT_REQUESTS=lots")
    assert "HTTPCACHE_ENABLED takes True or False" in _refused(tmp_path, "-s", "HTTPCACHE_ENABLED=perhaps")


def test_an_unknown_log_level_is_refused():
    from therapist_finder.cli.crawl_commands import _settings_problem

    assert "LOG_LEVEL takes DEBUG, INFO" in _settings_problem({"LOG_LEVEL": "BOGUS"})
    assert _settings_problem({"LOG_LEVEL": "info", "DOWNLOAD_DELAY": "0.5"}) is None
