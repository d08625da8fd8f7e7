"""SearchEngineStore: the Store contract on Elasticsearch or OpenSearch."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime
from typing import Any

from therapist_finder.errors import BulkIndexError, StoreUnavailable
from therapist_finder.geo.distance import haversine_mi
from therapist_finder.schema import Listing
from therapist_finder.store.base import Store
from therapist_finder.store.directory_stats import DEFAULT_STALE_AFTER_DAYS, StaleWindow
from therapist_finder.store.query import Hit, SearchQuery, SearchResult, next_cursor
from therapist_finder.store.search_engine import lifecycle, mapping
from therapist_finder.store.search_engine.bulk import BulkReport, bulk_index
from therapist_finder.store.search_engine.clients import EngineClient
from therapist_finder.store.search_engine.documents import DocumentEncoder, listing_from_source
from therapist_finder.store.search_engine.query_builder import (
    OFFSET,
    boundary_band,
    build_search,
    cursor_keys,
    cursor_offset,
    effective_sort,
    parse_facets,
)
from therapist_finder.store.search_engine.stats_aggs import parse_stats, stats_body
from therapist_finder.store.search_engine.url import EngineURL, parse_url
from therapist_finder.vocab import FACETS, Vocabularies, load_vocabularies

Progress = Callable[[int], None]
log = logging.getLogger("therapist_finder.store")
# Listings read a page at a time by an export (search_after on the id: no
# scroll context to expire, and no 10,000-hit window).
EXPORT_PAGE = 1000
REBUILD = "'therapist-finder --store URL index FILE.jsonl --rebuild'"


def _stamp() -> str:
    """A document's `indexed_at`, to the millisecond: a rebuild counts what was
    written after it started."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


# Engines whose geo_distance filter is approximate: the in-memory test engine
# (osmem) admits points up to ~0.03% beyond the radius. Elasticsearch and
# OpenSearch (Lucene) filter exactly on their ~1 cm quantized points.
APPROXIMATE_DISTANCE_FILTER = ("osmem",)


def nearest_mi(listing: Listing, lat: float, lon: float) -> float | None:
    """Distance to the nearest located office, from the exact stored coordinates.

    The engine sorts on its own (quantized, ~1 cm) copy of the points; the
    reported distance is computed like the embedded store's, so both agree
    to the last digit.
    """
    found = [haversine_mi(lat, lon, loc.lat, loc.lon) for loc in listing.locations if loc.has_point]
    return min(found) if found else None


def _nearest_point_mi(points: list[dict[str, float]], lat: float, lon: float) -> float:
    return min((haversine_mi(lat, lon, p["lat"], p["lon"]) for p in points), default=float("inf"))


