"""GET /v1/therapists and /v1/therapists/{id}: answers and 422s."""

from __future__ import annotations

import pytest

from therapist_finder.geo.resolve import PlaceResolver
from therapist_finder.search_params import SearchParams, build_query
from therapist_finder.store.query import Cursor, encode_cursor
from therapist_finder.vocab import load_vocabularies


def test_search_near_zip_with_filters(client):
    resp = client.get("/v1/therapists", params={"near": "10001", "insurance": "Aetna"})
    assert resp.status_code == 200
    body = resp.json()
    assert body["total"] == 1
    hit = body["results"][0]
    assert hit["id"] == "test:ipt"
    assert hit["distance_mi"] == pytest.approx(0.5, abs=0.01)
    assert body["facets"]["insurance"] == {"aetna": 1, "medicaid": 1, "cigna": 1}
    assert body["place"]["label"].startswith("New York, NY")
    assert set(body) >= {"results", "total", "facets", "next_cursor"}


def test_search_near_city_state_and_paging(client):
    first = client.get("/v1/therapists", params={"near": "New York, NY", "limit": 2}).json()
    assert first["total"] == 3 and len(first["results"]) == 2
    second = client.get("/v1/therapists", params={"near": "New York, NY", "limit": 2,
                                                   "cursor": first["next_cursor"]}).json()
    ids = [r["id"] for r in first["results"] + second["results"]]
    assert len(set(ids)) == 3 and second["next_cursor"] is None


def test_repeatable_filter_values(client):
    resp = client.get("/v1/therapists?near=10001&approach=ipt&approach=cbt&sort=name")
    assert [r["id"] for r in resp.json()["results"]] == ["test:cbt", "test:ipt"]


def test_profile_and_404(client):
    resp = client.get("/v1/therapists/test:ipt")
    assert resp.status_code == 200
    assert resp.json()["insurance"][0]["basis"] == "payer_directory"
    missing = client.get("/v1/therapists/test:nobody")
    assert missing.status_code == 404


@pytest.mark.parametrize(
    ("params", "param", "fragment"),
    [
        ({"limit": 0}, "limit", "greater than or equal to 1"),
        ({"limit": 101}, "limit", "less than or equal to 100"),
        ({"radius_mi": 300, "near": "10001"}, "radius_mi", "250"),
        ({"insurance": "Aetan"}, "insurance", "aetna"),
        ({"specialty": "ansiety"}, "specialty", "anxiety"),
        ({"near": "99999"}, "near", "unknown ZIP"),
        ({"near": "Atlantis, ZZ"}, "near", "unknown city"),
        ({"near": "1 Main Street Springfield"}, "near", "THERAPIST_FINDER_GEOCODER"),
        ({"lat": 40}, "lat", "lat and lon"),
        ({"sort": "distance"}, "sort", "sort=distance needs a location"),
        ({"sort": "price"}, "sort", "sort"),
        ({"cursor": "garbage!"}, "cursor", "cursor"),
        ({"telehealth": "maybe"}, "telehealth", "telehealth"),
        ({"max_fee": -5}, "max_fee", "greater than or equal to 0"),
        ({"state": "Narnia"}, "state", "unknown state"),
        ({"insurence": "aetna"}, "insurence", "unknown parameter"),
    ],
)
def test_bad_parameters_are_422_naming_the_parameter(client, params, param, fragment):
    resp = client.get("/v1/therapists", params=params)
    assert resp.status_code == 422, resp.text
    detail = resp.json()["detail"][0]
    assert detail["param"] == param
    assert fragment in detail["msg"]


def test_suggestions_are_listed(client):
    detail = client.get("/v1/therapists", params={"insurance": "Aetan"}).json()["detail"][0]
    assert "aetna" in detail["suggestions"]


def test_untrusted_text_is_returned_as_data(client):
    body = client.get("/v1/therapists/test:xss").json()
    assert body["name"].startswith("<script>")  # JSON carries it verbatim; pages escape it


@pytest.mark.parametrize(
    "params",
    [{"lat": "nan", "lon": "0"}, {"max_fee": "inf"}, {"near": "\x00"}, {"q": '"*)(OR AND NEAR'},
     {"q": "NOT"}, {"q": 'a"b'}, {"q": "*"}, {"q": "ünïcödé 中文"}, {"cursor": "e30"},
     {"cursor": "eyJzb3J0IjoibmFtZSJ9"}, {"insurance": ","}, {"state": ""}, {"q": "   "},
     {"specialty": "x" * 5000}, {"near": "40.7,-74,5"}],
)
def test_hostile_input_never_500(client, params):
    assert client.get("/v1/therapists", params=params).status_code in (200, 422)


