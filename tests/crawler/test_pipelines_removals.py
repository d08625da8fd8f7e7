"""The pipelines keep removed listings out, before and after merging (real Scrapy
crawler and stats, a real SQLite store)."""

from __future__ import annotations

import pytest
from scrapy import Spider
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from crawler.pipelines import ListingItem, MergePipeline, StorePipeline
from tests.utils.factories import make_listing
from therapist_finder.removals import Removal, Removals
from therapist_finder.store.sqlite import SqliteStore

PHONE = "503-555-0142"


def _sources(source: str, listing_id: str) -> list[dict]:
    return [{"source": source, "listing_id": listing_id, "url": f"https://{source}.example/{listing_id}",
             "fetched_at": "2026-11-20"}]


def _crawler(tmp_path, removals: Removals):
    crawler = get_crawler(Spider, {"THERAPIST_FINDER_STORE": f"sqlite:///{tmp_path / 'dir.db'}",
                                   "THERAPIST_FINDER_REMOVALS": str(removals.path)})
    crawler.spider = crawler._create_spider("removals")
    return crawler


def test_a_removed_listing_does_not_come_back_inside_another_providers_listing(tmp_path):
    nppes = make_listing("x", id="nppes:1234567893", npi="1234567893", name="Jane Quill", phone=PHONE,
                         sources=_sources("nppes", "1234567893"))
    page = make_listing("y", id="directory:calmharbor-jane-quill", name="Jane Quill", phone=PHONE,
                        sources=_sources("calmharbor", "jane-quill"))
    store = SqliteStore(tmp_path / "dir.db")
    store.rebuild([nppes])
    store.close()
    removals = Removals.load(tmp_path / "removals.jsonl")
    removals.add(Removal(id=page.id, reason="asked to be removed", removed_at="2026-11-26"))
    crawler = _crawler(tmp_path, removals)
    merge, keep = MergePipeline.from_crawler(crawler), StorePipeline.from_crawler(crawler)
    merge.open_spider()
    keep.open_spider()
    with pytest.raises(DropItem, match="removal list"):
        merge.process_item(ListingItem(page))  # it would merge into the NPPES listing
    kept = keep.store.get("nppes:1234567893")
    assert [s.source for s in kept.sources] == ["nppes"]
    assert crawler.stats.get_value("drop_item/removed") == 1
    keep.close_spider()


def test_a_removal_made_during_a_crawl_is_enforced_when_it_ends(tmp_path):
    removals = Removals.load(tmp_path / "removals.jsonl")
    crawler = _crawler(tmp_path, removals)
    keep = StorePipeline.from_crawler(crawler)
    keep.open_spider()
    keep.process_item(ListingItem(make_listing("late")))
    keep.flush()
    # `therapist-finder remove` while the crawl runs: listed (and deleted from the live store)
    Removals.load(removals.path).add(Removal(id="test:late", reason="retired", removed_at="2026-11-26"))
    keep.process_item(ListingItem(make_listing("late", name="Test Person late, updated")))
    keep.close_spider()
    store = SqliteStore(tmp_path / "dir.db")
    assert store.get("test:late") is None
    store.close()
