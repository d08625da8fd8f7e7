"""Badges for the web pages: a claim and who vouches for it, worded by the printables' helper.

`search_api.printables.provenance` words a claim and who vouches for it the
same way in PDFs and pages: "in network per the insurer's directory, checked
on 2026-10-01"; "sliding scale $40–$90, self-reported on 2026-10-01", and in
Spanish ("dentro de la red según el directorio de la aseguradora, ...").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from search_api.printables.facts import vouched
from search_api.printables.provenance import (
    MAX_AGE_DAYS,
    as_date,
    describe_basis,
    describe_claim,
    insurance_claim,
    is_old,
)
from search_api.web.formatting import fee_parts
from search_api.web.text import ENGLISH_TEXT, PageText
from therapist_finder.schema import Basis, Listing
from therapist_finder.source_names import urls_by_source
from therapist_finder.vocab import Vocabularies

# css modifier per basis; anything else is "unknown"
_KIND = {"payer_directory": "directory", "provider_reported": "self", "facility_locator": "locator"}


def iso(value: date | datetime | None) -> str:
    """The date for machines (sorting, attributes): always ISO. Readers get
    `provenance.date_text`, in the page's language."""
    day = as_date(value)
    return day.isoformat() if day else ""


def is_stale(value: date | datetime | None, today: date, max_age_days: int = MAX_AGE_DAYS) -> bool:
    """Whether a dated claim "may be out of date": the printables' rule (`provenance.is_old`,
    "please confirm: over six months old"), so a page and a printout judge a date alike.

    `max_age_days` is the app's THERAPIST_FINDER_STALE_AFTER_DAYS, which also decides which
    listings a search hides: a page handed another span would call "current" what the search
    calls stale (or the reverse)."""
    return is_old(value, today, max_age_days)


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


def dated_badge(text: str, basis: Basis | None, observed: date | datetime | None, today: date, *,
                basis_text: str | None = None, lang: str = "en", slug: str = "",
                sep: str = ", ", max_age_days: int = MAX_AGE_DAYS) -> Badge:
    """A badge whose provenance cites `observed`, judged stale from that same date.

    Every badge is built here: a badge cannot show a date without its "(may be out of
    date)" being decided from it. `basis_text` words a provenance the plain
    `describe_basis(basis, observed)` does not (an insurer's directory named by its host).
    """
    if basis_text is None:
        basis_text = describe_basis(basis, observed, lang=lang)
    return Badge(text=text, basis_text=basis_text, kind=_KIND.get(basis or "", "unknown"),
                 stale=is_stale(observed, today, max_age_days), checked_on=iso(observed), slug=slug,
                 sep=sep)


def insurance_badges(listing: Listing, vocabs: Vocabularies, today: date,
                     text: PageText = ENGLISH_TEXT, max_age_days: int = MAX_AGE_DAYS) -> list[Badge]:
    """One badge per payer the listing takes, with who says so and when."""
    urls = urls_by_source(listing.sources)  # names the insurer's host in "insurer directory at ..."
    lang = text.lang
    return [
        dated_badge(text.label(vocabs, "insurance", c.payer), c.basis, c.observed_at, today,
                    basis_text=describe_claim(insurance_claim(c.basis, lang), c.basis, c.observed_at,
                                              lang=lang, source=c.source, source_urls=urls),
                    slug=c.payer, sep=": ", max_age_days=max_age_days)
        for c in listing.insurance
    ]


def accepting_badge(listing: Listing, today: date, text: PageText = ENGLISH_TEXT,
                    max_age_days: int = MAX_AGE_DAYS) -> Badge:
    """Whether the listing takes new clients, with who says so and when (its attribution,
    else the listing as last seen, as the printables date it)."""
    value = listing.accepting_new_clients
    said = text({True: "Accepting new clients", False: "Not accepting new clients"}.get(
        value, "New-client status not stated"))
    if value is None:
        return Badge(text=said, basis_text="", kind="unknown")
    basis, _, observed = vouched(listing, "accepting_new_clients")
    return dated_badge(said, basis, observed, today, lang=text.lang,
                       sep=" " if basis == "payer_directory" else ", ", max_age_days=max_age_days)


def fee_badge(listing: Listing, today: date, text: PageText = ENGLISH_TEXT,
              max_age_days: int = MAX_AGE_DAYS) -> Badge | None:
    """Who vouches for the fees and when (their attribution, else the listing as last seen),
    with the fees as its text; None when no fee is listed."""
    parts = fee_parts(listing.fees, text)
    if not parts:
        return None
    basis, _, observed = vouched(listing, "fees")
    return dated_badge("; ".join(parts), basis, observed, today, lang=text.lang,
                       max_age_days=max_age_days)
