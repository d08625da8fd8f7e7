"""The embedded store: one SQLite file, searched through in-memory snapshots."""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlparse

from therapist_finder.errors import ConfigurationError, StoreError, StoreUnavailable
from therapist_finder.geo.distance import bounding_box
from therapist_finder.memory import cyclic_gc_paused
from therapist_finder.schema import Listing
from therapist_finder.store.base import Store
from therapist_finder.store.directory_stats import DEFAULT_STALE_AFTER_DAYS, StaleWindow
from therapist_finder.store.query import SearchQuery, SearchResult
from therapist_finder.store.sqlite import connections, reencode, search_reads, snapshot, snapshot_cache, write
from therapist_finder.store.sqlite import stats as sqlite_stats
from therapist_finder.store.sqlite.rows import BatchEncoder, EncodedBatch, encode_batch
from therapist_finder.store.sqlite.valuespace import ValueSpace
from therapist_finder.vocab import Vocabularies, load_vocabularies

logger = logging.getLogger(__name__)

# auto: the full snapshot once loaded, else an R*Tree box per query (one-shot CLI);
# full: always the full snapshot, rebuilt inline when the data changes;
# serve: full, but a server keeps answering from the last snapshot while the
#   next one builds in the background (see _full_snapshot); rtree: never full.
SnapshotMode = Literal["auto", "full", "serve", "rtree"]
BATCH = 5000
Progress = Callable[[int], None]


