"""Storage behind one interface; `open_store(url)` picks the implementation."""

from __future__ import annotations

import re
from urllib.parse import ParseResult, urlparse

from therapist_finder.errors import ConfigurationError
from therapist_finder.store.base import Store

SCHEMES = ("sqlite", "elasticsearch", "elasticsearchs", "opensearch", "opensearchs")


def shown_url(url: str) -> str:
    """The URL with any password replaced by ***, for messages."""
    return re.sub(r"(//[^/@:]*:)[^/@]*@", r"\1***@", url)


def split_url(url: str) -> ParseResult:
    """`urlparse(url)`, with a malformed store URL (such as an unclosed IPv6
    bracket) as a ConfigurationError that names it."""
    try:
        return urlparse(url)
    except ValueError as exc:
        raise ConfigurationError(f"store URL '{shown_url(url)}' is malformed: {exc}") from None


def open_store(url: str, **options) -> Store:
    """Open the store named by a URL such as sqlite:///data/directory.db."""
    scheme = split_url(url).scheme
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


__all__ = ["SCHEMES", "Store", "open_store", "shown_url", "split_url"]
