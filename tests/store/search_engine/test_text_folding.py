"""Ø, Ł, ß... in an engine index written before the application folded them."""

from __future__ import annotations

from tests.store.searching import ids, run
from tests.utils.factories import make_listing
from tests.utils.stores import loaded
from therapist_finder.store import open_store
from therapist_finder.store.search_engine import documents
from therapist_finder.store.search_engine.text import fts_text
from therapist_finder.vocab import load_vocabularies


def test_an_index_written_before_folding_finds_names_as_written_until_rebuilt(engine_url, monkeypatch):
    listings = [make_listing("soren", name="S\u00f8ren Dahl"), make_listing("other", name="Dana Brook")]
    # Documents as the earlier release wrote them: text cut by unicode61 only.
    monkeypatch.setattr(documents, "fts_text", lambda text: fts_text(text, fold=False))
    store = loaded(open_store(engine_url, vocabs=load_vocabularies()), listings)
    monkeypatch.undo()
    try:
        for q in ("S\u00f8ren", "s\u00f8ren dahl"):
            assert ids(run(store, q=q, limit=100)) == ["soren"], q
        assert run(store, q="soren").total == 0  # the ASCII spelling needs the documents again
        store.upsert([make_listing("new", name="S\u00f8ren Vale")])  # written folded, beside the old
        assert sorted(ids(run(store, q="S\u00f8ren", limit=100))) == ["new", "soren"]
        assert ids(run(store, q="soren", limit=100)) == ["new"]
        store.upsert(listings[:1])
        for q in ("S\u00f8ren dahl", "soren dahl", "SOREN DAHL"):
            assert ids(run(store, q=q, limit=100)) == ["soren"], q
    finally:
        store.close()
