"""The FindTreatment.gov export parser from saved pages: one test per fixture case."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.cleaning import apply_raw
from crawler.parsers.findtreatment import parse_findtreatment_export
from crawler.parsers.findtreatment_services import by_code, derive
from crawler.parsing import get_parser, safe_parse
from tests.crawler.plannet.cases import case_dirs, check_expected, saved_response
from therapist_finder.normalize import normalize_listing
from therapist_finder.schema import Listing
from therapist_finder.vocab import load_vocabularies

FIXTURES = Path(__file__).parent / "fixtures"
CASES = case_dirs(FIXTURES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Path) -> None:
    check_expected(case, safe_parse(parse_findtreatment_export, saved_response(case)))


def _normalized(case: str) -> dict[str, Listing]:
    vocabs = load_vocabularies()
    out = {}
    for data in parse_findtreatment_export(saved_response(FIXTURES / case)).listings:
        Listing.model_validate({k: v for k, v in data.items() if k != "raw"})
        cleaned, _ = apply_raw(data, vocabs)
        listing = normalize_listing(Listing.model_validate(cleaned), vocabs)
        out[listing.name] = listing
    return out


def test_services_map_onto_the_vocabularies() -> None:
    bayou = _normalized("state_page1")["Bayou Crest Community Counseling Center"]
    assert [c.payer for c in bayou.insurance] == ["medicaid", "medicare", "tricare"]
    assert {c.basis for c in bayou.insurance} == {"facility_locator"}
    assert bayou.fees.sliding_scale is True
    assert set(bayou.approaches) == {"cbt", "dbt", "emdr"}
    assert set(bayou.formats) == {"couples", "family", "group", "individual"}
    assert bayou.age_groups == ["adults", "older-adults"]
    assert set(bayou.languages) == {"es", "ase", "vi"}
    assert "ptsd" in bayou.specialties and "eating-disorders" in bayou.specialties
    assert bayou.telehealth is True and bayou.in_person is True
    assert bayou.locations[0].lat == pytest.approx(29.7252)
    # not insurers: kept visible, never mapped (the state plan is *not* Medicaid)
    assert "State-financed health insurance plan other than Medicaid" in bayou.unmapped["insurance"]


def test_free_care_and_bad_coordinates() -> None:
    magnolia = _normalized("state_page1")["Magnolia Youth & Family Clinic"]
    assert magnolia.fees.session_min == 0 and magnolia.fees.session_max == 0
    assert magnolia.locations[0].postal_code == "77506"
    assert magnolia.locations[0].precision in (None, "postal_code")  # strings "N/A", "" ignored
    greenway = _normalized("state_page1")["Greenway Recovery Services"]
    assert greenway.fees.sliding_scale is True and greenway.fees.sliding_scale_min == 0
    assert greenway.website == "http://greenway-recovery.example"
    assert "substance-use" in greenway.specialties


@pytest.mark.parametrize("services, code", [
    ([{"f1": "Payment/Insurance/Funding Accepted", "f2": "PAY", "f3": "Medicaid"}], "PAY"),
    ([{"f1": "Payment/Insurance/Funding Accepted", "f2": "", "f3": "Medicaid"}], "PAY"),
    ([{"f1": "Special Programs/Groups Offered", "f3": "Veterans"}], "SG"),
])
def test_services_are_grouped_by_code_or_label(services: list, code: str) -> None:
    assert list(by_code(services)) == [code]


def test_malformed_services_are_skipped() -> None:
    assert by_code("not-a-list") == {}
    assert derive(by_code([None, {"f1": "Age Groups Accepted", "f2": "AGE"}])).age_groups == []


def test_registered_under_its_source_name() -> None:
    assert get_parser("findtreatment") is parse_findtreatment_export


@pytest.mark.parametrize(("frid", "key"), [
    ("TX/0042", "TX-0042"), ("12,34", "12-34"), ("A 1?#%\\b", "A-1----b"), ("plain-77", "plain-77"),
])
def test_a_frid_with_characters_ids_may_not_hold_gives_a_valid_id(frid: str, key: str) -> None:
    """frid is free text in the export; '/' or ',' in an id would break its
    URL and the comma-separated id lists, so each such character becomes '-'."""
    import json
    from datetime import UTC, datetime

    from crawler.parsing import SavedResponse

    body = json.dumps({"page": 1, "totalPages": 1, "rows": [{"name1": "Harbor Light Clinic", "frid": frid}]})
    page = SavedResponse(url="https://findtreatment.example/export?page=1", body=body.encode(),
                         fetched_at=datetime(2026, 11, 20, tzinfo=UTC))
    (data,) = parse_findtreatment_export(page).listings
    assert data["id"] == data["sources"][0]["listing_id"] == f"findtreatment:{key}"
    Listing.model_validate({k: v for k, v in data.items() if k != "raw"})


def _export(data: dict | str):
    import json
    from datetime import UTC, datetime

    from crawler.parsing import SavedResponse

    body = data if isinstance(data, str) else json.dumps(data)
    return SavedResponse(url="https://findtreatment.example/export?page=1", body=body.encode(),
                         fetched_at=datetime(2026, 11, 20, tzinfo=UTC))


@pytest.mark.parametrize("total", ["Infinity", "-Infinity", "NaN", "1e999", '"lots"', "[2]"])
def test_a_page_count_that_is_no_integer_asks_for_no_more_pages(total: str) -> None:
    """int(Infinity) raises OverflowError (not ValueError): it lost the page's rows."""
    page = _export('{"page": 1, "totalPages": ' + total + ', "rows": [{"name1": "Harbor Light Clinic"}]}')
    result = safe_parse(parse_findtreatment_export, page)
    assert [x["name"] for x in result.listings] == ["Harbor Light Clinic"]
    assert result.follow == [] and result.dropped == []


def test_a_lone_surrogate_in_a_row_without_frid_costs_nothing() -> None:
    """The id digest encoded the text as strict UTF-8: a JSON "\\ud800" escape raised
    UnicodeEncodeError and every row of the page was lost as parser_error. Processing
    now repairs the lone surrogate to U+FFFD and keeps the row."""
    from crawler.processing import process

    page = _export({"page": 1, "totalPages": 1, "rows": [
        {"name1": "Harbor Light\ud800 Clinic", "city": "Houston"},
        {"name1": "Bayou Crest Counseling", "frid": "TX-1"}]})
    result = safe_parse(parse_findtreatment_export, page)
    assert result.dropped == [] and len(result.listings) == 2
    assert process(result.listings[0], load_vocabularies())[0].name == "Harbor Light\ufffd Clinic"
    assert process(result.listings[1], load_vocabularies())[0].name == "Bayou Crest Counseling"
