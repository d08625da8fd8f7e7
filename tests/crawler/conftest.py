"""Fixtures for crawler tests: a local HTTP server and a spider runner.

`fixture_server` is a started `FixtureServer` (no files; add routes, or set
`.root`). `crawl(spider, args, settings)` runs the spider in a subprocess with
fast, test-friendly settings and returns a `crawler.run.CrawlRun`.
"""

from __future__ import annotations

import pytest

from crawler.run import FAST_SETTINGS, CrawlRun, run_crawl
from tests.crawler.fixture_server import FixtureServer


@pytest.fixture
def fixture_server():
    with FixtureServer() as server:
        yield server


@pytest.fixture
def crawl(tmp_path):
    def run(spider: str, args: dict | None = None, settings: dict | None = None,
            timeout: float = 120) -> CrawlRun:
        merged = {**FAST_SETTINGS, "LOG_LEVEL": "INFO", **(settings or {})}
        return run_crawl(spider, {k: str(v) for k, v in (args or {}).items()},
                         {k: str(v) for k, v in merged.items()}, timeout=timeout,
                         workdir=tmp_path)
    return run
