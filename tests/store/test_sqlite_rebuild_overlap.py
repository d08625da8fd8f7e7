"""A rebuild swaps a new file in; what another writer wrote meanwhile is kept."""

from __future__ import annotations

import logging

from tests.store.contract import LATLON, ids, run
from tests.utils.factories import make_listing
from therapist_finder.store.sqlite import SqliteStore


def test_listings_written_while_a_rebuild_runs_survive_the_swap(tmp_path, caplog):
    """Another store on the same file (its own connection and lock, as another
    process: a crawl, say) writes while the rebuild reads its input. The swap
    used to put the rebuilt file over those writes."""
    path = tmp_path / "dir.db"
    SqliteStore(path).rebuild([make_listing("a"), make_listing("b", name="Bea Original")])
    rebuilding, crawl = SqliteStore(path), SqliteStore(path)
    generations = []

    def source():
        yield from rebuilding._encoded([make_listing("c"), make_listing("d")])
        crawl.upsert([make_listing("late", name="Lorna Latecomer"), make_listing("b", name="Bea Renamed")])
        generations.append(crawl.stats()["meta"]["generation"])

    with caplog.at_level(logging.WARNING):
        rebuilding.rebuild_prepared(source())
    assert "kept 2 listing(s) written to" in caplog.text
    assert sorted(ids(run(rebuilding, **LATLON, limit=100))) == ["b", "c", "d", "late"]  # "a" is gone
    assert ids(run(rebuilding, q="latecomer")) == ["late"] and ids(run(rebuilding, q="renamed")) == ["b"]
    assert run(rebuilding, q="original").total == 0
    assert rebuilding.get("test:b").name == "Bea Renamed"
    assert int(rebuilding.stats()["meta"]["generation"]) > int(generations[0])
    rebuilding.close()
    crawl.close()


def test_a_rebuild_nobody_wrote_beside_carries_nothing(tmp_path, caplog):
    path = tmp_path / "dir.db"
    SqliteStore(path).rebuild([make_listing("a")])
    store = SqliteStore(path)
    with caplog.at_level(logging.WARNING):
        store.rebuild([make_listing("c")])
    assert "while it was being rebuilt" not in caplog.text
    assert ids(run(store, **LATLON)) == ["c"]
    store.close()
