"""Checking a crawled listing dict before it is normalized (crawler/processing.py)."""

from __future__ import annotations

import pytest

from crawler.processing import DESCRIPTION_MAX, InvalidListing, process, validate
from crawler.salvage import DroppedField
from therapist_finder.schema import UNMAPPED_VALUE_MAX
from therapist_finder.vocab import load_vocabularies


def _item(description: str) -> dict:
    return {"id": "directory:long-page", "kind": "individual", "name": "Wren Example",
            "description": description}


def test_an_overlong_description_is_shortened_not_the_listing_dropped():
    words = "Long prose about grief and anxiety work. " * 1000  # about 41,000 characters
    listing, _ = validate(_item(words))
    assert len(listing.description) <= DESCRIPTION_MAX
    assert listing.description.endswith("…") and words.startswith(listing.description[:-1])
    assert listing.description[-2] != " "  # cut at a word boundary, no trailing space


def test_a_description_within_the_limit_is_kept_as_it_is():
    text = "x" * DESCRIPTION_MAX
    assert validate(_item(text))[0].description == text


# --- a bad value costs itself, not the listing (see crawler/salvage.py) ------------------------

VOCABS = load_vocabularies()
FETCHED = "2026-11-20T12:00:00+00:00"


def _crawled(**fields) -> dict:
    return {"id": "directory:wren", "kind": "individual", "name": "Wren Example",
            "sources": [{"source": "directory", "url": "https://calm.example/wren/", "fetched_at": FETCHED}],
            **fields}


def test_a_lone_surrogate_is_replaced_not_the_listing_dropped():
    dropped: list[DroppedField] = []
    listing, _ = process(_crawled(name="Wren\ud800 Example", specialties=["Grief", "Sand\udfff tray"]),
                         VOCABS, dropped=dropped)
    assert listing.name == "Wren\ufffd Example" and listing.specialties == ["grief"]
    assert listing.unmapped == {"specialties": ["Sand\ufffd tray"]}
    assert dropped == []  # nothing was lost but a character that was never there
    listing.model_dump_json().encode("utf-8")


@pytest.mark.parametrize(("fields", "field", "kept"), [
    ({"website": "https://calm.example/" + "w" * 2000}, "website", {}),
    ({"gender": "g" * 41}, "gender", {}),
    ({"credentials": ["LCSW", "C" * 201]}, "credentials", {"credentials": ["LCSW"]}),
    ({"approaches": ["CBT", "A" * 101]}, "approaches", {"approaches": ["cbt"]}),
    ({"license_states": ["Oregon", "wa"]}, "license_states", {"license_states": ["WA"]}),
    ({"insurance": [{"payer": "Aetna", "plans": ["Gold PPO", "P" * 201], "basis": "provider_reported",
                     "observed_at": "2026-11-01"}]}, "insurance.plans",
     {"insurance": [{"payer": "aetna", "plans": ["Gold PPO"], "basis": "provider_reported",
                     "observed_at": "2026-11-01"}]}),
    ({"unmapped": {"specialties": ["U" * 201, "kept as it was"]}}, "unmapped",
     {"unmapped": {"specialties": ["kept as it was"]}}),
    ({"fees": {"session_min": 200, "session_max": 90}}, "fees", {}),
])
def test_one_bad_value_is_dropped_and_counted_the_rest_kept(fields, field, kept):
    dropped: list[DroppedField] = []
    listing, _ = process(_crawled(**fields), VOCABS, dropped=dropped)
    assert [d.field for d in dropped] == [field]
    assert dropped[0].stat.startswith(f"field_dropped/{field}/") and "directory:wren" in dropped[0].detail
    data = listing.model_dump(mode="json", exclude_defaults=True)
    assert {key: data.get(key) for key in fields} == {key: kept.get(key) for key in fields}


def test_a_bad_raw_hint_is_dropped_and_counted_the_good_ones_used():
    dropped: list[DroppedField] = []
    listing, _ = process(_crawled(raw={"locations": [7, {"city": "Portland", "state": "Oregon"}],
                                       "phone": ["503", "555"]}), VOCABS, dropped=dropped)
    assert [(loc.city, loc.state) for loc in listing.locations] == [("Portland", "OR")]
    assert sorted(d.stat for d in dropped) == ["field_dropped/raw.locations/dict_type",
                                               "field_dropped/raw.phone/string_type"]


@pytest.mark.parametrize("fields", [{"name": "N" * 301}, {"kind": "therapist"}, {"id": "wren"},
                                    {"name": None}])
def test_a_bad_identity_field_still_drops_the_listing(fields):
    dropped: list[DroppedField] = []
    with pytest.raises(InvalidListing):
        process(_crawled(website="w" * 3000, **fields), VOCABS, dropped=dropped)
    assert dropped == []  # counted once, as drop_item/invalid_listing by the pipelines


def test_raw_locations_past_the_limit_are_cut_and_counted_in_normalize():
    dropped: list[DroppedField] = []
    places = [{"city": "Portland", "state": "OR", "postal_code": f"972{i:02d}"} for i in range(55)]
    listing, _ = process(_crawled(locations=places[:30], raw={"locations": places[30:]}), VOCABS,
                         dropped=dropped)
    assert len(listing.locations) == 50
    assert [(d.field, d.reason, d.count) for d in dropped] == [("locations", "too_long", 5)]


def test_an_unreadable_raw_value_is_kept_in_unmapped_cut_to_the_schemas_limit():
    fees = "Ask about fees; " * 40
    listing, _ = process(_crawled(raw={"fees": fees, "phone": "call " * 100}), VOCABS, dropped=[])
    assert listing.unmapped["fees"] == [fees[:UNMAPPED_VALUE_MAX].strip()]
    assert listing.unmapped["phone"] == [("call " * 100)[:UNMAPPED_VALUE_MAX].strip()]
