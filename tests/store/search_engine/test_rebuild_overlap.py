"""A rebuild switches the alias to a new index; what another writer wrote meanwhile is kept."""

from __future__ import annotations

import logging

from tests.store.searching import ids, run
from tests.utils.factories import make_listing
from tests.utils.stores import loaded
from therapist_finder.store import open_store
from therapist_finder.store.search_engine import store as engine_store
from therapist_finder.vocab import load_vocabularies


def test_listings_written_while_a_rebuild_runs_survive_the_alias_switch(engine_url, monkeypatch, caplog):
    """Another store on the same alias (as another process: a crawl) writes while
    the rebuild reads its input; switching the alias used to drop those writes."""
    vocabs = load_vocabularies()
    live = loaded(open_store(engine_url, vocabs=vocabs),
                  [make_listing("a"), make_listing("b", name="Bea Original")])
    crawl = open_store(engine_url, vocabs=vocabs)
    monkeypatch.setattr(engine_store, "CARRY_PAGE", 2)  # three documents: two pages

    def source():
        yield make_listing("c")
        crawl.upsert([make_listing("late", name="Lorna Latecomer"), make_listing("b", name="Bea Renamed"),
                      make_listing("later", name="Lars Laterday")])
        yield make_listing("d")

    rebuilding = open_store(engine_url, vocabs=vocabs)
    try:
        with caplog.at_level(logging.WARNING):
            assert rebuilding.rebuild(source()) == 2
        assert "kept 3 listing(s) written to" in caplog.text
        assert sorted(ids(run(rebuilding, limit=100))) == ["b", "c", "d", "late", "later"]  # "a" is gone
        assert ids(run(rebuilding, q="latecomer")) == ["late"] and ids(run(rebuilding, q="renamed")) == ["b"]
        assert rebuilding.get("test:b").name == "Bea Renamed"
    finally:
        for store in (live, crawl, rebuilding):
            store.close()


def test_a_rebuild_nobody_wrote_beside_carries_nothing(engine_url, caplog):
    vocabs = load_vocabularies()
    store = loaded(open_store(engine_url, vocabs=vocabs), [make_listing("a")])
    try:
        with caplog.at_level(logging.WARNING):
            store.rebuild([make_listing("c")])
        assert "while it was being rebuilt" not in caplog.text
        assert ids(run(store, limit=100)) == ["c"]
    finally:
        store.close()
