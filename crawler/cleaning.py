"""Apply the raw hints of a crawled listing dict (see `crawler.parsing`).

The helpers themselves live in `therapist_finder.importers.clean` (shared with
the NPPES file importer); this module maps the `raw` key onto them.
"""

from __future__ import annotations

from typing import Any

from therapist_finder.importers.clean import (
    clean_location,
    clean_phone,
    clean_postal_code,
    clean_state,
    parse_fees,
)
from therapist_finder.schema import UNMAPPED_VALUE_MAX
from therapist_finder.vocab import Vocabularies

RAW_FIELDS = ("phone", "fees", "locations", "license_states")
__all__ = ["RAW_FIELDS", "apply_raw", "clean_location", "clean_phone", "clean_postal_code",
           "clean_state", "parse_fees"]


def apply_raw(data: dict[str, Any], vocabs: Vocabularies) -> tuple[dict[str, Any], list[str]]:
    """Replace the `raw` hints of a listing dict with clean fields.

    Returns the new dict (without `raw`) and notes about what could not be
    used, e.g. "location_not_us" (the caller counts them).
    """
    data = dict(data)
    raw = data.pop("raw", None) or {}
    notes: list[str] = []
    if raw.get("phone") is not None:
        phone = clean_phone(raw["phone"])
        if phone is None:
            notes.append("bad_phone")
            _keep_unmapped(data, "phone", raw["phone"])
        data["phone"] = phone or data.get("phone")
    if raw.get("fees"):
        fees = parse_fees(raw["fees"])
        if not fees:
            _keep_unmapped(data, "fees", raw["fees"])
        data["fees"] = {**(data.get("fees") or {}), **fees}
    if raw.get("locations") is not None:
        cleaned = [clean_location(loc, vocabs) for loc in raw["locations"]]
        notes += ["location_not_us"] * sum(loc is None for loc in cleaned)
        data["locations"] = [*(data.get("locations") or []), *(c for c in cleaned if c)]
    if raw.get("license_states") is not None:
        states = [clean_state(s, vocabs) for s in raw["license_states"]]
        data["license_states"] = [*(data.get("license_states") or []), *(s for s in states if s)]
    return data, notes


def _keep_unmapped(data: dict[str, Any], field: str, value: Any) -> None:
    """Keep a raw value nothing could read under `unmapped[field]`, cut to the
    schema's limit: the start of it is enough to see what the page said."""
    text = str(value).strip()[:UNMAPPED_VALUE_MAX]
    if text:
        data.setdefault("unmapped", {}).setdefault(field, []).append(text)
