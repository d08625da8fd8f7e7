"""Slicing NPI Registry queries so that every slice fits the API's limits.

The API returns at most 200 results a page and skips at most 1,000, so one
query can reach 1,200 records. It reports only the page's count, never the
total, so a slice is known to be too big when its last reachable page
(skip=1000) comes back full. Such a slice is split by ZIP prefix: a state
into its 3-digit ZIP prefixes, a prefix into ten longer ones down to a full
ZIP, and a full ZIP by entity type (individuals, organizations). These are
pure functions, tested by tables.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

MAX_LIMIT = 200
MAX_SKIP = 1000
API_VERSION = "2.1"

Step = Literal["done", "next_page", "split"]


@dataclass(frozen=True)
class Slice:
    """One query: a taxonomy in a state, optionally narrowed by city, ZIP prefix, entity type."""

    taxonomy: str
    state: str
    city: str | None = None
    postal_prefix: str | None = None  # 2 to 5 digits; under 5 is sent with a trailing '*'
    enumeration_type: str | None = None  # NPI-1 or NPI-2

    def params(self, limit: int = MAX_LIMIT, skip: int = 0) -> dict[str, str]:
        """Query-string parameters for one page of this slice."""
        out = {"version": API_VERSION, "taxonomy_description": self.taxonomy,
               "state": self.state, "address_purpose": "LOCATION",
               "limit": str(limit), "skip": str(skip)}
        if self.city:
            out["city"] = self.city
        if self.postal_prefix:
            wildcard = "*" if len(self.postal_prefix) < 5 else ""
            out["postal_code"] = self.postal_prefix + wildcard
        if self.enumeration_type:
            out["enumeration_type"] = self.enumeration_type
        return out


def next_step(skip: int, count: int, limit: int = MAX_LIMIT, max_skip: int = MAX_SKIP) -> Step:
    """After a page: stop (short page), fetch the next page, or split (last page full)."""
    if count < limit:
        return "done"
    if skip + limit <= max_skip:
        return "next_page"
    return "split"


def split_slice(piece: Slice, state_prefixes: tuple[str, ...]) -> list[Slice]:
    """Narrower slices that together cover `piece`; [] when it cannot be split further."""
    prefix = piece.postal_prefix
    if prefix is None and state_prefixes:
        return [replace(piece, postal_prefix=p) for p in state_prefixes]
    if prefix is not None and len(prefix) < 5:
        return [replace(piece, postal_prefix=prefix + digit) for digit in "0123456789"]
    if piece.enumeration_type is None:
        return [replace(piece, enumeration_type=kind) for kind in ("NPI-1", "NPI-2")]
    return []


@lru_cache(maxsize=64)
def state_zip_prefixes(state: str) -> tuple[str, ...]:
    """The 3-digit ZIP prefixes in use in a state (from the offline gazetteer)."""
    from therapist_finder.geo.gazetteer import ZipGazetteer

    by_zip = ZipGazetteer.tables().by_zip
    return tuple(sorted({z[:3] for z, info in by_zip.items() if info[3] == state}))
