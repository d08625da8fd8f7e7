"""A request that fails (HTTP error after the retries, refused connection, timeout) is
counted as `drop_item/<reason>` by every spider, so a crawl that loses pages says so."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from crawler.extensions import nothing_usable, summary_lines
from tests.crawler.fixture_server import FixtureServer, Reply, closed_port_url

SOURCES = Path(__file__).resolve().parents[2] / "crawler/demo/sources/directory"
EXPORT = "/locator/exportsAsJson/v2"
FAST_FAIL = {"RETRY_TIMES": 1}


@pytest.fixture
def calmharbor():
    with FixtureServer(root=SOURCES / "calmharbor") as server:
        yield server


def test_findtreatment_counts_a_start_url_that_is_not_there(fixture_server, crawl):
    run = crawl("findtreatment", {"base_url": fixture_server.url("/nothere"), "state": "TX"},
                settings=FAST_FAIL)
    assert run.returncode == 0, run.log[-3000:]
    assert run.items == []
    assert run.drops == {"http_404": 1}
    assert run.stats["crawl/requests_failed"] == 1
    assert nothing_usable(run.stats) is not None


def test_findtreatment_counts_a_timeout(fixture_server, crawl):
    def slow(seen):
        time.sleep(3)
        return Reply(200, "{}", content_type="application/json")

    fixture_server.route(EXPORT, handler=slow)
    run = crawl("findtreatment", {"base_url": fixture_server.url(EXPORT), "state": "TX"},
                settings={"RETRY_TIMES": 0, "DOWNLOAD_TIMEOUT": 1})
    assert run.drops == {"timeout": 1}, run.log[-3000:]


def test_directory_counts_a_base_url_that_is_not_there(calmharbor, crawl):
    run = crawl("directory", {"site": "calmharbor", "base_url": calmharbor.url("/nothere/")},
                settings=FAST_FAIL)
    assert run.items == []
    assert run.drops == {"http_404": 1}, run.log[-3000:]


def test_directory_counts_every_lost_profile(calmharbor, crawl):
    calmharbor.route("/therapists/amara-okafor/", Reply(404, "gone"))
    calmharbor.route("/therapists/jonah-whitfield/", Reply(500, "boom"))
    run = crawl("directory", {"site": "calmharbor", "base_url": calmharbor.url("/")},
                settings=FAST_FAIL)
    assert run.returncode == 0, run.log[-3000:]
    assert [i["name"] for i in run.items] == ["Elena Marchetti"]
    assert run.drops == {"http_404": 1, "http_500": 1, "missing_name": 1}  # and the draft
    assert calmharbor.hits("/therapists/jonah-whitfield/") == 2  # retried once, then counted
    assert run.stats["crawl/requests_failed"] == 2
    assert nothing_usable(run.stats) is None  # some listings: a normal crawl with drops


def test_a_robots_disallowed_page_is_not_a_failure(calmharbor, crawl):
    calmharbor.robots("User-agent: *\nDisallow: /therapists/jonah-whitfield/\n")
    run = crawl("directory", {"site": "calmharbor", "base_url": calmharbor.url("/")})
    assert run.drops == {"missing_name": 1}, run.log[-3000:]
    assert "crawl/requests_failed" not in run.stats


def test_plannet_with_nothing_listening_counts_and_reports_its_losses(crawl):
    run = crawl("plannet", {"base_url": closed_port_url("/plannet/")}, settings=FAST_FAIL)
    assert run.returncode == 0, run.log[-3000:]
    assert run.items == []
    assert run.drops == {"connection_failed": 2}  # the InsurancePlan and the PractitionerRole search
    lines = summary_lines(run.stats)
    assert "  plannet/insurance_plans_unavailable: 1" in lines
    assert "  plannet/role_pages_lost_after: 1" in lines
    assert "  drop_item/connection_failed: 2" in lines
    assert nothing_usable(run.stats) is not None


def test_nppes_counts_a_refused_connection(crawl):
    run = crawl("nppes", {"state": "OR", "taxonomies": "Psychologist",
                          "api_url": closed_port_url("/api/")}, settings=FAST_FAIL)
    assert run.drops == {"connection_failed": 1}, run.log[-3000:]
