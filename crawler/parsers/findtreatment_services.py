"""FindTreatment.gov `services` entries ({f1: label, f2: code, f3: "a; b; c"}) to listing facts.

Codes and labels as the locator publishes them (see
tests/crawler/findtreatment/fixtures/README.md): TC type of care, SET service
setting, TAP treatment approaches, PAY payment/insurance/funding accepted,
PYAS payment assistance, SG special programs/groups, AGE age groups, SL
language services, OL other languages. An entry without a known code is
matched by its label. Values stay raw (the normalizer maps them) except where
the locator's wording needs routing: a format is not an approach, a funding
source is not an insurer, and "State-financed ... other than Medicaid" is not
Medicaid.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LABELS = {
    "type of care": "TC", "service setting": "SET", "treatment approaches": "TAP",
    "payment/insurance/funding": "PAY", "payment accepted": "PAY", "payment assistance": "PYAS",
    "special programs": "SG", "age groups": "AGE", "language services": "SL",
    "other languages": "OL",
}
# TAP values that say who is in the room (format facet), not how they work.
FORMATS = {
    "couples/family therapy": ["Couples therapy", "Family therapy"],
    "group therapy": ["Group therapy"],
    "individual psychotherapy": ["Individual psychotherapy"],
}
# PAY values naming an insurer or public programme (the payer as the vocabulary spells it).
PAYERS = (("medicaid", "Medicaid"), ("medicare", "Medicare"), ("military", "TRICARE"),
          ("tricare", "TRICARE"))
GENERIC_LANGUAGE = ("other languages", "any other language")


@dataclass
class Facts:
    """What one facility's services say, in listing terms."""

    payers: list[str] = field(default_factory=list)
    fees: dict = field(default_factory=dict)
    approaches: list[str] = field(default_factory=list)
    formats: list[str] = field(default_factory=list)
    specialties: list[str] = field(default_factory=list)
    age_groups: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    telehealth: bool | None = None
    in_person: bool | None = None
    unmapped: dict[str, list[str]] = field(default_factory=dict)

    def keep(self, name: str, value: str) -> None:
        """Record a value no facet can hold (kept visible under `unmapped`)."""
        self.unmapped.setdefault(name, []).append(value)


def by_code(services: object) -> dict[str, list[str]]:
    """Service values grouped by code; malformed entries are skipped."""
    out: dict[str, list[str]] = {}
    for entry in services if isinstance(services, list) else []:
        if not isinstance(entry, dict) or not isinstance(entry.get("f3"), str):
            continue
        code = entry.get("f2") if isinstance(entry.get("f2"), str) else ""
        label = str(entry.get("f1") or "").strip().lower()
        if code not in LABELS.values():
            code = next((c for prefix, c in LABELS.items() if label.startswith(prefix)), code)
        values = [v.strip() for v in entry["f3"].split(";") if v.strip()]
        out.setdefault(code, []).extend(values)
    return out


def derive(services: dict[str, list[str]]) -> Facts:
    """Facts for one facility from its grouped services."""
    facts = Facts()
    _payments(services.get("PAY", []) + services.get("PYAS", []), facts)
    _approaches(services.get("TAP", []), facts)
    facts.age_groups = list(services.get("AGE", []))
    facts.languages = [v for v in services.get("SL", []) + services.get("OL", [])
                       if not v.lower().startswith(GENERIC_LANGUAGE)]
    facts.specialties = list(services.get("SG", []))
    if any("substance use" in v.lower() for v in services.get("TC", [])):
        facts.specialties.insert(0, "Substance use")
    every = [v.lower() for values in services.values() for v in values]
    if any("telehealth" in v or "telemedicine" in v for v in every):
        facts.telehealth = True
    settings = [v for v in services.get("SET", []) if "tele" not in v.lower()]
    if settings:
        facts.in_person = True
    return facts


def _payments(values: list[str], facts: Facts) -> None:
    for value in values:
        low = value.lower()
        payer = next((name for mark, name in PAYERS if mark in low), None)
        if payer and "other than" not in low:
            if payer not in facts.payers:
                facts.payers.append(payer)
        elif "sliding fee" in low or "sliding scale" in low:
            facts.fees["sliding_scale"] = True
        elif low.startswith("no payment accepted"):  # all care is free
            facts.fees.update(session_min=0.0, session_max=0.0)
        elif "no charge" in low or low.startswith("free"):
            facts.fees.update(sliding_scale=True, sliding_scale_min=0.0)
        elif "self-pay" in low or "cash" in low or "payment assistance" in low:
            facts.keep("fees", value)
        else:  # grants, state and VA funds, "private health insurance" (no insurer named)
            facts.keep("insurance", value)


def _approaches(values: list[str], facts: Facts) -> None:
    for value in values:
        low = value.lower()
        if low in FORMATS:
            facts.formats.extend(FORMATS[low])
        elif "telehealth" in low or "telemedicine" in low:
            facts.telehealth = True
        else:
            facts.approaches.append(value)
