"""`timeout 1h therapist-finder crawl ...` (SIGTERM to the CLI only): the Scrapy child,
in its own process group, is stopped too, cleanly, and the CLI exits 143 saying so."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from crawler.demo.nppes_api import FakeNppesApi
from tests.cli.test_crawl_demo_interrupt import scrapy_children
from tests.crawler.fixture_server import FixtureServer, Reply
from tests.crawler.nppes_fake import make_records


def test_sigterm_to_the_crawl_stops_its_scrapy_child_and_exits_143(tmp_path):
    api = FakeNppesApi(make_records(600))

    def slow(seen):
        time.sleep(0.3)
        status, body = api.answer(seen.query)
        return Reply(status, body, content_type="application/json")

    with FixtureServer() as server:
        server.route("/api/", handler=slow)
        argv = [sys.executable, "-m", "therapist_finder.cli.main",
                "--store", f"sqlite:///{tmp_path / 'dir.db'}", "crawl", "nppes", "-a", "state=NY",
                "-a", "taxonomies=Psychologist", "-a", "limit=50", "-a", f"api_url={server.url('/api/')}",
                "--jobdir", str(tmp_path / "jd"), "-s", "DOWNLOAD_DELAY=0",
                "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1",
                "-s", "LOG_LEVEL=WARNING"]
        env = dict(os.environ, THERAPIST_FINDER_REMOVALS=str(tmp_path / "removals.jsonl"))
        crawl = subprocess.Popen(argv, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True)
        children: list[int] = []
        try:
            deadline = time.time() + 120
            while server.hits("/api/") < 2 and time.time() < deadline:
                time.sleep(0.05)
            children = scrapy_children(crawl.pid)
            assert children, "no Scrapy child"
            crawl.send_signal(signal.SIGTERM)  # what `timeout` sends: to the CLI, not its child
            _, err = crawl.communicate(timeout=60)
            deadline = time.time() + 10
            while any(os.path.exists(f"/proc/{pid}") for pid in children) and time.time() < deadline:
                time.sleep(0.05)
            assert not any(os.path.exists(f"/proc/{pid}") for pid in children), "the child outlived the CLI"
        finally:
            for pid in [crawl.pid, *children]:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            crawl.communicate()
    assert crawl.returncode == 128 + signal.SIGTERM, err[-3000:]
    last = err.splitlines()[-1]
    assert "stopped by SIGTERM" in last and "--jobdir" in last
    assert (tmp_path / "jd" / "requests.seen").exists()  # Scrapy stopped cleanly: it resumes
