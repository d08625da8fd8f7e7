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
from tests.store.factories import store_factory
from tests.store.search_engine.engines import engine_url  # noqa: F401  (fixture)
from therapist_finder.store import open_store


@pytest.fixture
def make_store(engine_url):  # noqa: F811
    yield from store_factory(lambda vocabs: open_store(engine_url, vocabs=vocabs))


class TestSearchEngineStore(StoreContract):
    pass
