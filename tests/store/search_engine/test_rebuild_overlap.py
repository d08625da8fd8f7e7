"""A rebuild moves the alias to a new index: what another writer wrote through
the alias meanwhile is left behind, and the rebuild says so."""

from __future__ import annotations

import logging

from tests.store.searching import ids, run
from tests.utils.factories import make_listing
from tests.utils.stores import loaded
from therapist_finder.store import open_store
from therapist_finder.vocab import load_vocabularies


def test_writes_made_while_a_rebuild_runs_are_named_in_a_warning(engine_url, caplog):
    vocabs = load_vocabularies()
    live = loaded(open_store(engine_url, vocabs=vocabs), [make_listing("a")])
    crawl, rebuilding = open_store(engine_url, vocabs=vocabs), open_store(engine_url, vocabs=vocabs)

    def source():
        yield make_listing("c")
        crawl.upsert([make_listing("late"), make_listing("later")])

    try:
        with caplog.at_level(logging.WARNING):
            assert rebuilding.rebuild(source()) == 1
        assert "2 listing(s) written to" in caplog.text and "while it was being rebuilt" in caplog.text
        assert ids(run(rebuilding, limit=100)) == ["c"]
        caplog.clear()
        with caplog.at_level(logging.WARNING):  # nobody writes beside this one
            rebuilding.rebuild([make_listing("d")])
        assert "while it was being rebuilt" not in caplog.text
        assert ids(run(rebuilding, limit=100)) == ["d"]
    finally:
        for store in (live, crawl, rebuilding):
            store.close()
