"""Loading a bulk import's points into an empty R*Tree in one packed pass.

SQLite inserts R*Tree entries one at a time, choosing a leaf and splitting
nodes as it goes: measured here at about 14 us a point, 37 s of a 2M-listing
rebuild. A rebuild knows every point before it needs the tree, so it holds
them (`PointBuffer`) and writes the R*Tree's own three tables directly, with
the nodes packed by Sort-Tile-Recursive (Leutenegger et al., 1997): sort by
longitude into vertical slices, each slice by latitude, and cut runs of
`fill` entries into nodes; repeat one level up until one node is left.

The layout written is the one SQLite's r-tree module documents in
ext/rtree/rtree.c ("Database Format of R-Tree Tables"):
  %_node(nodeno, data)   node 1 is the root; every node blob is as long as the
                         root's: 2 bytes tree depth (root only), 2 bytes cell
                         count, then cells of an 8-byte id and 4 float32
                         coordinates, all big-endian;
  %_rowid(rowid, nodeno, a0..)  each entry's leaf and auxiliary columns;
  %_parent(nodeno, parentnode)  each non-root node's parent.
Coordinates are rounded outward to float32 exactly as the module does for
an INSERT, so both paths store the same values (a test compares them, and
checks the result with SQLite's own `rtreecheck`).
"""

from __future__ import annotations

import math
import sqlite3
import threading
from array import array
from collections.abc import Iterable
from pathlib import Path

import numpy as np

# Nodes are filled to about 70% so that later upserts into a bulk-built file
# do not split nearly every node they touch (SQLite's own inserts leave nodes
# about that full).
FILL = 0.7
CELL = np.dtype([("id", ">i8"), ("box", ">f4", (4,))])
# SQLite's rtreeValueDown/Up: how it widens a double that float32 rounded
# the wrong way.
CHUNK = 100_000
_TOWARDS = 1.0 - 1.0 / 8388608.0
_AWAY = 1.0 + 1.0 / 8388608.0


