"""Field readers for Da Vinci PDex Plan-Net resources (PractitionerRole and friends).

Each function reads one thing from one resource (or a role plus its resolved
neighbours) and returns plain values; `crawler.parsers.plannet` assembles them
into a listing. Extension URLs and code systems follow the Plan-Net IG
(http://hl7.org/fhir/us/davinci-pdex-plan-net).
"""

from __future__ import annotations

from crawler.parsers.fhir import NUCC_SYSTEM, as_dict, as_list, codes, concept_text, extensions
from therapist_finder.vocab import load_vocabularies

PLANNET = "http://hl7.org/fhir/us/davinci-pdex-plan-net/StructureDefinition/"
NEWPATIENTS = PLANNET + "newpatients"
DELIVERY_METHOD = PLANNET + "delivery-method"
NETWORK_REFERENCE = PLANNET + "network-reference"
QUALIFICATION = PLANNET + "practitioner-qualification"
CREDENTIAL_SYSTEM = "http://terminology.hl7.org/CodeSystem/v2-0360"

# AcceptingPatientsCS: newpt = accepting; nopt = not accepting; existptonly =
# existing patients only (not accepting new ones). Anything else: unknown.
ACCEPTING = {"newpt": True, "nopt": False, "existptonly": False}

# NUCC taxonomy codes whose specialization names a concern (the specialty facet);
# the classification itself (the licence) goes to license_types through the
# license_type vocabulary's codes.
NUCC_SPECIALTY_HINTS: dict[str, str] = {
    "103TA0400X": "Addiction (Substance Use Disorder)",
    "101YA0400X": "Addiction (Substance Use Disorder)",
    "2084P0802X": "Addiction (Substance Use Disorder)",
    "103TM1800X": "Intellectual & Developmental Disabilities",
    "2084P0804X": "Child & Adolescent Psychiatry",
    "2084P0805X": "Geriatric Psychiatry",
    "103TA0700X": "Adult Development & Aging",
}
# Codes that say whom the provider works with (age_group facet).
NUCC_AGE_HINTS: dict[str, list[str]] = {
    "103TC2200X": ["Children", "Adolescents"],
    "2084P0804X": ["Children", "Adolescents"],
    "2084P0805X": ["Older adults"],
    "103TA0700X": ["Older adults"],
}


def accepting_new(resources: list[dict]) -> bool | None:
    """True if any resource says newpt; False if all that say anything refuse; else None."""
    seen: list[bool] = []
    for resource in resources:
        for ext in extensions(resource, NEWPATIENTS):
            for part in extensions(ext, "acceptingPatients"):
                for code in codes(part.get("valueCodeableConcept")):
                    if code in ACCEPTING:
                        seen.append(ACCEPTING[code])
            if isinstance(ext.get("valueBoolean"), bool):  # pre-1.0 drafts used a boolean
                seen.append(ext["valueBoolean"])
    return True if any(seen) else (False if seen else None)


def delivery_methods(resources: list[dict]) -> set[str]:
    """The delivery-method types (`physical`, `virtual`) the resources declare."""
    found: set[str] = set()
    for resource in resources:
        for ext in extensions(resource, DELIVERY_METHOD):
            for part in extensions(ext, "type"):
                found.update(codes(part.get("valueCodeableConcept")))
    return found


def network_keys(role: dict) -> list[str]:
    """Network Organization ids from the role's network-reference extensions."""
    keys = []
    for ext in extensions(role, NETWORK_REFERENCE):
        ref = as_dict(ext.get("valueReference")).get("reference")
        if isinstance(ref, str) and "/" in ref:
            keys.append(ref.rstrip("/").split("/")[-1])
    return keys


def nucc_codes(role: dict, practitioner: dict) -> list[str]:
    """NUCC taxonomy codes from the role's specialties and the practitioner's qualifications."""
    found = [c for s in as_list(role.get("specialty")) for c in codes(s, NUCC_SYSTEM)]
    for qual in as_list(practitioner.get("qualification")):
        found += codes(as_dict(qual).get("code"), NUCC_SYSTEM)
    return list(dict.fromkeys(found))


def license_types(nucc: list[str], role: dict) -> list[str]:
    """License-type slugs for known NUCC codes; the display text of unknown ones (raw)."""
    vocab = load_vocabularies()["license_type"]
    out = []
    for code in nucc:
        term = vocab.by_code(code)
        if term is not None:
            out.append(term.slug)
    if not out:  # no code we know: keep the payer's wording for the normalizer
        out = [t for s in as_list(role.get("specialty")) if (t := concept_text(s))]
    return list(dict.fromkeys(out))


def credentials(practitioner: dict, suffixes: list[str]) -> list[str]:
    """Degrees and licences: name suffixes plus v2-0360 qualification codes."""
    out = list(suffixes)
    for qual in as_list(practitioner.get("qualification")):
        concept = as_dict(qual).get("code")
        out += codes(concept, CREDENTIAL_SYSTEM)
        if not codes(concept, NUCC_SYSTEM) and not codes(concept, CREDENTIAL_SYSTEM):
            out += [c for c in codes(concept) if len(c) <= 12]
    unique: dict[str, str] = {}
    for credential in out:  # "PhD" (name suffix) and "PHD" (v2-0360 code) are one degree
        unique.setdefault(credential.replace(".", "").upper(), credential)
    return list(unique.values())


def license_states(practitioner: dict) -> list[str]:
    """USPS codes from the practitioner-qualification extension's `whereValid`."""
    out = []
    for qual in as_list(practitioner.get("qualification")):
        for ext in extensions(qual, QUALIFICATION):
            for where in extensions(ext, "whereValid"):
                out += [c for c in codes(where.get("valueCodeableConcept")) if len(c) == 2]
    return list(dict.fromkeys(c.upper() for c in out))


def languages(practitioner: dict) -> list[str]:
    """BCP-47 primary subtags (`es`, `en`) of Practitioner.communication; else the text."""
    out = []
    for concept in as_list(practitioner.get("communication")):
        tags = codes(concept)
        if tags:
            out += [t.split("-")[0].lower() for t in tags]
        elif text := concept_text(concept):
            out.append(text)
    return list(dict.fromkeys(out))


def location(resource: dict) -> dict | None:
    """A raw location dict (state may be a name) from a Plan-Net Location, or None."""
    address = as_dict(resource.get("address"))
    lines = [line.strip() for line in as_list(address.get("line")) if isinstance(line, str)]
    out: dict = {
        "address": ", ".join(x for x in lines if x) or None,
        "city": address.get("city") if isinstance(address.get("city"), str) else None,
        "state": address.get("state") if isinstance(address.get("state"), str) else None,
        "postal_code": address.get("postalCode") if isinstance(address.get("postalCode"), str)
        else None,
        "country": address.get("country") if isinstance(address.get("country"), str) else None,
    }
    position = as_dict(resource.get("position"))
    lat, lon = position.get("latitude"), position.get("longitude")
    numbers = all(isinstance(x, int | float) and not isinstance(x, bool) for x in (lat, lon))
    if numbers and -90 <= lat <= 90 and -180 <= lon <= 180:  # NaN fails the ranges
        out.update(lat=float(lat), lon=float(lon))
    out = {k: v for k, v in out.items() if v is not None}
    return out if any(k in out for k in ("address", "city", "postal_code", "lat")) else None
