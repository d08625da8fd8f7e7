"""The one narrow interface every store implements.

The store contract suite in tests/store/ runs against each implementation.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any

from therapist_finder.schema import Listing
from therapist_finder.store.directory_stats import DEFAULT_STALE_AFTER_DAYS
from therapist_finder.store.query import SearchQuery, SearchResult


class Store(ABC):
    """Listings in, searches out. Implementations must be thread-safe for reads."""

    # How many listings the last upsert or rebuild wrote over a listing with the
    # same id, already stored or earlier in the same input (in a rebuild, only
    # the latter): a listing is replaced whole, never merged, and an import says
    # so. None before any write.
    last_replaced: int | None = None

    @abstractmethod
    def upsert(self, listings: Iterable[Listing]) -> int:
        """Insert or replace listings by id; returns how many were written."""

    @abstractmethod
    def delete(self, listing_id: str) -> bool:
        """Remove one listing; False when it was not there."""

    @abstractmethod
    def get(self, listing_id: str) -> Listing | None:
        """One listing by id, or None."""

    @abstractmethod
    def search(self, query: SearchQuery) -> SearchResult:
        """Run the search contract: filters, distance, text, facets, paging."""

    @abstractmethod
    def stats(
        self, *, today: date | None = None, stale_after_days: int = DEFAULT_STALE_AFTER_DAYS
    ) -> dict[str, Any]:
        """Counts for operators: listings, by_kind, locations, then how fresh,
        complete and widespread the listings are ("freshness", "completeness",
        "coverage": see directory_stats.DirectoryTallies), then store-specific
        build info. Freshness is counted as of `today` (default: the date
        today); listings unseen for more than `stale_after_days` are stale,
        as searches hide them. Never reads the listings' documents."""

    @abstractmethod
    def documents(self) -> Iterator[str]:
        """Every listing as one line of JSON, as `index` reads it back: an export
        for a rebuild elsewhere (another store, a new index template) or a
        backup. Read as one consistent view where the store has one (SQLite);
        a search engine's listings written during the export may be missed."""

    @abstractmethod
    def rebuild(self, listings: Iterable[Listing]) -> int:
        """Replace the whole index atomically; readers never see a half-built one."""

    # Bulk loads: `preparer()` is a picklable, pure `(listings, docs) -> batch`
    # that worker processes may run, where `docs[i]` is listing i's JSON
    # when the input line already was exactly that listing (else None). The
    # *_prepared methods write such batches. Stores that gain nothing from
    # it keep these defaults.
    def preparer(self) -> Callable[[list[Listing], list[str | None]], Any] | None:
        return None

    def upsert_prepared(self, batches: Iterable[Any], progress: Callable[[int], None] | None = None) -> int:
        raise NotImplementedError

    def rebuild_prepared(self, batches: Iterable[Any], progress: Callable[[int], None] | None = None) -> int:
        raise NotImplementedError

    @abstractmethod
    def ping(self) -> None:
        """Raise StoreUnavailable when the store cannot serve."""

    def close(self) -> None:  # noqa: B027 - optional hook, not abstract
        """Release connections (default: nothing to release)."""
