"""Who a listing is and how to reach it: the columns the compare sheet and the
referral packet both start with."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, Field

from search_api.printables.facts import address_text, credentials
from therapist_finder.schema import Listing, Location


class ListingContact(BaseModel):
    id: str
    name: str
    kind: str
    credentials: list[str] = Field(default_factory=list)
    phone: str | None = None
    website: str | None = None
    address: str | None = None


# A North American number written any of the usual ways, with an optional extension.
_PHONE = re.compile(r"^\s*(?:\+?1[\s.-]*)?\(?(\d{3})\)?[\s.-]*(\d{3})[\s.-]*(\d{4})"
                    r"(?:\s*(?:ext\.?|x|#)\s*(\d{1,6}))?\s*$", re.IGNORECASE)


def phone_text(phone: str | None) -> str | None:
    """"(212) 555-0147" for any way of writing a US number ("212.555.0147", "+1 212 555 0147").

    Sources write numbers differently; a printed list should not. Anything else (a
    number from another country, text) is printed as the source wrote it.
    """
    if not phone:
        return phone
    match = _PHONE.match(phone)
    if not match:
        return phone
    area, exchange, line, ext = match.groups()
    return f"({area}) {exchange}-{line}" + (f" ext. {ext}" if ext else "")


def contact_fields(listing: Listing, loc: Location | None) -> dict[str, Any]:
    """ListingContact's fields for `listing`, with `loc` (its nearest location) as the address."""
    return {"id": listing.id, "name": listing.name, "kind": listing.kind,
            "credentials": credentials(listing), "phone": phone_text(listing.phone),
            "website": listing.website, "address": address_text(loc) or None}


def round_miles(miles: float | None) -> float | None:
    """Distances print to a tenth of a mile."""
    return round(miles, 1) if miles is not None else None
