"""The store contract against the embedded SQLite store, in both snapshot modes:
the full in-memory snapshot (API server) and the R*Tree-bounded one (one-shot)."""

from __future__ import annotations

import pytest

from tests.store.contract import StoreContract
from therapist_finder.normalize import normalize_listing
from therapist_finder.store.sqlite import SqliteStore
from therapist_finder.vocab import load_vocabularies


@pytest.fixture(params=["full", "rtree"])
def make_store(request, tmp_path):
    stores = []

    def factory(listings):
        vocabs = load_vocabularies()
        store = SqliteStore(tmp_path / "directory.db", snapshot_mode=request.param)
        store.rebuild(normalize_listing(item, vocabs) for item in listings)
        stores.append(store)
        return store

    yield factory
    for store in stores:
        store.close()


class TestSqliteStore(StoreContract):
    pass