class SqliteStore(Store):
    """See the package docstring; thread-safe, one writer, many readers."""

    def __init__(
        self,
        path: str | Path,
        *,
        vocabs: Vocabularies | None = None,
        snapshot_mode: SnapshotMode = "auto",
        synchronous: str = "NORMAL",
        cache_snapshots: bool = True,
    ) -> None:
        self.path = Path(path)
        self.cache_snapshots = cache_snapshots
        self.vocabs = vocabs or load_vocabularies()
        self._packaged_vocabs = vocabs is None
        self.space = ValueSpace.from_vocabularies(self.vocabs)
        self.snapshot_mode = snapshot_mode
        self.synchronous = synchronous
        self._writer: sqlite3.Connection | None = None
        self._write_lock = threading.Lock()
        self._local = threading.local()
        self._snap: snapshot.Snapshot | None = None
        self._snap_lock = threading.Lock()
        self._refresher: threading.Thread | None = None

    @classmethod
    def from_url(cls, url: str, **options: Any) -> SqliteStore:
        """sqlite:///relative/path.db or sqlite:////absolute/path.db."""
        parsed = urlparse(url)
        if parsed.netloc or parsed.path in ("", "/"):
            raise ConfigurationError(
                f"sqlite store URL '{url}' needs three slashes and a file path:"
                " sqlite:///data/directory.db (relative) or sqlite:////srv/directory.db (absolute)"
            )
        return cls(parsed.path[1:], **options)  # drop the slash that ends "sqlite://"

    # ---- connections -------------------------------------------------
    def _writer_conn(self, check: bool = True) -> sqlite3.Connection:
        if self._writer is None:
            conn = connections.open_writer(self.path, self.synchronous)
            if check:
                self._check_meta(conn, writable=True)
            self._writer = conn
        return self._writer

    def _other_schema(self) -> str:
        return (
            f"{self.path} was written by another schema version; rebuild it with"
            " 'therapist-finder index --rebuild FILE' or 'therapist-finder demo'"
        )

    def _migrate(self, conn: sqlite3.Connection, version: str) -> None:
        def upgrade(c: sqlite3.Connection) -> bool:
            # Read again under the write lock: another writer may have upgraded the
            # file since `_check_meta` read it, and some steps must run only once
            # (the text index's must hand FTS5 back exactly what it holds).
            if write.get_meta(c).get("schema_version") != version:
                return False
            for step in connections.MIGRATIONS[version]:
                if callable(step):
                    step(c)
                else:
                    c.execute(step)
            write.set_meta(c, schema_version=connections.SCHEMA_VERSION)
            return True

        self._transaction(conn, upgrade, changed=bool)

    def _reader(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = connections.open_reader(self.path)
            self._local.conn = conn
        return conn

    def _check_meta(self, conn: sqlite3.Connection, writable: bool) -> None:
        meta = write.get_meta(conn)
        if not meta and writable:
            write.set_meta(
                conn,
                schema_version=connections.SCHEMA_VERSION,
                values=self.space.fingerprint,
                build_id=uuid.uuid4().hex,
                generation="0",
            )
            return
        version = meta.get("schema_version")
        if writable and version in connections.MIGRATIONS:
            self._migrate(conn, version)
        elif version != connections.SCHEMA_VERSION:
            raise StoreError(self._other_schema())
        if writable and meta.get("values") != self.space.fingerprint:
            reencode.reencode(conn, self.space, self.vocabs, packaged=self._packaged_vocabs)

    # ---- writes ------------------------------------------------------
    def _encoded(self, listings: Iterable[Listing]) -> Iterator[EncodedBatch]:
        it = iter(listings)
        while batch := list(islice(it, BATCH)):
            yield encode_batch(batch, self.space, self.vocabs)

    def preparer(self) -> BatchEncoder:
        return BatchEncoder()

    def upsert(self, listings: Iterable[Listing], progress: Progress | None = None) -> int:
        return self.upsert_prepared(self._encoded(listings), progress)

    def rebuild(self, listings: Iterable[Listing], progress: Progress | None = None) -> int:
        return self.rebuild_prepared(self._encoded(listings), progress)

    def upsert_prepared(
        self, batches: Iterable[EncodedBatch], progress: Progress | None = None
    ) -> int:
        """Write batches made by `preparer()` (possibly in other processes)."""
        written, self.last_replaced = 0, 0
        with self._write_lock, cyclic_gc_paused():
            conn = self._writer_conn()
            for batch in batches:
                self.last_replaced += self._transaction(conn, lambda c, b=batch: write.write_batch(c, b))
                written += len(batch)
                if progress:
                    progress(written)
        return written

    def _transaction(self, conn: sqlite3.Connection, work: Callable[[sqlite3.Connection], Any],
                     changed: Callable[[Any], bool] | None = None) -> Any:
        """`work` in one write transaction; the generation moves on unless
        `changed` says from its result that nothing was written."""
        try:
            conn.execute("BEGIN IMMEDIATE")
            result = work(conn)
            if changed is None or changed(result):
                write.bump_generation(conn)
            conn.execute("COMMIT")
            return result
        except BaseException as exc:  # nothing may leave the one writer inside a transaction
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise StoreError(f"write to {self.path} failed: {exc}") from exc
            raise

    def delete(self, listing_id: str) -> bool:
        with self._write_lock:
            return self._transaction(self._writer_conn(), lambda c: write.delete_listing(c, listing_id))

    def rebuild_prepared(
        self, batches: Iterable[EncodedBatch], progress: Progress | None = None
    ) -> int:
        """Build a fresh file beside the live one, then copy it in atomically."""
        # Unique per rebuild: two stores of one process may rebuild the same path.
        scratch = self.path.with_name(f"{self.path.name}.rebuild-{os.getpid()}-{uuid.uuid4().hex[:8]}")
        with self._write_lock, cyclic_gc_paused():
            before = self._live_state()
            old = before[0]
            conn = connections.open_scratch(scratch, connections.page_size(self.path))
            written, replaced, bulk, points = 0, 0, write.BulkLoad(), None
            try:
                conn.execute("BEGIN")
                for batch in batches:
                    replaced += write.write_batch(conn, batch, bulk)
                    written += len(batch)
                    if progress:
                        progress(written)
                points = bulk.pack_beside(conn, scratch)
                connections.finish_scratch(conn)
                write.set_meta(
                    conn,
                    schema_version=connections.SCHEMA_VERSION,
                    values=self.space.fingerprint,
                    build_id=uuid.uuid4().hex,
                    generation=str(old + 1),
                )
                conn.execute("COMMIT")
                points.copy_into(conn)
                self._note_writes_meanwhile(conn, before)
                conn.execute("PRAGMA journal_mode=WAL")
                self._swap_in(conn, scratch)
                self.last_replaced = replaced
            except sqlite3.Error as exc:
                raise StoreError(f"rebuilding {self.path} failed: {exc}") from exc
            finally:
                if points is not None:
                    points.close()
                conn.close()
                scratch.unlink(missing_ok=True)
        return written

    def _live_state(self) -> tuple[int, str | None]:
        """(generation, build_id) of the live file; (0, None) when there is none."""
        if not self.path.exists():
            return 0, None
        try:  # any file, even one of an older schema, may be rebuilt
            meta = write.get_meta(self._writer_conn(check=False))
            return int(meta.get("generation", "0")), meta.get("build_id")
        except (sqlite3.Error, ValueError):
            return 0, None

    def _note_writes_meanwhile(self, built: sqlite3.Connection, before: tuple[int, str | None]) -> None:
        """Say so when another writer (a crawl, another import) wrote to the live
        file while the rebuild ran: the swap replaces those writes. They are not
        carried over: doing that right needs every write and removal logged by
        generation (a review found that carrying rows over by time brought back
        listings a crawl had merged away, and merged two overlapping rebuilds)."""
        generation, build_id = self._live_state()
        if generation <= before[0]:
            return
        if build_id == before[1]:
            logger.warning(
                "%d write(s) made to %s while it was being rebuilt (by a crawl, say) are replaced"
                " by the rebuilt index; run them again", generation - before[0], self.path)
        else:
            logger.warning("another rebuild of %s finished while this one ran; this one replaces it",
                           self.path)
        # Past every generation the live file went through, so readers see a change.
        write.set_meta(built, generation=str(generation + 1))

    def _swap_in(self, built: sqlite3.Connection, scratch: Path) -> None:
        if self._writer is None and not self.path.exists():
            built.close()
            self.path.parent.mkdir(parents=True, exist_ok=True)
            os.replace(scratch, self.path)
            return
        # The backup API replaces every page in one write transaction: WAL
        # readers see the old index until it commits, then the new one.
        target = self._writer_conn()
        built.backup(target)
        target.execute("PRAGMA wal_checkpoint(PASSIVE)")

    # ---- reads -------------------------------------------------------
    def get(self, listing_id: str) -> Listing | None:
        row = self._read(
            lambda c: c.execute("SELECT doc FROM listings_with_docs WHERE id = ?", (listing_id,)).fetchone()
        )
        return Listing.from_stored(row[0]) if row else None

    def documents(self) -> Iterator[str]:
        """Every listing's stored document, in the order written. Its own
        connection holds one read transaction throughout, so an export taken
        while a crawl writes is the directory as it was when it began."""
        conn = connections.open_reader(self.path)
        try:
            self._check_meta(conn, writable=False)
            conn.execute("BEGIN")
            rows = conn.execute("SELECT doc FROM listing_docs ORDER BY rowid")
            while chunk := rows.fetchmany(1000):
                for (doc,) in chunk:
                    yield doc
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"reading {self.path} failed: {exc}") from exc
        finally:
            conn.close()

    def _read(self, work: Callable[[sqlite3.Connection], Any]) -> Any:
        try:
            return work(self._reader())
        except sqlite3.Error as exc:
            self._local.conn = None
            raise StoreUnavailable(f"reading {self.path} failed: {exc}") from exc

    def _generation(self, conn: sqlite3.Connection) -> str:
        meta = dict(
            conn.execute(
                "SELECT key, value FROM meta"
                " WHERE key IN ('build_id', 'generation', 'values', 'schema_version')"
            )
        )
        version = meta.get("schema_version")
        if version in connections.MIGRATIONS:
            raise StoreUnavailable(
                f"{self.path} was written by schema version {version}; any write to it, or starting"
                " the server on it, upgrades it in place"
            )
        if version != connections.SCHEMA_VERSION:
            raise StoreUnavailable(self._other_schema())
        if meta.get("values") != self.space.fingerprint:
            raise StoreUnavailable(
                f"{self.path} was indexed with other vocabularies; run 'therapist-finder index --rebuild'"
                " (or any write, which re-encodes it)"
            )
        return f"{meta.get('build_id')}:{meta.get('generation')}"

    def warm(self) -> None:
        """Load the full snapshot now (a server does this at start-up).

        A file of an older schema version is upgraded in place, and one
        written with other vocabularies is re-encoded, first: after an upgrade
        the server heals the file instead of answering 503.
        """
        if self.path.exists():
            meta = self._read(write.get_meta)
            version = meta.get("schema_version")
            current = version == connections.SCHEMA_VERSION
            stale_values = current and meta.get("values") != self.space.fingerprint
            if version in connections.MIGRATIONS or stale_values:
                with self._write_lock:
                    self._writer_conn()
        self._read(self._full_snapshot)

    def _full_snapshot(self, conn: sqlite3.Connection) -> snapshot.Snapshot:
        generation = self._generation(conn)
        snap = self._snap
        if snap is not None and snap.generation == generation:
            return snap
        if snap is not None and self.snapshot_mode == "serve" and _same_build(snap.generation, generation):
            # Upserts and deletes keep rowids, so the last snapshot still
            # names the right listings; searches read current documents and
            # skip deleted ones while the next snapshot builds (30 s at 2M).
            self._refresh_in_background()
            return snap
        with self._snap_lock:
            snap = self._snap
            if snap is None or snap.generation != generation:
                own = not conn.in_transaction
                if own:
                    conn.execute("BEGIN")  # one consistent read for the whole load
                try:
                    snap = self._snap = self._load_or_build(conn, generation)
                finally:
                    if own:
                        conn.execute("COMMIT")
            return snap  # this generation's, whatever a refresh thread swaps in meanwhile

    def _refresh_in_background(self) -> None:
        with self._snap_lock:
            if self.refreshing:
                return
            self._refresher = threading.Thread(target=self._refresh, name="snapshot-refresh", daemon=True)
            self._refresher.start()

    def _refresh(self) -> None:
        """Thread: build the current generation's snapshot, then swap it in."""
        try:
            self._read(self._full_snapshot_now)
        except (StoreError, StoreUnavailable):
            pass  # searches keep the last snapshot; the next one tries again
        finally:
            self._close_reader()  # this thread's reader ends with it

    def _full_snapshot_now(self, conn: sqlite3.Connection) -> None:
        conn.execute("BEGIN")  # one consistent read for the whole load
        try:
            generation = self._generation(conn)
            if self._snap is not None and self._snap.generation == generation:
                return
            built = self._load_or_build(conn, generation)
        finally:
            conn.execute("COMMIT")
        with self._snap_lock:
            # Only forward within one build: a search may have loaded a
            # rebuild's (or a later) snapshot while this one was building.
            current = self._snap
            if current is None or _is_later(built.generation, current.generation):
                self._snap = built

    @property
    def refreshing(self) -> bool:
        """Whether searches are answered from the last snapshot while the next builds."""
        refresher = self._refresher
        return refresher is not None and refresher.is_alive()

    def wait_for_refresh(self, timeout: float | None = None) -> None:
        """Block until a background snapshot refresh, if any, has finished."""
        refresher = self._refresher
        if refresher is not None:
            refresher.join(timeout)

    def _load_or_build(self, conn: sqlite3.Connection, generation: str) -> snapshot.Snapshot:
        """The saved snapshot of this generation if there is one, else build and save it."""
        fingerprint = self.space.fingerprint
        saved = snapshot_cache.load(self.path, generation, fingerprint) if self.cache_snapshots else None
        if saved is not None:
            return saved
        built = snapshot.load_full(conn, self.space, generation)
        if self.cache_snapshots:
            snapshot_cache.save(self.path, built, fingerprint)
        return built

    def _snapshot_for(self, conn: sqlite3.Connection, q: SearchQuery) -> snapshot.Snapshot:
        use_rtree = q.point is not None and (
            self.snapshot_mode == "rtree"
            or (
                self.snapshot_mode == "auto"
                and (self._snap is None or self._snap.generation != self._generation(conn))
            )
        )
        if not use_rtree:
            return self._full_snapshot(conn)
        box = bounding_box(q.point.lat, q.point.lon, q.radius_mi)
        return snapshot.load_around(conn, self.space, box, self._generation(conn))

    def search(self, query: SearchQuery) -> SearchResult:
        return self._read(lambda conn: self._search(conn, query))

    def _search(self, conn: sqlite3.Connection, q: SearchQuery) -> SearchResult:
        conn.execute("BEGIN")  # snapshot, text matches and docs from one read
        try:
            return search_reads.execute(conn, self._snapshot_for(conn, q), self.space, q)
        finally:
            conn.execute("COMMIT")

    # ---- operations --------------------------------------------------
    def stats(
        self, *, today: date | None = None, stale_after_days: int = DEFAULT_STALE_AFTER_DAYS
    ) -> dict[str, Any]:
        window = StaleWindow.ending(today, stale_after_days)
        saved = self.path if self.cache_snapshots else None

        def collect(conn: sqlite3.Connection) -> dict[str, Any]:
            conn.execute("BEGIN")  # every count from one read
            try:
                # Bits written with other vocabularies cannot be read: this raises, as for a search.
                generation = self._generation(conn)
                snap = sqlite_stats.snapshot_of(generation, self._snap, saved, self.space.fingerprint)
                counted = sqlite_stats.collect(conn, self.space, window, snap)
                meta = write.get_meta(conn)
            finally:
                conn.execute("COMMIT")
            return {"store": f"sqlite:///{self.path}", **counted, "file_bytes": self.path.stat().st_size,
                    "meta": meta}

        return self._read(collect)

    def ping(self) -> None:
        self._read(lambda c: c.execute("SELECT 1 FROM meta LIMIT 1").fetchall())

    def close(self) -> None:
        self.wait_for_refresh()
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        self._close_reader()

    def _close_reader(self) -> None:
        """Close the calling thread's read connection, if it has one."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None


def _same_build(old: str, new: str) -> bool:
    """Whether two generations ("build_id:number") are of one build (rowids
    kept); a rebuild is not."""
    return old.partition(":")[0] == new.partition(":")[0]


def _is_later(new: str, old: str) -> bool:
    """Whether generation `new` follows `old` in the same build."""
    try:
        return _same_build(old, new) and int(new.partition(":")[2]) > int(old.partition(":")[2])
    except ValueError:
        return False
