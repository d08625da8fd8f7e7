"""What a snapshot keeps between searches (`Snapshot.memo`)."""

from __future__ import annotations

import numpy as np
import pytest

from tests.store.contract import LATLON, all_pages, ids, run
from tests.utils.factories import ORIGIN, make_listing, north_of
from therapist_finder.store.sqlite import SqliteStore, engine, snapshot


@pytest.fixture
def store(tmp_path):
    store = SqliteStore(tmp_path / "dir.db", snapshot_mode="full", cache_snapshots=False)
    store.rebuild([make_listing(f"{i:02d}", at=north_of(*ORIGIN, i * 0.5),
                                telehealth=i % 2 == 0) for i in range(40)])
    yield store
    store.close()


def _geo_calls(monkeypatch) -> list[tuple]:
    calls: list[tuple] = []
    real = engine.geo_rows

    def counted(snap, lat, lon, radius):
        calls.append((lat, lon, radius))
        return real(snap, lat, lon, radius)

    monkeypatch.setattr(engine, "geo_rows", counted)
    return calls


def test_searches_around_one_point_find_its_rows_once(store, monkeypatch):
    calls = _geo_calls(monkeypatch)
    first = ids(run(store, **LATLON, radius_mi=10))
    # The same circle with a filter, a count-only search, the next pages: one lookup.
    assert ids(run(store, **LATLON, radius_mi=10)) == first
    assert len(ids(run(store, **LATLON, radius_mi=10, telehealth=True))) == len(first) // 2
    assert all_pages(store, 7, **LATLON, radius_mi=10) == first
    assert len(calls) == 1
    run(store, **LATLON, radius_mi=5)
    assert len(calls) == 2


def test_a_write_starts_a_new_snapshot_with_nothing_remembered(store, monkeypatch):
    calls = _geo_calls(monkeypatch)
    before = ids(run(store, **LATLON, radius_mi=3))
    store.upsert([make_listing("new", at=north_of(*ORIGIN, 0.2))])
    after = ids(run(store, **LATLON, radius_mi=3))
    assert after == [before[0], "new", *before[1:]] and len(calls) == 2


def test_memo_keeps_the_last_few_keys_and_hands_out_read_only_arrays(store):
    run(store, **LATLON, radius_mi=10)
    snap = store._snap
    assert snap is not None
    (match,) = snap._memo.values()
    with pytest.raises(ValueError):
        match.bits[0] = np.uint64(0)  # a later search shares it
    for radius in range(1, snapshot.MEMO_SIZE + 3):
        run(store, **LATLON, radius_mi=radius)
    assert len(snap._memo) == snapshot.MEMO_SIZE
    assert ("geo", *ORIGIN, float(snapshot.MEMO_SIZE + 2)) in snap._memo
