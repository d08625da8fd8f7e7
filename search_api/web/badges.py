"""Badges for the web pages: a claim and who vouches for it, worded by the printables' helper.

`search_api.printables.provenance` words a claim and who vouches for it the
same way in PDFs and pages: "in network per the insurer's directory, checked
on 2026-10-01"; "sliding scale $40–$90, self-reported on 2026-10-01", and in
Spanish ("dentro de la red según el directorio de la aseguradora, ...").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from search_api.printables.provenance import (
    as_date,
    describe_basis,
    describe_claim,
    insurance_claim,
    is_old,
)
from search_api.web.formatting import fee_parts
from search_api.web.text import ENGLISH_TEXT, PageText
from therapist_finder.schema import Listing
from therapist_finder.source_names import urls_by_source
from therapist_finder.vocab import Vocabularies

# css modifier per basis; anything else is "unknown"
_KIND = {"payer_directory": "directory", "provider_reported": "self", "facility_locator": "locator"}


def iso(value: date | datetime | None) -> str:
    """The date for machines (sorting, attributes): always ISO. Readers get
    `provenance.date_text`, in the page's language."""
    day = as_date(value)
    return day.isoformat() if day else ""


def is_stale(value: date | datetime | None, today: date) -> bool:
    return is_old(value, today)


@dataclass
class Badge:
    """One claim and who vouches for it."""

    text: str
    basis_text: str
    kind: str  # css modifier: directory | self | locator | unknown
    stale: bool = False
    checked_on: str = ""  # ISO date
    slug: str = ""
    sep: str = ", "  # between the claim and its provenance

    @property
    def full(self) -> str:
        return f"{self.text}{self.sep}{self.basis_text}" if self.basis_text else self.text


def last_seen(listing: Listing) -> date | None:
    """When any source last saw the listing."""
    days = [as_date(s.fetched_at) for s in listing.sources]
    if listing.last_seen_at is not None:
        days.append(as_date(listing.last_seen_at))
    return max(days) if days else None


def insurance_badges(listing: Listing, vocabs: Vocabularies, today: date,
                     text: PageText = ENGLISH_TEXT) -> list[Badge]:
    """One badge per payer the listing takes, with who says so and when."""
    urls = urls_by_source(listing.sources)  # names the insurer's host in "insurer directory at ..."
    lang = text.lang
    return [
        Badge(text=text.label(vocabs, "insurance", c.payer),
              basis_text=describe_claim(insurance_claim(c.basis, lang), c.basis, c.observed_at, lang=lang,
                                        source=c.source, source_urls=urls),
              kind=_KIND.get(c.basis, "unknown"), stale=is_stale(c.observed_at, today),
              checked_on=c.observed_at.isoformat(), slug=c.payer, sep=": ")
        for c in listing.insurance
    ]


def accepting_badge(listing: Listing, today: date, text: PageText = ENGLISH_TEXT) -> Badge:
    """Whether the listing takes new clients, with who says so and when."""
    value = listing.accepting_new_clients
    said = text({True: "Accepting new clients", False: "Not accepting new clients"}.get(
        value, "New-client status not stated"))
    att = listing.attributions.get("accepting_new_clients")
    if value is None:
        return Badge(text=said, basis_text="", kind="unknown")
    if att is None:
        return Badge(text=said, basis_text=describe_basis(None, last_seen(listing), lang=text.lang),
                     kind="unknown")
    return Badge(text=said, basis_text=describe_basis(att.basis, att.observed_at, lang=text.lang),
                 kind=_KIND.get(att.basis, "unknown"), stale=is_stale(att.observed_at, today),
                 checked_on=att.observed_at.isoformat(),
                 sep=" " if att.basis == "payer_directory" else ", ")


def fee_provenance(listing: Listing, seen: date | None, lang: str = "en") -> tuple[str, str]:
    """Who vouches for the fees: their attribution, else the listing as last seen."""
    if not fee_parts(listing.fees):
        return "", "unknown"
    att = listing.attributions.get("fees")
    if att is not None:
        return describe_basis(att.basis, att.observed_at, lang=lang), _KIND.get(att.basis, "unknown")
    return describe_basis(None, seen, lang=lang), "unknown"

