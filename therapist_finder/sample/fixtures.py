"""Hand-made demo listings that tests and docs can rely on by id.

They come first in demo mode (ids sample:00000001 onwards) so the bundled
dataset always contains, for example, an IPT therapist near ZIP 10001 with a
sliding scale who takes Aetna (per the payer's directory) and Medicaid.
"""

from __future__ import annotations

import copy
from functools import cache

from therapist_finder.sample.describe import describe

MANHATTAN_IPT_ID = "sample:00000001"
_SEEN = "2026-10-20"


def _at_zip(zip_code: str, address: str, dlat: float = 0.0012, dlon: float = 0.0009) -> dict:
    """A location at a real ZIP's centre, nudged (~0.1 mi) onto a fictional street."""
    import zipcodes

    z = zipcodes.matching(zip_code)[0]
    return {"address": address, "city": z["city"], "state": z["state"], "postal_code": zip_code,
            "lat": round(float(z["lat"]) + dlat, 5), "lon": round(float(z["long"]) + dlon, 5),
            "precision": "street"}


def _fees(lo=None, hi=None, sliding=None, s_lo=None, s_hi=None, consult=None) -> dict:
    return {"session_min": lo, "session_max": hi, "currency": "USD", "sliding_scale": sliding,
            "sliding_scale_min": s_lo, "sliding_scale_max": s_hi, "free_consultation": consult}


def _claim(payer: str, plans: list[str], basis: str, observed: str = "2026-09-15") -> dict:
    return {"payer": payer, "plans": plans, "basis": basis, "observed_at": observed}


def _listing(n: int, name: str, kind: str, license_types: list[str], **fields) -> dict:
    """A complete canonical dict; `fields` override the defaults."""
    out = {
        "id": f"sample:{n:08d}", "kind": kind, "name": name, "npi": None, "credentials": [],
        "license_types": license_types, "license_states": [], "gender": None,
        "languages": ["en"], "specialties": [], "approaches": [], "formats": ["individual"],
        "age_groups": ["adults"], "telehealth": True, "in_person": True,
        "accepting_new_clients": True, "fees": _fees(), "insurance": [], "locations": [],
        "phone": None, "website": None, "description": None,
        "sources": [{"source": "sample", "url": None, "fetched_at": _SEEN}],
        "last_seen_at": _SEEN, "attributions": {}, "unmapped": {},
    }
    out.update(fields)
    if not out["license_states"]:
        out["license_states"] = list(dict.fromkeys(loc["state"] for loc in out["locations"]))
    if out["accepting_new_clients"] is not None:
        out["attributions"] = {"accepting_new_clients": {
            "basis": "provider_reported", "source": "sample", "observed_at": "2026-10-01"}}
    loc = out["locations"][0]
    out["description"] = describe(
        name, kind, license_types[0], out["specialties"], out["approaches"], out["age_groups"],
        loc["city"], loc["state"], out["telehealth"], out["in_person"], n)
    return out


@cache
def _fixtures() -> tuple[dict, ...]:
    return (
        _listing(
            1, "Harriet Quillfeather", "individual", ["clinical-social-worker"],
            credentials=["LCSW"], gender="female", languages=["en", "es"],
            specialties=["depression", "perinatal-depression", "grief", "life-transitions"],
            approaches=["ipt", "cbt"], formats=["individual", "group"],
            fees=_fees(175.0, 200.0, True, 60.0, 120.0, True),
            insurance=[_claim("aetna", ["Choice POS II"], "payer_directory"),
                       _claim("medicaid", ["Managed Care"], "provider_reported")],
            locations=[_at_zip("10001", "212 Maple Example Ave, Suite 410")],
            phone="(212) 555-0147", website="https://harrietquillfeathertherapy.example"),
        _listing(
            2, "Ambervale Counseling Collective", "organization",
            ["clinical-social-worker", "counselor", "psychologist"],
            specialties=["depression", "anxiety", "substance-use", "life-transitions"],
            approaches=["group-ipt", "ipt", "dbt"], formats=["individual", "group", "family"],
            age_groups=["adults", "teens"], languages=["en", "es", "pt"],
            fees=_fees(140.0, 180.0, True, 30.0, 90.0, False),
            insurance=[_claim("hcsc", ["Blue Choice PPO"], "facility_locator"),
                       _claim("medicaid", [], "facility_locator"),
                       _claim("cigna", ["Open Access Plus"], "payer_directory")],
            locations=[_at_zip("60601", "18 Ambervale Ln, Suite 300"),
                       _at_zip("60201", "907 Lanternfield Rd"),
                       _at_zip("60302", "55 Copperleaf Way")],
            phone="(312) 555-0110", website="https://ambervalecounselingcollective.example"),
        _listing(
            3, "Miguel Brightwater", "individual", ["counselor"], credentials=["LPC"],
            gender="male", languages=["en", "es"], specialties=["anxiety", "ptsd", "adhd"],
            approaches=["tf-cbt", "cbt"], age_groups=["children", "teens"],
            formats=["individual", "family"], fees=_fees(110.0, 130.0, False, None, None, True),
            insurance=[_claim("hcsc", ["Blue Advantage HMO"], "provider_reported"),
                       _claim("medicaid", [], "payer_directory"),
                       _claim("tricare", ["TRICARE Select"], "provider_reported")],
            locations=[_at_zip("77006", "3100 Fernwhistle St")], phone="(713) 555-0163"),
        _listing(
            4, "Wren Lanternfield", "individual", ["psychiatric-nurse-practitioner"],
            credentials=["PMHNP-BC"], gender="nonbinary", license_states=["MT", "WY"],
            specialties=["bipolar-disorder", "depression"], approaches=["ipsrt", "cbt"],
            in_person=False,
            insurance=[_claim("medicare", ["Original Medicare"], "payer_directory"),
                       _claim("hcsc", ["Blue Choice PPO"], "provider_reported")],
            locations=[_at_zip("59715", "41 Stillbrook Pl")], phone="(406) 555-0121"),
        _listing(
            5, "Noah Fernwhistle", "individual", ["psychiatrist"], credentials=["MD"],
            gender="male", specialties=["depression", "ocd", "bipolar-disorder"],
            approaches=["psychodynamic", "dit"], accepting_new_clients=False, telehealth=False,
            fees=_fees(300.0, 300.0, False, None, None, False),
            locations=[_at_zip("90024", "1200 Willowmoor Blvd, Suite 820")],
            phone="(310) 555-0188", website="https://example.org/noahfernwhistle"),
        _listing(
            6, "Mei Stillbrook", "individual", ["psychologist"], credentials=["PhD"],
            gender="female", languages=["en", "zh"], accepting_new_clients=None,
            specialties=["depression", "dysthymia", "relationship-conflict"],
            approaches=["ipt", "maintenance-ipt"], age_groups=["adults", "older-adults"],
            fees=_fees(190.0, 220.0, True, 90.0, 150.0, True),
            insurance=[_claim("kaiser-permanente", ["HMO"], "payer_directory")],
            locations=[_at_zip("98103", "77 Copperleaf Ct")], phone="(206) 555-0102"),
    )


def fixture_listings() -> list[dict]:
    """Fresh copies of the hand-made demo listings, in id order."""
    return copy.deepcopy(list(_fixtures()))
