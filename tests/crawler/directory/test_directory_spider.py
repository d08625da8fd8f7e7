"""The directory spider against the fictional sites on a local server."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.spider_params import DirectoryParams
from tests.crawler.fixture_server import FixtureServer, Reply

SOURCES = Path(__file__).resolve().parents[3] / "crawler/demo/sources/directory"
GARBLED = "<html><body><article class='profile'><h1 class='profile-name'>\x00<<<<div <p \"x\n"


@pytest.fixture
def calmharbor():
    with FixtureServer(root=SOURCES / "calmharbor") as server:
        yield server


@pytest.fixture
def northfield():
    with FixtureServer(root=SOURCES / "northfield") as server:
        yield server


def test_pages_through_the_index_with_selectors(calmharbor, crawl) -> None:
    run = crawl("directory", {"site": "calmharbor", "base_url": calmharbor.url("/")})
    assert run.returncode == 0, run.log[-3000:]
    assert sorted(i["name"] for i in run.items) == ["Amara Okafor", "Elena Marchetti",
                                                      "Jonah Whitfield"]
    assert run.drops == {"missing_name": 1}  # the draft profile
    assert calmharbor.hits("/therapists/page/2/") == 1
    elena = next(i for i in run.items if i["name"] == "Elena Marchetti")
    assert elena["id"] == "directory:calmharbor:elena-marchetti"
    assert {c["payer"] for c in elena["insurance"]} == {"aetna", "blue-cross-blue-shield",
                                                        "medicare"}
    assert elena["fees"]["session_min"] == 160


def test_robots_offsite_and_malformed_pages(calmharbor, crawl) -> None:
    calmharbor.robots("User-agent: *\nDisallow: /therapists/jonah-whitfield/\n")
    calmharbor.route("/therapists/amara-okafor/", Reply(200, GARBLED))
    index = (SOURCES / "calmharbor/therapists/index.html").read_text().replace(
        '<section class="results">', '<section class="results"><article class="therapist-card">'
        '<h2><a href="https://elsewhere.example/therapists/x/">X</a></h2></article>')
    calmharbor.route("/therapists/", Reply(200, index))
    run = crawl("directory", {"site": "calmharbor", "base_url": calmharbor.url("/")})
    assert run.returncode == 0, run.log[-3000:]
    assert [i["name"] for i in run.items] == ["Elena Marchetti"]
    assert calmharbor.hits("/therapists/jonah-whitfield/") == 0
    assert run.stats.get("robotstxt/forbidden") == 1
    assert run.drops == {"missing_name": 2}  # garbled page and the draft
    # A profile on another host is named and counted, not dropped silently by Scrapy.
    assert run.stats.get("crawl/offsite_pages_skipped") == 1 and "offsite/filtered" not in run.stats
    assert "not following https://elsewhere.example/therapists/x/" in run.log


def test_sitemap_and_json_ld_with_retries(northfield, crawl) -> None:
    sitemap = (SOURCES / "northfield/sitemap.xml").read_bytes()
    northfield.route("/sitemap.xml", sequence=[Reply(503, "busy"),
                                               Reply(200, sitemap, content_type="application/xml")])
    rosa = (SOURCES / "northfield/clinicians/rosa-delgado/index.html").read_bytes()
    northfield.route("/clinicians/rosa-delgado/", sequence=[
        Reply(429, "", headers={"Retry-After": "0"}), Reply(200, rosa)])
    run = crawl("directory", {"site": "northfield", "base_url": northfield.url("/")})
    assert run.returncode == 0, run.log[-3000:]
    assert sorted(i["name"] for i in run.items) == ["Rosa Delgado", "Samuel Kim",
                                                      "Theo Lindqvist"]
    assert run.drops == {"missing_name": 1}  # broken JSON-LD, nothing else to read
    assert run.stats["retry/count"] == 2
    assert northfield.hits("/about/") == 0  # not a profile: not fetched
    rosa_item = next(i for i in run.items if i["name"] == "Rosa Delgado")
    assert rosa_item["languages"] == ["es", "en"]
    assert rosa_item["accepting_new_clients"] is True


@pytest.mark.parametrize("args, message", [
    ({"site": "no-such-site"}, "no site config"),
    ({"site": "calmharbor", "base_url": "ftp://x"}, "base_url"),
    ({}, "site"),
])
def test_bad_arguments_are_refused(args: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        DirectoryParams.model_validate(args)
