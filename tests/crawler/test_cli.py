"""`therapist-finder extract`, `crawl` and the demo crawl, end to end in subprocesses."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from crawler.demo.nppes_api import FakeNppesApi
from crawler.demo.run import DEMO_CRAWLS, crawl_demo_sources, spider_exists
from tests.crawler.nppes_fake import make_records, serve_api
from therapist_finder.store import open_store
from therapist_finder.store.query import SearchQuery

FIXTURES = Path(__file__).parent / "nppes" / "fixtures"


def cli(*args, store=None, timeout=240):
    extra = ["--store", store] if store else []
    return subprocess.run([sys.executable, "-m", "therapist_finder.cli.main", *extra, *args],
                          capture_output=True, text=True, timeout=timeout)


def test_extract_prints_normalized_listings_and_reports_drops():
    done = cli("extract", "--source", "nppes", str(FIXTURES / "newer_form.json"),
               str(FIXTURES / "dirty.json"), str(FIXTURES / "truncated.json"))
    assert done.returncode == 0, done.stderr
    listings = [json.loads(line) for line in done.stdout.splitlines()]
    assert [x["id"] for x in listings] == ["nppes:1000000013", "nppes:1000000021",
                                           "nppes:1000000047", "nppes:1000000054"]
    assert listings[0]["locations"][0]["precision"] == "postal_code"  # geocoded offline
    assert "dropped (malformed_json)" in done.stderr
    assert "dropped (not_behavioral_health)" in done.stderr


def test_extract_rejects_a_missing_file():
    assert cli("extract", "--source", "nppes", "/nonexistent.json").returncode == 2


def test_crawl_command_writes_into_the_configured_store(fixture_server, tmp_path):
    url = serve_api(fixture_server, FakeNppesApi(make_records(12)))
    store = f"sqlite:///{tmp_path / 'dir.db'}"
    done = cli("crawl", "nppes", "-a", "state=NY", "-a", "taxonomies=Psychologist",
               "-a", f"api_url={url}", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0",
               "-s", "LOG_LEVEL=WARNING", store=store)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "items scraped: 12" in done.stderr
    assert open_store(store).stats()["listings"] == 12


def test_demo_crawls_the_bundled_sources_and_merges_them(tmp_path):
    store = f"sqlite:///{tmp_path / 'demo.db'}"
    lines: list[str] = []
    results = dict(crawl_demo_sources(store, log=lines.append))
    nppes = results["nppes"]
    assert nppes is not None and nppes.returncode == 0 and nppes.stats["item_scraped_count"] > 30
    for spider, args in DEMO_CRAWLS:  # every spider exists now: each demo crawl ran and succeeded
        label = f"{spider} {args.get('site', '')}".strip()
        assert spider_exists(spider) and results[label] is not None, label
        assert results[label].returncode == 0, label
    listings = open_store(store)
    merged = listings.get("nppes:2260181590")  # the same NPI in NPPES and the payer directory
    assert {s.source.split(":")[0] for s in merged.sources} == {"nppes", "plannet"}
    found = listings.search(SearchQuery(state="OR", limit=100))
    okafor = [h.listing for h in found.results if "Okafor" in h.listing.name]
    assert len(okafor) == 1 and len(okafor[0].sources) == 2  # directory page + NPPES
    listings.close()


def test_the_spiders_the_cli_names_are_the_ones_scrapy_finds():
    """`crawl` checks the spider name without importing Scrapy (one module per
    spider, named as it); this keeps that in step with Scrapy's own list."""
    from scrapy.settings import Settings
    from scrapy.spiderloader import SpiderLoader

    from crawler.run import spider_names

    loader = SpiderLoader.from_settings(Settings({"SPIDER_MODULES": ["crawler.spiders"]}))
    assert spider_names() == sorted(loader.list())


def test_every_spider_checks_its_arguments_before_the_crawl_starts():
    """`crawl` validates `-a` arguments with the spider's own model before it
    starts Scrapy; a spider missing from the registry would skip that check."""
    from crawler.run import spider_names
    from crawler.spider_params import PARAMS

    assert sorted(PARAMS) == spider_names()


def test_extract_keeps_a_listing_without_its_bad_value_and_says_so(tmp_path):
    page = tmp_path / "locator.json"
    page.write_text(json.dumps({"page": 1, "totalPages": 1, "rows": [
        {"name1": "Tidewater Hollow Counseling", "frid": "TX-9", "city": "Houston", "state": "TX",
         "zip": "77002", "website": "https://tidewater-hollow.example/" + "a" * 2100}]}))
    done = cli("extract", "--source", "findtreatment", str(page))
    assert done.returncode == 0, done.stderr
    [listing] = [json.loads(line) for line in done.stdout.splitlines()]
    assert listing["name"] == "Tidewater Hollow Counseling" and "website" not in listing
    assert "dropped field_dropped/website/string_too_long" in done.stderr
