"""The packed R*Tree load against SQLite's own inserts of the same points."""

from __future__ import annotations

import random
import sqlite3

import pytest

from therapist_finder.store.sqlite.rtree_pack import PointBuffer, SideBuild, pack

DDL = (
    "CREATE VIRTUAL TABLE r USING rtree"
    " (id, min_lat, max_lat, min_lon, max_lon, +listing INTEGER, +lat REAL, +lon REAL)"
)
INSERT = "INSERT INTO r VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
BOX = "SELECT id FROM r WHERE max_lat >= ? AND min_lat <= ? AND max_lon >= ? AND min_lon <= ? ORDER BY id"


def _points(n: int, seed: int) -> list[tuple[int, int, float, float]]:
    rng = random.Random(seed)
    return [
        (listing * 64 + k, listing, rng.uniform(-60, 70), rng.uniform(-179, 179))
        for listing in range(1, n + 1)
        for k in range(1 + (listing % 3 == 0))
    ]


def _inserted(points) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute(DDL)
    conn.executemany(INSERT, [(e, lat, lat, lon, lon, r, lat, lon) for e, r, lat, lon in points])
    return conn


def _packed(points) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute(DDL)
    buffer = PointBuffer()
    if points:
        buffer.add(*zip(*points, strict=True))
    pack(conn, "r", buffer)
    return conn


@pytest.mark.parametrize("n", [0, 1, 30, 700, 20_000])
def test_packed_tree_stores_what_inserts_store_and_answers_the_same(n):
    points = _points(n, seed=n)
    inserted, packed = _inserted(points), _packed(points)
    everything = "SELECT * FROM r ORDER BY id"
    # Same float32 boxes, same auxiliary values: the rounding is SQLite's.
    assert packed.execute(everything).fetchall() == inserted.execute(everything).fetchall()
    assert packed.execute("SELECT rtreecheck('r')").fetchone() == ("ok",)
    rng = random.Random(7)
    for _ in range(40):
        lat, lon = rng.uniform(-60, 70), rng.uniform(-179, 179)
        box = (lat - 3, lat + 3, lon - 4, lon + 4)
        assert packed.execute(BOX, box).fetchall() == inserted.execute(BOX, box).fetchall()


def test_a_packed_tree_takes_later_inserts_and_deletes():
    packed = _packed(_points(3000, seed=1))
    later = [(10**9 + i, i % 50, i % 50, 2.0, 2.0, 10**6, i % 50, 2.0) for i in range(500)]
    packed.executemany(INSERT, later)
    packed.execute("DELETE FROM r WHERE id < 64 * 1500")
    assert packed.execute("SELECT rtreecheck('r')").fetchone() == ("ok",)
    assert packed.execute("SELECT count(*) FROM r WHERE id >= 10000000").fetchone()[0] == 500
    assert packed.execute("SELECT count(*) FROM r WHERE listing < 1500").fetchone()[0] == 0


def test_points_cleared_before_a_listing_is_written_again_are_dropped():
    buffer = PointBuffer()
    buffer.add([64, 128, 129], [1, 2, 2], [10.0, 11.0, 11.5], [20.0, 21.0, 21.5])
    buffer.clear([2])  # listing 2 is replaced later in the same load ...
    buffer.add([128, 192], [2, 3], [40.0, 12.0], [-70.0, 22.0])  # ... with one new location
    conn = sqlite3.connect(":memory:")
    conn.execute(DDL)
    assert pack(conn, "r", buffer) == 3
    assert conn.execute("SELECT id, lat, lon FROM r ORDER BY id").fetchall() == [
        (64, 10.0, 20.0),
        (128, 40.0, -70.0),
        (192, 12.0, 22.0),
    ]


def test_packing_refuses_a_tree_that_has_entries():
    conn = _inserted(_points(3, seed=2))
    buffer = PointBuffer()
    buffer.add([10_000], [9], [1.0], [2.0])
    with pytest.raises(ValueError, match="not empty"):
        pack(conn, "r", buffer)


def _file_with_tree(path):
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA page_size=16384")
    conn.execute(DDL)
    return conn


def test_a_tree_packed_in_a_side_file_is_copied_in_whole(tmp_path):
    points = _points(5000, seed=3)
    conn = _file_with_tree(tmp_path / "main.db")
    buffer = PointBuffer()
    buffer.add(*zip(*points, strict=True))
    side = SideBuild(conn, "r", buffer, tmp_path / "main.db.rtree")
    conn.execute("CREATE TABLE other_work (x)")  # the main connection is free meanwhile
    side.copy_into(conn)
    everything = "SELECT * FROM r ORDER BY id"
    assert conn.execute(everything).fetchall() == _inserted(points).execute(everything).fetchall()
    assert conn.execute("SELECT rtreecheck('r')").fetchone() == ("ok",)
    assert not (tmp_path / "main.db.rtree").exists()
    assert conn.execute("PRAGMA database_list").fetchall()[-1][1] == "main"  # detached


def test_a_failed_side_build_raises_in_the_caller_and_leaves_no_file(tmp_path):
    conn = _file_with_tree(tmp_path / "main.db")
    buffer = PointBuffer()
    buffer.add([1], [1], [1.0], [2.0])
    side = SideBuild(conn, "r", buffer, tmp_path / "gone" / "main.db.rtree")  # cannot be created
    with pytest.raises(sqlite3.OperationalError, match="unable to open"):
        side.copy_into(conn)
    assert conn.execute("SELECT count(*) FROM r").fetchone() == (0,)
    assert conn.execute("PRAGMA database_list").fetchall()[-1][1] == "main"
