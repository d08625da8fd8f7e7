"""A `therapist-finder crawl nppes` started in its own session against a slow local
API, for tests that signal or kill the CLI part way through."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from crawler.demo.nppes_api import FakeNppesApi
from tests.cli.test_crawl_demo_interrupt import scrapy_children
from tests.crawler.fixture_server import FixtureServer, Reply
from tests.crawler.nppes_fake import make_records


@dataclass
class SlowCrawl:
    crawl: subprocess.Popen
    server: FixtureServer
    children: list[int] = field(default_factory=list)  # the Scrapy processes under the CLI


@contextmanager
def slow_crawl(tmp_path: Path, page_size: int, delay: float, stderr=subprocess.PIPE) -> Iterator[SlowCrawl]:
    """The crawl once it has asked the API twice, with its Scrapy child found;
    everything it started is killed on the way out."""
    api = FakeNppesApi(make_records(600))

    def slow(seen):
        time.sleep(delay)
        status, body = api.answer(seen.query)
        return Reply(status, body, content_type="application/json")

    with FixtureServer() as server:
        server.route("/api/", handler=slow)
        argv = [sys.executable, "-m", "therapist_finder.cli.main",
                "--store", f"sqlite:///{tmp_path / 'dir.db'}", "crawl", "nppes", "-a", "state=NY",
                "-a", "taxonomies=Psychologist", "-a", f"limit={page_size}",
                "-a", f"api_url={server.url('/api/')}", "--jobdir", str(tmp_path / "jd"),
                "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0",
                "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1", "-s", "LOG_LEVEL=WARNING"]
        env = dict(os.environ, THERAPIST_FINDER_REMOVALS=str(tmp_path / "removals.jsonl"))
        crawl = subprocess.Popen(argv, stderr=stderr, text=True, env=env, start_new_session=True)
        running = SlowCrawl(crawl, server)
        try:
            deadline = time.time() + 120
            while server.hits("/api/") < 2 and time.time() < deadline:
                time.sleep(0.05)
            running.children = scrapy_children(crawl.pid)
            assert running.children, "no Scrapy child"
            yield running
        finally:
            for pid in [crawl.pid, *running.children]:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            crawl.communicate()
