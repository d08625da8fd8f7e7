"""The SQLite store's stats(), without reading a single document.

At 2M listings the documents are over 4 GB and reading them takes minutes,
so everything is counted from the `listings` columns and the value bits:

- kind, last_seen and fee_low in one aggregate scan of `listings` (0.6 s);
- the value bits (states, payers, yes/no flags) from the current snapshot
  when one is loaded or saved (a popcount per value, milliseconds), else
  from one read of the `facts` column into numpy (about 1 s);
- offices from the R*Tree's rowid table: a listing's located offices hold
  ids rowid * LOCATION_SLOTS + 0, 1, ..., so slot 0 marks a located listing.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any, get_args

import numpy as np

from therapist_finder.schema import Kind
from therapist_finder.store.directory_stats import (
    FRESHNESS_WINDOWS,
    DirectoryTallies,
    StaleWindow,
    within_key,
)
from therapist_finder.store.sqlite import bitsets, snapshot_cache
from therapist_finder.store.sqlite.rows import LOCATION_SLOTS
from therapist_finder.store.sqlite.snapshot import CHUNK, Snapshot
from therapist_finder.store.sqlite.valuespace import STATE_AXIS, ValueSpace

KINDS = get_args(Kind)
INSURANCE_AXIS = "insurance"
# The counts that are one flag bit each (accepting_new's unknown is neither of its two).
FLAG_COUNTS = {
    "accepting_yes": "accepting_new:true",
    "accepting_no": "accepting_new:false",
    "sliding_scale": "sliding_scale:true",
    "telehealth": "telehealth:true",
}
# Per byte value, which of its 8 bits are set (little bit order, as facts are packed).
_BITS_OF_BYTE = np.unpackbits(np.arange(256, dtype=np.uint8)[:, None], axis=1, bitorder="little")


def collect(conn: sqlite3.Connection, space: ValueSpace, window: StaleWindow, snap: Snapshot | None) -> dict:
    """listings, by_kind, locations and the DirectoryTallies sections; `snap`
    is the snapshot of the data `conn` reads, if there is one."""
    counts = _column_counts(conn, window)
    per_bit, counts["with_insurance"] = (
        _bits_from_snapshot(snap, space) if snap is not None else _bits_from_facts(conn, space)
    )
    locations, counts["located"] = conn.execute(
        f"SELECT count(*), coalesce(sum(rowid % {LOCATION_SLOTS} = 0), 0) FROM location_rtree_rowid"
    ).fetchone()

    def bit_count(axis: str, value: str = "1") -> int:
        return int(per_bit[space.index[(axis, value)]])

    for name, axis in FLAG_COUNTS.items():
        counts[name] = bit_count(axis)
    tallies = DirectoryTallies.from_counts(
        counts,
        oldest_seen=_day(counts["oldest"]),
        newest_seen=_day(counts["newest"]),
        by_state={state: bit_count(STATE_AXIS, state) for state in space.axes[STATE_AXIS]},
        by_insurance={payer: bit_count(INSURANCE_AXIS, payer) for payer in space.axes[INSURANCE_AXIS]},
    )
    by_kind = {kind: counts[f"kind_{kind}"] for kind in KINDS if counts[f"kind_{kind}"]}
    sections = tallies.sections(window)
    return {"listings": counts["listings"], "by_kind": by_kind, "locations": locations, **sections}


def snapshot_of(generation: str, loaded: Snapshot | None, saved_beside: Path | None,
                fingerprint: str) -> Snapshot | None:
    """A snapshot of exactly this generation: the store's loaded one, else
    one saved beside the database file `saved_beside` (memory-mapped, so
    cheap), else None."""
    if loaded is not None and loaded.generation == generation:
        return loaded
    return snapshot_cache.load(saved_beside, generation, fingerprint) if saved_beside is not None else None


def _column_counts(conn: sqlite3.Connection, window: StaleWindow) -> dict[str, int]:
    """One scan of `listings`: counts by kind, by last_seen and of known fees.
    Kinds are summed, not grouped: GROUP BY sorts every row, twice the time."""
    parts = {"listings": "count(*)"}
    params: list[Any] = []
    for days in FRESHNESS_WINDOWS:
        parts[within_key(days)] = "sum(last_seen >= ?)"
        params.append(window.since(days).toordinal())
    parts["stale"] = "sum(last_seen < ?)"  # NULL < x is NULL: undated listings are never stale
    params.append(window.fresh_since.toordinal())
    parts["never_seen"] = "sum(last_seen IS NULL)"
    parts["with_fee"] = "sum(fee_low IS NOT NULL)"
    for kind in KINDS:
        parts[f"kind_{kind}"] = "sum(kind = ?)"
        params.append(kind)
    sums = {name: f"coalesce({sql}, 0)" for name, sql in parts.items()}  # sum() of no rows is NULL
    sums.update(oldest="min(last_seen)", newest="max(last_seen)")
    row = conn.execute(f"SELECT {', '.join(sums.values())} FROM listings", params).fetchone()
    return dict(zip(sums, row, strict=True))


def _bits_from_snapshot(snap: Snapshot, space: ValueSpace) -> tuple[np.ndarray, int]:
    """(listings per value bit, listings with any payer) from the bitsets."""
    per_bit = np.zeros(space.size, dtype=np.int64)
    per_bit[snap.present] = np.bitwise_count(snap.value_bits).sum(axis=1, dtype=np.int64)
    axis = space.axis_range(INSURANCE_AXIS)
    payers, _ = snap.axis_rows(axis.start, axis.stop)
    insured = bitsets.count(np.bitwise_or.reduce(payers, axis=0)) if len(payers) else 0
    return per_bit, insured


def _bits_from_facts(conn: sqlite3.Connection, space: ValueSpace) -> tuple[np.ndarray, int]:
    """The same from the `facts` column, chunk by chunk: a histogram of the
    values of each byte stats() reads (a third of them), turned into per-bit
    counts at the end; other bits count 0. No Python runs per row."""
    axes = (INSURANCE_AXIS, STATE_AXIS, *FLAG_COUNTS.values())
    wanted = _mask(space, *[space.axis_range(axis) for axis in axes])
    columns = np.flatnonzero(wanted)
    histograms = np.zeros((len(columns), 256), dtype=np.int64)
    payer_mask = _mask(space, space.axis_range(INSURANCE_AXIS))
    payer_bytes = np.flatnonzero(payer_mask)
    insured = 0
    cur = conn.execute("SELECT facts FROM listings")
    while rows := cur.fetchmany(CHUNK):
        facts = np.frombuffer(b"".join([row[0] for row in rows]), dtype=np.uint8).reshape(len(rows), -1)
        for i, byte in enumerate(columns):
            histograms[i] += np.bincount(facts[:, byte], minlength=256)
        insured += int(np.count_nonzero((facts[:, payer_bytes] & payer_mask[payer_bytes]).any(axis=1)))
    per_byte = np.zeros((space.nbytes, 8), dtype=np.int64)
    per_byte[columns] = histograms @ _BITS_OF_BYTE
    return per_byte.reshape(-1)[: space.size], insured


def _mask(space: ValueSpace, *axes: range) -> np.ndarray:
    """Packed bytes with the given value bits set (the layout of `facts`)."""
    mask = np.zeros(space.nbytes * 8, dtype=bool)
    for bits in axes:
        mask[bits.start : bits.stop] = True
    return np.packbits(mask, bitorder="little")


def _day(ordinal: int | None) -> date | None:
    return date.fromordinal(ordinal) if ordinal is not None else None
