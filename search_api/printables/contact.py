"""Who a listing is and how to reach it: the columns the compare sheet and the
referral packet both start with."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from search_api.printables.facts import address_text, credentials
from therapist_finder.importers.clean import clean_phone
from therapist_finder.schema import Listing, Location


class ListingContact(BaseModel):
    id: str
    name: str
    kind: str
    credentials: list[str] = Field(default_factory=list)
    phone: str | None = None
    website: str | None = None
    address: str | None = None


def phone_text(phone: str | None) -> str | None:
    """"(212) 555-0147" for any way of writing a US number ("212.555.0147", "+1 212 555 0147").

    Sources write numbers differently; a printed list should not. The core's
    cleaner (phonenumbers) reads it; numbers of other countries, and what it
    cannot read, are shown as written (E.164 is for machines, not people).
    """
    cleaned = clean_phone(phone) if phone else None
    return cleaned if cleaned and not cleaned.startswith("+") else phone


def contact_fields(listing: Listing, loc: Location | None) -> dict[str, Any]:
    """ListingContact's fields for `listing`, with `loc` (its nearest location) as the address."""
    return {"id": listing.id, "name": listing.name, "kind": listing.kind,
            "credentials": credentials(listing), "phone": phone_text(listing.phone),
            "website": listing.website, "address": address_text(loc) or None}


def round_miles(miles: float | None) -> float | None:
    """Distances print to a tenth of a mile."""
    return round(miles, 1) if miles is not None else None
