"""Who a listing is and how to reach it: the columns the compare sheet and the
referral packet both start with."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from search_api.printables.facts import address_text
from therapist_finder.schema import Listing, Location


class ListingContact(BaseModel):
    id: str
    name: str
    kind: str
    credentials: list[str] = Field(default_factory=list)
    phone: str | None = None
    website: str | None = None
    address: str | None = None


def contact_fields(listing: Listing, loc: Location | None) -> dict[str, Any]:
    """ListingContact's fields for `listing`, with `loc` (its nearest location) as the address."""
    return {"id": listing.id, "name": listing.name, "kind": listing.kind,
            "credentials": list(listing.credentials), "phone": listing.phone,
            "website": listing.website, "address": address_text(loc) or None}


def round_miles(miles: float | None) -> float | None:
    """Distances print to a tenth of a mile."""
    return round(miles, 1) if miles is not None else None
