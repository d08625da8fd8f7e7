"""`kill -9` of `therapist-finder crawl` (or an OOM kill): the Scrapy child, in its own
process group, must not crawl on alone with nobody reading its items."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from tests.cli.slow_crawl import slow_crawl


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")
def test_a_killed_crawl_takes_its_scrapy_child_with_it(tmp_path):
    # Pages of 10 at half a second each: the crawl has some 30 s to go when killed.
    with slow_crawl(tmp_path, page_size=10, delay=0.5, stderr=subprocess.DEVNULL) as running:
        running.crawl.kill()  # SIGKILL: no handler runs in the CLI
        running.crawl.wait(timeout=30)
        deadline = time.time() + 20
        while any(_running(pid) for pid in running.children) and time.time() < deadline:
            time.sleep(0.05)
        assert not any(_running(pid) for pid in running.children), "the child crawled on after the CLI died"
        hits = running.server.hits("/api/")
        time.sleep(1.5)
        assert running.server.hits("/api/") == hits  # and nothing asks the server any more
    # Scrapy was stopped by SIGTERM, cleanly: its JOBDIR is there to resume from.
    assert (tmp_path / "jd" / "requests.seen").exists()


def _running(pid: int) -> bool:
    """Whether `pid` is alive and not a zombie (an orphan is reaped by init, not by us)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
