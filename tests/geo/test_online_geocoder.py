"""Street addresses through a configured online geocoder (Nominatim's API),
served by a local fixture server on 127.0.0.1: real geopy, real HTTP."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from search_api.app import create_app
from tests.crawler.fixture_server import FixtureServer, Reply
from therapist_finder.errors import GeocoderUnavailable, LocationNotFound
from therapist_finder.geo.resolve import build_resolver
from therapist_finder.settings import Settings

# The shape Nominatim's /search answers with (format=json); the place is made up.
FOUND = [{"place_id": 1, "lat": "40.7506", "lon": "-73.9935", "display_name": "1 Example Plaza, New York, NY",
          "class": "building", "type": "yes", "importance": 0.5}]


@pytest.fixture()
def nominatim():
    with FixtureServer() as server:
        server.route("/search", Reply(200, json.dumps(FOUND), content_type="application/json"))
        yield server


def resolver_for(server, agent="TherapistFinderTest/0.1 (+https://example.org/contact)"):
    return build_resolver(f"nominatim:http://127.0.0.1:{server.port}", agent, min_delay_s=0)


def test_street_address_resolves_and_is_cached(nominatim):
    resolver = resolver_for(nominatim)
    point = resolver.resolve("1 Example Plaza, New York")
    assert (point.lat, point.lon, point.precision) == (40.7506, -73.9935, "street")
    resolver.resolve("1 Example Plaza, New York")
    assert nominatim.hits("/search") == 1  # the second lookup came from the cache
    request = nominatim.seen[0]
    assert request.headers["User-Agent"].startswith("TherapistFinderTest/0.1")
    assert request.query["q"] == ["1 Example Plaza, New York"]
    assert request.query["countrycodes"] == ["us"]


def test_zip_and_city_never_reach_the_online_geocoder(nominatim):
    resolver = resolver_for(nominatim)
    resolver.resolve("10001")
    resolver.resolve("Austin, TX")
    assert nominatim.hits("/search") == 0


def test_no_match_and_failures_are_clear(nominatim):
    nominatim.route("/search", Reply(200, "[]", content_type="application/json"))
    with pytest.raises(LocationNotFound, match="no place found"):
        resolver_for(nominatim).resolve("99 Nowhere Lane, Atlantis")
    nominatim.route("/search", Reply(500, "boom"))
    with pytest.raises(GeocoderUnavailable):
        resolver_for(nominatim).resolve("98 Nowhere Lane, Atlantis")


def test_api_uses_the_configured_geocoder(nominatim, tmp_path):
    settings = Settings(store=f"sqlite:///{tmp_path / 'none.db'}",
                        geocoder=f"nominatim:http://127.0.0.1:{nominatim.port}", geocoder_min_delay_s=0)
    with TestClient(create_app(settings)) as client:
        resp = client.get("/v1/therapists", params={"near": "1 Example Plaza, New York"})
        assert resp.status_code == 503  # geocoded fine; there is no index in this empty store
        assert nominatim.hits("/search") == 1


@pytest.mark.parametrize("down", [False, True])
def test_a_failing_geocoder_leaves_no_searched_address_in_the_logs(nominatim, caplog, down):
    """geopy logs a retried failure with the call's arguments and a traceback whose
    messages hold the request URL, and urllib3 logs the URL of each request and retry:
    the typed address must not reach any log, at any level."""
    import logging
    import socket

    nominatim.route("/search", Reply(500, "boom"))
    resolver = resolver_for(nominatim)
    if down:  # nothing listens: urllib3 retries the connection and logs each retry
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        resolver = build_resolver(f"nominatim:http://127.0.0.1:{port}", "TherapistFinderTest/0.1", 0)
    address = "42 Fictional Lane, Springfield, IL"
    with caplog.at_level(logging.DEBUG):
        with pytest.raises(GeocoderUnavailable):
            resolver.resolve(address)
    assert any(r.name == "geopy" and "details withheld" in r.getMessage() for r in caplog.records)
    for record in caplog.records:
        logged = record.getMessage() + (logging.Formatter().formatException(record.exc_info)
                                        if record.exc_info else "")
        assert "Fictional" not in logged and "Fictional" not in (record.exc_text or ""), logged


@pytest.mark.parametrize("setting", ["nominatim:ftp://x", "nominatim:https://", "nominatim:has space",
                                     "bogus"])
def test_an_unusable_geocoder_setting_is_a_configuration_error(setting):
    from therapist_finder.errors import ConfigurationError

    with pytest.raises(ConfigurationError):
        build_resolver(setting, "TherapistFinderTest/0.1", 0)


def test_a_geocoder_host_without_scheme_uses_https():
    resolver = build_resolver("nominatim:geo.example.test:8080", "TherapistFinderTest/0.1", 0)
    nominatim = resolver._online.func.__self__  # the RateLimiter wraps the geocoder's bound geocode
    assert (nominatim.domain, nominatim.scheme) == ("geo.example.test:8080", "https")