class PointBuffer:
    """The points of a bulk load, kept until the R*Tree is written at the end.

    Rows are (entry id, listing rowid, lat, lon). A listing replaced later in
    the same load (its id repeated in the file) keeps its rowid, so its
    earlier points are forgotten with `clear`.
    """

    def __init__(self) -> None:
        self.ids, self.listings = array("q"), array("q")
        self.lats, self.lons = array("d"), array("d")
        self._cleared: dict[int, int] = {}  # listing rowid -> points held when cleared

    def __len__(self) -> int:
        return len(self.ids)

    def add(self, ids, listings, lats, lons) -> None:
        """Append points given as columns (sequences or numpy arrays)."""
        self.ids.frombytes(np.asarray(ids, dtype=np.int64).tobytes())
        self.listings.frombytes(np.asarray(listings, dtype=np.int64).tobytes())
        self.lats.frombytes(np.asarray(lats, dtype=np.float64).tobytes())
        self.lons.frombytes(np.asarray(lons, dtype=np.float64).tobytes())

    def clear(self, listing_rowids: Iterable[int]) -> None:
        for rowid in listing_rowids:
            self._cleared[rowid] = len(self.ids)

    def live(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(ids, listings, lats, lons) of the points not cleared since added."""
        ids = np.frombuffer(self.ids, dtype=np.int64)
        listings = np.frombuffer(self.listings, dtype=np.int64)
        lats, lons = np.frombuffer(self.lats), np.frombuffer(self.lons)
        if self._cleared:  # rare: ids repeated within one file
            keys = np.fromiter(self._cleared, dtype=np.int64, count=len(self._cleared))
            held = np.fromiter(self._cleared.values(), dtype=np.int64, count=len(self._cleared))
            order = np.argsort(keys)
            keys, held = keys[order], held[order]
            where = np.minimum(np.searchsorted(keys, listings), len(keys) - 1)
            stale = (keys[where] == listings) & (np.arange(len(ids)) < held[where])
            ids, listings, lats, lons = (column[~stale] for column in (ids, listings, lats, lons))
        return ids, listings, lats, lons


def float32_down(values: np.ndarray) -> np.ndarray:
    rounded = values.astype(np.float32)
    nudged = (values * np.where(values < 0, _AWAY, _TOWARDS)).astype(np.float32)
    return np.where(rounded.astype(np.float64) > values, nudged, rounded)


def float32_up(values: np.ndarray) -> np.ndarray:
    rounded = values.astype(np.float32)
    nudged = (values * np.where(values < 0, _TOWARDS, _AWAY)).astype(np.float32)
    return np.where(rounded.astype(np.float64) < values, nudged, rounded)


def _tile(boxes: np.ndarray, fill: int) -> np.ndarray:
    """Sort-Tile-Recursive order of entries: longitude slices, latitude within."""
    lat = boxes[:, 0].astype(np.float64) + boxes[:, 1]
    lon = boxes[:, 2].astype(np.float64) + boxes[:, 3]
    nodes = math.ceil(len(boxes) / fill)
    per_slice = math.ceil(math.sqrt(nodes)) * fill
    by_lon = np.argsort(lon, kind="stable")
    slice_of = np.empty(len(boxes), dtype=np.int64)
    slice_of[by_lon] = np.arange(len(boxes)) // per_slice
    return np.lexsort((lat, slice_of))


class _Level:
    """One level of nodes: their cells in node order and each node's box."""

    def __init__(self, ids: np.ndarray, boxes: np.ndarray, fill: int) -> None:
        self.order = _tile(boxes, fill)
        self.ids, self.boxes = ids[self.order], boxes[self.order]
        self.numbers = np.zeros(0, dtype=np.int64)  # node numbers, set by `pack`
        self.starts = np.arange(0, len(self.order), fill)
        self.node_boxes = np.column_stack(
            [
                np.minimum.reduceat(self.boxes[:, 0], self.starts),
                np.maximum.reduceat(self.boxes[:, 1], self.starts),
                np.minimum.reduceat(self.boxes[:, 2], self.starts),
                np.maximum.reduceat(self.boxes[:, 3], self.starts),
            ]
        )

    def node_of_cell(self) -> np.ndarray:
        return np.repeat(self.numbers, np.diff([*self.starts.tolist(), len(self.ids)]))

    def blobs(self, node_size: int, depth: int | None) -> list[bytes]:
        """Each node's blob; `depth` is written only into the root."""
        cells = np.empty(len(self.ids), dtype=CELL)
        cells["id"], cells["box"] = self.ids, self.boxes
        raw = cells.tobytes()
        ends = [*self.starts[1:].tolist(), len(self.ids)]
        out = []
        for start, end in zip(self.starts.tolist(), ends, strict=True):
            head = (depth or 0).to_bytes(2, "big") + (end - start).to_bytes(2, "big")
            body = raw[start * CELL.itemsize : end * CELL.itemsize]
            out.append((head + body).ljust(node_size, b"\0"))
        return out


def pack(conn: sqlite3.Connection, table: str, points: PointBuffer) -> int:
    """Write `points` into the empty R*Tree `table`; returns how many."""
    ids, listings, lats, lons = points.live()
    if len(ids) == 0:
        return 0
    if conn.execute(f"SELECT count(*) FROM {table}_rowid").fetchone()[0]:
        raise ValueError(f"{table} is not empty: packing builds a new tree only")
    node_size = conn.execute(f"SELECT length(data) FROM {table}_node WHERE nodeno = 1").fetchone()[0]
    fill = max(2, int((node_size - 4) // CELL.itemsize * FILL))
    boxes = np.column_stack([float32_down(lats), float32_up(lats), float32_down(lons), float32_up(lons)])
    levels = [_Level(ids, boxes, fill)]
    while len(levels[-1].starts) > 1:
        below = levels[-1]
        # Node numbers: the root is 1, the others 2.. upward from the leaves.
        first = 2 + sum(len(level.starts) for level in levels[:-1])
        numbers = np.arange(first, first + len(below.starts), dtype=np.int64)
        below.numbers = numbers
        levels.append(_Level(numbers, below.node_boxes.astype(np.float32), fill))
    levels[-1].numbers = np.array([1], dtype=np.int64)
    _write(conn, table, levels, node_size, (ids, listings, lats, lons))
    return len(ids)


def _write(conn, table, levels, node_size, points) -> None:
    nodes, parents = [], []
    for height, level in enumerate(levels):
        depth = len(levels) - 1 if level is levels[-1] else None
        nodes.extend(zip(level.numbers.tolist(), level.blobs(node_size, depth), strict=True))
        if height:  # this level's cells are the nodes of the level below
            parents.extend(zip(level.ids.tolist(), level.node_of_cell().tolist(), strict=True))
    ids, listings, lats, lons = points
    leaf = np.empty(len(ids), dtype=np.int64)
    leaf[levels[0].order] = levels[0].node_of_cell()  # in id order: appends to %_rowid
    conn.execute(f"DELETE FROM {table}_node WHERE nodeno = 1")
    conn.executemany(f"INSERT INTO {table}_node (nodeno, data) VALUES (?, ?)", nodes)
    conn.executemany(f"INSERT INTO {table}_parent (nodeno, parentnode) VALUES (?, ?)", parents)
    insert = f"INSERT INTO {table}_rowid (rowid, nodeno, a0, a1, a2) VALUES (?, ?, ?, ?, ?)"
    for start in range(0, len(ids), CHUNK):  # chunks: Python lists of 2M floats would take ~0.5 GB
        part = slice(start, start + CHUNK)
        columns = (ids[part], leaf[part], listings[part], lats[part], lons[part])
        conn.executemany(insert, zip(*(column.tolist() for column in columns), strict=True))


SHADOWS = ("node", "parent", "rowid")


class SideBuild:
    """`pack` into a side file on a thread, while the main connection does
    other end-of-load work, then copied in (`copy_into`).

    At the end of a 2M-listing rebuild the import workers are done and one
    core is idle; the main connection spends ~8 s on the name index and the
    text-index merge, and packing takes ~4 s, mostly writing 2M %_rowid rows.
    Copying the finished tables in is one `INSERT ... SELECT *` per table,
    which SQLite does by copying records without decoding them.
    """

    def __init__(self, conn: sqlite3.Connection, table: str, points: PointBuffer, side: Path) -> None:
        self.table, self.side = table, side
        ddl = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
        pages = conn.execute("PRAGMA page_size").fetchone()[0]
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(ddl, pages, points), daemon=True)
        self._thread.start()

    def _run(self, ddl: str, pages: int, points: PointBuffer) -> None:
        try:
            self.side.unlink(missing_ok=True)
            side = sqlite3.connect(self.side, isolation_level=None)
            try:
                side.execute(f"PRAGMA page_size={int(pages)}")  # the same node size as the main file
                side.execute("PRAGMA journal_mode=OFF")
                side.execute("PRAGMA synchronous=OFF")
                side.execute(ddl)
                side.execute("BEGIN")
                pack(side, self.table, points)
                side.execute("COMMIT")
            finally:
                side.close()
        except BaseException as exc:  # handed to the caller's thread in copy_into
            self._error = exc

    def copy_into(self, conn: sqlite3.Connection) -> None:
        """Wait for the side file and copy its tables over the empty tree's,
        in a transaction of its own (SQLite cannot detach inside one)."""
        try:
            self._thread.join()
            if self._error is not None:
                raise self._error
            conn.execute("ATTACH DATABASE ? AS side", (str(self.side),))
            try:
                conn.execute("BEGIN")
                for shadow in SHADOWS:
                    name = f"{self.table}_{shadow}"
                    conn.execute(f"DELETE FROM main.{name}")  # only the empty root
                    conn.execute(f"INSERT INTO main.{name} SELECT * FROM side.{name}")
                conn.execute("COMMIT")
            finally:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                conn.execute("DETACH DATABASE side")
        finally:
            self.close()

    def close(self) -> None:
        """Wait for the thread and remove the side file (also after a failure)."""
        self._thread.join()
        self.side.unlink(missing_ok=True)
