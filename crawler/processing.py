"""Validate and normalize one crawled listing dict, without Scrapy.

The pipelines (`crawler.pipelines`) and `therapist-finder extract` share
these steps, so a saved response gives the same listing either way:
`validate` checks the shape (raw hints set aside), `normalize` cleans the raw
hints, maps vocabularies, geocodes and stamps `sources[].fetched_at` and
`last_seen_at`. A bad optional value costs only itself (see `crawler.salvage`):
pass a list as `dropped` to learn what went.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from crawler.cleaning import apply_raw
from crawler.salvage import DroppedField, repaired, validate_salvaging
from therapist_finder.normalize import NormalizeReport, normalize_listing
from therapist_finder.schema import Listing
from therapist_finder.vocab import Vocabularies


class InvalidListing(ValueError):
    """The dict is not a valid listing; the message says which fields and why."""


class RawHints(BaseModel):
    """The shape of a listing dict's `raw` key (values are cleaned by `normalize`)."""

    model_config = ConfigDict(extra="forbid")
    phone: str | None = None
    fees: str | None = None
    locations: list[dict[str, Any]] | None = None
    license_states: list[str] | None = None


def explain(exc: ValidationError) -> str:
    """The first three validation errors as 'field: message'."""
    return "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()[:3])


# The longest description a listing holds (the schema's limit).
DESCRIPTION_MAX = next(m.max_length for m in Listing.model_fields["description"].metadata
                       if getattr(m, "max_length", None))


def shortened(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters at a word boundary, marked with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ", limit // 2)
    return (cut[:space] if space > 0 else cut).rstrip() + "…"


def validate(item: dict[str, Any],
             dropped: list[DroppedField] | None = None) -> tuple[Listing, dict[str, Any]]:
    """(listing, raw hints) from a crawled dict; InvalidListing when the shape is wrong.

    An overlong description is shortened rather than losing the whole listing:
    a page's prose running long says nothing against its facts. Any other bad
    value that the listing can do without is dropped and appended to `dropped`."""
    data = repaired(item)  # our own copy, without lone surrogates
    if isinstance(data.get("description"), str):
        data["description"] = shortened(data["description"], DESCRIPTION_MAX)
    losses: list[DroppedField] = []  # counted only if the listing is kept
    try:
        raw = validate_salvaging(RawHints, data.pop("raw", None) or {}, losses, data.get("id"), "raw")
        listing = validate_salvaging(Listing, data, losses, data.get("id"))
    except ValidationError as exc:
        raise InvalidListing(f"{data.get('id')}: {explain(exc)}") from None
    if dropped is not None:
        dropped += losses
    return listing, raw.model_dump(exclude_none=True)


def stamp(data: dict[str, Any], now: datetime | None = None) -> dict[str, Any]:
    """Every source gets fetched_at and listing_id; the listing a last_seen_at."""
    now = now or datetime.now(UTC).replace(microsecond=0)
    sources = [dict(s) for s in data.get("sources") or []] or [
        {"source": str(data.get("id", "unknown")).split(":")[0]}]
    for source in sources:
        source.setdefault("fetched_at", now.isoformat())
        if not source.get("listing_id"):
            source["listing_id"] = data.get("id")
    data["sources"] = sources
    if not data.get("last_seen_at"):
        data["last_seen_at"] = max(str(s["fetched_at"]) for s in sources)
    return data


def normalize(listing: Listing, raw: dict[str, Any], vocabs: Vocabularies,
              report: NormalizeReport | None = None,
              dropped: list[DroppedField] | None = None) -> tuple[Listing, list[str]]:
    """The clean, normalized listing and notes (e.g. 'location_not_us') for the stats.
    A value the raw hints made bad is dropped and appended to `dropped`."""
    data = listing.model_dump(mode="json", exclude_defaults=True)
    data, notes = apply_raw({**data, "raw": raw}, vocabs)
    try:
        clean = validate_salvaging(Listing, repaired(stamp(data)), dropped, data.get("id"))
    except ValidationError as exc:
        raise InvalidListing(f"{data.get('id')}: {explain(exc)}") from None
    return normalize_listing(clean, vocabs, report), notes


def process(item: dict[str, Any], vocabs: Vocabularies, report: NormalizeReport | None = None,
            dropped: list[DroppedField] | None = None) -> tuple[Listing, list[str]]:
    """validate + normalize; values dropped on the way are reported only for a kept listing."""
    losses: list[DroppedField] = []
    listing, raw = validate(item, losses)
    result = normalize(listing, raw, vocabs, report, losses)
    if dropped is not None:
        dropped += losses
    return result
