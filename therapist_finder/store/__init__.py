"""Storage behind one interface; `open_store(url)` picks the implementation."""

from __future__ import annotations

from urllib.parse import urlparse

from therapist_finder.errors import ConfigurationError
from therapist_finder.store.base import Store

SCHEMES = ("sqlite", "elasticsearch", "elasticsearchs", "opensearch", "opensearchs")


def open_store(url: str, **options) -> Store:
    """Open the store named by a URL such as sqlite:///data/directory.db."""
    scheme = urlparse(url).scheme
    if scheme == "sqlite":
        from therapist_finder.store.sqlite import SqliteStore

        return SqliteStore.from_url(url, **options)
    if scheme in SCHEMES:
        # Options meant for the embedded store (snapshot_mode) are accepted and ignored.
        from therapist_finder.store.search_engine import SearchEngineStore

        return SearchEngineStore.from_url(url, **options)
    raise ConfigurationError(
        f"unsupported store URL '{url}': accepted schemes are "
        "sqlite:///path, elasticsearch(s)://[user:password@]host:9200 and opensearch(s)://host:9200"
    )


__all__ = ["SCHEMES", "Store", "open_store"]
