"""Reverse lookup: the ZIP whose centroid is nearest a point, offline."""

from __future__ import annotations

import random

import numpy as np
import pytest

from therapist_finder.geo.distance import haversine_mi, haversine_mi_array
from therapist_finder.geo.gazetteer import default_gazetteer
from therapist_finder.geo.resolve import NEARBY_MAX_MI, PlaceResolver
from therapist_finder.search_params import SearchParams, build_query
from therapist_finder.vocab import load_vocabularies

AT_SEA = (38.0, -60.0)  # the Atlantic, hundreds of miles from any ZIP


@pytest.mark.parametrize(
    ("point", "postal_code", "label"),
    [
        ((41.2, -73.97), "10927", "Haverstraw, NY 10927"),  # 0.2 mi from its centroid
        ((40.7485, -73.9966), "10001", "New York, NY 10001"),
        ((61.2181, -149.9003), "99509", "Anchorage, AK 99509"),
    ],
)
def test_reverse_names_the_nearest_zip(point, postal_code, label):
    found = default_gazetteer().reverse(point)
    assert found.address == label
    assert found.raw["postal_code"] == postal_code and found.raw["precision"] == "postal_code"
    centroid = default_gazetteer().zip_info(postal_code)
    assert found.raw["distance_mi"] == pytest.approx(haversine_mi(*point, *centroid[:2]))
    assert (found.latitude, found.longitude) == centroid[:2]


def test_reverse_takes_geopy_queries():
    gaz = default_gazetteer()
    assert gaz.reverse("41.2, -73.97").raw["city"] == "Haverstraw"
    [only] = gaz.reverse((41.2, -73.97), exactly_one=False)
    assert only.raw["state"] == "NY"


def test_a_point_at_sea_has_no_zip_within_reach():
    gaz = default_gazetteer()
    assert gaz.reverse(AT_SEA, max_distance_mi=NEARBY_MAX_MI) is None
    farthest = gaz.reverse(AT_SEA)  # without a limit the nearest is still found
    assert farthest.raw["distance_mi"] > 100
    assert PlaceResolver().nearby(*AT_SEA) is None
    assert gaz.reverse((0.0, 0.0), max_distance_mi=1000) is None  # not a ZIP without coordinates


def test_a_single_institution_s_zip_is_found_by_number_but_never_named_as_nearest():
    """11549 is Hofstra University's own ZIP: at its very centroid, the place named
    is a ZIP people live and work in, not the university's."""
    gaz = default_gazetteer()
    assert "11549" in gaz.tables().institutions and "00501" in gaz.tables().institutions  # the IRS
    assert gaz.geocode("11549").address == "Hempstead, NY 11549"
    at = gaz.zip_info("11549")[:2]
    found = gaz.reverse(at)
    assert found.raw["postal_code"] != "11549" and found.raw["city"] == "Hempstead"
    assert found.raw["postal_code"] not in gaz.tables().institutions
    assert PlaceResolver().nearby(*at).postal_code == found.raw["postal_code"]
    assert len(gaz.tables().institutions) > 2000  # every UNIQUE ZIP the package lists


def test_nearest_agrees_with_a_full_scan():
    tables = default_gazetteer().tables()
    rows = [v for z, v in tables.by_zip.items()
            if (v[0] or v[1]) and v[3] not in ("AA", "AE", "AP") and z not in tables.institutions]
    lats, lons = np.array([r[0] for r in rows]), np.array([r[1] for r in rows])
    rng = random.Random(7)
    for _ in range(200):
        lat, lon = rng.uniform(18, 65), rng.uniform(-165, -66)
        miles = haversine_mi_array(lat, lon, lats, lons)
        found = default_gazetteer().reverse((lat, lon))
        assert found.raw["distance_mi"] == pytest.approx(float(miles.min()))
        capped = default_gazetteer().reverse((lat, lon), max_distance_mi=NEARBY_MAX_MI)
        assert (capped is None) == (miles.min() > NEARBY_MAX_MI)


def test_coordinate_searches_carry_the_nearby_zip_and_keep_their_label():
    resolver = PlaceResolver()
    point = resolver.resolve("41.2,-73.97")
    assert point.label == "41.20000,-73.97000" and point.precision == "rooftop"
    assert point.nearby.label == "Haverstraw, NY 10927" and point.nearby.town == "Haverstraw, NY"
    assert point.nearby.distance_mi == pytest.approx(0.21, abs=0.01)
    query = build_query(SearchParams(lat=41.2, lon=-73.97), load_vocabularies(), resolver)
    assert query.point.label is None and query.point.nearby.postal_code == "10927"


@pytest.mark.parametrize("near", ["10927", "Haverstraw, NY"])
def test_zip_and_city_searches_are_unchanged(near):
    point = PlaceResolver().resolve(near)
    assert point.nearby is None
    assert point.label.startswith("Haverstraw, NY")
