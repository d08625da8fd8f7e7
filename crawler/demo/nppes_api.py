"""A fictional NPI Registry API v2.1, faithful to the real one's request and response shapes.

It answers `GET /api/?version=2.1&state=..&taxonomy_description=..&postal_code=100*&
limit=..&skip=..` from a list of fictional records: state and postal code
match the LOCATION address (a trailing `*` is a prefix wildcard), taxonomy
description is a case-insensitive substring of a taxonomy's `desc`, and
`limit` over 200 or `skip` over 1000 is answered, as the real API does, with
HTTP 200 and an `Errors` list. `legacy=True` answers in the older form
(integer `number`, epochs in seconds).
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable
from pathlib import Path

FIRST = ["Avery", "Jordan", "Marisol", "Theo", "Priya", "Dmitri", "Keiko", "Laila", "Oren",
         "Beatrix", "Tobias", "Imani", "Rafael", "Sunniva", "Cormac", "Ximena", "Halvard", "Noor"]
LAST = ["Quillfeather", "Brackenridge", "Vantongeren", "Oakhollow", "Fairweather", "Lindqvist",
        "Marchetti", "Okonkwo-Bell", "Thistlewood", "Ravensdale", "Castellanos", "Whitlock-Ames",
        "Pembrook", "Aldercott", "Seabright", "Nakamura-Reyes"]
TAXONOMIES = [
    ("103T00000X", "Psychologist", "PHD"), ("1041C0700X", "Social Worker, Clinical", "LCSW"),
    ("101YP2500X", "Counselor, Professional", "LPC"), ("101YM0800X", "Counselor, Mental Health",
                                                      "LMHC"),
    ("106H00000X", "Marriage & Family Therapist", "LMFT"),
    ("2084P0800X", "Psychiatry & Neurology, Psychiatry", "MD"),
    ("363LP0808X", "Nurse Practitioner, Psychiatric/Mental Health", "PMHNP-BC"),
]
OTHER = [("207Q00000X", "Family Medicine", "MD"), ("122300000X", "Dentist", "DDS")]


def npi_check_digit(first9: str) -> int:
    """The CMS check digit (Luhn over '80840' + the first nine digits)."""
    total = 0
    for i, d in enumerate(reversed([int(c) for c in "80840" + first9])):
        total += sum(divmod(d * 2, 10)) if i % 2 == 0 else d
    return (10 - total % 10) % 10


def luhn_npi(base9: int) -> str:
    """A fictional 10-digit NPI whose check digit is deliberately WRONG, so it can
    never be a real provider's NPI (the registry only issues valid ones)."""
    first9 = f"{base9:09d}"
    return f"{first9}{(npi_check_digit(first9) + 1) % 10}"


