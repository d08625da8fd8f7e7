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

from crawler.parsers.nppes import epoch_date, parse
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
    (None, None), ("soon", None),
])
def test_epochs_in_seconds_or_milliseconds(value, day):
    got = epoch_date(value)
    assert (got.isoformat() if got else None) == day


if __name__ == "__main__":
    for name in sys.argv[1:] or CASES:
        (FIXTURES / f"{name}.expected.json").write_text(json.dumps(actual(name), indent=2) + "\n")
