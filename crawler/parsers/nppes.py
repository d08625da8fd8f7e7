"""NPI Registry API v2.1 responses -> canonical listings (a page object, no Scrapy).

Accepts both response forms the API has used: the older one (`number` and
`result_count` as integers, `*_epoch` in seconds) and the newer one (`number`
as a string, epochs in milliseconds). An HTTP 200 carrying `Errors` is an
error (`ParseError("api_error")`). Each record goes through
`therapist_finder.importers.nppes_record.to_listing` (shared with the file
importer); a record that is not a behavioral-health listing is dropped with
its reason.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from crawler.parsing import ParseError, ParseResult, SavedResponse
from therapist_finder.importers.nppes_record import (
    NppesRecord,
    RecordRejected,
    Taxonomy,
    to_listing,
)


def epoch_date(value: Any) -> date | None:
    """A date from epoch seconds (older API) or milliseconds (newer API), int or string."""
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):  # OverflowError: an int beyond any float
        return None
    if number > 1e11:  # milliseconds: 1e11 seconds would be the year 5138
        number /= 1000
    try:
        return datetime.fromtimestamp(number, UTC).date()
    except (OverflowError, OSError, ValueError):
        return None


def _text(mapping: dict, key: str) -> str:
    value = mapping.get(key)
    if isinstance(value, bool) or not isinstance(value, str | int):
        return ""  # null, and objects, lists, booleans or floats where text belongs: no text
    return "" if value == "--" else str(value)


def _objects(value: Any) -> list[dict]:
    """The JSON objects of a list (anything else in the payload's place counts as none)."""
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _location(addresses: Any) -> dict:
    for address in _objects(addresses):
        if str(address.get("address_purpose", "")).upper() == "LOCATION":
            return address
    return {}


def record_from_api(result: dict) -> NppesRecord:
    """One `results[]` entry as an NppesRecord (LOCATION address, never MAILING)."""
    if not isinstance(result, dict):
        raise RecordRejected("malformed_record", type(result).__name__)
    basic = result.get("basic") if isinstance(result.get("basic"), dict) else {}
    loc = _location(result.get("addresses"))
    taxonomies = [Taxonomy(code=_text(t, "code").strip().upper(), state=_text(t, "state") or None,
                           license=_text(t, "license") or None, primary=t.get("primary") is True)
                  for t in _objects(result.get("taxonomies"))]
    return NppesRecord(
        npi=_text(result, "number"),
        entity_type=_text(result, "enumeration_type"),
        first_name=_text(basic, "first_name"),
        middle_name=_text(basic, "middle_name"),
        last_name=_text(basic, "last_name"),
        organization_name=_text(basic, "organization_name") or (
            _text(basic, "name") if _text(result, "enumeration_type") == "NPI-2" else ""),
        credential=_text(basic, "credential"),
        gender=_text(basic, "gender") or _text(basic, "sex"),
        address_1=_text(loc, "address_1"),
        address_2=_text(loc, "address_2"),
        city=_text(loc, "city"),
        state=_text(loc, "state"),
        postal_code=_text(loc, "postal_code"),
        country_code=_text(loc, "country_code"),
        telephone=_text(loc, "telephone_number"),
        taxonomies=taxonomies,
        deactivated=_text(basic, "status").upper() not in ("", "A"),
    )


def api_errors(data: dict) -> str | None:
    """The API's error text when the payload carries `Errors`, else None."""
    errors = data.get("Errors") or data.get("errors")
    if not errors:
        return None
    if isinstance(errors, list):
        return "; ".join(str(e.get("description", e)) if isinstance(e, dict) else str(e)
                         for e in errors)
    return str(errors)


def parse(page: SavedResponse, **options: Any) -> ParseResult:
    """Listings from one API response; records that are not listings are dropped with a reason."""
    data = page.json()
    if not isinstance(data, dict):
        raise ParseError("malformed_json", f"{page.url}: expected a JSON object")
    error = api_errors(data)
    if error:
        raise ParseError("api_error", f"{page.url}: {error}")
    results = data.get("results")
    if not isinstance(results, list):
        raise ParseError("missing_results", f"{page.url}: no results list")
    out = ParseResult()
    for entry in results:
        try:
            out.listings.append(to_listing(record_from_api(entry), page.fetched_at))
        except RecordRejected as exc:
            out.drop(exc.reason, exc.detail)
    return out


def result_count(page: SavedResponse) -> int:
    """How many results this page returned (the API counts the page, not the total)."""
    try:
        data = page.json()
    except ParseError:
        return 0
    results = data.get("results") if isinstance(data, dict) else None
    return len(results) if isinstance(results, list) else 0
