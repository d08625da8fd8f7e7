"""Write operations, as functions of one connection inside a transaction.

Only the store's single writer calls these (datasette's one-writer rule).
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from itertools import repeat
from pathlib import Path

import numpy as np

from therapist_finder.schema import Listing
from therapist_finder.store.sqlite import rtree_pack
from therapist_finder.store.sqlite.rows import LOCATION_SLOTS, EncodedBatch, indexed_text

INSERT_LISTING = (
    "INSERT OR REPLACE INTO listings"
    " (rowid, id, kind, name_key, facts, fee_low, last_seen, topics, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
INSERT_DOC = "INSERT OR REPLACE INTO listing_docs (rowid, doc) VALUES (?, ?)"
# A bulk load deletes the rows it replaces, then inserts without OR REPLACE.
# REPLACE makes every row's INSERT a statement with its own savepoint, and
# FTS5 writes its pending text out as a new segment at each savepoint: once
# a batch, some 2,000 small segments at 2M listings, each merged again and
# again. Plain inserts let the text index gather its pending data up to
# BULK_FTS_MERGE's hashsize: measured at 200k listings, 5.9 -> 4.5 s of the
# writer's CPU time.
BULK_INSERTS = tuple(statement.replace("INSERT OR REPLACE", "INSERT", 1)
                     for statement in (INSERT_LISTING, INSERT_DOC))
INSERT_POINT = (
    "INSERT INTO location_rtree (id, min_lat, max_lat, min_lon, max_lon, listing, lat, lon)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
DELETE_POINT = "DELETE FROM location_rtree WHERE id = ?"
INSERT_TEXT = "INSERT INTO listing_text (rowid, name, description, topics) VALUES (?, ?, ?, ?)"
# A contentless FTS5 row is removed by handing back exactly what was indexed.
DELETE_TEXT = (
    "INSERT INTO listing_text (listing_text, rowid, name, description, topics) VALUES ('delete', ?, ?, ?, ?)"
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _existing_rowids(conn: sqlite3.Connection, ids: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    if not ids:
        return found
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        found.update(conn.execute(f"SELECT id, rowid FROM listings WHERE id IN ({marks})", chunk))
    return found


def _clear_dependents(conn: sqlite3.Connection, rowids: list[int], bulk: BulkLoad | None = None) -> None:
    if bulk is not None:  # its points are not in the R*Tree yet
        bulk.points.clear(rowids)
    for rowid in rowids:
        row = conn.execute("SELECT doc, topics FROM listings_with_docs WHERE rowid = ?", (rowid,)).fetchone()
        # Read through the model: a document may be its input line, and
        # FTS5 must be handed back exactly the values it was given.
        listing = Listing.from_stored(row[0]) if row is not None else None
        if bulk is None:
            # Its points hold slots 0..n-1 of its id range (write_batch). They are
            # deleted one id at a time: the R*Tree looks up only an equal id, and
            # "id BETWEEN" scanned every point in the file (80 ms a listing at 2M).
            slots = LOCATION_SLOTS if listing is None else min(
                LOCATION_SLOTS, sum(1 for location in listing.locations if location.has_point))
            low = rowid * LOCATION_SLOTS
            conn.executemany(DELETE_POINT, ((low + slot,) for slot in range(slots)))
        if listing is not None:
            conn.execute(DELETE_TEXT, (rowid, *indexed_text(listing), row[1]))


class SeenIds:
    """Which ids a bulk load may already have written: a one-hash Bloom filter.

    A rebuild writes into an empty file, so looking every id up is wasted
    work, but an id repeated in a later batch must still replace the earlier
    row with its locations and text. Only ids whose bit is already set are
    looked up; at 2M ids in 2^28 bits about 1 in 130 is, needlessly but
    harmlessly. 32 MB, where a set of the ids themselves would be ~150 MB.
    """

    def __init__(self, bits: int = 1 << 28) -> None:
        self._bits = bytearray(bits >> 3)
        self._mask = bits - 1

    def maybe_seen(self, ids: list[str]) -> list[str]:
        """The ids possibly written before (all of them are marked now)."""
        bits, mask, hits = self._bits, self._mask, []
        for listing_id in ids:
            h = hash(listing_id) & mask
            byte, bit = h >> 3, 1 << (h & 7)
            if bits[byte] & bit:
                hits.append(listing_id)
            else:
                bits[byte] |= bit
        return hits


class BulkLoad:
    """One bulk load into a new file: the ids it may have written, and the
    points it holds back for one packed R*Tree write at the end."""

    def __init__(self) -> None:
        self.seen = SeenIds()
        self.points = rtree_pack.PointBuffer()

    def pack_beside(self, conn: sqlite3.Connection, path: Path) -> rtree_pack.SideBuild:
        """Start packing the R*Tree in a file beside `path`; the caller goes
        on with its own work, commits, then calls `copy_into`."""
        return rtree_pack.SideBuild(conn, "location_rtree", self.points, path.with_name(path.name + ".rtree"))


def write_batch(conn: sqlite3.Connection, batch: EncodedBatch, bulk: BulkLoad | None = None) -> int:
    """Insert or replace a batch; returns how many of its listings replaced one
    with the same id (stored before, or earlier in the batch). In a bulk load
    into a new file, only ids the filter may have seen are looked up, and
    points wait for the end."""
    given = len(batch)
    batch = batch.last_of_each_id()
    ids = batch.ids
    existing = _existing_rowids(conn, ids if bulk is None else bulk.seen.maybe_seen(ids))
    # New rows are numbered before a bulk load deletes the rows it replaces: one
    # of those may hold the highest rowid, which a new row must not take again.
    row_list = _rowids(ids, existing, _highest_rowid(conn) + 1)
    if existing:
        _clear_dependents(conn, list(existing.values()), bulk)
        if bulk is not None:
            _delete_rows(conn, list(existing.values()))
    insert_listing, insert_doc = (INSERT_LISTING, INSERT_DOC) if bulk is None else BULK_INSERTS
    rowids = np.asarray(row_list, dtype=np.int64)
    conn.executemany(
        insert_listing,
        zip(
            row_list,
            ids,
            batch.kinds,
            batch.name_keys,
            batch.facts,
            batch.fee_lows,
            batch.last_seen,
            batch.topics,
            repeat(_now()),
        ),
    )
    conn.executemany(insert_doc, zip(row_list, batch.docs, strict=True))
    conn.executemany(INSERT_TEXT, zip(row_list, batch.names, batch.descriptions, batch.topics, strict=True))
    counts = np.asarray(batch.point_counts, dtype=np.int64)
    owners = np.repeat(rowids, counts)
    slots = np.arange(len(owners)) - np.repeat(np.cumsum(counts) - counts, counts)
    entries = owners * LOCATION_SLOTS + slots
    replaced = given - len(ids) + len(existing)
    if bulk is not None:
        bulk.points.add(entries, owners, batch.lats, batch.lons)
        return replaced
    points = zip(entries.tolist(), owners.tolist(), batch.lats, batch.lons, strict=True)
    conn.executemany(INSERT_POINT, ((e, lat, lat, lon, lon, r, lat, lon) for e, r, lat, lon in points))
    return replaced


def _delete_rows(conn: sqlite3.Connection, rowids: list[int]) -> None:
    """Delete listing rows (their points and text are cleared apart)."""
    for table in ("listings", "listing_docs"):
        conn.executemany(f"DELETE FROM {table} WHERE rowid = ?", ((rowid,) for rowid in rowids))


def _rowids(ids: list[str], existing: dict[str, int], first: int) -> list[int]:
    """Replaced listings keep their rowid; new ones take the next unused."""
    if not existing:
        return list(range(first, first + len(ids)))
    rowids = []
    for listing_id in ids:
        rowid = existing.get(listing_id)
        if rowid is None:
            rowid, first = first, first + 1
        rowids.append(rowid)
    return rowids


def _highest_rowid(conn: sqlite3.Connection) -> int:
    """The highest rowid ever used, deleted rows included.

    Rowids are never reused: a server still searching its last snapshot
    must not read a new listing's document for a deleted listing's row.
    """
    row = conn.execute("SELECT value FROM meta WHERE key = 'deleted_rowid_high'").fetchone()
    live = conn.execute("SELECT max(rowid) FROM listings").fetchone()[0] or 0
    return max(live, int(row[0]) if row else 0)


def delete_listing(conn: sqlite3.Connection, listing_id: str) -> bool:
    """Delete one listing with its locations and text; False when absent."""
    row = conn.execute("SELECT rowid FROM listings WHERE id = ?", (listing_id,)).fetchone()
    if row is None:
        return False
    set_meta(conn, deleted_rowid_high=str(_highest_rowid(conn)))
    _clear_dependents(conn, [row[0]])
    _delete_rows(conn, [row[0]])
    return True


def bump_generation(conn: sqlite3.Connection) -> int:
    """Advance the data generation readers use to notice changes."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
    generation = int(row[0]) + 1 if row else 1
    set_meta(conn, generation=str(generation), updated_at=_now())
    return generation


def set_meta(conn: sqlite3.Connection, **values: str) -> None:
    conn.executemany(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        list(values.items()),
    )


def get_meta(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT key, value FROM meta"))