def test_stale_listing_is_marked_when_asked_for(client, store):
    from tests.utils.factories import make_listing
    from therapist_finder.normalize import normalize_listing
    from therapist_finder.vocab import load_vocabularies

    old = make_listing("old", (40.7484, -73.9967), last_seen_at="2020-01-01", license_states=["NY"])
    store.upsert([normalize_listing(old, load_vocabularies())])
    default = client.get("/v1/therapists", params={"near": "10001"}).json()
    assert "test:old" not in [r["id"] for r in default["results"]]
    shown = client.get("/v1/therapists", params={"near": "10001", "include_stale": "true"}).json()
    stale = {r["id"]: r["stale"] for r in shown["results"]}
    assert stale["test:old"] is True and stale["test:ipt"] is False
    assert client.get("/v1/therapists/test:old").json()["stale"] is True


def test_a_tampered_cursor_is_a_422_not_a_500(client):
    import base64
    import json

    first = client.get("/v1/therapists", params={"near": "10001", "limit": 1}).json()
    token = first["next_cursor"]
    data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    for key in ("abc", None):
        forged = base64.urlsafe_b64encode(json.dumps({**data, "key": key}).encode()).decode()
        resp = client.get("/v1/therapists", params={"near": "10001", "limit": 1, "cursor": forged})
        assert resp.status_code == 422
        assert "cursor" in resp.text
    # A relevance cursor whose key is text, as another store's page offsets are.
    params = {"q": "fenwick quillfeather ambervale", "limit": 1}
    query = build_query(SearchParams(**params), load_vocabularies(), PlaceResolver())
    text_key = Cursor(sort="relevance", key="offset:20", id="test:ipt", query_hash=query.fingerprint())
    resp = client.get("/v1/therapists", params={**params, "cursor": encode_cursor(text_key)})
    assert resp.status_code == 422 and "cursor" in resp.text


def test_a_bad_path_parameter_is_located_in_the_path(client):
    resp = client.get("/v1/therapists/test:" + "x" * 251)
    assert resp.status_code == 422
    (detail,) = resp.json()["detail"]
    assert detail["loc"] == ["path", "listing_id"] and detail["param"] == "listing_id"
    assert set(detail) == {"loc", "param", "msg", "type"}
    query = client.get("/v1/therapists", params={"limit": 0}).json()["detail"][0]
    assert query["loc"] == ["query", "limit"]


def test_listings_stored_under_old_style_ids_still_read_through_the_api(store, client):
    from tests.utils.factories import make_listing

    legacy = make_listing("x", name="Legacy Quillfeather").model_copy(update={"id": "test:old/style,id"})
    store.upsert([legacy])
    found = client.get("/v1/therapists", params={"q": "Legacy Quillfeather", "include_stale": "true"})
    assert found.status_code == 200 and [r["id"] for r in found.json()["results"]] == ["test:old/style,id"]


def test_sort_by_fee_puts_the_lowest_fee_first(client, store):
    from tests.utils.factories import make_listing
    from therapist_finder.normalize import normalize_listing

    # ipt's lowest fee is its $40 sliding-scale minimum; cbt and xss have no known fee.
    cheap = make_listing("cheap", (40.7484, -73.9967), fees={"session_min": 60}, license_states=["NY"])
    store.upsert([normalize_listing(cheap, load_vocabularies())])
    body = client.get("/v1/therapists", params={"near": "10001", "sort": "fee"}).json()
    assert body["sort"] == "fee"
    assert [r["id"] for r in body["results"]] == ["test:ipt", "test:cheap", "test:cbt", "test:xss"]
    assert [r["distance_mi"] for r in body["results"]] == pytest.approx([0.5, 0, 2, 3], abs=0.01)
    first = client.get("/v1/therapists", params={"near": "10001", "sort": "fee", "limit": 3}).json()
    rest = client.get("/v1/therapists", params={"near": "10001", "sort": "fee", "limit": 3,
                                                 "cursor": first["next_cursor"]}).json()
    assert [r["id"] for r in first["results"] + rest["results"]] == [r["id"] for r in body["results"]]
    unplaced = client.get("/v1/therapists",
                          params={"telehealth": "true", "state": "NY", "sort": "fee"}).json()
    assert [r["id"] for r in unplaced["results"]] == ["test:ipt"] and unplaced["sort"] == "fee"


