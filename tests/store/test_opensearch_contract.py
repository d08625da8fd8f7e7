"""The store contract against the scale-out store, with the same answers as SQLite.

Backends (see tests/store/search_engine/engines.py): the in-memory
OpenSearch-compatible test engine (osmem-server) through opensearch-py; the
same engine through the official Elasticsearch client behind a test-only
shim (a harness so the elasticsearch:// code path runs in CI, not a claim of
compatibility); and real Elasticsearch / OpenSearch servers whenever
THERAPIST_FINDER_TEST_ELASTICSEARCH_URL / THERAPIST_FINDER_TEST_OPENSEARCH_URL
is set.
"""

from __future__ import annotations

import pytest

from tests.store.contract import StoreContract
from tests.store.search_engine.engines import engine_url  # noqa: F401  (fixture)
from therapist_finder.normalize import normalize_listing
from therapist_finder.store import open_store
from therapist_finder.vocab import load_vocabularies


@pytest.fixture
def make_store(engine_url):  # noqa: F811
    stores = []

    def factory(listings):
        vocabs = load_vocabularies()
        store = open_store(engine_url, vocabs=vocabs)
        store.rebuild(normalize_listing(item, vocabs) for item in listings)
        stores.append(store)
        return store

    yield factory
    for store in stores:
        store.close()


class TestSearchEngineStore(StoreContract):
    pass
