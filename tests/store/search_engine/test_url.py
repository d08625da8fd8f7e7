"""Parsing scale-out store URLs, credentials and options."""

from __future__ import annotations

import pytest

from therapist_finder.errors import ConfigurationError
from therapist_finder.store import open_store
from therapist_finder.store.search_engine import SearchEngineStore
from therapist_finder.store.search_engine.url import parse_url


def test_elasticsearch_with_credentials():
    url = parse_url("elasticsearch://elastic:s%40cret@search.internal:9201")
    assert (url.flavor, url.scheme, url.host, url.port) == (
        "elasticsearch",
        "http",
        "search.internal",
        9201,
    )
    assert (url.username, url.password) == ("elastic", "s@cret")
    assert url.node == "http://search.internal:9201"
    assert "s@cret" not in url.redacted() and "elastic:***@" in url.redacted()


def test_https_variants_default_port_and_options():
    url = parse_url(
        "opensearchs://admin:pw@127.0.0.1?alias=directory_v2&verify_certs=false&timeout=3"
    )
    assert (url.flavor, url.scheme, url.port) == ("opensearch", "https", 9200)
    assert (url.alias, url.verify_certs, url.timeout) == ("directory_v2", False, 3.0)
    assert parse_url("elasticsearchs://h").scheme == "https"
    assert parse_url("opensearch://h").username is None


@pytest.mark.parametrize(
    "bad, words",
    [
        ("elasticsearch://", "needs a host"),
        ("elasticsearch://h:9200/listings", "takes no path"),
        ("opensearch://h?shards=3", "unknown store URL option"),
        ("opensearch://h?alias=Bad Name", "not a valid index name"),
        ("opensearch://h?verify_certs=maybe", "true or false"),
        ("opensearch://h?radius_check=sometimes", "radius_check"),
        ("redis://h", "not a scale-out store URL"),
        ("opensearch://[::1", "'opensearch://[::1' is malformed: Invalid IPv6 URL"),
        ("opensearchs://admin:secret@[::1", "'opensearchs://admin:***@[::1' is malformed"),
    ],
)
def test_bad_urls_say_what_is_wrong(bad, words):
    with pytest.raises(ConfigurationError) as err:
        parse_url(bad)
    assert words in str(err.value)


def test_open_store_routes_and_does_not_connect():
    # Nothing listens on port 1: opening must not connect (lazily, on first use).
    store = open_store("elasticsearch://elastic:pw@127.0.0.1:1", snapshot_mode="full")
    assert isinstance(store, SearchEngineStore)
    assert store.url.flavor == "elasticsearch"
    assert isinstance(open_store("opensearch://127.0.0.1:1"), SearchEngineStore)
