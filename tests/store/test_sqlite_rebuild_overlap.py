"""A rebuild swaps a new file in: what another writer wrote meanwhile is replaced,
and the rebuild says so."""

from __future__ import annotations

import logging

from tests.store.contract import LATLON, ids, run
from tests.utils.factories import make_listing
from therapist_finder.store.sqlite import SqliteStore


def _live(path):
    store = SqliteStore(path)
    store.rebuild([make_listing("a")])
    return store


def test_writes_made_while_a_rebuild_runs_are_named_in_a_warning(tmp_path, caplog):
    """Another store on the same file (its own connection and lock, as another
    process: a crawl) writes while the rebuild reads its input."""
    path = tmp_path / "dir.db"
    _live(path).close()
    rebuilding, crawl = SqliteStore(path), SqliteStore(path)
    seen = []

    def source():
        yield from rebuilding._encoded([make_listing("c")])
        crawl.upsert([make_listing("late")])
        crawl.delete("test:a")
        seen.append(int(crawl.stats()["meta"]["generation"]))

    with caplog.at_level(logging.WARNING):
        rebuilding.rebuild_prepared(source())
    assert f"2 write(s) made to {path} while it was being rebuilt" in caplog.text
    assert ids(run(rebuilding, **LATLON)) == ["c"]  # replaced, as the warning says
    assert int(rebuilding.stats()["meta"]["generation"]) > seen[0]  # readers see a change
    for store in (rebuilding, crawl):
        store.close()


def test_an_overlapping_rebuild_is_replaced_whole_not_merged(tmp_path, caplog):
    """Another rebuild that finishes first is replaced by the later one; the two
    stores rebuilding one path in one process use scratch files of their own."""
    path = tmp_path / "dir.db"
    _live(path).close()
    first, second = SqliteStore(path), SqliteStore(path)

    def source():
        yield from first._encoded([make_listing("from-first")])
        second.rebuild([make_listing("from-second-1"), make_listing("from-second-2")])

    with caplog.at_level(logging.WARNING):
        first.rebuild_prepared(source())
    assert "another rebuild of" in caplog.text and "this one replaces it" in caplog.text
    assert ids(run(first, **LATLON)) == ["from-first"]
    assert ids(run(SqliteStore(path), **LATLON)) == ["from-first"]
    for store in (first, second):
        store.close()
    assert not list(tmp_path.glob("dir.db.rebuild-*"))


def test_a_rebuild_nobody_wrote_beside_warns_of_nothing(tmp_path, caplog):
    path = tmp_path / "dir.db"
    store = _live(path)
    with caplog.at_level(logging.WARNING):
        store.rebuild([make_listing("c")])
    assert "rebuil" not in caplog.text
    assert ids(run(store, **LATLON)) == ["c"]
    store.close()