class SearchEngineStore(Store):
    """Listings in an Elasticsearch/OpenSearch index behind an alias.

    Nothing connects until the first call. The first successful call uploads
    the templates and checks the index behind the alias (see `_setup`): a
    read with no index there raises StoreUnavailable, as the embedded store
    does without its file, and a first write creates an empty one. After the
    cluster was unreachable, or the index missing, that setup runs again, so
    the store recovers on its own.
    """

    def __init__(
        self,
        url: str | EngineURL,
        *,
        vocabs: Vocabularies | None = None,
        refresh: bool = True,
        chunk_size: int = 500,
        max_retries: int = 5,
        sleep: Callable[[float], None] = time.sleep,
        **_options: Any,
    ) -> None:
        # **_options: settings meant for other stores (snapshot_mode) do not apply here.
        self.url = parse_url(url) if isinstance(url, str) else url
        self.alias = self.url.alias
        self.client = EngineClient(self.url)
        self.encoder = DocumentEncoder(vocabs or load_vocabularies())
        # Facet values come back in vocabulary order, as the embedded store's do.
        self.facet_order = {facet: self.encoder.vocabs[facet].slugs() for facet in FACETS}
        self.refresh = refresh
        self.chunk_size = chunk_size
        self.max_retries = max_retries
        self.sleep = sleep
        self.last_bulk: BulkReport | None = None
        self._ready = False
        self._writable = False  # set up for writes too (the index has our vocabularies)
        self._warned_stale = False
        self.trim_radius = self.url.radius_check == "on"
        self._setup_lock = threading.Lock()
        self._write_lock = threading.Lock()

    @classmethod
    def from_url(cls, url: str, **options: Any) -> SearchEngineStore:
        """elasticsearch(s)://[user:password@]host:port or opensearch(s)://..."""
        return cls(url, **options)

    # ---- setup -------------------------------------------------------
    def _connect(self) -> None:
        """Read the cluster's build and upload the templates (idempotent)."""
        info = self.client.call("reading cluster info", lambda c: c.info())
        if self.url.radius_check == "auto":
            build = str(info.get("version", {}).get("build_hash", ""))
            self.trim_radius = build in APPROXIMATE_DISTANCE_FILTER
        lifecycle.put_templates(self.client, self.alias)

    def _no_index(self) -> str:
        return (
            f"no index at {self.url.redacted()}: the alias '{self.alias}' points at no index;"
            f" create it with {REBUILD} (or 'therapist-finder --store URL demo') with this store URL"
        )

    def _meta(self) -> dict[str, str]:
        """Recorded in the `_meta` of every index this store creates."""
        return {"vocabularies": self.encoder.fingerprint}

    def _setup(self, create: bool, encodes: bool) -> None:
        """Connect, then check the index behind the alias.

        It must exist: a write (`create`) makes an empty one, as the embedded
        store creates its file; a read reports it missing. It must carry this
        code's template version, and when new documents are written (`encodes`)
        the vocabularies its documents were encoded with: documents of two kinds
        are never mixed in one index. A delete writes no document.
        """
        if self._ready and (self._writable or not encodes):
            return
        with self._setup_lock:
            if self._ready and (self._writable or not encodes):
                return
            self._connect()
            if create:
                indices = lifecycle.ensure_alias(self.client, self.alias, self._meta())
            else:
                indices = lifecycle.live_indices(self.client, self.alias)
            if not indices:
                raise StoreUnavailable(self._no_index())
            metas = lifecycle.index_meta(self.client, self.alias)
            want = mapping.template_version()
            for index, meta in metas.items():
                if meta.get("template_version") != want:
                    raise StoreUnavailable(
                        f"the index {index} behind alias '{self.alias}' at {self.url.redacted()}"
                        f" was built with index template version {meta.get('template_version')};"
                        f" this version of therapist-finder needs version {want}. Rebuild it:"
                        f" {REBUILD} (searches and upserts are refused until then)"
                    )
            ours = self.encoder.fingerprint
            stale = sorted(i for i, m in metas.items() if m.get("vocabularies") != ours)
            if stale and encodes:
                raise StoreUnavailable(
                    f"the index {stale[0]} behind alias '{self.alias}' at {self.url.redacted()}"
                    " was built with other vocabularies (another version of therapist-finder);"
                    f" writes are refused so old and new documents are not mixed. Rebuild it: {REBUILD}"
                )
            if stale and not self._warned_stale:
                log.warning(
                    "the index %s behind alias '%s' was built with other vocabularies: searches"
                    " for concerns and approaches use the terms found then; rebuild it: %s",
                    stale[0], self.alias, REBUILD,
                )
                self._warned_stale = True
            self._writable = not stale
            self._ready = True

    def _run(self, work: Callable[[], Any], *, create: bool = False, encodes: bool = False) -> Any:
        """Run one operation after setup; an outage makes the next call set up again."""
        try:
            self._setup(create, encodes)
            return work()
        except StoreUnavailable:
            self._ready = False
            raise

    def warm(self) -> None:
        """Upload the templates and check the alias now (the API does this at start)."""
        self._run(lambda: None)

    # ---- writes ------------------------------------------------------
    def _load(
        self, index: str, listings: Iterable[Listing], progress: Progress | None
    ) -> BulkReport:
        actions = (self.encoder.action(item, index, _stamp()) for item in listings)
        report = bulk_index(
            self.client,
            actions,
            chunk_size=self.chunk_size,
            max_retries=self.max_retries,
            sleep=self.sleep,
            progress=progress,
        )
        self.last_bulk = report
        self.last_replaced = report.replaced
        return report

    @staticmethod
    def _raise_if_rejected(report: BulkReport, what: str) -> None:
        if report.failed:
            raise BulkIndexError(
                f"{what}: {report.summary()}",
                written=report.written,
                failed=report.failed,
                reasons=report.reasons,
            )

    def _refresh(self) -> None:
        if self.refresh:
            self.client.call("refreshing", lambda c: c.indices.refresh(index=self.alias))

    def upsert(self, listings: Iterable[Listing], progress: Progress | None = None) -> int:
        """Index or replace listings by id through the alias; BulkIndexError names rejects."""

        def work() -> int:
            with self._write_lock:
                report = self._load(self.alias, listings, progress)
                self._refresh()
            self._raise_if_rejected(report, "upsert")
            return report.written

        return self._run(work, create=True, encodes=True)

    def rebuild(self, listings: Iterable[Listing], progress: Progress | None = None) -> int:
        """Fill a new index, then switch the alias atomically; any reject aborts the switch."""

        started = _stamp()

        def build(index: str) -> int:
            report = self._load(index, listings, progress)
            self._raise_if_rejected(report, "rebuild (the live index was left as it was)")
            self._note_writes_meanwhile(started)
            return report.written

        def work() -> int:
            with self._write_lock:
                return lifecycle.reindex(self.client, self.alias, build, self._meta())

        # A rebuild needs no index behind the alias, nor one of this template
        # version: it writes a new index with the current templates.
        try:
            self._connect()
            return work()
        finally:
            self._ready = False  # the next call checks the new index

    def _note_writes_meanwhile(self, started: str) -> None:
        """Say so when another writer (a crawl, another import) wrote through the
        alias while the rebuild ran: moving the alias leaves those documents
        behind. They are not carried over: doing that right needs removals
        logged too (see SqliteStore._note_writes_meanwhile)."""
        body = {"query": {"range": {"indexed_at": {"gte": started}}}, "size": 0, "track_total_hits": True}
        found = self.client.call(
            "counting what was written while rebuilding",
            lambda c: c.search(index=self.alias, body=body),
            missing=lambda: {"hits": {"total": {"value": 0}}},  # no live index yet
        )
        total = found["hits"]["total"]
        count = total["value"] if isinstance(total, dict) else int(total)
        if count:
            log.warning("%d listing(s) written to '%s' while it was being rebuilt (by a crawl, say)"
                        " are not in the rebuilt index; run those writes again", count, self.alias)

    def delete(self, listing_id: str) -> bool:
        refresh = "true" if self.refresh else "false"
        found = self._run(
            lambda: self.client.call(
                "deleting a listing",
                lambda c: c.delete(index=self.alias, id=listing_id, refresh=refresh),
                missing=lambda: {"result": "not_found"},
            ),
            create=True,
        )
        return found.get("result") == "deleted"

    # ---- reads -------------------------------------------------------
    def get(self, listing_id: str) -> Listing | None:
        found = self._run(
            lambda: self.client.call(
                "reading a listing",
                lambda c: c.get(index=self.alias, id=listing_id),
                missing=lambda: {"found": False},
            )
        )
        return listing_from_source(found["_source"]) if found.get("found") else None

    def documents(self) -> Iterator[str]:
        """Every listing's document in id order, a page at a time. Not one view:
        a listing written or deleted while the export runs may or may not be in it.

        Unlike searches, an export reads an index of an older template version
        (every version keeps the listing in `doc`): it is how such an index's
        directory gets to the file its rebuild needs."""
        self._connect()
        if not lifecycle.live_indices(self.client, self.alias):
            raise StoreUnavailable(self._no_index())
        body: dict[str, Any] = {"query": {"match_all": {}}, "size": EXPORT_PAGE,
                                "sort": [{"id": {"order": "asc"}}], "_source": ["doc"]}
        while True:
            page = self.client.call("exporting listings",
                                    lambda c, body=body: c.search(index=self.alias, body=body))
            hits = page["hits"]["hits"]
            for hit in hits:
                yield json.dumps(hit["_source"]["doc"], ensure_ascii=False, separators=(",", ":"))
            if len(hits) < EXPORT_PAGE:
                return
            body = {**body, "search_after": hits[-1]["sort"]}

    def _beyond_radius(self, q: SearchQuery) -> list[str]:
        """Listings an approximate distance filter admits although they are outside."""
        if q.point is None or not self.trim_radius:
            return []
        band = boundary_band(q)
        resp = self.client.call("searching", lambda c: c.search(index=self.alias, body=band))
        return [
            h["_id"]
            for h in resp["hits"]["hits"]
            if _nearest_point_mi(h["_source"].get("locations", []), q.point.lat, q.point.lon)
            > q.radius_mi
        ]

    def search(self, query: SearchQuery) -> SearchResult:
        build_search(query)  # checks the cursor before any network call

        def work() -> dict[str, Any]:
            body = build_search(query, self._beyond_radius(query))
            return self.client.call("searching", lambda c: c.search(index=self.alias, body=body))

        resp = self._run(work)
        raw_hits = resp["hits"]["hits"]
        page = raw_hits[: query.limit]
        hits = []
        for raw in page:
            listing = listing_from_source(raw["_source"])
            distance = (
                nearest_mi(listing, query.point.lat, query.point.lon) if query.point else None
            )
            score = raw.get("_score") if query.text is not None else None
            hits.append(
                Hit(
                    listing=listing,
                    distance_mi=distance,
                    score=float(score) if score is not None else None,
                )
            )
        cursor = None
        if len(raw_hits) > query.limit and hits:
            if effective_sort(query) == "relevance":
                key: Any = f"{OFFSET}{cursor_offset(query) + len(hits)}"
                tie_mi = None
            else:
                key, tie_mi = cursor_keys(query, page[-1]["sort"])
            cursor = next_cursor(query, hits[-1], key, tie_mi)
        return SearchResult(
            results=hits,
            total=int(resp["hits"]["total"]["value"]),
            facets=parse_facets(resp["aggregations"], self.facet_order) if query.facets else {},
            next_cursor=cursor,
        )

    # ---- operations --------------------------------------------------
    def stats(
        self, *, today: date | None = None, stale_after_days: int = DEFAULT_STALE_AFTER_DAYS
    ) -> dict[str, Any]:
        window = StaleWindow.ending(today, stale_after_days)
        body = stats_body(window, len(self.encoder.states), len(self.encoder.known["insurance"]))

        def collect() -> dict[str, Any]:
            resp = self.client.call(
                "reading stats", lambda c: c.search(index=self.alias, body=body)
            )
            info = self.client.call("reading cluster info", lambda c: c.info())
            return {
                "store": self.url.redacted(),
                **parse_stats(resp, window),
                "indices": lifecycle.live_indices(self.client, self.alias),
                "template_version": mapping.template_version(),
                "engine": {
                    "distribution": info.get("version", {}).get("distribution", "elasticsearch"),
                    "version": info.get("version", {}).get("number"),
                },
            }

        return self._run(collect)

    def ping(self) -> None:
        """StoreUnavailable unless the alias answers a count."""
        self._run(
            lambda: self.client.call("checking the index", lambda c: c.count(index=self.alias))
        )

    def close(self) -> None:
        self.client.close()
