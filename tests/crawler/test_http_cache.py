"""The development HTTP cache (`-s HTTPCACHE_ENABLED=1`): a second crawl is served from disk.

The second run must send nothing to the server (robots.txt included) and still
produce the same listings and the same drop counts.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.crawler.fixture_server import Reply

HERE = Path(__file__).parent
DEMO_DIRECTORY = HERE.parents[1] / "crawler/demo/sources/directory"
FT_PATH = "/locator/exportsAsJson/v2"
VOLATILE = ("fetched_at", "last_seen_at")  # stamped at crawl time, not taken from the page


def _stable(items: list[dict]) -> list[str]:
    """Items without crawl-time stamps, as sorted JSON strings (order may vary)."""
    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in VOLATILE}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value
    return sorted(json.dumps(strip(item), sort_keys=True) for item in items)


def _serve_findtreatment(server) -> dict[str, str]:
    server.robots("User-agent: *\nAllow: /\n")
    fixtures = HERE / "findtreatment" / "fixtures"
    pages = {"1": (fixtures / "state_page1" / "body.json").read_bytes(),
             "2": (fixtures / "state_page2_drops" / "body.json").read_bytes()}
    server.route(FT_PATH, handler=lambda seen: Reply(200, pages[seen.query["page"][0]],
                                                     content_type="application/json"))
    return {"base_url": server.url(FT_PATH), "state": "TX", "page_size": "3"}


def _serve_calmharbor(server) -> dict[str, str]:
    server.root = DEMO_DIRECTORY / "calmharbor"  # its own robots.txt, index pages, profiles
    return {"site": "calmharbor", "base_url": server.url("/")}


@pytest.mark.parametrize("spider, serve, expected_items", [
    ("findtreatment", _serve_findtreatment, 5),
    ("directory", _serve_calmharbor, 3),
])
def test_second_crawl_is_served_from_the_cache(fixture_server, crawl, tmp_path,
                                               spider, serve, expected_items) -> None:
    args = serve(fixture_server)
    cache = {"HTTPCACHE_ENABLED": "1", "HTTPCACHE_DIR": str(tmp_path / "httpcache")}

    first = crawl(spider, args, settings=cache)
    assert first.returncode == 0, first.log[-3000:]
    fetched = len(fixture_server.seen)
    assert fetched > 1 and fixture_server.hits("/robots.txt") == 1
    assert len(first.items) == expected_items
    assert first.stats["httpcache/miss"] == first.stats["httpcache/store"] == fetched
    assert "httpcache/hit" not in first.stats

    second = crawl(spider, args, settings=cache)
    assert second.returncode == 0, second.log[-3000:]
    assert len(fixture_server.seen) == fetched  # nothing new asked of the server
    assert second.stats["httpcache/hit"] == fetched
    assert "httpcache/miss" not in second.stats
    assert _stable(second.items) == _stable(first.items)
    assert second.drops == first.drops


def test_without_the_cache_the_second_crawl_fetches_again(fixture_server, crawl) -> None:
    args = _serve_findtreatment(fixture_server)
    for _ in range(2):
        assert crawl("findtreatment", args).returncode == 0
    assert fixture_server.hits(FT_PATH) == 4 and fixture_server.hits("/robots.txt") == 2
