"""Dropping only the bad values of a crawled listing (crawler/salvage.py), counted in
the crawl stats: the helpers on their own, then a real crawl over 127.0.0.1."""

from __future__ import annotations

import json

import pytest
from pydantic import BaseModel, Field, ValidationError, model_validator

from crawler.salvage import MAX_SALVAGE_ROUNDS, DroppedField, repaired, validate_salvaging
from tests.crawler.fixture_server import Reply
from therapist_finder.schema import Listing


def test_lone_surrogates_become_the_replacement_character_and_pairs_are_joined():
    item = {"name": "Ann \ud800 Lee", "tags": ("x\udfff", "\ud83d\ude00"), "n": 5,
            "nested": {"k\udc00": ["ok", {"deep": "a\ud83db"}]}}
    fixed = repaired(item)
    assert fixed == {"name": "Ann \ufffd Lee", "tags": ["x\ufffd", "\U0001f600"], "n": 5,
                     "nested": {"k\ufffd": ["ok", {"deep": "a\ufffdb"}]}}
    json.dumps(fixed, ensure_ascii=False).encode("utf-8")  # storable now


def test_repaired_is_a_copy_so_drops_never_touch_the_callers_item():
    item = {"id": "t:1", "kind": "individual", "name": "Wren Example",
            "specialties": ["grief", "x" * 500], "insurance": [{"payer": "aetna", "plans": ["p" * 900],
                                                                "basis": "provider_reported",
                                                                "observed_at": "2026-01-01"}]}
    before = json.dumps(item)
    dropped: list[DroppedField] = []
    listing = validate_salvaging(Listing, repaired(item), dropped, "t:1")
    assert listing.specialties == ["grief"] and listing.insurance[0].plans == []
    assert json.dumps(item) == before
    assert [(d.field, d.reason) for d in dropped] == [
        ("specialties", "string_too_long"), ("insurance.plans", "string_too_long")]


def test_every_bad_item_of_a_list_goes_and_the_good_ones_stay_in_order():
    specialties = ["a", "x" * 101, "b", "y" * 5000, "c"]
    dropped: list[DroppedField] = []
    listing = validate_salvaging(Listing, repaired(
        {"id": "t:1", "kind": "individual", "name": "Wren Example", "specialties": specialties}), dropped)
    assert listing.specialties == ["a", "b", "c"]
    assert [d.detail for d in dropped] == [
        "None: specialties.3: String should have at most 100 characters",
        "None: specialties.1: String should have at most 100 characters"]


def test_an_overlong_list_is_cut_to_the_limit_and_every_item_cut_is_counted():
    dropped: list[DroppedField] = []
    data = {"id": "t:1", "kind": "individual", "name": "Wren Example",
            "locations": [{"city": f"Town {i}"} for i in range(57)] + [{"lat": 1.0}]}
    listing = validate_salvaging(Listing, data, dropped)
    assert [loc.city for loc in listing.locations] == [f"Town {i}" for i in range(50)]
    assert [(d.field, d.reason, d.count) for d in dropped] == [("locations", "too_long", 8)]
    assert dropped[0].stat == "field_dropped/locations/too_long"


def test_a_bad_item_of_an_overlong_list_is_counted_apart_from_the_cut():
    dropped: list[DroppedField] = []
    data = {"id": "t:1", "kind": "individual", "name": "Wren Example",
            "locations": [{"lat": 1.0}] + [{"city": f"Town {i}"} for i in range(57)]}
    listing = validate_salvaging(Listing, data, dropped)
    assert len(listing.locations) + sum(d.count for d in dropped) == 58
    assert sorted(d.reason for d in dropped) == ["too_long", "value_error"]


@pytest.mark.parametrize("bad", [
    {"name": "N" * 301}, {"name": ""}, {"name": None}, {"kind": "robot"}, {"id": "no-colon"},
    {"id": None}, {"name": {"first": "Wren"}},
])
def test_identity_fields_cannot_be_dropped_so_the_listing_fails_and_nothing_is_counted(bad):
    dropped: list[DroppedField] = []
    data = {"id": "t:1", "kind": "individual", "name": "Wren Example", "website": "w" * 3000, **bad}
    with pytest.raises(ValidationError):
        validate_salvaging(Listing, repaired(data), dropped)
    assert dropped == []  # the website's drop is not counted: the whole listing is


class Node(BaseModel):
    """A chain in which each drop makes the parent bad: one more round per level."""

    child: Node | None = None
    needs_child: bool = False
    broken: bool = False

    @model_validator(mode="after")
    def _whole(self) -> Node:
        if self.broken or (self.needs_child and self.child is None):
            raise ValueError("incomplete node")
        return self


def _chain(drops_needed: int) -> dict:
    node: dict = {"broken": True}
    for _ in range(drops_needed - 1):
        node = {"needs_child": True, "child": node}
    return {"child": node}


def test_salvage_takes_as_many_rounds_as_it_needs_up_to_the_bound():
    dropped: list[DroppedField] = []
    assert validate_salvaging(Node, _chain(MAX_SALVAGE_ROUNDS), dropped).child is None
    assert [d.field for d in dropped] == ["child.child.child", "child.child", "child"]


def test_salvage_gives_up_after_the_bound_however_much_more_could_be_dropped():
    dropped: list[DroppedField] = []
    with pytest.raises(ValidationError):
        validate_salvaging(Node, _chain(MAX_SALVAGE_ROUNDS + 1), dropped)
    assert dropped == []


class Tagged(BaseModel):
    label: str = Field(max_length=5)
    note: str | None = Field(None, max_length=5)