def fictional_record(i: int, state: str, zip5: str, city: str, rng: random.Random,
                     behavioral: bool = True, organization: bool = False,
                     taxonomy: int | None = None) -> dict:
    """One fictional API result (newer form: string number, epochs in milliseconds)."""
    code, desc, cred = rng.choice(TAXONOMIES if behavioral else OTHER)
    if taxonomy is not None and behavioral:
        code, desc, cred = TAXONOMIES[taxonomy]
    npi = luhn_npi(100000000 + i)
    phone = f"{rng.choice(['212', '315', '518', '716', '914'])}-555-01{rng.randint(0, 99):02d}"
    location = {"country_code": "US", "country_name": "United States",
                "address_purpose": "LOCATION", "address_type": "DOM",
                "address_1": f"{100 + i} {rng.choice(['MAPLE', 'CEDAR', 'HARBOR'])} EXAMPLE ST",
                "address_2": rng.choice(["", f"SUITE {rng.randint(100, 900)}"]),
                "city": city.upper(), "state": state, "postal_code": f"{zip5}{rng.randint(0, 9999):04d}",
                "telephone_number": phone, "fax_number": ""}
    mailing = {**location, "address_purpose": "MAILING", "address_1": f"PO BOX {1000 + i}",
               "city": "ALBANY", "state": "NY", "postal_code": "122010000"}
    basic: dict = {"enumeration_date": "2015-03-02", "last_updated": "2025-07-14", "status": "A",
                   "certification_date": "2025-07-14"}
    if organization:
        basic.update(organization_name=f"{rng.choice(LAST).upper()} COUNSELING CENTER PLLC",
                     organizational_subpart="NO", authorized_official_first_name="AVERY",
                     authorized_official_last_name="EXAMPLE")
        code, desc = "261QM0801X", "Clinic/Center, Mental Health (Including Community Mental Health Center)"
    else:
        basic.update(first_name=rng.choice(FIRST).upper(), last_name=rng.choice(LAST).upper(),
                     middle_name=rng.choice(["", "A", "J"]), credential=cred,
                     sole_proprietor=rng.choice(["YES", "NO"]), sex=rng.choice(["F", "M"]),
                     name_prefix="--", name_suffix="--")
    return {"created_epoch": "1425254400000", "enumeration_type": "NPI-2" if organization else "NPI-1",
            "last_updated_epoch": "1752451200000", "number": npi,
            "addresses": [mailing, location], "practiceLocations": [], "basic": basic,
            "taxonomies": [{"code": code, "taxonomy_group": "", "desc": desc, "state": state,
                            "license": f"{rng.randint(10000, 99999)}", "primary": True}],
            "identifiers": [], "endpoints": [], "other_names": []}


def legacy_form(record: dict) -> dict:
    """The older response form: integer number and epochs in seconds."""
    out = dict(record)
    out["number"] = int(record["number"])
    for key in ("created_epoch", "last_updated_epoch"):
        out[key] = int(record[key]) // 1000
    return out


def _location(record: dict) -> dict:
    return next(a for a in record["addresses"] if a["address_purpose"] == "LOCATION")


def _matches(record: dict, q: dict[str, str]) -> bool:
    loc = _location(record)
    if q.get("state") and loc["state"].upper() != q["state"].upper():
        return False
    if q.get("city") and loc["city"].upper() != q["city"].upper():
        return False
    postal = q.get("postal_code")
    if postal:
        if postal.endswith("*"):
            if not loc["postal_code"].startswith(postal[:-1]):
                return False
        elif loc["postal_code"][:len(postal)] != postal:
            return False
    if q.get("enumeration_type") and record["enumeration_type"] != q["enumeration_type"]:
        return False
    wanted = q.get("taxonomy_description", "").lower()
    return not wanted or any(wanted in t["desc"].lower() for t in record["taxonomies"])


class FakeNppesApi:
    """Answers API queries from fictional records; `answer(query) -> (status, body bytes)`."""

    def __init__(self, records: Iterable[dict], legacy: bool = False) -> None:
        self.records = list(records)
        self.legacy = legacy

    def answer(self, query: dict[str, list[str]]) -> tuple[int, bytes]:
        q = {k: v[0] for k, v in query.items() if v}
        errors = []
        limit, skip = int(q.get("limit", 10)), int(q.get("skip", 0))
        if limit > 200:
            errors.append({"description": "Field limit must be less than or equal to 200",
                           "field": "limit", "number": "07"})
        if skip > 1000:
            errors.append({"description": "Field skip must be less than or equal to 1000",
                           "field": "skip", "number": "07"})
        if q.get("version") != "2.1":
            errors.append({"description": "Unsupported version", "field": "version", "number": "10"})
        if errors:
            return 200, json.dumps({"Errors": errors}).encode()
        found = [r for r in self.records if _matches(r, q)][skip:skip + limit]
        if self.legacy:
            found = [legacy_form(r) for r in found]
        count = len(found) if self.legacy else len(found)
        return 200, json.dumps({"result_count": count, "results": found}).encode()


def load_records(path: Path) -> list[dict]:
    """Fictional records from a JSON file (a list of API result objects)."""
    return json.loads(Path(path).read_text())
