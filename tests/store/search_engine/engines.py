"""Engines for the scale-out store tests, as pytest fixtures.

- `opensearch`: the in-memory OpenSearch-compatible engine from the
  `osmem-server` package (its pytest plugin starts one server per session;
  every test gets its own copy-on-write clone, on its own port).
- `elasticsearch-shim`: the same engine behind es_shim.EsShim, so the
  official Elasticsearch client and the elasticsearch:// code path run in CI.
  TEST HARNESS ONLY, not a compatibility claim: see es_shim.py.
- `elasticsearch-real` / `opensearch-real`: real servers, whenever
  THERAPIST_FINDER_TEST_ELASTICSEARCH_URL / THERAPIST_FINDER_TEST_OPENSEARCH_URL
  is set (e.g. elasticsearch://elastic:secret@127.0.0.1:9200). Each test uses
  its own alias and removes its indices and templates afterwards.

Test modules import `engine_url` from here.
"""

from __future__ import annotations

import os
import uuid
from urllib.parse import urlencode, urlparse, urlunparse

import pytest

from tests.store.search_engine.es_shim import EsShim
from therapist_finder.store.search_engine.clients import EngineClient
from therapist_finder.store.search_engine.url import parse_url

REAL = {
    "elasticsearch-real": "THERAPIST_FINDER_TEST_ELASTICSEARCH_URL",
    "opensearch-real": "THERAPIST_FINDER_TEST_OPENSEARCH_URL",
}
BACKENDS = ["opensearch", "elasticsearch-shim"] + [
    name for name, var in REAL.items() if os.environ.get(var)
]


def with_alias(url: str, alias: str) -> str:
    """The store URL with ?alias= set (other options kept)."""
    parts = urlparse(url)
    query = dict(p.split("=", 1) for p in parts.query.split("&") if "=" in p)
    query["alias"] = alias
    return urlunparse(parts._replace(query=urlencode(query)))


def store_url(flavor: str, http_url: str, alias: str = "listings") -> str:
    """opensearch://host:port?alias=... for an engine listening on http_url."""
    return f"{flavor}://{urlparse(http_url).netloc}?alias={alias}"


def remove_alias_everything(url: str) -> None:
    """Delete a test alias's indices and templates from a real cluster."""
    parsed = parse_url(url)
    client = EngineClient(parsed)
    alias = parsed.alias
    try:
        raw = client.raw
        raw.indices.delete(index=f"{alias}-*")
        raw.indices.delete_index_template(name=f"{alias}-template")
        for part in ("settings", "mappings"):
            raw.cluster.delete_component_template(name=f"{alias}-{part}")
    except Exception:  # best effort: a leftover test index is harmless
        pass
    finally:
        client.close()


@pytest.fixture(params=BACKENDS)
def engine_url(request):
    """A store URL on a fresh, empty cluster (or a fresh alias on a real one)."""
    backend = request.param
    if backend in REAL:
        url = with_alias(os.environ[REAL[backend]], f"tf-test-{uuid.uuid4().hex[:12]}")
        yield url
        remove_alias_everything(url)
        return
    clone = request.getfixturevalue("osmem_clone")
    if backend == "opensearch":
        yield store_url("opensearch", clone.url)
        return
    shim = EsShim(clone.url)
    yield store_url("elasticsearch", shim.url)
    shim.close()