def test_a_required_field_of_a_list_item_takes_the_item_an_optional_one_only_itself():
    class Holder(BaseModel):
        items: list[Tagged]

    dropped: list[DroppedField] = []
    held = validate_salvaging(Holder, {"items": [{"label": "toolong"}, {"label": "ok", "note": "toolong"}]},
                              dropped)
    assert held.items == [Tagged(label="ok")]
    assert sorted(d.field for d in dropped) == ["items", "items.note"]


# --- a real crawl: the pipelines keep the listings and count what they lost ---------------------

FT_PATH = "/locator/exportsAsJson/v2"


def _row(frid: str, name: str, **extra) -> dict:
    return {"frid": frid, "name1": name, "city": "Houston", "state": "TX", "zip": "77004", **extra}


def test_a_crawl_keeps_listings_with_bad_values_and_counts_each_value_it_dropped(fixture_server, crawl):
    rows = [
        _row("fic-tx-0101", "Harbor Light\ud800 Clinic",  # a broken escape in the export
             website="https://harbor-light.example/" + "q" * 2100,
             services=[{"f1": "Special Programs/Groups Offered", "f2": "SG",
                        "f3": "Veterans; " + "Persons with a very long program name " * 5}]),
        _row("fic-tx-0102", "N" * 301),  # no therapist is named like that: the listing goes
        _row("fic-tx-0103", "Seawall Counseling Associates", phone="713-555-0188"),
    ]
    body = json.dumps({"page": 1, "totalPages": 1, "recordCount": 3, "rows": rows})  # \ud800 escaped
    fixture_server.robots("User-agent: *\nAllow: /\n")
    fixture_server.route(FT_PATH, Reply(200, body.encode(), content_type="application/json"))
    run = crawl("findtreatment", {"base_url": fixture_server.url(FT_PATH), "state": "TX"})
    assert run.returncode == 0, run.log[-3000:]
    items = {item["name"]: item for item in run.items}
    assert sorted(items) == ["Harbor Light\ufffd Clinic", "Seawall Counseling Associates"]
    harbor = items["Harbor Light\ufffd Clinic"]
    assert "website" not in harbor and harbor["specialties"] == ["military"]  # "Veterans" mapped
    assert harbor["locations"][0]["city"] == "Houston"
    assert run.drops == {"invalid_listing": 1}
    assert {k: v for k, v in run.stats.items() if k.startswith("field_dropped/")} == {
        "field_dropped/website/string_too_long": 1, "field_dropped/specialties/string_too_long": 1}
    assert "dropped website (string_too_long): findtreatment:fic-tx-0101: website:" in run.log


def test_an_overlong_list_loses_its_bad_items_before_the_cut_so_it_stays_full():
    """pydantic reports only the length of an overlong list; its bad items are
    found too, so the good ones beyond the limit fill the list up to it."""
    dropped: list[DroppedField] = []
    data = {"id": "t:1", "kind": "individual", "name": "Wren Example",
            "locations": [{"lat": 1.0}] + [{"city": f"Town {i}"} for i in range(57)]}
    listing = validate_salvaging(Listing, data, dropped)
    assert [loc.city for loc in listing.locations] == [f"Town {i}" for i in range(50)]
    assert [(d.field, d.reason, d.count) for d in dropped] == [
        ("locations", "value_error", 1), ("locations", "too_long", 7)]


def test_a_bad_value_inside_an_item_of_an_overlong_list_goes_alone():
    dropped: list[DroppedField] = []
    data = {"id": "t:1", "kind": "individual", "name": "Wren Example",
            "locations": [{"city": "Town 0", "state": "New York"}]
            + [{"city": f"Town {i}"} for i in range(1, 55)]}
    listing = validate_salvaging(Listing, data, dropped)
    assert [loc.city for loc in listing.locations] == [f"Town {i}" for i in range(50)]
    assert listing.locations[0].state is None
    assert [(d.field, d.reason, d.count) for d in dropped] == [
        ("locations.state", "value_error", 1), ("locations", "too_long", 5)]


def test_a_crawl_leaves_out_listings_on_the_removal_list_and_counts_them(fixture_server, crawl, tmp_path):
    """A listing removed on request (`therapist-finder remove`) is not brought back by a crawl:
    it is dropped after merging, counted, and neither stored nor exported."""
    from therapist_finder.removals import Removal, Removals

    removals = Removals.load(tmp_path / "removals.jsonl")
    removals.add(Removal(id="findtreatment:fic-tx-0102", reason="closed", removed_at="2026-11-26"))
    rows = [_row("fic-tx-0101", "Harbor Light Clinic"), _row("fic-tx-0102", "Seawall Counseling Associates")]
    body = json.dumps({"page": 1, "totalPages": 1, "recordCount": 2, "rows": rows})
    fixture_server.robots("User-agent: *\nAllow: /\n")
    fixture_server.route(FT_PATH, Reply(200, body.encode(), content_type="application/json"))
    store_url = f"sqlite:///{tmp_path / 'dir.db'}"
    run = crawl("findtreatment", {"base_url": fixture_server.url(FT_PATH), "state": "TX"},
                {"THERAPIST_FINDER_STORE": store_url, "THERAPIST_FINDER_REMOVALS": removals.path})
    assert run.returncode == 0, run.log[-3000:]
    assert [item["name"] for item in run.items] == ["Harbor Light Clinic"]
    assert run.drops == {"removed": 1}
    from therapist_finder.store import open_store

    store = open_store(store_url)
    assert store.get("findtreatment:fic-tx-0102") is None and store.get("findtreatment:fic-tx-0101")
    store.close()
