"""One NPPES provider record, however it was read, as a canonical listing dict.

Both the NPI Registry API (`crawler/parsers/nppes.py`) and the monthly full
replacement file (`nppes_file.py`) produce an `NppesRecord`; `to_listing`
then builds the same listing from either: id `nppes:<NPI>`, kind from the
entity type (NPI-1 individual, NPI-2 organization), license types from the
NUCC taxonomy codes, license states from the behavioral-health taxonomies
(primary first), the practice LOCATION address (never the mailing one) and
its phone. NPPES data is self-reported by providers, so its basis is
`provider_reported`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache

from therapist_finder.importers.clean import clean_location, clean_phone, clean_state
from therapist_finder.vocab import Vocabularies, load_vocabularies

SOURCE = "nppes"
REGISTRY_URL = "https://npiregistry.cms.hhs.gov/provider-view/{npi}"
# Behavioral-health organizations carry facility codes that are not licence types.
ORGANIZATION_CODES = frozenset({
    "261QM0801X",  # Clinic/Center, Mental Health (incl. Community Mental Health Center)
    "261QM0850X",  # Clinic/Center, Adult Mental Health
    "261QM0855X",  # Clinic/Center, Adolescent and Children Mental Health
    "261QR0405X",  # Clinic/Center, Rehabilitation, Substance Use Disorder
    "273R00000X",  # Psychiatric Unit
    "283Q00000X",  # Psychiatric Hospital
    "320800000X",  # Community Based Residential Treatment Facility, Mental Illness
    "323P00000X",  # Psychiatric Residential Treatment Facility
    "324500000X",  # Substance Abuse Rehabilitation Facility
})
_ORG_UPPER = {"LLC", "PLLC", "PC", "PA", "LLP", "LP", "INC", "II", "III", "IV", "USA", "CMHC"}
_SMALL = {"and", "of", "the", "for", "at", "in", "on"}
_GENDER = {"F": "female", "M": "male", "X": "nonbinary"}


@lru_cache(maxsize=1)
def behavioral_health_codes() -> frozenset[str]:
    """NUCC codes this directory keeps: every licence-type code, plus BH facility codes."""
    vocab = load_vocabularies()["license_type"]
    return frozenset(code for term in vocab for code in term.codes) | ORGANIZATION_CODES


@dataclass
class Taxonomy:
    code: str
    state: str | None = None
    license: str | None = None
    primary: bool = False


@dataclass
class NppesRecord:
    """The fields of an NPPES record this directory uses (strings as the source gave them)."""

    npi: str
    entity_type: str  # "1"/"NPI-1" individual, "2"/"NPI-2" organization
    first_name: str = ""
    middle_name: str = ""
    last_name: str = ""
    organization_name: str = ""
    credential: str = ""
    gender: str = ""
    address_1: str = ""
    address_2: str = ""
    city: str = ""
    state: str = ""
    postal_code: str = ""
    country_code: str = ""
    telephone: str = ""
    taxonomies: list[Taxonomy] = field(default_factory=list)
    deactivated: bool = False


class RecordRejected(ValueError):
    """This record is not a listing; `reason` is a stats slug."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason, self.detail = reason, detail


def display_case(text: str, organization: bool = False) -> str:
    """'JANE O'BRIEN-SMITH' -> "Jane O'Brien-Smith"; keeps LLC/PLLC upper in organizations."""
    words = []
    for i, word in enumerate(text.split()):
        bare = word.strip(",.").upper()
        if organization and bare in _ORG_UPPER:
            words.append(word.upper())
        elif organization and i and word.lower() in _SMALL:
            words.append(word.lower())
        elif word.isupper() or word.islower():
            words.append(re.sub(r"(^|[-'’])([a-z])", lambda m: m[1] + m[2].upper(), word.lower()))
        else:
            words.append(word)
    return " ".join(words)


def split_credentials(text: str) -> list[str]:
    """'Ph.D., L.C.S.W.' -> ['PHD', 'LCSW']."""
    parts = re.split(r"[,;/]|\s{2,}", text or "")
    return [p.replace(".", "").strip().upper() for p in parts if p.replace(".", "").strip()]


def _name(record: NppesRecord) -> str:
    if record.organization_name:
        return display_case(record.organization_name.strip(), organization=True)
    middle = record.middle_name.strip()
    middle = f"{middle[0]}." if len(middle.rstrip(".")) == 1 else middle
    parts = [record.first_name.strip(), middle, record.last_name.strip()]
    return display_case(" ".join(p for p in parts if p and p != "--"))


def _license(record: NppesRecord, vocabs: Vocabularies) -> tuple[list[str], list[str]]:
    kept = sorted((t for t in record.taxonomies if t.code in behavioral_health_codes()),
                  key=lambda t: not t.primary)
    types, states = [], []
    for tax in kept:
        term = vocabs["license_type"].by_code(tax.code)
        if term and term.slug not in types:
            types.append(term.slug)
        state = clean_state(tax.state, vocabs)
        if state and state not in states:
            states.append(state)
    return types, states


def to_listing(record: NppesRecord, fetched_at: datetime | date | None = None,
               vocabs: Vocabularies | None = None) -> dict:
    """A canonical listing dict; raises RecordRejected for a record that is not one."""
    vocabs = vocabs or load_vocabularies()
    npi = str(record.npi).strip()
    if not re.fullmatch(r"[0-9]{10}", npi):
        raise RecordRejected("bad_npi", repr(record.npi))
    if record.deactivated:
        raise RecordRejected("deactivated", npi)
    if not any(t.code in behavioral_health_codes() for t in record.taxonomies):
        raise RecordRejected("not_behavioral_health", npi)
    organization = record.entity_type.strip().upper() in ("2", "NPI-2")
    name = _name(record)
    if not name:
        raise RecordRejected("missing_name", npi)
    types, states = _license(record, vocabs)
    address = ", ".join(p.strip() for p in (record.address_1, record.address_2) if p.strip())
    location = clean_location({"address": display_case(address) if address else None,
                               "city": record.city, "state": record.state,
                               "postal_code": record.postal_code,
                               "country": record.country_code or "US"}, vocabs)
    fetched = fetched_at or datetime.now(UTC).replace(microsecond=0)
    return {
        "id": f"{SOURCE}:{npi}",
        "kind": "organization" if organization else "individual",
        "name": name,
        "npi": npi,
        "credentials": [] if organization else split_credentials(record.credential),
        "gender": None if organization else _GENDER.get(record.gender.strip().upper()),
        "license_types": types,
        "license_states": states,
        "locations": [location] if location else [],
        "phone": clean_phone(record.telephone),
        "sources": [{"source": SOURCE, "url": REGISTRY_URL.format(npi=npi),
                     "fetched_at": fetched.isoformat(), "listing_id": f"{SOURCE}:{npi}"}],
        "last_seen_at": fetched.isoformat(),
    }
