"""Fixtures for the scale-out store's own tests (engines: see engines.py)."""

from __future__ import annotations

import pytest

from tests.store.search_engine.engines import engine_url, store_url  # noqa: F401  (fixture)
from tests.store.search_engine.es_shim import EsShim


@pytest.fixture
def shim(osmem_clone):
    """The test-only Elasticsearch shim in front of a fresh test engine clone."""
    proxy = EsShim(osmem_clone.url)
    yield proxy
    proxy.close()


@pytest.fixture
def es_url(shim) -> str:
    """An elasticsearch:// store URL through the shim."""
    return store_url("elasticsearch", shim.url)
