"""The store contract against the embedded SQLite store, in both snapshot modes:
the full in-memory snapshot (API server) and the R*Tree-bounded one (one-shot)."""

from __future__ import annotations

import pytest

from tests.store.contract import StoreContract
from tests.store.factories import store_factory
from therapist_finder.store.sqlite import SqliteStore


@pytest.fixture(params=["full", "rtree"])
def make_store(request, tmp_path):
    db_path = tmp_path / "directory.db"
    yield from store_factory(lambda _vocabs: SqliteStore(db_path, snapshot_mode=request.param))


class TestSqliteStore(StoreContract):
    pass
