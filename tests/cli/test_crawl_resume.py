"""`therapist-finder crawl --jobdir`: Ctrl-C (SIGINT to the terminal's process group),
then the same command again, resumes the crawl; the -o file gets every listing once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

from crawler.demo.nppes_api import FakeNppesApi
from tests.crawler.fixture_server import FixtureServer, Reply
from tests.crawler.nppes_fake import make_records


def test_ctrl_c_then_the_same_command_resumes_the_crawl(tmp_path):
    api = FakeNppesApi(make_records(600))

    def slow(seen):
        time.sleep(0.3)  # slow enough to interrupt mid-crawl
        status, body = api.answer(seen.query)
        return Reply(status, body, content_type="application/json")

    out = tmp_path / "out.jsonl"
    with FixtureServer() as server:
        server.route("/api/", handler=slow)
        argv = [sys.executable, "-m", "therapist_finder.cli.main",
                "--store", f"sqlite:///{tmp_path / 'dir.db'}", "crawl", "nppes", "-a", "state=NY",
                "-a", "taxonomies=Psychologist", "-a", "limit=50", "-a", f"api_url={server.url('/api/')}",
                "--jobdir", str(tmp_path / "jd"), "-o", str(out), "-s", "DOWNLOAD_DELAY=0",
                "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1",
                "-s", "LOG_LEVEL=WARNING"]
        first = subprocess.Popen(argv, stderr=subprocess.PIPE, text=True, start_new_session=True)
        deadline = time.time() + 120
        while server.hits("/api/") < 3 and time.time() < deadline:
            time.sleep(0.05)
        os.killpg(first.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        _, err = first.communicate(timeout=120)
        assert first.returncode == 130, err[-3000:]
        assert "interrupted" in err.splitlines()[-1] and "--jobdir" in err.splitlines()[-1]
        part = len(out.read_text().splitlines())
        assert 0 < part < 600, err[-3000:]
        second = subprocess.run(argv, capture_output=True, text=True, timeout=300)
        assert second.returncode == 0, second.stderr[-3000:]
        assert f"items scraped: {600 - part}" in second.stderr  # resumed, not started again
    ids = [json.loads(line)["id"] for line in out.read_text().splitlines()]
    assert len(ids) == len(set(ids)) == 600
