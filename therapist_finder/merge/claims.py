"""Merging listings of one provider while keeping who said what, and when.

Each source's values are kept as `Claim`s per field (`Listing.claims`). A
merged field's value is then *picked* from the claims; when sources disagree
on a field that matters to a client the disagreement is kept in
`Listing.conflicts` instead of being resolved silently. Re-merging a source
replaces everything that source said before, so a re-crawl updates values.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from therapist_finder.merge.names import address_key
from therapist_finder.schema import STORED, Attribution, Claim, Conflict, InsuranceClaim, Listing
from therapist_finder.vocab import load_vocabularies

SCALAR_FIELDS = ("kind", "name", "npi", "gender", "telehealth", "in_person",
                 "accepting_new_clients", "fees", "phone", "website", "description")
LIST_FIELDS = ("credentials", "license_types", "license_states", "languages", "specialties",
               "approaches", "formats", "age_groups", "locations")
# Disagreement on these is shown to clients; other fields (a second phone number,
# a longer description) differ between sources as a matter of course.
CONFLICT_FIELDS = ("npi", "kind", "gender", "telehealth", "in_person",
                   "accepting_new_clients", "fees")
# The registry is the authority on who someone is; elsewhere the newest claim wins.
IDENTITY_FIELDS = ("kind", "name", "npi", "gender", "credentials", "license_types")
REGISTRY_SOURCES = ("nppes",)
BASIS_RANK = {"payer_directory": 0, "facility_locator": 1, "provider_reported": 2}
SOURCE_BASIS = {"plannet": "payer_directory", "findtreatment": "facility_locator"}


def _day(value: date | datetime | None) -> date:
    if isinstance(value, datetime):
        return value.date()
    return value or date.min


def source_basis(source: str) -> str:
    """Default basis of a source name ("plannet:acme" -> payer_directory)."""
    return SOURCE_BASIS.get(source.split(":")[0], "provider_reported")


def _empty(value: Any) -> bool:
    return value is None or value == [] or value == {} or value == ""


def claims_of(listing: Listing) -> dict[str, list[Claim]]:
    """A listing's claims: stored ones when merged, else derived from its one source."""
    if listing.claims:
        return {f: list(c) for f, c in listing.claims.items()}
    src = listing.sources[0] if listing.sources else None
    source = src.source if src else listing.id.split(":")[0]
    source_id = (src.listing_id if src else None) or listing.id
    seen = _day(src.fetched_at if src else listing.last_seen_at)
    dumped = listing.model_dump(mode="json", include=set(SCALAR_FIELDS + LIST_FIELDS))
    out: dict[str, list[Claim]] = {}
    for name, value in dumped.items():
        if name == "fees":
            value = {k: v for k, v in value.items() if v is not None and k != "currency"} or None
        if _empty(value):
            continue
        attr = listing.attributions.get(name)
        out[name] = [Claim(value=value, source=attr.source if attr else source, source_id=source_id,
                           basis=attr.basis if attr else source_basis(source),
                           observed_at=attr.observed_at if attr else seen)]
    return out


def _source_ids(listing: Listing) -> set[str]:
    ids = {s.listing_id for s in listing.sources if s.listing_id}
    return ids or {listing.id}


def _rank(name: str, claim: Claim) -> tuple:
    registry = claim.source in REGISTRY_SOURCES and name in IDENTITY_FIELDS
    return (not registry, -claim.observed_at.toordinal(), BASIS_RANK[claim.basis], claim.source)


def _pick(name: str, claims: list[Claim]) -> Any:
    ordered = sorted(claims, key=lambda c: _rank(name, c))
    if name not in LIST_FIELDS:
        return ordered[0].value, ordered[0]
    merged: list = []
    keys: set[str] = set()
    for claim in ordered:
        for item in claim.value or []:
            key = _location_key(item) if name == "locations" else json.dumps(item, sort_keys=True)
            if key not in keys:
                keys.add(key)
                merged.append(item)
    return merged, ordered[0]


def _location_key(loc: dict) -> str:
    if loc.get("address"):  # "212 Maple Avenue, Suite 4" and "212 Maple Ave Ste 4" are one office
        return f"{address_key(str(loc['address']))}|{loc.get('postal_code')}"
    return f"|{loc.get('city')}|{loc.get('state')}|{loc.get('postal_code')}"


