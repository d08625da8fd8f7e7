"""Serve a FakeNppesApi on a FixtureServer route (helpers for NPPES tests)."""

from __future__ import annotations

import random

from crawler.demo.nppes_api import FakeNppesApi, fictional_record
from tests.crawler.fixture_server import FixtureServer, Reply, Seen

NY_ZIPS = [("10001", "New York"), ("10025", "New York"), ("11201", "Brooklyn"),
           ("12207", "Albany"), ("14604", "Rochester")]


def make_records(n: int, *, seed: int = 7, zips=NY_ZIPS, state: str = "NY",
                 start: int = 0, behavioral_share: float = 1.0,
                 taxonomy: int | None = 0) -> list[dict]:
    """Fictional records; taxonomy 0 (Psychologist) by default, None for a random mix."""
    rng = random.Random(seed)
    out = []
    for i in range(start, start + n):
        zip5, city = zips[i % len(zips)]
        out.append(fictional_record(i, state, zip5, city, rng,
                                    behavioral=rng.random() < behavioral_share,
                                    taxonomy=taxonomy))
    return out


def serve_api(server: FixtureServer, api: FakeNppesApi, path: str = "/api/") -> str:
    def handler(seen: Seen) -> Reply:
        status, body = api.answer(seen.query)
        return Reply(status, body, content_type="application/json")
    server.route(path, handler=handler)
    return server.url(path)
