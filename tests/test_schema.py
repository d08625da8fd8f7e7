"""Listing validation: shapes, cross-field rules and their messages."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from therapist_finder.schema import Fees, Listing, Location

BASE = {"id": "test:1", "kind": "individual", "name": "Test Person"}


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"id": "no-colon"}, "source:key"),
        ({"kind": "robot"}, "individual"),
        ({"npi": "12345"}, "pattern"),
        ({"license_states": ["TX", "Texas"]},
         "license_states.1\n  String should match pattern '^[A-Za-z]{2}$'"),
        (
            {"fees": {"session_min": 200, "session_max": 100}},
            "fees.session_min must not exceed fees.session_max",
        ),
        ({"fees": {"sliding_scale_min": 90, "sliding_scale_max": 40}}, "sliding_scale_min"),
        ({"locations": [{"lat": 40.0}]}, "lat and lon must be given together"),
        ({"locations": [{"postal_code": "1234"}]}, "5-digit ZIP"),
        ({"locations": [{"postal_code": "١٠٠٠١"}]}, "5-digit ZIP"),  # Arabic-Indic digits are not a ZIP
        ({"npi": "١٢٣٤٥٦٧٨٩٠"}, "pattern"),
        ({"insurance": [{"payer": "aetna", "basis": "rumor", "observed_at": "2026-01-01"}]}, "basis"),
        ({"surprise": 1}, "Extra inputs"),
    ],
)
def test_rejects_with_clear_message(extra, message):
    with pytest.raises(ValidationError) as err:
        Listing.model_validate({**BASE, **extra})
    assert message in str(err.value)


ITEM_LIMITS = {"specialties": 100, "approaches": 100, "languages": 100, "formats": 100, "age_groups": 100,
               "license_types": 100, "credentials": 200}


@pytest.mark.parametrize(("field", "limit"), ITEM_LIMITS.items())
def test_each_list_item_has_a_length_limit(field, limit):
    """A 100,000-character 'specialty' is page junk; the error names the item, so a crawl can
    drop that one item and keep the rest (crawler/salvage.py)."""
    assert Listing.model_validate({**BASE, field: ["ok", "x" * limit]})
    with pytest.raises(ValidationError) as err:
        Listing.model_validate({**BASE, field: ["ok", "x" * (limit + 1)]})
    assert [e["loc"] for e in err.value.errors()] == [(field, 1)]


def test_plan_names_and_unmapped_values_have_item_limits_too():
    claim = {"payer": "aetna", "basis": "provider_reported", "observed_at": "2026-01-01"}
    assert Listing.model_validate({**BASE, "insurance": [{**claim, "plans": ["p" * 200]}],
                                   "unmapped": {"fees": ["u" * 200]}})
    with pytest.raises(ValidationError) as err:
        Listing.model_validate_json(json.dumps({**BASE, "insurance": [{**claim, "plans": ["ok", "p" * 201]}],
                                                "unmapped": {"fees": ["u" * 201]}}))
    assert [e["loc"] for e in err.value.errors()] == [("insurance", 0, "plans", 1), ("unmapped", "fees", 0)]


def test_items_stored_before_there_were_limits_still_load_cut_to_the_limit():
    """Stores hold listings written before list items had limits (unmapped fee text was cut at
    300 characters, credentials not at all): reading one must not fail, as new writes would."""
    doc = json.dumps({**BASE, "credentials": ["LCSW", "C" * 250], "unmapped": {"fees": ["f" * 300]}})
    listing = Listing.from_stored(doc)
    assert listing.credentials == ["LCSW", "C" * 200] and listing.unmapped == {"fees": ["f" * 200]}
    with pytest.raises(ValidationError):  # what was never allowed is still refused
        Listing.from_stored(json.dumps({**BASE, "credentials": ["C" * 250], "name": "N" * 301}))
    with pytest.raises(ValidationError):  # and new documents are held to the limits
        Listing.model_validate_json(doc)


def test_the_published_schema_states_the_item_limits():
    from therapist_finder.schema_export import listing_json_schema

    schema = json.loads(listing_json_schema())
    for field, limit in ITEM_LIMITS.items():
        assert schema["properties"][field]["items"]["maxLength"] == limit
    assert schema["properties"]["unmapped"]["additionalProperties"]["items"]["maxLength"] == 200


def test_normalizes_small_things():
    listing = Listing.model_validate(
        {
            **BASE,
            "license_states": ["ny", " NY", "or"],
            "specialties": [" anxiety ", "anxiety", ""],
            "locations": [{"postal_code": "10001-1234", "state": "ny", "lat": 40.7, "lon": -74.0}],
            "gender": " Female ",
        }
    )
    assert listing.license_states == ["NY", "OR"]
    assert listing.specialties == ["anxiety"]
    assert listing.locations[0].postal_code == "10001"
    assert listing.locations[0].precision == "postal_code"
    assert listing.gender == "female"


@pytest.mark.parametrize(
    ("fees", "lowest"),
    [
        ({"session_min": 120}, 120),
        ({"session_min": 150, "sliding_scale_min": 40}, 40),
        ({"session_min": 150, "sliding_scale": False, "sliding_scale_min": 40}, 150),
        ({"session_min": 30, "sliding_scale_min": 40}, 30),
        ({"sliding_scale_min": 40}, 40),
        ({"sliding_scale": False, "sliding_scale_min": 40}, None),
        ({"session_min": 90, "sliding_scale": None, "sliding_scale_min": 60}, 60),
        ({}, None),
    ],
)
def test_lowest_fee(fees, lowest):
    assert Fees.model_validate(fees).lowest == lowest


def test_sliding_range_implies_sliding_scale():
    assert Fees(sliding_scale_min=30).sliding_scale is True


def test_location_without_point():
    assert Location(city="Austin", state="TX").has_point is False


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", '[1, {"a": NaN}]', "1e400"])
def test_claim_values_must_be_finite_numbers(value):
    """JSON has no NaN or Infinity, though parsers accept them; a stored
    listing must read back the same whichever form it was stored in."""
    line = (
        '{"id": "t:1", "kind": "individual", "name": "A", "claims": {"fees": [{"value": '
        + value
        + ', "source": "x", "basis": "provider_reported", "observed_at": "2026-01-01"}]}}'
    )
    with pytest.raises(ValidationError, match="finite"):
        Listing.model_validate_json(line)
    ok = line.replace(value, '[1.5, {"a": null}]', 1)
    assert Listing.model_validate_json(ok).claims["fees"][0].value == [1.5, {"a": None}]


@pytest.mark.parametrize(
    ("listing_id", "unsafe"),
    [("test:a/b", "/"), ("test:a,b", ","), ("test:a?b#c", "#?"), ("test:100%", "%"),
     ("test:a\\b", "\\"), ("test:a b\tc", "\t ")],
)
def test_ids_are_safe_in_urls_and_comma_separated_lists(listing_id, unsafe):
    """/v1/therapists/{id} cannot route an id holding '/', and compare,
    referrals and shortlist split id lists on ','; such ids are refused."""
    with pytest.raises(ValidationError) as err:
        Listing.model_validate({**BASE, "id": listing_id})
    message = err.value.errors()[0]["msg"]
    shown = " ".join(repr(ch) for ch in unsafe)
    assert f"id may not contain {shown} after 'source:'" in message and "e.g. with '-'" in message


def test_ids_keep_what_was_allowed():
    for ok in ("nppes:1234567890", "plannet:fhir.example.org:pr-1", "findtreatment:AB.12_x~y"):
        assert Listing.model_validate({**BASE, "id": ok}).id == ok


def test_safe_id_key_maps_each_unsafe_character_to_a_dash():
    from therapist_finder.schema import safe_id_key

    assert safe_id_key("A/B, C\\D?#%\t") == "A-B--C-D----"
    assert safe_id_key("plain-key.1") == "plain-key.1"
    assert Listing.model_validate({**BASE, "id": "test:" + safe_id_key("a/b, c?d#e%f\\g")})


def test_published_schema_states_the_id_rule():
    import json
    import re

    from therapist_finder.schema_export import listing_json_schema

    pattern = json.loads(listing_json_schema())["properties"]["id"]["pattern"]
    assert re.match(pattern, "nppes:1234567890") and not re.match(pattern, "test:a/b")


@pytest.mark.parametrize("listing_id, ok", [
    ("nppes:1234567890", True),
    ("directory:calm-harbor:jo-ann_smith.2", True),
    ("test:a&b=c+d;e", True),
    ("test:a/b", False),
    ("test:a,b", False),
    ("test:josé", False),  # printable ASCII only: the published pattern means the same everywhere
    ("test:a\ufeffb", False),
    ("test:a\x1cb", False),
    ("test:" + "x" * 200, True),
    ("test:" + "x" * 201, False),
])
def test_id_keys_are_printable_ascii_without_url_delimiters(listing_id, ok):
    data = {"id": listing_id, "kind": "individual", "name": "Test Person"}
    if ok:
        assert Listing.model_validate(data).id == listing_id
    else:
        with pytest.raises(ValidationError):
            Listing.model_validate(data)


def test_a_search_engine_source_object_reads_like_a_stored_line():
    """Elasticsearch hands documents back parsed: the same leniency applies, and the
    caller's object is left as it was."""
    source = {**BASE, "credentials": ["LCSW", "C" * 250]}
    assert Listing.from_stored(source).credentials == ["LCSW", "C" * 200]
    assert source["credentials"][1] == "C" * 250


def test_one_end_of_a_fee_range_is_not_copied_to_the_other():
    from therapist_finder.schema import Fees

    assert (Fees(session_max=200).session_min, Fees(session_max=200).lowest) == (None, 200)
    assert (Fees(session_min=120).session_max, Fees(session_min=120).lowest) == (None, 120)


def test_a_number_that_is_not_finite_is_named_as_such():
    from pydantic import ValidationError

    from therapist_finder.schema import Listing

    with pytest.raises(ValidationError) as caught:
        Listing.model_validate_json(
            '{"id": "t:1", "kind": "individual", "name": "X", "fees": {"session_min": NaN}}')
    assert [(e["loc"], e["msg"]) for e in caught.value.errors()] == [
        (("fees", "session_min"), "Input should be a finite number")]
