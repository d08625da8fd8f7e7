"""The offline gazetteer and the place resolver."""

from __future__ import annotations

import pytest

from therapist_finder.errors import LocationNotFound
from therapist_finder.geo.distance import bounding_box, haversine_mi
from therapist_finder.geo.gazetteer import ZipGazetteer
from therapist_finder.geo.resolve import PlaceResolver, build_resolver


@pytest.mark.parametrize(
    ("near", "lat", "lon", "precision"),
    [
        ("10001", 40.7484, -73.9967, "postal_code"),
        ("10001-1234", 40.7484, -73.9967, "postal_code"),
        ("Brooklyn, NY", 40.65, -73.95, "city"),
        ("austin, tx", 30.3, -97.75, "city"),
        ("40.5,-74.25", 40.5, -74.25, "rooftop"),
        (" 37.7749 , -122.4194 ", 37.7749, -122.4194, "rooftop"),
    ],
)
def test_resolves_offline(near, lat, lon, precision):
    point = PlaceResolver().resolve(near)
    assert point.lat == pytest.approx(lat, abs=0.2)
    assert point.lon == pytest.approx(lon, abs=0.2)
    assert point.precision == precision


@pytest.mark.parametrize("near", ["00000", "Atlantis, ZZ", "91,0", "12 Main St, Springfield", ""])
def test_unresolvable_places_name_the_parameter(near):
    with pytest.raises(LocationNotFound) as err:
        PlaceResolver().resolve(near, "near")
    assert err.value.param == "near"


def test_gazetteer_is_a_geopy_geocoder():
    from geopy.geocoders.base import Geocoder

    gaz = ZipGazetteer()
    assert isinstance(gaz, Geocoder)
    assert gaz.geocode("60601").raw["state"] == "IL"
    assert gaz.geocode("not a place") is None


def test_online_geocoder_is_configured_but_not_contacted():
    resolver = build_resolver("nominatim", "TherapistFinderTest/0.1")
    assert resolver.resolve("10001").precision == "postal_code"  # offline first


def test_distance_and_box():
    assert haversine_mi(40.7484, -73.9967, 34.0522, -118.2437) == pytest.approx(2446, rel=0.01)
    lo_lat, hi_lat, lo_lon, hi_lon = bounding_box(40.0, -100.0, 25)
    assert hi_lat - 40.0 > 25 / 69.1 and 40.0 - lo_lat > 25 / 69.1
    assert hi_lon - (-100.0) > 25 / (69.1 * 0.766)


def test_tables_are_built_in_a_child_process_and_cached(tmp_path, monkeypatch):
    from therapist_finder.geo import gazetteer

    monkeypatch.setenv("THERAPIST_FINDER_CACHE_DIR", str(tmp_path))
    tables = gazetteer._Tables()
    cached = list(tmp_path.glob("gazetteer-zipcodes-*.json"))
    assert len(cached) == 1 and cached[0].stat().st_size > 1_000_000
    assert tables.by_zip["10001"][3] == "NY"
    assert tables.by_city[("brooklyn", "NY")][2] == "Brooklyn"


@pytest.mark.parametrize(("near", "lat", "lon"), [
    # Cities one of whose ZIPs the zipcodes package places at 0,0 ("not known"): averaged
    # in, Los Angeles sat 70 miles from itself and Hicksville in the Atlantic.
    ("Los Angeles, CA", 34.05, -118.3),
    ("Hicksville, NY", 40.77, -73.52),
    ("Indianapolis, IN", 39.8, -86.15),
    ("Des Moines, IA", 41.6, -93.6),
    # Such a ZIP itself stands for its city's centre.
    ("90085", 34.05, -118.3),
])
def test_zips_without_coordinates_do_not_move_their_city(near, lat, lon):
    point = PlaceResolver().resolve(near)
    assert point.lat == pytest.approx(lat, abs=0.25)
    assert point.lon == pytest.approx(lon, abs=0.25)


def test_no_place_resolves_to_null_island():
    from therapist_finder.geo.gazetteer import ZipGazetteer

    tables = ZipGazetteer.tables()
    assert not [z for z, row in tables.by_zip.items() if row[0] == 0 and row[1] == 0]
    assert not [c for c, row in tables.by_city.items() if abs(row[0]) < 1 and abs(row[1]) < 1]


@pytest.mark.parametrize(("near", "label"), [
    ("Nueva York, NY", "New York, NY"),
    ("Nueva York, Nueva York", "New York, NY"),
    ("Filadelfia, Pensilvania", "Philadelphia, PA"),
    ("nueva orleans, LA", "New Orleans, LA"),
    ("Cayo Hueso, Florida", "Key West, FL"),
])
def test_spanish_names_of_us_cities(near, label):
    assert PlaceResolver().resolve(near).label == label


def test_a_spanish_city_name_without_its_state_is_suggested_in_english():
    with pytest.raises(LocationNotFound) as err:
        PlaceResolver().resolve("Filadelfia")
    assert err.value.suggestions[0] == "Philadelphia, PA"
