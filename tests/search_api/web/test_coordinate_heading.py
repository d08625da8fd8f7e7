"""A coordinate search's results heading names the nearest ZIP's town, in both languages."""

from __future__ import annotations

import re

import pytest

NEAR_10001 = "40.7485,-73.9966"  # a hundredth of a mile from ZIP 10001's centroid


def _heading(client, **params) -> str:
    resp = client.get("/", params=params)
    assert resp.status_code == 200
    match = re.search(r'<h2 id="results-heading">(.*?)</h2>', resp.text, re.S)
    assert match
    return match.group(1)


@pytest.mark.parametrize("params", [{"near": NEAR_10001}, {"lat": "40.7485", "lon": "-73.9966"}])
def test_coordinates_read_as_your_point_near_a_town(client, params):
    heading = _heading(client, **params, insurance="aetna")
    assert heading == "3 listings within 25 miles of your point near New York, NY"


def test_spanish_heading(client):
    heading = _heading(client, near=NEAR_10001, insurance="aetna", lang="es")
    assert heading.endswith(" a menos de 25 millas de su punto cerca de New York, NY")
    assert "your point" not in heading


@pytest.mark.parametrize(
    ("params", "place"),
    # At sea, no town to name: the point is not printed as coordinates either.
    [({"near": "38.0,-60.0"}, "your point"),
     ({"lat": "38.0", "lon": "-60.0"}, "your point"),
     ({"near": "10001"}, "New York, NY 10001"),
     ({"near": "New York, NY"}, "New York, NY")],
)
def test_other_places_keep_their_heading(client, params, place):
    assert _heading(client, **params).endswith(f"within 25 miles of {place}")


@pytest.mark.parametrize(("params", "kept"), [
    ({"near": NEAR_10001, "insurance": "aetna"}, "insurance=aetna"),
    ({"lat": "40.7485", "lon": "-73.9966", "q": "grief"}, "q=grief"),
    ({"near": "10001", "insurance": "aetna"}, "near=10001&insurance=aetna"),
    ({"near": "New York, NY"}, "near=New+York%2C+NY"),
])
def test_a_printed_page_names_no_point_a_person_gave(client, params, kept):
    """The print footer's address ("Printed from: ...") keeps the search, but not
    coordinates: a printed page travels, and they say where a client is."""
    page = client.get("/", params=params).text
    printed = re.search(r'<span class="url">(.*?)</span>', page).group(1)
    assert kept in printed.replace("&amp;", "&")
    assert "40.74" not in printed and "73.99" not in printed and "lat=" not in printed


def test_a_point_far_from_any_town_is_not_printed_as_coordinates(client):
    heading = _heading(client, near="31.00,-104.50")
    assert heading == "0 listings within 25 miles of your point" and "31.0" not in heading
    spanish = _heading(client, near="31.00,-104.50", lang="es")
    assert spanish.endswith("a menos de 25 millas de su punto")


@pytest.mark.parametrize(("params", "printed"), [
    # Page two of a point search: the address opens page one of the same search again.
    ({"near": NEAR_10001, "limit": "1", "cursor": "x", "start": "2", "sort": "distance", "q": "a"},
     "limit=1&q=a"),
    ({"near": "10001-1234", "q": "a"}, "near=10001&q=a"),  # a ZIP+4 names a block: the ZIP only
    ({"near": "Elm Street Houston, TX", "q": "a"}, "q=a"),  # not a city the gazetteer knows
    ({"near": "10001", "sort": "distance", "cursor": "x"}, "near=10001&sort=distance&cursor=x"),
])
def test_the_printed_address_without_a_point_still_opens_a_search(client, params, printed):
    page = client.get("/", params=params).text
    footer = re.search(r'<span class="url">(.*?)</span>', page).group(1).replace("&amp;", "&")
    assert footer.endswith("/?" + printed)


def test_a_cursor_from_another_search_is_a_422_with_the_first_page(client):
    """It used to be a 500."""
    first = client.get("/", params={"near": "10001", "limit": "1"}).text
    cursor = re.search(r'cursor=([^&"]+)', first).group(1)
    other = client.get(f"/?near=10001&limit=1&q=grief&cursor={cursor}")
    assert other.status_code == 422
    assert "This page of results can&#39;t be shown" in other.text
