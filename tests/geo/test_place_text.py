"""The ways people write a place: "Houston TX", "Houston, Texas", "10001, NY"...

Table-driven: how the text is split, then what the resolver makes of it, then
the JSON API and the web page accepting the same text.
"""

from __future__ import annotations

import pytest

from tests.utils.factories import make_listing
from tests.utils.stores import app_over
from therapist_finder.errors import LocationNotFound
from therapist_finder.geo.place_text import PlaceText, parse_place
from therapist_finder.geo.resolve import PlaceResolver

HOUSTON = (29.79, -95.42)
MANHATTAN = (40.7484, -73.9967)


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("10001", PlaceText(zip="10001")),
        ("10001-1234", PlaceText(zip="10001")),
        ("10001, NY", PlaceText(zip="10001", state="NY")),
        ("10001 ny", PlaceText(zip="10001", state="NY")),
        ("NY 10001", PlaceText(zip="10001", state="NY")),
        ("10001 New York", PlaceText(zip="10001", state="NY")),
        ("New York, NY 10001", PlaceText(zip="10001", state="NY")),
        ("Houston, TX", PlaceText(city="Houston", state="TX")),
        ("Houston TX", PlaceText(city="Houston", state="TX")),
        ("houston tx", PlaceText(city="houston", state="TX")),
        ("Houston,TX", PlaceText(city="Houston", state="TX")),
        ("Houston, Texas", PlaceText(city="Houston", state="TX")),
        ("Houston Texas", PlaceText(city="Houston", state="TX")),
        ("St. Louis, Mo.", PlaceText(city="St. Louis", state="MO")),
        ("Charleston, West Virginia", PlaceText(city="Charleston", state="WV")),
        ("Washington DC", PlaceText(city="Washington", state="DC")),
        ("Washington, D.C.", PlaceText(city="Washington", state="DC")),
        ("New York New York", PlaceText(city="New York", state="NY")),
        # Not ours: the strict "City, ST" check, the online geocoder or a clear error take these.
        ("Texas", None),
        ("zzzzz", None),
        ("Atlantis, ZZ", None),
        ("Portland 97201", None),
        ("10001 10002", None),
        ("12 Main St, Springfield, IL", None),
        ("12 Main St, Springfield, IL 62701", None),
        ("", None),
    ],
)
def test_parse_place(text, parsed):
    assert parse_place(text) == parsed


@pytest.mark.parametrize(
    ("text", "point", "label"),
    [
        ("Houston TX", HOUSTON, "Houston, TX"),
        ("Houston, Texas", HOUSTON, "Houston, TX"),
        ("houston, tx", HOUSTON, "Houston, TX"),
        ("10001, NY", MANHATTAN, "New York, NY 10001"),
        ("New York, NY 10001", MANHATTAN, "New York, NY 10001"),
        ("NY 10001", MANHATTAN, "New York, NY 10001"),
        # The Spanish names the Spanish pages show, with or without accents.
        ("Houston, Tejas", HOUSTON, "Houston, TX"),
        ("New York, Nueva York", MANHATTAN, "New York, NY"),
    ],
)
def test_resolves_offline(text, point, label):
    found = PlaceResolver().resolve(text)
    assert (found.lat, found.lon) == pytest.approx(point, abs=0.05)
    assert found.label == label


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("10001, CA", "near: ZIP code 10001 is in NY, not CA"),
        ("00000 NY", "near: unknown ZIP code '00000'"),
        ("Atlantis Texas", "near: unknown city 'Atlantis, TX'"),
        ("Atlantis, ZZ", "near: unknown city 'Atlantis, ZZ'"),
        ("Texas", "near: 'Texas' is not a ZIP or 'City, ST'"),
        # Digits of other scripts are neither coordinates nor a ZIP (Python's \d took them).
        ("٤٠,٣٠", "near: '٤٠,٣٠' is not a ZIP or 'City, ST'"),
        ("١٠٠٠١", "near: '١٠٠٠١' is not a ZIP or 'City, ST'"),
        # Two ZIPs read as coordinates far out of range; the message says what was given.
        ("10001,90210", "near: '10001,90210' names more than one ZIP code; give one place"),
        ("95,10", "near: latitude must be -90..90"),
    ],
)
def test_unresolvable_forms_say_why(text, message):
    with pytest.raises(LocationNotFound) as err:
        PlaceResolver().resolve(text, "near")
    assert err.value.param == "near"
    assert err.value.message.startswith(message)


@pytest.fixture()
def client(tmp_path):
    seen = "2026-11-01"
    listings = [make_listing("hou", HOUSTON, name="Hana Bayou", last_seen_at=seen),
                make_listing("nyc", MANHATTAN, name="Nils Midtown", last_seen_at=seen)]
    yield from app_over(tmp_path / "places.db", listings)


@pytest.mark.parametrize(("near", "name"), [("Houston TX", "Hana Bayou"), ("Houston, Texas", "Hana Bayou"),
                                            ("10001, NY", "Nils Midtown")])
def test_the_api_and_the_page_accept_the_same_places(client, near, name):
    api = client.get("/v1/therapists", params={"near": near, "include_stale": "true"})
    assert api.status_code == 200
    assert [hit["name"] for hit in api.json()["results"]] == [name]
    page = client.get("/", params={"near": near, "include_stale": "true"})
    assert page.status_code == 200 and name in page.text


def test_the_api_keeps_its_422_format_for_places(client):
    resp = client.get("/v1/therapists", params={"near": "10001, CA"})
    assert resp.status_code == 422
    assert resp.json() == {"detail": [{"loc": ["query", "near"], "param": "near", "type": "value_error",
                                       "msg": "near: ZIP code 10001 is in NY, not CA"}]}


@pytest.mark.parametrize(("text", "label"), [
    ("Raleigh, Carolina del Norte", "Raleigh, NC"), ("Honolulu, Hawái", "Honolulu, HI"),
    ("Honolulu, Hawai", "Honolulu, HI"), ("Santa Fe, Nuevo Mexico", "Santa Fe, NM"),
    ("Charleston, Virginia Occidental", "Charleston, WV"), ("Erie, Pensilvania", "Erie, PA"),
])
def test_spanish_state_names_resolve_like_the_english_ones(text, label):
    assert PlaceResolver().resolve(text).label == label
