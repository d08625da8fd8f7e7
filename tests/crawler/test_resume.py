"""A crawl interrupted (SIGINT, as Ctrl-C) and resumed from its JOBDIR loses nothing
and duplicates nothing."""

from __future__ import annotations

import json
import signal
import subprocess
import time

from crawler.demo.nppes_api import FakeNppesApi
from crawler.run import FAST_SETTINGS, crawl_argv, crawl_env
from tests.crawler.fixture_server import Reply
from tests.crawler.nppes_fake import make_records
from therapist_finder.store import open_store

TAXONOMIES = "Psychologist;Social Worker, Clinical;Counselor, Professional;Counselor, Mental Health"


def test_killed_and_resumed_crawl_loses_nothing_and_duplicates_nothing(fixture_server, tmp_path):
    records = make_records(1600, taxonomy=None, seed=11)
    api = FakeNppesApi(records)

    def slow(seen):
        time.sleep(0.4)  # slow enough to interrupt mid-crawl
        status, body = api.answer(seen.query)
        return Reply(status, body, content_type="application/json")

    fixture_server.route("/api/", handler=slow)
    store_url = f"sqlite:///{tmp_path / 'dir.db'}"
    jobdir = tmp_path / "job"
    feeds = [tmp_path / "run1.jsonl", tmp_path / "run2.jsonl"]

    def start(feed):
        settings = {**FAST_SETTINGS, "CONCURRENT_REQUESTS_PER_DOMAIN": "1", "JOBDIR": str(jobdir),
                    "THERAPIST_FINDER_STORE": store_url, "THERAPIST_FINDER_STORE_BATCH": "50",
                    "FEEDS": json.dumps({str(feed): {"format": "jsonlines"}})}
        args = {"state": "NY", "taxonomies": TAXONOMIES, "api_url": fixture_server.url("/api/"),
                "limit": "100"}
        return subprocess.Popen(crawl_argv("nppes", args, settings), env=crawl_env(settings),
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    first = start(feeds[0])
    deadline = time.time() + 120
    while fixture_server.hits("/api/") < 4 and time.time() < deadline:
        time.sleep(0.1)
    first.send_signal(signal.SIGINT)
    first.communicate(timeout=120)
    pages_before = fixture_server.hits("/api/")
    second = start(feeds[1])
    _, err = second.communicate(timeout=300)
    assert second.returncode == 0, err[-2000:]

    expected = {r["number"] for r in records if any(
        t["desc"] in TAXONOMIES.split(";") for t in r["taxonomies"])}
    runs = [[json.loads(x)["npi"] for x in f.read_text().splitlines()] for f in feeds]
    assert runs[0] and runs[1], "the first run must have been interrupted part-way"
    assert len(runs[0]) + len(runs[1]) == len(expected)  # nothing twice
    assert set(runs[0]) | set(runs[1]) == expected  # nothing lost
    asked = [tuple(sorted((k, v[0]) for k, v in s.query.items())) for s in fixture_server.seen
             if s.path == "/api/"]
    assert len(asked) == len(set(asked)) and pages_before < len(asked)  # no page fetched twice
    store = open_store(store_url)
    assert store.stats()["listings"] == len(expected)
    store.close()
