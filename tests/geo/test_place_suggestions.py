"""A place the gazetteer cannot resolve comes back with the places the person likely meant."""

from __future__ import annotations

import pytest

from therapist_finder.errors import LocationNotFound
from therapist_finder.geo.gazetteer import default_gazetteer
from therapist_finder.geo.resolve import PlaceResolver


def _refused(near: str) -> LocationNotFound:
    with pytest.raises(LocationNotFound) as err:
        PlaceResolver().resolve(near, "near")
    assert err.value.param == "near"
    return err.value


@pytest.mark.parametrize(("near", "message", "suggestions"), [
    # A city without its state: every state that has one, the one with the most ZIPs first.
    ("Houston", "'Houston' needs its state, as in 'Houston, TX'",
     ["Houston, TX", "Houston, AK", "Houston, AL"]),
    ("seattle", "needs its state, as in 'Seattle, WA'", ["Seattle, WA"]),
    ("Saint Louis", "as in 'Saint Louis, MO'", ["Saint Louis, MO", "Saint Louis, MI", "Saint Louis, OK"]),
    # Misspelt, with its state: the state's cities spelled alike.
    ("Huoston, TX", "unknown city 'Huoston, TX'", ["Houston, TX"]),
    ("Portlnd OR", "unknown city 'Portlnd, OR'", ["Portland, OR"]),
    # A street address pasted whole (no geocoder configured): the place inside it.
    ("123 Main St, Houston, TX", "street addresses need an online geocoder", ["Houston, TX"]),
    ("500 Elm Example Rd, Houston, TX 77002", "street addresses need an online geocoder", ["77002"]),
    ("77002, Houston", "street addresses need an online geocoder", ["77002"]),
    # Nothing like a place: no guess.
    ("zzzzz qqqq", "is not a ZIP or 'City, ST'", []),
])
def test_unresolved_places_suggest_what_was_likely_meant(near, message, suggestions):
    refused = _refused(near)
    assert message in refused.message
    assert refused.suggestions == suggestions
    for place in refused.suggestions:  # every suggestion resolves
        assert PlaceResolver().resolve(place).lat


def test_a_large_city_comes_before_a_hamlet_of_the_same_name():
    springfields = default_gazetteer().states_with_city("Springfield")
    assert len(springfields) > 20
    assert springfields[0] in ("Springfield, IL", "Springfield, MA", "Springfield, MO")
    assert default_gazetteer().states_with_city("Nowhere Example") == []


def test_the_api_gives_the_suggestions_with_its_422():
    from fastapi.testclient import TestClient

    from search_api.app import create_app
    from therapist_finder.settings import Settings

    app = create_app(Settings(store="sqlite:///unused.db"))
    with TestClient(app) as client:
        resp = client.get("/v1/therapists", params={"near": "Houston"})
    assert resp.status_code == 422
    [detail] = resp.json()["detail"]
    assert detail["param"] == "near" and detail["suggestions"][0] == "Houston, TX"
