"""The search contract's normalized query and result shapes, shared by stores.

By the time a `SearchQuery` exists, every vocabulary value is a slug, parent
approaches are expanded to their variants, free text is split into synonym
groups and places are coordinates: stores only execute, they never interpret,
so every store answers the same question the same way.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from therapist_finder.errors import InvalidQuery
from therapist_finder.geo.points import GeoPoint
from therapist_finder.schema import Listing

SortKey = Literal["distance", "relevance", "name", "fee"]
FLAGS = ("accepting_new", "telehealth", "in_person", "sliding_scale", "free_consultation")
MAX_RADIUS_MI = 250.0


class TextQuery(BaseModel):
    """Free text as AND-ed groups of OR-ed phrases (synonyms already expanded).

    `terms[i]` says where group i came from: (facet, slugs) when it is a
    vocabulary term (slugs include its variants), None for a plain word. A
    store may match vocabulary groups through precomputed mentions instead of
    its text index; the matching listings are the same.
    """

    raw: str
    groups: list[list[str]]
    terms: list[tuple[str, list[str]] | None] = Field(default_factory=list)

    def term_of(self, index: int) -> tuple[str, list[str]] | None:
        return self.terms[index] if index < len(self.terms) else None


def _finite(value: object) -> bool:
    return isinstance(value, int | float) and math.isfinite(value)


class Cursor(BaseModel):
    """Where the previous page ended: its last sort key and listing id.

    A fee sort with a location breaks ties in fee by distance before id, so
    its cursor also holds the last listing's `distance`.
    """

    sort: SortKey
    key: float | str | None
    id: str
    query_hash: str
    distance: float | None = None

    @model_validator(mode="after")
    def _key_fits_sort(self) -> Cursor:
        # Cursors come back from clients: a name sort's key is a name, a
        # distance key a finite number, a relevance key a finite number (a
        # score) or a store's own text (a page offset), a fee key a finite
        # number or None (no known fee), or the cursor is not ours.
        number = _finite(self.key)
        fits = {"name": isinstance(self.key, str), "distance": number,
                "relevance": number or isinstance(self.key, str),
                "fee": number or self.key is None}[self.sort]
        if not fits or not (self.distance is None or _finite(self.distance)):
            raise ValueError(f"this key does not fit a {self.sort} cursor")
        return self


class SearchQuery(BaseModel):
    """A fully resolved search; see the module docstring."""

    point: GeoPoint | None = None
    radius_mi: float = Field(25.0, gt=0, le=MAX_RADIUS_MI)
    state: str | None = None
    filters: dict[str, list[str]] = Field(default_factory=dict)
    flags: dict[str, bool] = Field(default_factory=dict)
    max_fee: float | None = Field(None, ge=0)
    # Listings last seen before this day are stale and left out (None: keep all).
    seen_since: date | None = None
    text: TextQuery | None = None
    sort: SortKey = "name"
    limit: int = Field(20, ge=1, le=100)
    cursor: Cursor | None = None
    # False leaves the facet counts out: a search asked only for its total
    # (each search hint's count) skips most of a search's work.
    facets: bool = True

    def fingerprint(self) -> str:
        """Hash of everything that selects and orders results (not the page)."""
        data = self.model_dump(mode="json", exclude={"cursor", "limit", "facets"})
        blob = json.dumps(data, sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:16]

    def check_cursor(self) -> Cursor | None:
        """The cursor, after checking that it was made for this very search."""
        if self.cursor and (self.cursor.query_hash != self.fingerprint() or self.cursor.sort != self.sort):
            raise InvalidQuery("cursor", "cursor belongs to a different search; start from page one")
        return self.cursor


class Hit(BaseModel):
    """One result: the listing, its distance (miles) and relevance score."""

    listing: Listing
    distance_mi: float | None = None
    score: float | None = None


class SearchResult(BaseModel):
    """A page of results, the total, facet counts and the next page's cursor."""

    results: list[Hit]
    total: int
    facets: dict[str, dict[str, int]]
    next_cursor: str | None = None


def encode_cursor(cursor: Cursor) -> str:
    """Opaque, URL-safe form of a cursor."""
    # Only a fee sort with a location has a distance: other cursors stay as they were.
    data = cursor.model_dump(mode="json", exclude={"distance"} if cursor.distance is None else None)
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(token: str) -> Cursor:
    """Parse an opaque cursor; InvalidQuery('cursor') when it is not ours."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        return Cursor.model_validate_json(raw)
    except (ValueError, TypeError) as exc:
        raise InvalidQuery("cursor", "cursor is not valid; use next_cursor from a response") from exc


def next_cursor(query: SearchQuery, last: Hit, key: float | str | None, distance: float | None = None) -> str:
    """The cursor that continues after `last` (`distance`: see Cursor)."""
    return encode_cursor(Cursor(sort=query.sort, key=key, id=last.listing.id, query_hash=query.fingerprint(),
                                distance=distance))
