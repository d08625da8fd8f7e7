"""Map a listing's raw values onto vocabulary slugs and fill coordinates.

A value that maps to nothing is moved to `listing.unmapped[field]` and counted
in the report: kept and visible, never silently dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from therapist_finder.geo.gazetteer import ZipGazetteer, default_gazetteer
from therapist_finder.links import web_address
from therapist_finder.schema import FACET_FIELDS, Listing, Location
from therapist_finder.vocab import Vocabularies

# What a canonical website starts with (one regex: every listing of an import asks; the
# general path checks it fully with links.web_address).
_WEB_ADDRESS = re.compile(r"https?://[^/\s]", re.IGNORECASE)


@dataclass
class NormalizeReport:
    """Counts of raw values no vocabulary entry matched, by field."""

    unmapped: Counter = field(default_factory=Counter)
    geocoded: Counter = field(default_factory=Counter)
    # Values left out altogether, by field: a website that is no web address.
    dropped: Counter = field(default_factory=Counter)

    def top_unmapped(self, n: int = 10) -> list[tuple[str, str, int]]:
        return [(f, raw, c) for (f, raw), c in self.unmapped.most_common(n)]


def _keep_unmapped(raw: str, field_name: str, unmapped: dict, report: NormalizeReport) -> None:
    """Keep a value no vocabulary entry matched on the listing, and count it."""
    unmapped.setdefault(field_name, []).append(raw)
    report.unmapped[(field_name, raw)] += 1


def _map_values(values: list[str], vocab, field_name: str, unmapped: dict, report) -> list[str]:
    slugs: list[str] = []
    for raw in values:
        slug = vocab.normalize(raw)
        if slug is None:
            _keep_unmapped(raw, field_name, unmapped, report)
        elif slug not in slugs:
            slugs.append(slug)
    return slugs


def _fill_location(loc: Location, gazetteer: ZipGazetteer, report: NormalizeReport) -> Location:
    if loc.has_point and loc.city and loc.state:
        return loc
    update: dict = {}
    info = gazetteer.zip_info(loc.postal_code) if loc.postal_code else None
    if info:
        lat, lon, city, state = info
        update.update(city=loc.city or city.title(), state=loc.state or state)
        if not loc.has_point:
            update.update(lat=lat, lon=lon, precision="postal_code")
    elif not loc.has_point and loc.city and loc.state:
        found = gazetteer.geocode(f"{loc.city}, {loc.state}")
        if found is not None:
            update.update(lat=found.latitude, lon=found.longitude, precision="city")
    if "precision" in update:
        report.geocoded[update["precision"]] += 1
    return loc.model_copy(update=update) if update else loc


_SlugSets = tuple[tuple[tuple[str, frozenset[str]], ...], frozenset[str], frozenset[str]]


@lru_cache(maxsize=4)
def _slug_sets(vocabs: Vocabularies) -> _SlugSets:
    """Per list field its vocabulary's slugs; then the genders and the payers."""
    fields = tuple(
        (field_name, vocabs[facet].slug_set)
        for facet, field_name in FACET_FIELDS.items()
        if facet not in ("insurance", "gender")
    )
    return fields, vocabs["gender"].slug_set, vocabs["insurance"].slug_set


def is_canonical(listing: Listing, vocabs: Vocabularies) -> bool:
    """Whether `normalize_listing` would return this very listing: every value
    a slug, every location placed with its city and state, nothing unmapped.

    Re-imports and the benchmark's files are nearly all like this. The check
    is one C-level set test a field: about 4 us a listing, where the general
    path took 8 us to find nothing to change."""
    fields, genders, payers = _slug_sets(vocabs)
    values = listing.__dict__
    for field_name, slugs in fields:
        if not slugs.issuperset(values[field_name]):
            return False
    if listing.unmapped or (listing.gender and listing.gender not in genders):
        return False
    if listing.website and not _WEB_ADDRESS.match(listing.website):
        return False
    if not payers.issuperset([claim.payer for claim in listing.insurance]):
        return False
    return all(
        loc.lat is not None and loc.lon is not None and loc.city and loc.state for loc in listing.locations
    )


def normalize_listing(
    listing: Listing,
    vocabs: Vocabularies,
    report: NormalizeReport | None = None,
    gazetteer: ZipGazetteer | None = None,
) -> Listing:
    """Return a copy with slugs in every facet field and coordinates where known."""
    if is_canonical(listing, vocabs):
        return listing
    return normalized_copy(listing, vocabs, report, gazetteer)


def normalized_copy(
    listing: Listing,
    vocabs: Vocabularies,
    report: NormalizeReport | None = None,
    gazetteer: ZipGazetteer | None = None,
) -> Listing:
    """`normalize_listing` without the canonical shortcut: the general path,
    which also returns the listing itself when it finds nothing to change."""
    report = report if report is not None else NormalizeReport()
    gazetteer = gazetteer or default_gazetteer()
    unmapped = {k: list(v) for k, v in listing.unmapped.items()}
    update: dict = {}
    for facet, field_name in FACET_FIELDS.items():
        if facet in ("insurance", "gender"):
            continue
        values, vocab = getattr(listing, field_name), vocabs[facet]
        if vocab.are_slugs(values):  # already canonical: the common case on re-imports
            continue
        update[field_name] = _map_values(values, vocab, field_name, unmapped, report)
    if listing.gender and listing.gender not in vocabs["gender"]:
        found = _map_values([listing.gender], vocabs["gender"], "gender", unmapped, report)
        update["gender"] = found[0] if found else None
    payers = vocabs["insurance"]
    if not payers.are_slugs([claim.payer for claim in listing.insurance]):
        claims = []
        for claim in listing.insurance:
            slug = payers.normalize(claim.payer)
            if slug is None and claim.basis == "payer_directory":
                # The insurer's own directory says so: the payer is an insurer, one the
                # vocabulary does not know (a regional plan). The claim is kept whole, under
                # the directory's name for it, so its basis and date still show; it is
                # counted, and it is no filter or facet value until the vocabulary knows it.
                report.unmapped[("insurance", claim.payer)] += 1
                claims.append(claim)
            elif slug is None:
                # Anything else ("Out of network", "Cash") may be no insurer at all.
                _keep_unmapped(claim.payer, "insurance", unmapped, report)
            else:
                claims.append(claim if slug == claim.payer else claim.model_copy(update={"payer": slug}))
        update["insurance"] = claims
    if listing.website and (address := web_address(listing.website)) != listing.website:
        # "www.site.example" gains its scheme; javascript:, data: and the like are never served,
        # not even as text (an API client may well make a link of `website`), but counted, so
        # the import reports them.
        if address is None:
            report.dropped[("website", listing.website)] += 1
        update["website"] = address
    locations = [_fill_location(loc, gazetteer, report) for loc in listing.locations]
    if any(new is not old for new, old in zip(locations, listing.locations, strict=True)):
        update["locations"] = locations
    if update or listing.unmapped:
        update["unmapped"] = {k: list(dict.fromkeys(v)) for k, v in unmapped.items() if v}
    return listing.model_copy(update=update) if update else listing
