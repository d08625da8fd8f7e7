"""Item pipelines: Validate -> Normalize (+ geocode) -> Merge -> Store.

Spiders yield canonical-listing dicts (raw hints under `raw`, see
`crawler.parsing`). `ValidatePipeline` turns each into a `ListingItem`
holding a pydantic `Listing`; the later stages work on that, and
`StorePipeline` hands a plain dict back so feed exports (`-o x.jsonl`) work.
Anything unusable is dropped with `DropItem` and counted as
`drop_item/<reason>`; the `CrawlSummary` extension reports the counts. A bad
value the listing can do without costs only itself (`crawler.salvage`),
counted as `field_dropped/<field>/<reason>`.

Settings: `THERAPIST_FINDER_STORE` (store URL; unset = merge and export only),
`THERAPIST_FINDER_STORE_BATCH` (listings per write, default 500),
`THERAPIST_FINDER_REMOVALS` (the removal list; its listings are dropped as
`drop_item/removed`, see therapist_finder/removals.py).
Geocoding is folded into normalization (`normalize_listing` keeps source
coordinates and fills missing ones from the offline gazetteer, recording the
precision).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scrapy.exceptions import DropItem

from crawler.parsing import count_drop
from crawler.processing import InvalidListing, normalize, validate
from crawler.salvage import DroppedField
from therapist_finder.merge import Merger
from therapist_finder.normalize import NormalizeReport
from therapist_finder.removals import Removals
from therapist_finder.schema import Listing
from therapist_finder.store import open_store
from therapist_finder.vocab import load_vocabularies


@dataclass
class ListingItem:
    """A validated listing travelling through the pipelines."""

    listing: Listing
    raw: dict[str, Any] = field(default_factory=dict)
    replaces: tuple[str, ...] = ()


class _Stage:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> Any:
        return cls(crawler)

    def drop(self, reason: str, detail: str) -> DropItem:
        count_drop(self.crawler.spider, reason, detail)
        return DropItem(f"{reason}: {detail}")

    def count_dropped_fields(self, dropped: list[DroppedField]) -> None:
        """Count (and log) each value dropped so that its listing could be kept."""
        for loss in dropped:
            self.crawler.stats.inc_value(loss.stat, loss.count)
            self.crawler.spider.logger.info("dropped %s (%s): %s", loss.field, loss.reason,
                                            loss.detail[:300])


class ValidatePipeline(_Stage):
    """Check the listing's shape with pydantic; a bad one is dropped as invalid_listing."""

    def process_item(self, item: Any) -> ListingItem:
        if isinstance(item, ListingItem):
            return item
        dropped: list[DroppedField] = []
        try:
            listing, raw = validate(dict(item), dropped)
        except InvalidListing as exc:
            raise self.drop("invalid_listing", str(exc)) from None
        self.count_dropped_fields(dropped)
        return ListingItem(listing, raw)


class NormalizePipeline(_Stage):
    """Clean raw hints (phones, fees, states, ZIPs), map vocabularies, geocode, stamp dates."""

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self.vocabs = load_vocabularies()
        self.report = NormalizeReport()

    def process_item(self, item: ListingItem) -> ListingItem:
        dropped: list[DroppedField] = []
        try:
            item.listing, notes = normalize(item.listing, item.raw, self.vocabs, self.report, dropped)
        except InvalidListing as exc:
            raise self.drop("invalid_listing", str(exc)) from None
        self.count_dropped_fields(dropped)
        for note in notes:
            self.crawler.stats.inc_value(f"normalize/{note}")
        item.raw = {}
        return item

    def close_spider(self) -> None:
        stats = self.crawler.stats
        for (name, _raw), count in self.report.unmapped.items():
            stats.inc_value(f"normalize/unmapped/{name}", count)
        for precision, count in self.report.geocoded.items():
            stats.inc_value(f"normalize/geocoded/{precision}", count)


def shared_removals(crawler: Any) -> Removals | None:
    """The removal list named by THERAPIST_FINDER_REMOVALS, read once per crawl."""
    if not hasattr(crawler, "_therapist_finder_removals"):
        path = crawler.settings.get("THERAPIST_FINDER_REMOVALS")
        crawler._therapist_finder_removals = Removals.load(path) if path else None
    return crawler._therapist_finder_removals


def shared_store(crawler: Any) -> Any:
    """The store named by THERAPIST_FINDER_STORE, opened once per crawl (None when unset)."""
    if not hasattr(crawler, "_therapist_finder_store"):
        url = crawler.settings.get("THERAPIST_FINDER_STORE")
        store = open_store(url) if url else None
        if store is not None:
            store.upsert([])  # creates an empty index on first use, so lookups can read it
        crawler._therapist_finder_store = store
    return crawler._therapist_finder_store


class MergePipeline(_Stage):
    """Entity resolution: merge each listing into the same provider's listing, if any."""

    def open_spider(self) -> None:
        self.store = shared_store(self.crawler)
        self.merger = Merger(self.store)
        removals = shared_removals(self.crawler)
        self.removed = removals.matcher() if removals else None

    def process_item(self, item: ListingItem) -> ListingItem:
        # Before merging: a removed listing must not come back inside another
        # provider's listing (a directory page merged into an NPPES one).
        if self.removed is not None and self.removed.excludes(item.listing):
            if self.store is not None:
                self.store.delete(item.listing.id)  # stored under this id by an older crawl
            raise self.drop("removed", f"{item.listing.id} is on the removal list")
        outcome = self.merger.add(item.listing)
        item.listing, item.replaces = outcome.listing, outcome.replaces
        if outcome.merged:
            self.crawler.stats.inc_value("merge/merged")
        return item


class StorePipeline(_Stage):
    """Upsert listings into the store in batches; flush and close at the end."""

    def open_spider(self) -> None:
        self.store = shared_store(self.crawler)
        self.batch = self.crawler.settings.getint("THERAPIST_FINDER_STORE_BATCH", 500)
        self.pending: dict[str, Listing] = {}
        self.deletes: set[str] = set()
        self.removals = shared_removals(self.crawler)
        self.removed = self.removals.matcher() if self.removals else None

    def process_item(self, item: ListingItem) -> dict[str, Any]:
        # After merging too: the merged listing may carry a removed NPI, replace a
        # removed id, or hold a removed source listing.
        if self.removed is not None and self.removed.excludes(
            item.listing, *item.replaces, *(s.listing_id for s in item.listing.sources if s.listing_id)
        ):
            raise self.drop("removed", f"{item.listing.id} is on the removal list")
        if self.store is not None:
            self.deletes.update(item.replaces)
            self.deletes.discard(item.listing.id)
            for old in item.replaces:
                self.pending.pop(old, None)
            self.pending[item.listing.id] = item.listing
            if len(self.pending) >= self.batch:
                self.flush()
        return item.listing.model_dump(mode="json", exclude_defaults=True)

    def flush(self) -> None:
        """Write what is pending (one transaction per upsert call)."""
        if self.pending:
            written = self.store.upsert(list(self.pending.values()))
            self.crawler.stats.inc_value("store/upserted", written)
            self.pending.clear()
        for listing_id in sorted(self.deletes):
            if self.store.delete(listing_id):
                self.crawler.stats.inc_value("store/deleted")
        self.deletes.clear()

    def close_spider(self) -> None:
        if self.store is not None:
            self.flush()
            if self.removals is not None:  # read again: removals made while the crawl ran
                Removals.load(self.removals.path).enforce(self.store)
            self.store.close()
