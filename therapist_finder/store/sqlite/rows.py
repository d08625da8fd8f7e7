"""Turning a Listing into the rows the SQLite schema stores."""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from therapist_finder.schema import Listing
from therapist_finder.store.sqlite.valuespace import MENTION_FACETS, ValueSpace
from therapist_finder.vocab import Vocabularies

LOCATION_SLOTS = 64  # location id = listing rowid * 64 + position


class EncodedListing(NamedTuple):
    """Everything written for one listing, minus the rowid it will get.

    A named tuple because millions cross from worker processes to the writer
    by pickle, and tuples pickle at about half the cost of a dataclass.
    """

    id: str
    kind: str
    name_key: str
    facts: bytes
    fee_low: float | None
    last_seen: int | None
    doc: str
    points: list[tuple[float, float]]
    text: tuple[str, str, str]


def name_key(name: str) -> str:
    """Sort key for names: case- and accent-insensitive enough for a directory."""
    return " ".join(name.casefold().split())


def topics_text(listing: Listing, vocabs: Vocabularies) -> str:
    """Labels of the listing's specialties and approaches, for text search."""
    labels = []
    for facet, slugs in (("specialty", listing.specialties), ("approach", listing.approaches)):
        for slug in slugs:
            term = vocabs[facet].get(slug)
            labels.append(term.label if term else slug)
    return " · ".join(labels)


def mentions(listing: Listing, vocabs: Vocabularies) -> dict[str, list[str]]:
    """Vocabulary terms the listing is tagged with or names in its prose."""
    found = vocabs.scanner(*MENTION_FACETS).find(f"{listing.name}. {listing.description or ''}")
    return {
        facet: list(dict.fromkeys([*listing.facet_values(facet), *slugs]))
        for facet, slugs in zip(MENTION_FACETS, found, strict=True)
    }


@lru_cache(maxsize=1)
def _packaged_state() -> tuple[ValueSpace, Vocabularies]:
    from therapist_finder.vocab import load_vocabularies

    vocabs = load_vocabularies()
    return ValueSpace.from_vocabularies(vocabs), vocabs


class BatchEncoder:
    """Picklable `listings -> encoded rows`, so worker processes can encode
    while the single writer writes (imports of millions of listings).

    It travels with every chunk of work, so it holds nothing and uses the
    worker's one copy of the packaged vocabularies.
    """

    def __call__(self, listings: list[Listing]) -> list[EncodedListing]:
        space, vocabs = _packaged_state()
        return [encode_listing(item, space, vocabs) for item in listings]


def encode_facts(listing: Listing, space: ValueSpace, vocabs: Vocabularies) -> bytes:
    """A listing's value bits, its text mentions included."""
    return space.encode(listing, mentions(listing, vocabs))


def encode_listing(listing: Listing, space: ValueSpace, vocabs: Vocabularies) -> EncodedListing:
    """Encode one (already normalized) listing."""
    points = [(loc.lat, loc.lon) for loc in listing.locations if loc.has_point]
    return EncodedListing(
        id=listing.id,
        kind=listing.kind,
        name_key=name_key(listing.name),
        facts=encode_facts(listing, space, vocabs),
        fee_low=listing.fees.lowest,
        last_seen=seen.toordinal() if (seen := listing.last_seen()) else None,
        doc=listing.model_dump_json(exclude_defaults=True),
        points=points[:LOCATION_SLOTS],  # type: ignore[arg-type]
        text=(listing.name, listing.description or "", topics_text(listing, vocabs)),
    )