def test_a_bad_sort_names_sort_and_its_valid_values(client):
    resp = client.get("/v1/therapists", params={"sort": "price"})
    assert resp.status_code == 422
    (detail,) = resp.json()["detail"]
    assert detail["param"] == "sort"
    assert all(f"'{value}'" in detail["msg"] for value in ("distance", "relevance", "name", "fee"))


def test_the_fee_sort_is_documented(client):
    params = client.get("/openapi.json").json()["paths"]["/v1/therapists"]["get"]["parameters"]
    (sort,) = [p for p in params if p["name"] == "sort"]
    assert "fee" in sort["schema"]["anyOf"][0]["enum"]
    assert "lowest known fee first" in sort["description"]


NEAR_10001 = "40.7485,-73.9966"  # a hundredth of a mile from ZIP 10001's centroid


@pytest.mark.parametrize(
    ("params", "label"),
    [({"near": NEAR_10001}, "40.74850,-73.99660"), ({"lat": 40.7485, "lon": -73.9966}, None)],
)
def test_coordinate_search_names_the_nearby_zip(client, params, label):
    body = client.get("/v1/therapists", params=params).json()
    assert body["total"] == 3
    assert body["place"]["label"] == label  # unchanged: clients may rely on it
    assert body["place"]["nearby"] == "New York, NY 10001"


def test_coordinate_search_at_sea_has_no_nearby(client):
    place = client.get("/v1/therapists", params={"near": "38.0,-60.0"}).json()["place"]
    assert place["label"] == "38.00000,-60.00000" and place["nearby"] is None


@pytest.mark.parametrize("near", ["10001", "New York, NY"])
def test_zip_and_city_searches_have_no_nearby(client, near):
    place = client.get("/v1/therapists", params={"near": near}).json()["place"]
    assert place["label"].startswith("New York, NY") and place["nearby"] is None


def test_nearby_is_documented(client):
    schema = client.get("/openapi.json").json()["components"]["schemas"]["SearchedPlace"]
    nearby = schema["properties"]["nearby"]
    assert "15 miles" in nearby["description"] and nearby["examples"] == ["Haverstraw, NY 10927"]
    assert "nearby" not in schema.get("required", [])


@pytest.mark.parametrize(("query", "param"), [
    ("state=NY&state=CA&telehealth=true", "state"),
    ("near=10001&near=90001", "near"),
    ("near=10001&limit=200&limit=2", "limit"),
    ("near=10001&sort=bogus&sort=name", "sort"),
    ("near=10001&accepting_new=true&accepting_new=false", "accepting_new"),
])
def test_a_single_value_parameter_given_twice_is_a_422(client, query, param):
    """Reading only the last value (what query binding does) answered a question not asked:
    state=NY&state=CA searched California alone."""
    resp = client.get(f"/v1/therapists?{query}")
    assert resp.status_code == 422
    [item] = resp.json()["detail"]
    assert item["param"] == param and "give one value, not 2" in item["msg"]


def test_repeatable_parameters_still_repeat(client):
    resp = client.get("/v1/therapists?near=10001&insurance=aetna&insurance=cigna&specialty=anxiety")
    assert resp.status_code == 200


def test_every_search_parameter_is_documented(client):
    spec = client.get("/openapi.json").json()
    params = spec["paths"]["/v1/therapists"]["get"]["parameters"]
    assert len(params) == len(SearchParams.model_fields)
    undocumented = [p["name"] for p in params if not (p.get("description") or "").strip()]
    assert undocumented == []
    near = next(p for p in params if p["name"] == "near")
    assert "ZIP" in near["description"] and "Austin, TX" in near["description"]


@pytest.mark.parametrize("param", ["radius_mi", "max_fee", "lat"])
def test_not_a_number_is_named_as_such(client, param):
    extra = "&lon=-74" if param == "lat" else "&near=10001"
    resp = client.get(f"/v1/therapists?{param}=nan{extra}")
    assert resp.status_code == 422
    [item] = resp.json()["detail"]
    assert item["param"] == param and "finite number" in item["msg"]


@pytest.mark.parametrize(("query", "param", "flag"), [
    ("format=online", "format", "telehealth"), ("format=Video", "format", "telehealth"),
    ("insurance=sliding scale", "insurance", "sliding_scale"),
    ("age_group=in person", "age_group", "in_person")])
def test_a_yes_no_filter_s_phrase_in_a_facet_points_to_the_filter(client, query, param, flag):
    """format=online used to suggest 'individual'; the search box reads "online" as telehealth."""
    resp = client.get(f"/v1/therapists?near=10001&{query}")
    assert resp.status_code == 422
    [item] = resp.json()["detail"]
    assert item["param"] == param and item["msg"].endswith(f"use {flag}=true")
