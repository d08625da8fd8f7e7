"""The NPPES parser on saved API responses: one test per fixture, expected output beside it.

Regenerate an expected file after a deliberate change with
`python -m tests.crawler.nppes.test_parser CASE` and review the diff.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawler.parsers.nppes import epoch_date, parse, result_count
from crawler.parsing import ParseError, SavedResponse, safe_parse

FIXTURES = Path(__file__).parent / "fixtures"
FETCHED = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
CASES = sorted(p.stem for p in FIXTURES.glob("*.json") if not p.stem.endswith(".expected"))


def page(case: str) -> SavedResponse:
    path = FIXTURES / f"{case}.json"
    return SavedResponse(url=f"https://npiregistry.cms.hhs.gov/api/?version=2.1&case={case}",
                         body=path.read_bytes(), fetched_at=FETCHED)


def actual(case: str) -> dict:
    result = safe_parse(parse, page(case))
    return {"listings": result.listings, "follow": result.follow,
            "dropped": [[reason, detail] for reason, detail in result.dropped]}


@pytest.mark.parametrize("case", CASES)
def test_parser_matches_expected_output(case):
    expected = json.loads((FIXTURES / f"{case}.expected.json").read_text())
    assert actual(case) == expected


def test_location_address_is_used_not_mailing():
    listing = actual("newer_form")["listings"][0]
    assert listing["locations"][0]["city"] == "New York"
    assert listing["locations"][0]["postal_code"] == "10001"  # 9-digit ZIP cut to 5
    assert listing["phone"] == "(212) 555-0147"


def test_both_response_forms_give_string_npis():
    assert actual("legacy_form")["listings"][0]["npi"] == "1000000039"
    assert actual("newer_form")["listings"][0]["npi"] == "1000000013"


def test_errors_in_a_200_response_are_an_error():
    with pytest.raises(ParseError) as exc:
        parse(page("errors"))
    assert exc.value.reason == "api_error"


@pytest.mark.parametrize("value, day", [
    (1752451200, "2025-07-14"), ("1752451200000", "2025-07-14"), ("1752451200", "2025-07-14"),
    (None, None), ("soon", None), (10**400, None),  # an int beyond any float: no date, no OverflowError
])
def test_epochs_in_seconds_or_milliseconds(value, day):
    got = epoch_date(value)
    assert (got.isoformat() if got else None) == day


def _one(result: dict) -> SavedResponse:
    record = {"number": "1000000013", "enumeration_type": "NPI-1",
              "basic": {"first_name": "JANE", "last_name": "DOE", "status": "A"},
              "taxonomies": [{"code": "103T00000X", "primary": True, "state": "NY"}], **result}
    return SavedResponse(url="https://npiregistry.cms.hhs.gov/api/?version=2.1&case=odd",
                         body=json.dumps({"result_count": 1, "results": [record]}).encode(),
                         fetched_at=FETCHED)


@pytest.mark.parametrize("odd", [
    {"addresses": 7}, {"addresses": {"address_purpose": "LOCATION"}}, {"addresses": ["x", None]},
    {"taxonomies": 3, "basic": "JANE DOE"}, {"basic": ["JANE"]},
])
def test_mistyped_record_parts_cost_that_record_at_most(odd):
    """A wrong JSON type where an object or a list belongs used to raise (a
    parser_error losing the whole page of up to 200 records)."""
    result = safe_parse(parse, _one(odd))
    assert "parser_error" not in [reason for reason, _ in result.dropped]
    assert len(result.listings) + len(result.dropped) == 1


def test_non_text_values_never_become_names():
    """str() of an object, a list, a boolean or NaN is not a name ("{'A': 1} ['Doe']")."""
    page = _one({"basic": {"first_name": {"a": 1}, "middle_name": True, "last_name": ["Doe"],
                           "credential": {"x": "PhD"}, "organization_name": float("nan")}})
    assert parse(page).dropped == [("missing_name", "1000000013")]
    page = _one({"basic": {"first_name": "JANE", "last_name": "DOE", "middle_name": 1.5,
                           "credential": ["PhD"]}})
    (listing,) = parse(page).listings
    assert (listing["name"], listing["credentials"]) == ("Jane Doe", [])


def test_result_count_of_a_mistyped_results_field_is_zero():
    """The spider calls result_count outside safe_parse: it must not raise."""
    for body in (b'{"results": 12}', b'{"results": "none"}', b"[]", b"{"):
        assert result_count(SavedResponse(url="https://x.example/", body=body)) == 0


if __name__ == "__main__":
    for name in sys.argv[1:] or CASES:
        (FIXTURES / f"{name}.expected.json").write_text(json.dumps(actual(name), indent=2) + "\n")
