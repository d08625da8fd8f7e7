"""Which matching rows make a page: the sort's keys, the cursor in their terms,
and the smallest rows by them, all with numpy over the candidate rows.

Every order ends in a unique key (the id rank, or the name rank, which orders
by name and then id), so a page and the cursor after it are exact. A fee
sort's first key has few distinct values (many listings charge $150, many
have no known fee): its ties are long, which the selection below allows for.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from therapist_finder.errors import InvalidQuery
from therapist_finder.store.query import Cursor, SearchQuery
from therapist_finder.store.sqlite.snapshot import Snapshot

# A pool of tied rows up to this size is sorted whole; a larger one is cut by
# its next key first (see _smallest).
SORT_WHOLE = 256


@dataclass
class SortKeys:
    """The candidate rows' keys, most significant first."""

    columns: list[np.ndarray]
    placed_by: str  # which ranks place a cursor's listing: "id" or "name"
    grouped: bool = False  # the first key has few distinct values (see _cut)

    def subset(self, sel: np.ndarray) -> SortKeys:
        return SortKeys([column[sel] for column in self.columns], self.placed_by, self.grouped)


def sort_keys(q: SearchQuery, snap: Snapshot, rows: np.ndarray, dist, score) -> SortKeys:
    """The keys of `rows` for the query's sort (`dist` with a location, `score` with text)."""
    by_id = snap.id_rank[rows]
    if q.sort == "distance" and dist is not None:
        return SortKeys([dist, by_id], "id")
    if q.sort == "relevance" and score is not None:
        return SortKeys([-score, by_id], "id")
    if q.sort == "fee":
        # The fee max_fee filters on; listings without one come last.
        fee = snap.fee_low[rows]
        fee = np.where(np.isnan(fee), np.inf, fee)
        return SortKeys([fee, dist, by_id] if dist is not None else [fee, by_id], "id", grouped=True)
    # name_rank orders by (name, id): one key, no ties.
    return SortKeys([snap.name_rank[rows].astype(np.float64)], "name")


def _not_ours() -> InvalidQuery:
    return InvalidQuery("cursor", "cursor is not valid for this directory; start from page one")


def cursor_keys(q: SearchQuery, cursor: Cursor, keys: SortKeys, place) -> list[float]:
    """The cursor's last listing in the terms of `keys`; `place(kind, key, id)`
    is its position among the snapshot's id or name ranks."""
    if keys.placed_by == "name":
        return [place("name", cursor.key, cursor.id)]
    position = place("id", None, cursor.id)
    if q.sort == "fee":
        located = len(keys.columns) == 3
        if located and cursor.distance is None:
            raise _not_ours()
        fee = np.inf if cursor.key is None else float(cursor.key)
        return [fee, cursor.distance, position] if located else [fee, position]
    if not isinstance(cursor.key, int | float):  # another store's relevance cursor
        raise _not_ours()
    return [float(cursor.key) if q.sort == "distance" else -float(cursor.key), position]


def after(columns: list[np.ndarray], last: list[float]) -> np.ndarray:
    """Rows whose keys (most significant first) come after `last`'s. The
    next keys are compared only where the first ties: few rows, usually."""
    later = columns[0] > last[0]
    if len(columns) > 1:
        tied = np.flatnonzero(columns[0] == last[0])
        if len(tied):
            later[tied] = after([column[tied] for column in columns[1:]], last[1:])
    return later


def _cut(primary: np.ndarray, limit: int, grouped: bool) -> float:
    """The `limit`-th smallest value (fewer than `limit` values are below it).

    A `grouped` key has few distinct values (fees): its cut is found a run of
    equal values at a time from the lowest, a few cheap passes, because
    numpy's partition was seen to slow fourfold on some orders of such runs
    (3.7 ms instead of 0.9 for 135,000 fees in 52 values).
    """
    if grouped:
        low, seen = -np.inf, 0
        for _ in range(3):
            low = float(np.min(primary, where=primary > low, initial=np.inf))
            seen += np.count_nonzero(primary == low)
            if seen >= limit or low == np.inf:
                return low
    return np.partition(primary, limit - 1)[limit - 1]


def _smallest(columns: list[np.ndarray], limit: int, grouped: bool = False) -> np.ndarray:
    """Indices, in no order, of at least the `limit` smallest rows by `columns`
    (the last one unique). A tie at the cut is settled by the next key: many
    equal fees would otherwise make a pool of thousands to sort."""
    primary = columns[0]
    if len(primary) <= limit:
        return np.arange(len(primary))
    cut = _cut(primary, limit, grouped)
    pool = np.flatnonzero(primary <= cut)
    if len(pool) <= max(SORT_WHOLE, 2 * limit) or len(columns) == 1:
        return pool
    tied = primary[pool] == cut
    below, at_cut = pool[~tied], pool[tied]  # fewer than `limit` are below the cut
    rest = _smallest([column[at_cut] for column in columns[1:]], limit - len(below))
    return np.concatenate([below, at_cut[rest]])


def smallest_in_order(columns: list[np.ndarray], limit: int, grouped: bool = False) -> np.ndarray:
    """Indices of the `limit` smallest rows by `columns` (most significant first), in order."""
    pool = _smallest(columns, limit, grouped)
    order = np.lexsort([column[pool] for column in reversed(columns)])
    return pool[order[:limit]]


def take(keys: SortKeys, limit: int) -> np.ndarray:
    """Indices of a page's rows, in page order."""
    return smallest_in_order(keys.columns, limit, keys.grouped)
