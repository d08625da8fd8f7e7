"""The findtreatment spider against a local server: paging, robots.txt, retries, bad pages."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from crawler.spider_params import FindTreatmentParams
from tests.crawler.fixture_server import Reply, Seen

FIXTURES = Path(__file__).parent / "fixtures"
PATH = "/locator/exportsAsJson/v2"
JSON = "application/json; charset=utf-8"


def _body(case: str) -> bytes:
    return (FIXTURES / case / "body.json").read_bytes()


def _pages(page2: list[Reply]):
    lock = threading.Lock()

    def handle(seen: Seen) -> Reply:
        if seen.query.get("page") == ["1"]:
            return Reply(200, _body("state_page1"), content_type=JSON)
        with lock:
            return page2.pop(0) if len(page2) > 1 else page2[0]
    return handle


def test_pages_through_a_state_with_retries(fixture_server, crawl) -> None:
    server = fixture_server
    server.robots("User-agent: *\nDisallow: /admin/\n")
    page2 = [Reply(503, "busy"), Reply(429, "", headers={"Retry-After": "0"}),
             Reply(200, _body("state_page2_drops"), content_type=JSON)]
    server.route(PATH, handler=_pages(page2))
    run = crawl("findtreatment", {"base_url": server.url(PATH), "state": "Texas",
                                  "page_size": 3})
    assert run.returncode == 0, run.log[-3000:]
    assert len(run.items) == 5
    assert run.drops == {"malformed_row": 1, "missing_name": 1}
    assert run.stats["retry/count"] == 2
    first = next(s for s in server.seen if s.path == PATH)
    assert first.query["limitType"] == ["0"] and first.query["limitValue"] == ["TX"]
    assert first.query["sType"] == ["mh"] and first.query["pageSize"] == ["3"]
    assert server.hits(PATH) == 4  # page 1, then page 2 three times
    bayou = next(i for i in run.items if i["name"].startswith("Bayou Crest"))
    assert {c["payer"] for c in bayou["insurance"]} == {"medicaid", "medicare", "tricare"}
    assert bayou["locations"][0]["lat"] == pytest.approx(29.7252)
    assert bayou["phone"] == "(713) 555-0123"


def test_robots_disallow_keeps_the_spider_out(fixture_server, crawl) -> None:
    server = fixture_server
    server.robots("User-agent: *\nDisallow: /locator/\n")
    server.route(PATH, Reply(200, _body("point_search"), content_type=JSON))
    run = crawl("findtreatment", {"base_url": server.url(PATH), "lat": 29.76, "lon": -95.37})
    assert run.returncode == 0, run.log[-3000:]
    assert server.hits(PATH) == 0 and run.items == []
    assert run.stats.get("robotstxt/forbidden") == 1


def test_malformed_and_html_pages_are_dropped_and_counted(fixture_server, crawl) -> None:
    server = fixture_server
    server.robots("User-agent: *\nAllow: /\n")
    server.route(PATH, handler=_pages([Reply(200, _body("html_error_page"))]))
    run = crawl("findtreatment", {"base_url": server.url(PATH), "lat": 29.76, "lon": -95.37,
                                  "radius_mi": 10})
    assert run.returncode == 0, run.log[-3000:]
    assert len(run.items) == 3
    assert run.drops == {"malformed_json": 1}
    first = next(s for s in server.seen if s.path == PATH)
    assert first.query["limitType"] == ["2"] and first.query["limitValue"] == ["16093"]
    assert first.query["sAddr"] == ["29.76,-95.37"]


@pytest.mark.parametrize("args, message", [
    ({}, "either state or lat and lon"),
    ({"state": "TX", "lat": 1, "lon": 2}, "either state or lat and lon"),
    ({"lat": 29.7}, "lat and lon must be given together"),
    ({"state": "Atlantis"}, "unknown US state"),
    ({"state": "TX", "service_type": "xx"}, "service_type"),
])
def test_bad_arguments_are_refused(args: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        FindTreatmentParams.model_validate(args)