def _conflicts(claims: dict[str, list[Claim]]) -> list[Conflict]:
    found = []
    for name in CONFLICT_FIELDS:
        values = {json.dumps(c.value, sort_keys=True) for c in claims.get(name, [])}
        if len(values) > 1:
            found.append(Conflict(field=name, claims=claims[name]))
    return found


def merge_insurance(existing: list[InsuranceClaim], incoming: list[InsuranceClaim],
                    replaced: set[str]) -> list[InsuranceClaim]:
    """Union by (payer, source); a payer directory's claims come first (they outrank)."""
    kept = [c for c in existing if c.source not in replaced] + list(incoming)
    unique: dict[tuple, InsuranceClaim] = {}
    for claim in kept:
        key = (claim.payer, claim.source, claim.basis)
        if key not in unique or unique[key].observed_at < claim.observed_at:
            unique[key] = claim
    return sorted(unique.values(), key=lambda c: (BASIS_RANK[c.basis], c.payer, c.source or ""))


def insurance_conflicts(claims: list[InsuranceClaim]) -> list[Conflict]:
    """A payer directory lists a payer that a provider's own insurance list leaves out."""
    by_source: dict[str, list[InsuranceClaim]] = {}
    for claim in claims:
        by_source.setdefault(claim.source or "?", []).append(claim)
    reported = {s: {c.payer for c in cs} for s, cs in by_source.items()
                if all(c.basis == "provider_reported" for c in cs)}
    known = load_vocabularies()["insurance"]
    found = []
    for claim in claims:
        # An insurer the vocabulary does not know, kept under its directory's name: a
        # provider's own list names it only in raw words (kept under `unmapped`), so its
        # leaving it out of the slugs says nothing.
        if claim.basis != "payer_directory" or claim.payer not in known:
            continue
        against = [Claim(value=False, source=s, basis="provider_reported",
                         observed_at=max(c.observed_at for c in by_source[s]))
                   for s, payers in reported.items() if claim.payer not in payers]
        if against:
            ours = Claim(value=True, source=claim.source or "?", basis=claim.basis,
                         observed_at=claim.observed_at)
            found.append(Conflict(field=f"insurance.{claim.payer}", claims=[ours, *against]))
    return found


def _with_source(listing: Listing) -> list[InsuranceClaim]:
    name = listing.sources[0].source if listing.sources else listing.id.split(":")[0]
    return [c if c.source else c.model_copy(update={"source": name}) for c in listing.insurance]


def merge_listings(existing: Listing, incoming: Listing) -> Listing:
    """One listing from two of the same provider; `incoming` replaces its sources' old claims."""
    replaced_ids = _source_ids(incoming)
    replaced_sources = {s.source for s in incoming.sources} or {incoming.id.split(":")[0]}
    claims: dict[str, list[Claim]] = {}
    for name, items in claims_of(existing).items():
        kept = [c for c in items if c.source_id not in replaced_ids]
        if kept:
            claims[name] = kept
    for name, items in claims_of(incoming).items():
        claims.setdefault(name, []).extend(items)
    data: dict[str, Any] = {"unmapped": {}}
    attributions = dict(existing.attributions)
    for name, items in claims.items():
        value, winner = _pick(name, items)
        data[name] = value
        if name in SCALAR_FIELDS and name not in ("kind", "name"):
            attributions[name] = Attribution(basis=winner.basis, source=winner.source,
                                             observed_at=winner.observed_at)
    insurance = merge_insurance(_with_source(existing), _with_source(incoming), replaced_sources)
    sources = {(s.source, s.listing_id or s.url): s for s in existing.sources}
    for s in incoming.sources:
        sources[(s.source, s.listing_id or s.url)] = s
    for src in (existing, incoming):
        for name, raws in src.unmapped.items():
            data["unmapped"].setdefault(name, [])
            data["unmapped"][name] = list(dict.fromkeys(data["unmapped"][name] + raws))
    npi = data.get("npi")
    seen = [x.last_seen_at for x in (existing, incoming) if x.last_seen_at]
    data.update(
        id=f"nppes:{npi}" if npi else existing.id,
        insurance=insurance,
        sources=list(sources.values()),
        last_seen_at=max(seen, key=_day) if seen else None,
        attributions={k: v for k, v in attributions.items() if k in claims},
        claims=claims,
        conflicts=_conflicts(claims) + insurance_conflicts(insurance),
    )
    data.setdefault("kind", existing.kind)
    data.setdefault("name", existing.name)
    # The merged listing keeps the existing id, which a store may hold from before ids had to be URL-safe.
    return Listing.model_validate(data, context=STORED)
