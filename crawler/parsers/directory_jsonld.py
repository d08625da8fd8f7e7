"""schema.org JSON-LD and microdata (read with extruct) to raw listing fields.

The first node whose @type is a person or a health business is used:
`name`, `honorificSuffix` (credentials), `jobTitle` (licence), `knowsAbout`
and `medicalSpecialty` (specialties), `availableLanguage` / `knowsLanguage`,
`priceRange` (fees text), `paymentAccepted` (payers; payment methods such as
cash or cards are skipped), `isAcceptingNewPatients`, `address`
(PostalAddress), `geo`, `telephone`, `url`, `description`. Strings are page
data: tags are stripped and entities unescaped, nothing is evaluated.
"""

from __future__ import annotations

import math
import re
from typing import Any

import extruct
from w3lib.html import remove_tags, replace_entities

PERSON_TYPES = {"Person", "Physician", "Psychologist", "IndividualPhysician"}
ORG_TYPES = {"MedicalBusiness", "MedicalClinic", "MedicalOrganization", "LocalBusiness",
             "ProfessionalService", "HealthAndBeautyBusiness", "Organization"}
PAYMENT_METHODS = re.compile(
    r"^(cash|checks?|credit cards?|debit cards?|visa|mastercard|amex|american express|discover|"
    r"hsa|fsa|hsa/fsa|venmo|zelle|paypal|invoice|self[- ]pay|private pay|out[- ]of[- ]network)$",
    re.I)


def clean(value: Any) -> str | None:
    """Text from a JSON-LD value: tags stripped, entities unescaped, spaces collapsed."""
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        return None
    if isinstance(value, float) and not math.isfinite(value):  # NaN is no name ("nan")
        return None
    text = " ".join(replace_entities(remove_tags(str(value))).split())
    return text or None


def texts(value: Any, split: str | None = None) -> list[str]:
    """Every text in a value that may be one string, a list, or named objects."""
    out: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        text = clean(item)
        if text:
            out += [t.strip() for t in text.split(split)] if split else [text]
    return [t for t in out if t]


def _types(node: dict) -> set[str]:
    types = node.get("@type")
    return {t.rsplit("/", 1)[-1] for t in (types if isinstance(types, list) else [types])
            if isinstance(t, str)}


def _nodes(items: list) -> list[dict]:
    out = []
    for item in items:
        if isinstance(item, dict):
            out.append(item)
            out += _nodes(item.get("@graph") if isinstance(item.get("@graph"), list) else [])
    return out


def find_provider(html: str, url: str) -> tuple[dict | None, str | None]:
    """(the provider node, "individual" or "organization") from a page's structured data."""
    try:
        data = extruct.extract(html, base_url=url, syntaxes=["json-ld", "microdata"], uniform=True,
                               errors="ignore")
    except Exception:  # extruct raises on some broken markup: no structured data, then
        return None, None
    nodes = _nodes(data.get("json-ld", []) + data.get("microdata", []))
    for node in nodes:
        if _types(node) & PERSON_TYPES:
            return node, "individual"
    for node in nodes:
        if _types(node) & ORG_TYPES:
            return node, "organization"
    return None, None


def _location(node: dict) -> dict | None:
    addresses = node.get("address")
    address = (addresses[0] if isinstance(addresses, list) and addresses else addresses)
    loc: dict = {}
    if isinstance(address, dict):
        loc = {"address": clean(address.get("streetAddress")),
               "city": clean(address.get("addressLocality")),
               "state": clean(address.get("addressRegion")),
               "postal_code": clean(address.get("postalCode")),
               "country": clean(address.get("addressCountry"))}
    geo = node.get("geo") if isinstance(node.get("geo"), dict) else {}
    try:
        if isinstance(geo.get("latitude"), bool) or isinstance(geo.get("longitude"), bool):
            raise TypeError("a boolean is no coordinate")  # float(True) would be 1.0
        lat, lon = float(geo["latitude"]), float(geo["longitude"])
        if -90 <= lat <= 90 and -180 <= lon <= 180:
            loc.update(lat=lat, lon=lon)
    except (KeyError, TypeError, ValueError, OverflowError):  # OverflowError: an int beyond floats
        pass
    loc = {k: v for k, v in loc.items() if v is not None}
    return loc or None


def _accepting(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = (clean(value) or "").lower()
    return {"true": True, "false": False, "yes": True, "no": False}.get(text)


def fields(node: dict) -> dict[str, Any]:
    """Raw listing fields from one provider node (absent values left out)."""
    payments = texts(node.get("paymentAccepted"), split=",")
    out: dict[str, Any] = {
        "name": clean(node.get("name")),
        "credentials": texts(node.get("honorificSuffix"), split=","),
        "license_types": texts(node.get("jobTitle")),
        "specialties": texts(node.get("knowsAbout")) + texts(node.get("medicalSpecialty")),
        "languages": texts(node.get("availableLanguage")) + texts(node.get("knowsLanguage")),
        "insurance": [p for p in payments if not PAYMENT_METHODS.match(p)
                      and "sliding" not in p.lower()],
        "fee": clean(node.get("priceRange")),
        "sliding_scale": next((p for p in payments if "sliding" in p.lower()), None),
        "accepting_new_clients": _accepting(node.get("isAcceptingNewPatients")),
        "location": _location(node),
        "phone": clean(node.get("telephone")),
        "website": clean(node.get("url")),
        "description": clean(node.get("description")),
    }
    return {k: v for k, v in out.items() if v not in (None, [], "")}
