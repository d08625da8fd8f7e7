"""Merging a stream of listings against a store and against each other."""

from __future__ import annotations

from dataclasses import dataclass, field

from therapist_finder.merge.candidates import CandidateIndex, find_match
from therapist_finder.merge.claims import merge_listings
from therapist_finder.schema import Listing
from therapist_finder.store.base import Store


@dataclass
class MergeOutcome:
    """The listing to write and the ids it replaces (to delete from the store)."""

    listing: Listing
    replaces: tuple[str, ...] = ()
    merged: bool = False


@dataclass
class Merger:
    """Resolve each incoming listing against this run's listings, then the store."""

    store: Store | None = None
    index: CandidateIndex = field(default_factory=CandidateIndex)
    merged: int = 0

    def add(self, incoming: Listing) -> MergeOutcome:
        """Merge `incoming` into its match (if any) and remember the result."""
        existing = find_match(self.store, incoming, self.index)
        if existing is None:
            if incoming.npi and not incoming.id.startswith("nppes:"):
                # Same NPI, same provider: one id whichever source came first.
                incoming = merge_listings(incoming, incoming)
            self.index.add(incoming)
            return MergeOutcome(incoming)
        result = merge_listings(existing, incoming)
        replaces = tuple({existing.id, incoming.id} - {result.id})
        self.index.add(result, replaces)
        self.merged += 1
        return MergeOutcome(result, replaces, merged=True)
