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
    [({"near": "38.0,-60.0"}, "38.00000,-60.00000"),  # at sea: no town to name
     ({"lat": "38.0", "lon": "-60.0"}, "the chosen point"),
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
