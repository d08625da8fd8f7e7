"""Turning a Listing into the rows the SQLite schema stores."""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate

from therapist_finder.schema import Listing
from therapist_finder.store.sqlite.valuespace import MENTION_FACETS, ValueSpace
from therapist_finder.vocab import Vocabularies
from therapist_finder.vocab.text import LETTER_FOLDS, fold_letters, strip_accents

LOCATION_SLOTS = 64  # location id = listing rowid * 64 + position


@dataclass(slots=True)
class EncodedBatch:
    """A batch of listings as the columns the writer stores, rowids aside.

    Columns rather than a tuple per listing: millions cross from worker
    processes to the writer by pickle, and a dozen lists pickle several
    times faster than thousands of small tuples; the writer then zips the
    columns into rows without a Python loop.
    """

    ids: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    name_keys: list[str] = field(default_factory=list)
    facts: list[bytes] = field(default_factory=list)
    fee_lows: list[float | None] = field(default_factory=list)
    last_seen: list[int | None] = field(default_factory=list)
    docs: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    descriptions: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    point_counts: list[int] = field(default_factory=list)  # listing i's points follow listing i-1's
    lats: array = field(default_factory=lambda: array("d"))
    lons: array = field(default_factory=lambda: array("d"))

    def __len__(self) -> int:
        return len(self.ids)

    def add(self, listing: Listing, space: ValueSpace, vocabs: Vocabularies, doc: str | None = None) -> None:
        """Encode one (already normalized) listing onto the end; `doc` is its
        JSON when the caller already has it."""
        self.ids.append(listing.id)
        self.kinds.append(listing.kind)
        self.name_keys.append(name_key(listing.name))
        self.facts.append(encode_facts(listing, space, vocabs))
        self.fee_lows.append(listing.fees.lowest)
        self.last_seen.append(seen.toordinal() if (seen := listing.last_seen()) else None)
        # Nulls are left out but empty lists are kept: leaving out every
        # default makes pydantic compare each field with it, 50% slower (4 us
        # a listing) for documents only 4% smaller.
        self.docs.append(doc if doc is not None else listing.model_dump_json(exclude_none=True))
        name, description = indexed_text(listing)
        self.names.append(name)
        self.descriptions.append(description)
        self.topics.append(fold_letters(topics_text(listing, vocabs)))
        count = 0
        for location in listing.locations:
            if location.has_point and count < LOCATION_SLOTS:
                self.lats.append(location.lat)  # type: ignore[arg-type]
                self.lons.append(location.lon)  # type: ignore[arg-type]
                count += 1
        self.point_counts.append(count)

    def last_of_each_id(self) -> EncodedBatch:
        """This batch with only the last listing of any repeated id."""
        if len(set(self.ids)) == len(self.ids):
            return self
        last = {listing_id: i for i, listing_id in enumerate(self.ids)}
        keep = sorted(last.values())
        starts = [0, *accumulate(self.point_counts)]
        out = EncodedBatch()
        for name in COLUMNS:
            setattr(out, name, [getattr(self, name)[i] for i in keep])
        for i in keep:
            out.lats.extend(self.lats[starts[i] : starts[i + 1]])
            out.lons.extend(self.lons[starts[i] : starts[i + 1]])
        return out


# The one-value-per-listing columns.
COLUMNS = tuple(f for f in EncodedBatch.__dataclass_fields__ if f not in ("lats", "lons"))


def name_key(name: str) -> str:
    """Sort key for names, ignoring case, accents and spacing: "Ángela" sorts
    with "Angela", not after "Zoë". Applied to its own output it changes
    nothing (a stored key can be re-folded)."""
    key = " ".join(name.casefold().split())
    return key if key.isascii() else strip_accents(key).translate(LETTER_FOLDS)


def indexed_text(listing: Listing) -> tuple[str, str]:
    """(name, description) as the text index holds them. Ø, Ł, ß... go in as
    o, l, ss (fold_letters), so that "soren" finds "Søren"; a contentless
    FTS5 delete must hand back exactly this. The topics it holds are kept in
    the listings row (`topics`), folded the same way."""
    return fold_letters(listing.name), fold_letters(listing.description or "")


def topics_text(listing: Listing, vocabs: Vocabularies) -> str:
    """Labels of the listing's specialties and approaches, for text search."""
    specialties, approaches = listing.specialties, listing.approaches
    if not specialties and not approaches:
        return ""
    return " · ".join([*map(vocabs["specialty"].labels.__getitem__, specialties),
                       *map(vocabs["approach"].labels.__getitem__, approaches)])


@lru_cache(maxsize=1)
def _packaged_state() -> tuple[ValueSpace, Vocabularies]:
    from therapist_finder.vocab import load_vocabularies

    vocabs = load_vocabularies()
    return ValueSpace.from_vocabularies(vocabs), vocabs


class BatchEncoder:
    """Picklable `listings -> EncodedBatch`, so worker processes can encode
    while the single writer writes (imports of millions of listings).

    It travels with every chunk of work, so it holds nothing and uses the
    worker's one copy of the packaged vocabularies.
    """

    def __call__(self, listings: list[Listing], docs: list[str | None]) -> EncodedBatch:
        space, vocabs = _packaged_state()
        return encode_batch(listings, space, vocabs, docs)


def encode_batch(
    listings: Iterable[Listing],
    space: ValueSpace,
    vocabs: Vocabularies,
    docs: Iterable[str | None] | None = None,
) -> EncodedBatch:
    batch = EncodedBatch()
    if docs is None:
        for listing in listings:
            batch.add(listing, space, vocabs)
        return batch
    for listing, doc in zip(listings, docs, strict=True):
        batch.add(listing, space, vocabs, doc)
    return batch


def facts_of_documents(docs: list[str]) -> list[bytes]:
    """Value bits of stored documents, with the packaged vocabularies (a
    worker process's job when a file is re-encoded)."""
    return encode_documents(docs, *_packaged_state())


def encode_documents(docs: list[str], space: ValueSpace, vocabs: Vocabularies) -> list[bytes]:
    """Value bits of stored JSON documents."""
    return [encode_facts(Listing.from_stored(doc), space, vocabs) for doc in docs]


def encode_facts(listing: Listing, space: ValueSpace, vocabs: Vocabularies) -> bytes:
    """A listing's value bits, the vocabulary terms its name and description
    mention included."""
    text = f"{listing.name}. {listing.description or ''}"
    return space.encode(listing, vocabs.scanner(*MENTION_FACETS).find(text))
