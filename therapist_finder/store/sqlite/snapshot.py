"""Columnar, in-memory view of the store that searches run against.

Rows are listings in a spatial (Z-order) sequence, so a geographic query's
candidates sit in a narrow band of the bitsets. Per value that any listing
has there is one bitset over all rows (`bits(v)`, uint64 words; values nobody
has share one zero row, which keeps memory in proportion to the data);
locations are kept sorted by latitude for a binary-searched band scan.

Two loaders build the same structure: `load_full` (every listing; the API
server keeps it and reloads when the data generation changes) and
`load_around` (only listings with a location in a box, found through the
R*Tree; used by one-shot searches so they need not load everything).
"""

from __future__ import annotations

import bisect
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np

from therapist_finder.memory import prefer_mmap_for_large_blocks, release_free_memory
from therapist_finder.store.sqlite.rows import LOCATION_SLOTS
from therapist_finder.store.sqlite.valuespace import ValueSpace

CHUNK = 50_000
# Listings no source dated are never called stale: there is no evidence.
NEVER_SEEN_STALE = np.iinfo(np.int32).max


def _morton(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Z-order key from 16-bit quantized coordinates (nearby rows cluster)."""

    def spread(v: np.ndarray) -> np.ndarray:
        v = v.astype(np.uint64) & np.uint64(0xFFFF)
        for shift, mask in ((8, 0x00FF00FF), (4, 0x0F0F0F0F), (2, 0x33333333), (1, 0x55555555)):
            v = (v | (v << np.uint64(shift))) & np.uint64(mask)
        return v

    qy = np.clip((lat + 90.0) / 180.0 * 65535, 0, 65535)
    qx = np.clip((lon + 180.0) / 360.0 * 65535, 0, 65535)
    return spread(qy) | (spread(qx) << np.uint64(1))


# Searches' intermediate results kept per snapshot (see `Snapshot.memo`); a
# dense 25-mile circle at 2M listings is about 3 MB.
MEMO_SIZE = 4
T = TypeVar("T")


def _ranks(order_rowids: np.ndarray, rowid_to_row) -> np.ndarray:
    ranks = np.empty(len(order_rowids), dtype=np.int32)
    ranks[rowid_to_row(order_rowids)] = np.arange(len(order_rowids), dtype=np.int32)
    return ranks


@dataclass
class Snapshot:
    """Search-ready columns; build with `Snapshot.build`."""

    rowids: np.ndarray  # int64, row -> sqlite rowid
    value_bits: np.ndarray  # uint64 [present values, words], in bit order
    present: np.ndarray  # int64, the value bits that have a row, ascending
    fee_low: np.ndarray  # float64, NaN when unknown
    last_seen: np.ndarray  # int32 day ordinal; NEVER_SEEN_STALE when unknown
    id_rank: np.ndarray  # int32, rank of the listing id
    name_rank: np.ndarray  # int32, rank by (name_key, id)
    loc_lat: np.ndarray  # float64, sorted ascending
    loc_lon: np.ndarray
    loc_row: np.ndarray  # int32
    generation: str = ""
    partial: bool = False
    # Partial snapshots keep their sorted keys to place a cursor by bisection.
    sorted_ids: list[str] = field(default_factory=list)
    sorted_names: list[tuple[str, str]] = field(default_factory=list)
    _memo: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    _memo_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False, compare=False)

    @classmethod
    def blank(cls) -> Snapshot:
        """An instance whose columns the caller sets (builders and the
        snapshot cache fill them one by one rather than through __init__)."""
        snap = cls.__new__(cls)
        snap._memo, snap._memo_lock = {}, threading.Lock()
        return snap

    def memo(self, key: tuple, compute: Callable[[], T]) -> T:
        """`compute()`, kept for the next MEMO_SIZE distinct keys. A page of
        results, its hint counts, the next page and a facet click all search
        around the same point: at 2M listings finding the rows within 25 miles
        of Manhattan is 11 of the 14 ms such a search takes. Results belong to
        this snapshot, so a new snapshot starts empty; callers must not
        change what they get."""
        with self._memo_lock:
            if key in self._memo:
                return self._memo[key]
        value = compute()
        with self._memo_lock:
            self._memo[key] = value
            while len(self._memo) > MEMO_SIZE:
                del self._memo[next(iter(self._memo))]
        return value

    @property
    def size(self) -> int:
        return len(self.rowids)

    @property
    def words(self) -> int:
        return self.value_bits.shape[1]

    def bits(self, bit: int) -> np.ndarray:
        """The bitset of one value (all zeros when no listing has it)."""
        i = np.searchsorted(self.present, bit)
        if i < len(self.present) and self.present[i] == bit:
            return self.value_bits[i]
        return self._zero

    def axis_rows(self, start: int, stop: int) -> tuple[np.ndarray, np.ndarray]:
        """(bitsets view, their value bits) for the values in [start, stop)."""
        lo, hi = np.searchsorted(self.present, [start, stop])
        return self.value_bits[lo:hi], self.present[lo:hi]

    def rows_for_rowids(self, rowids: np.ndarray) -> np.ndarray:
        """Snapshot rows of the given sqlite rowids; -1 where absent."""
        pos = np.searchsorted(self._rowid_sorted, rowids)
        pos = np.minimum(pos, len(self._rowid_sorted) - 1)
        hit = self._rowid_sorted[pos] == rowids if len(self._rowid_sorted) else np.zeros(len(rowids), bool)
        return np.where(hit, self._rowid_order[pos] if len(self._rowid_sorted) else -1, -1)

    @classmethod
    def build(
        cls,
        space: ValueSpace,
        rowids,
        facts: bytes,
        fee_low,
        last_seen,
        loc_listing,
        loc_lat,
        loc_lon,
        id_order,
        name_order,
        generation: str = "",
        partial: bool = False,
    ) -> Snapshot:
        """Assemble a snapshot from raw columns (rowids in any order)."""
        rowids = np.asarray(rowids, dtype=np.int64)
        n = len(rowids)
        facts_m = (
            np.frombuffer(facts, dtype=np.uint8).reshape(n, space.nbytes)
            if n
            else np.zeros((0, space.nbytes), np.uint8)
        )
        loc_listing = np.asarray(loc_listing, dtype=np.int64)
        loc_lat = np.asarray(loc_lat, dtype=np.float64)
        loc_lon = np.asarray(loc_lon, dtype=np.float64)
        # Spatial row order: each listing keyed by its first location.
        sort_rowids = np.argsort(rowids, kind="stable")
        rowid_sorted = rowids[sort_rowids]
        first_lat = np.full(n, 91.0)
        first_lon = np.full(n, 181.0)
        if len(loc_listing):
            pos = np.searchsorted(rowid_sorted, loc_listing)
            owner = sort_rowids[np.minimum(pos, n - 1)]
            first_lat[owner[::-1]] = loc_lat[::-1]
            first_lon[owner[::-1]] = loc_lon[::-1]
        order = np.argsort(_morton(first_lat, first_lon), kind="stable")
        rowids = rowids[order]
        # float64: a fee of 59.99 must satisfy max_fee=59.99 exactly, as in every store.
        fee = np.asarray(fee_low, dtype=np.float64)[order]
        snap = cls.blank()
        snap.rowids = rowids
        snap._index_rowids()
        words = max(1, (n + 63) // 64)
        snap.value_bits, snap.present = _transpose_bits(facts_m, order, space.size, words)
        snap._zero = np.zeros(words, dtype=np.uint64)
        snap.fee_low = fee
        snap.last_seen = np.asarray(last_seen, dtype=np.int32)[order]
        snap.id_rank = _ranks(np.asarray(id_order, dtype=np.int64), snap._rows_strict)
        snap.name_rank = _ranks(np.asarray(name_order, dtype=np.int64), snap._rows_strict)
        loc_rows = snap._rows_strict(loc_listing) if len(loc_listing) else np.zeros(0, np.int32)
        by_lat = np.argsort(loc_lat, kind="stable")
        snap.loc_lat, snap.loc_lon = loc_lat[by_lat], loc_lon[by_lat]
        snap.loc_row = loc_rows[by_lat].astype(np.int32)
        snap.generation, snap.partial = generation, partial
        snap.sorted_ids, snap.sorted_names = [], []
        return snap

    def _index_rowids(self) -> None:
        self._rowid_order = np.argsort(self.rowids, kind="stable").astype(np.int32)
        self._rowid_sorted = self.rowids[self._rowid_order]

    def _rows_strict(self, rowids: np.ndarray) -> np.ndarray:
        return self._rowid_order[np.searchsorted(self._rowid_sorted, rowids)]

    # Cursor placement for partial snapshots (full ones ask SQLite).
    def id_position(self, listing_id: str) -> float:
        i = bisect.bisect_left(self.sorted_ids, listing_id)
        exact = i < len(self.sorted_ids) and self.sorted_ids[i] == listing_id
        return float(i) if exact else i - 0.5

    def name_position(self, key: str, listing_id: str) -> float:
        i = bisect.bisect_left(self.sorted_names, (key, listing_id))
        exact = i < len(self.sorted_names) and self.sorted_names[i] == (key, listing_id)
        return float(i) if exact else i - 0.5


def _transpose_bits(
    facts: np.ndarray, order: np.ndarray, nbits: int, words: int
) -> tuple[np.ndarray, np.ndarray]:
    """Per-listing packed bits -> one packed bitset per present value, rows
    taken in `order` one byte column at a time (no reordered copy of facts)."""
    n = facts.shape[0]
    any_byte = np.bitwise_or.reduce(facts, axis=0) if n else np.zeros(facts.shape[1], np.uint8)
    present = np.array([b for b in range(nbits) if (any_byte[b >> 3] >> (b & 7)) & 1], dtype=np.int64)
    out = np.zeros((len(present), words), dtype=np.uint64)
    padded = np.zeros(words * 64, dtype=np.uint8)
    column, column_byte = None, -1
    for row, bit in enumerate(present):
        if bit >> 3 != column_byte:
            column_byte = bit >> 3
            column = facts[order, column_byte]
        padded[:n] = (column >> (bit & 7)) & 1
        out[row] = np.packbits(padded, bitorder="little").view(np.uint64)
    return out, present


# Unknowns come out of SQL as sentinels so every chunk converts to numpy in C;
# millions of Python floats and ints would fragment a server's heap for good.
LISTING_COLUMNS = (
    f"SELECT rowid, facts, coalesce(fee_low, -1.0), coalesce(last_seen, {NEVER_SEEN_STALE}) FROM listings"
)


def _read_listings(conn: sqlite3.Connection, sql: str, params=()):
    """(rowids, facts, fees, last_seen) as numpy arrays, read chunk by chunk."""
    rowids, facts, fees, seen = [], [], [], []
    cur = conn.execute(sql, params)
    while rows := cur.fetchmany(CHUNK):
        ids, blobs, fee, day = zip(*rows, strict=True)
        rowids.append(np.array(ids, dtype=np.int64))
        facts.append(np.frombuffer(b"".join(blobs), dtype=np.uint8))
        fees.append(np.array(fee, dtype=np.float64))
        seen.append(np.array(day, dtype=np.int64))
    fee_all = _concat(fees, np.float64)
    fee_all[fee_all < 0] = np.nan
    return _concat(rowids, np.int64), _concat(facts, np.uint8), fee_all, _concat(seen, np.int64)


def _concat(parts: list[np.ndarray], dtype) -> np.ndarray:
    return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)


def _read_column(conn: sqlite3.Connection, sql: str, params=()) -> np.ndarray:
    cur = conn.execute(sql, params)
    parts = []
    while rows := cur.fetchmany(CHUNK):
        parts.append(np.array(rows, dtype=np.float64).reshape(len(rows), -1))
    return np.concatenate(parts) if parts else np.zeros((0, 3))


def _read_rowids(conn: sqlite3.Connection, sql: str) -> np.ndarray:
    cur = conn.execute(sql)
    parts = []
    while rows := cur.fetchmany(CHUNK):
        parts.append(np.array(rows, dtype=np.int64).reshape(-1))
    return _concat(parts, np.int64)


def load_full(conn: sqlite3.Connection, space: ValueSpace, generation: str) -> Snapshot:
    """Every listing, for a long-running server."""
    prefer_mmap_for_large_blocks()
    rowids, facts, fees, seen = _read_listings(conn, LISTING_COLUMNS)
    # Every location, read from the R*Tree's own rowid table (its auxiliary
    # columns a0..a2 are listing, lat, lon): a scan of the R*Tree itself looks
    # each entry's row up there one by one, 11 s instead of 1 s at 2M.
    locs = _read_column(conn, "SELECT a0, a1, a2 FROM location_rtree_rowid")
    id_order = _read_rowids(conn, "SELECT rowid FROM listings ORDER BY id")
    name_order = _read_rowids(conn, "SELECT rowid FROM listings ORDER BY name_key, id")
    snap = Snapshot.build(
        space, rowids, facts, fees, seen, locs[:, 0], locs[:, 1], locs[:, 2], id_order, name_order, generation
    )
    release_free_memory()
    return snap


def _lon_ranges(min_lon: float, max_lon: float) -> list[tuple[float, float]]:
    """A box's longitudes as ranges within [-180, 180]. A circle near the
    antimeridian has a box past +-180 (see `bounding_box`); the part beyond
    wraps round to the other end, where the points' longitudes are."""
    if max_lon - min_lon >= 360:
        return [(-180.0, 180.0)]
    if min_lon < -180:
        return [(min_lon + 360, 180.0), (-180.0, max_lon)]
    if max_lon > 180:
        return [(min_lon, 180.0), (-180.0, max_lon - 360)]
    return [(min_lon, max_lon)]


def load_around(conn: sqlite3.Connection, space: ValueSpace, box, generation: str) -> Snapshot:
    """Only listings with a location inside `box`, found through the R*Tree."""
    min_lat, max_lat, min_lon, max_lon = box
    parts = [
        _read_column(
            conn,
            "SELECT listing, lat, lon FROM location_rtree WHERE max_lat >= ? AND min_lat <= ?"
            " AND max_lon >= ? AND min_lon <= ?",
            (min_lat, max_lat, west, east),
        )
        for west, east in _lon_ranges(min_lon, max_lon)
    ]
    locs = np.concatenate(parts)
    wanted = sorted({int(x) for x in locs[:, 0]})
    rowids, facts, fees, seen, keys = [], [], [], [], []
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for rowid, fact, fee, day, lid, nkey in conn.execute(
            f"SELECT rowid, facts, fee_low, last_seen, id, name_key FROM listings WHERE rowid IN ({marks})",
            chunk,
        ):
            rowids.append(rowid)
            facts.append(fact)
            fees.append(np.nan if fee is None else fee)
            seen.append(NEVER_SEEN_STALE if day is None else day)
            keys.append((lid, nkey, rowid))
    keys.sort()
    names = sorted(keys, key=lambda k: (k[1], k[0]))
    snap = Snapshot.build(
        space,
        rowids,
        b"".join(facts),
        fees,
        seen,
        locs[:, 0],
        locs[:, 1],
        locs[:, 2],
        [k[2] for k in keys],
        [k[2] for k in names],
        generation,
        partial=True,
    )
    snap.sorted_ids = [k[0] for k in keys]
    snap.sorted_names = [(k[1], k[0]) for k in names]
    return snap


__all__ = ["LOCATION_SLOTS", "Snapshot", "load_around", "load_full"]
