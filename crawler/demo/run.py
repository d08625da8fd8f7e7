"""Crawl the bundled fictional sources through the real spiders and pipelines.

`crawl_demo_sources(store_url)` serves `crawler/demo/sources/` on 127.0.0.1
(the fictional NPPES API answers at `/nppes/api/`), runs every crawl in
`DEMO_CRAWLS` whose spider exists (a missing one is skipped with a message)
into the store, and returns what each crawl did. `{base}` in an argument is
the server's URL.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path

from crawler.demo.nppes_api import FakeNppesApi, load_records
from crawler.demo.server import FixtureServer, Reply, Seen
from crawler.run import FAST_SETTINGS, CrawlRun, absolute_store_url, run_crawl

SOURCES = Path(__file__).resolve().parent / "sources"
DEMO_CRAWLS: list[tuple[str, dict[str, str]]] = [
    ("nppes", {"state": "OR", "api_url": "{base}/nppes/api/"}),
    ("plannet", {"base_url": "{base}/plannet/"}),
    ("findtreatment", {"base_url": "{base}/findtreatment/exportsAsJson/v2", "state": "TX"}),
    ("directory", {"site": "calmharbor", "base_url": "{base}/directory/calmharbor/"}),
    ("directory", {"site": "northfield", "base_url": "{base}/directory/northfield/"}),
]


def demo_server() -> FixtureServer:
    """A started server for the sample sources (stop it when done)."""
    server = FixtureServer(root=SOURCES)
    records = SOURCES / "nppes" / "records.json"
    if records.exists():
        api = FakeNppesApi(load_records(records))

        def answer(seen: Seen) -> Reply:
            status, body = api.answer(seen.query)
            return Reply(status, body, content_type="application/json")
        server.route("/nppes/api/", handler=answer)
    return server.start()


def spider_exists(name: str) -> bool:
    """Whether crawler/spiders/<name>.py exists (the demo skips missing spiders)."""
    return importlib.util.find_spec(f"crawler.spiders.{name}") is not None


def crawl_demo_sources(
    store_url: str, log: Callable[[str], None] | None = None, timeout: float = 300,
    removals: str | None = None,
) -> list[tuple[str, CrawlRun | None]]:
    """Run the demo crawls into the store; (label, run or None when skipped) per
    crawl. Listings on the `removals` list are left out."""
    say = log or (lambda line: print(line, file=sys.stderr))
    results: list[tuple[str, CrawlRun | None]] = []
    server = demo_server()
    try:
        base = server.url("").rstrip("/")
        for spider, args in DEMO_CRAWLS:
            label = f"{spider} {args.get('site', '')}".strip()
            if not spider_exists(spider):
                say(f"demo: skipping {label}: no spider crawler/spiders/{spider}.py yet")
                results.append((label, None))
                continue
            filled = {k: v.replace("{base}", base) for k, v in args.items()}
            settings = {**FAST_SETTINGS, "LOG_LEVEL": "WARNING",
                        "THERAPIST_FINDER_STORE": absolute_store_url(store_url)}
            if removals:
                settings["THERAPIST_FINDER_REMOVALS"] = str(Path(removals).resolve())
            run = run_crawl(spider, filled, settings, timeout=timeout)
            drops = ", ".join(f"{r} {n}" for r, n in run.drops.items()) or "none"
            say(f"demo: crawled {label}: {run.stats.get('item_scraped_count', 0)} listing(s), "
                f"{run.stats.get('merge/merged', 0)} merged, dropped: {drops}"
                + ("" if run.returncode == 0 else f" (exit {run.returncode})"))
            results.append((label, run))
    finally:
        server.stop()
    return results
