"""A Plan-Net search goes on past a page that stays unreadable, when the
server pages by offset (crawler/fhir_paging.py)."""

from __future__ import annotations

import pytest

from crawler.fhir_paging import MAX_PAGES_SKIPPED, page_after
from tests.crawler.fixture_server import Reply, Seen
from tests.crawler.plannet.test_plannet_spider import FHIR, FIXTURES, _bundle, _serve_plans

HAPI = "https://fhir.payer.example/r4/PractitionerRole?_getpages=abc&_getpagesoffset=4&_count=4&_bundletype=searchset"


@pytest.mark.parametrize("url, after", [
    (HAPI, HAPI.replace("_getpagesoffset=4", "_getpagesoffset=8")),
    ("https://x.example/r4/PractitionerRole?network=a,b&_offset=0&_count=50",
     "https://x.example/r4/PractitionerRole?network=a,b&_offset=50&_count=50"),
    ("https://x.example/r4/PractitionerRole?_count=50", None),  # page 1: no position in the URL
    ("https://x.example/r4/PractitionerRole?page=3&_count=50", None),  # not an offset we know
    ("https://x.example/r4/PractitionerRole?_offset=1&_offset=2&_count=5", None),
    ("https://x.example/r4/PractitionerRole?_offset=x&_count=5", None),
    ("https://x.example/r4/PractitionerRole?_offset=5&_count=0", None),
])
def test_page_after(url, after):
    assert page_after(url) == after


def _roles(server, later: dict[str, Reply]):
    """Page 1 from the fixture (its next link has offset 4); later pages by offset."""
    def handle(seen: Seen) -> Reply:
        offset = seen.query.get("_getpagesoffset", [None])[0]
        if offset is None:
            return Reply(200, _bundle("roles_page1", server), content_type=FHIR)
        return later.get(offset, Reply(404, "no such page"))
    return handle


def _page3(server) -> Reply:
    return Reply(200, _bundle("roles_page2_drops", server), content_type=FHIR)


@pytest.mark.parametrize("broken, asked", [
    # Unreadable: PAGE_RETRY_TIMES (2) more tries; an HTTP 500: RETRY_TIMES (3) more.
    (Reply(200, (FIXTURES / "malformed_json" / "body.json").read_bytes(), content_type=FHIR), 3),
    (Reply(500, "internal error"), 4),
])
def test_a_lost_page_is_skipped_and_the_search_goes_on(fixture_server, crawl, broken, asked):
    server = fixture_server
    server.robots("User-agent: *\nAllow: /\n")
    _serve_plans(server)
    server.route("/r4/PractitionerRole", handler=_roles(server, {"4": broken, "8": _page3(server)}))
    run = crawl("plannet", {"base_url": server.url("/r4/")})
    assert run.returncode == 0, run.log[-3000:]
    names = {item["name"] for item in run.items}
    assert {"Desmond R. Achterberg", "Tobias Fennimore"} <= names  # page 1, and page 3 after the lost one
    assert run.stats["plannet/role_pages_skipped"] == 1
    assert "plannet/role_pages_lost_after" not in run.stats
    offsets = [s.query.get("_getpagesoffset", [None])[0] for s in server.seen
               if s.path == "/r4/PractitionerRole"]
    assert offsets.count("4") == asked and offsets.count("8") == 1  # the lost page's tries, then on


def test_skipping_stops_after_a_few_lost_pages_in_a_row(fixture_server, crawl):
    server = fixture_server
    server.robots("User-agent: *\nAllow: /\n")
    _serve_plans(server)
    bad = Reply(200, (FIXTURES / "malformed_json" / "body.json").read_bytes(), content_type=FHIR)
    server.route("/r4/PractitionerRole", handler=_roles(server, {str(4 * k): bad for k in range(1, 50)}))
    run = crawl("plannet", {"base_url": server.url("/r4/")})
    assert run.returncode == 0, run.log[-3000:]
    assert run.stats["plannet/role_pages_skipped"] == MAX_PAGES_SKIPPED
    assert run.stats["plannet/role_pages_lost_after"] == 1
    offsets = {s.query.get("_getpagesoffset", [None])[0] for s in server.seen
               if s.path == "/r4/PractitionerRole"}
    assert offsets == {None, "4", "8", "12", "16"}  # page 1, the lost page, then three guesses



def test_a_next_page_on_another_host_is_counted_and_named(fixture_server, crawl):
    """Scrapy would drop the link without a word and the search would look complete."""
    server = fixture_server
    server.robots("User-agent: *\nAllow: /\n")
    _serve_plans(server)
    page1 = _bundle("roles_page1", server).decode().replace("127.0.0.1", "localhost")
    server.route("/r4/PractitionerRole", Reply(200, page1, content_type=FHIR))
    run = crawl("plannet", {"base_url": server.url("/r4/")})
    assert run.returncode == 0, run.log[-3000:]
    assert "Desmond R. Achterberg" in {item["name"] for item in run.items}  # page 1 is kept
    assert run.stats["crawl/offsite_pages_skipped"] == 1
    assert "offsite/filtered" not in run.stats
    assert "not following http://localhost:" in run.log
    assert server.hits("/r4/PractitionerRole") == 1
