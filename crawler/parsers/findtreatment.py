"""SAMHSA's FindTreatment.gov locator export (`/locator/exportsAsJson/v2`): page in, facilities out.

Entry point (also `parse`, for `crawler.parsing.get_parser("findtreatment")`)::

    parse_findtreatment_export(page: SavedResponse) -> ParseResult

A page is `{"page", "totalPages", "recordCount", "rows": [...]}`; each row is
one facility (`name1`, `name2`, `street1`, `street2`, `city`, `state`, `zip`,
`phone`, `intake1`, `website`, `latitude`/`longitude` as strings, `frid`,
`_irow`, `typeFacility`) with `services: [{f1: label, f2: code, f3: "a; b"}]`.
Each row becomes one `organization` listing with basis `facility_locator`:
payers (Medicaid, Medicare, TRICARE) from PAY, fees from PAY/PYAS (sliding
fee scale, free care), approaches and formats from TAP, age groups (AGE),
languages (SL, OL), specialties (SG, TC), telehealth and in person. Funding
sources that are not insurers (state funds, grants, VA funds, private
insurance in general, cash) are kept under `unmapped`. On page 1, `follow`
holds the URLs of pages 2 to `totalPages`.
"""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from crawler.parsers import findtreatment_services as svc
from crawler.parsing import ParseError, ParseResult, SavedResponse
from therapist_finder.schema import safe_id_key

SOURCE = "findtreatment"
# A bound on the pages one search asks for, whatever totalPages says (a state
# has a few thousand facilities: 100 pages of 100 rows).
MAX_PAGES = 1000


def parse_findtreatment_export(page: SavedResponse) -> ParseResult:
    """Listings for the facility rows of one export page."""
    data = page.json()
    if not isinstance(data, dict) or not isinstance(data.get("rows"), list):
        detail = data.get("error") if isinstance(data, dict) else type(data).__name__
        raise ParseError("unexpected_shape", f"{page.url}: no rows ({str(detail)[:200]})")
    result = ParseResult()
    for index, row in enumerate(data["rows"]):
        if not isinstance(row, dict):
            result.drop("malformed_row", f"{page.url} row {index}")
            continue
        listing = _listing(row, page)
        if listing is None:
            result.drop("missing_name", f"{page.url} row {row.get('_irow', index)}")
        else:
            result.listings.append(listing)
    result.follow.extend(_other_pages(page.url, data))
    return result


parse = parse_findtreatment_export


def _other_pages(url: str, data: dict) -> list[str]:
    """From page 1, the same query for every later page the export says it has.

    All at once rather than each page naming the next: a malformed page then
    loses only its own rows, not every page after it.
    """
    try:
        current, total = int(data.get("page") or 1), int(data.get("totalPages") or 1)
    except (TypeError, ValueError, OverflowError):  # OverflowError: Infinity in the JSON
        return []
    if current != 1:
        return []
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "page"]
    return [urlunsplit(parts._replace(query=urlencode([*query, ("page", str(n))])))
            for n in range(2, min(total, MAX_PAGES) + 1)]


def _text(row: dict, key: str) -> str | None:
    value = row.get(key)
    return value.strip() or None if isinstance(value, str) else None


def _listing_id(row: dict) -> str:
    key = _text(row, "frid")
    if not key:  # exports without frid: a stable digest of name and address
        parts = [_text(row, k) or "" for k in ("name1", "street1", "city", "state", "zip")]
        # surrogatepass: a lone surrogate ("\ud800" in the JSON) must not fail the whole page
        key = hashlib.sha1("|".join(parts).lower().encode("utf-8", "surrogatepass")).hexdigest()[:16]
    # frid is free text: '/', ',' or a space in it would make the id unusable in URLs and lists.
    return f"{SOURCE}:{safe_id_key(key)}"


def _coordinate(value: object, limit: float) -> float | None:
    try:
        number = float(str(value).strip())
    except ValueError:
        return None
    return number if -limit <= number <= limit and number != 0 else None


def _location(row: dict) -> dict | None:
    street = ", ".join(x for x in (_text(row, "street1"), _text(row, "street2")) if x)
    loc = {"address": street or None, "city": _text(row, "city"), "state": _text(row, "state"),
           "postal_code": _text(row, "zip")}
    lat, lon = _coordinate(row.get("latitude"), 90), _coordinate(row.get("longitude"), 180)
    if lat is not None and lon is not None:
        loc.update(lat=lat, lon=lon)
    loc = {k: v for k, v in loc.items() if v is not None}
    return loc or None


def _website(row: dict) -> str | None:
    site = _text(row, "website")
    if site and "://" not in site:
        site = "http://" + site  # the export often drops the scheme
    return site


def _listing(row: dict, page: SavedResponse) -> dict | None:
    name = _text(row, "name1")
    if not name:
        return None
    observed_at = page.fetched_at.date().isoformat()
    listing_id = _listing_id(row)
    services = svc.by_code(row.get("services"))
    facts = svc.derive(services)
    listing: dict = {
        "id": listing_id, "kind": "organization", "name": name,
        "description": _text(row, "name2"),
        "website": _website(row),
        "specialties": facts.specialties, "approaches": facts.approaches,
        "formats": facts.formats, "age_groups": facts.age_groups, "languages": facts.languages,
        "telehealth": facts.telehealth, "in_person": facts.in_person,
        "fees": facts.fees,
        "insurance": [{"payer": p, "basis": "facility_locator", "observed_at": observed_at}
                      for p in facts.payers],
        "unmapped": facts.unmapped,
        "sources": [{"source": SOURCE, "url": page.url, "fetched_at": page.fetched_at.isoformat(),
                     "listing_id": listing_id}],
        "raw": {"locations": [loc] if (loc := _location(row)) else []},
    }
    if phone := _text(row, "phone") or _text(row, "intake1"):
        listing["raw"]["phone"] = phone
    attribution = {"basis": "facility_locator", "source": SOURCE, "observed_at": observed_at}
    listing["attributions"] = {k: dict(attribution) for k in ("telehealth", "fees")
                               if listing[k] not in (None, {})}
    return {k: v for k, v in listing.items() if v is not None}
