"""The search contract executed over a Snapshot with numpy.

Filters and facets are AND/popcount over per-value bitsets; distance is a
latitude band scan plus an exact haversine check; a page is chosen with a
partial sort. Nothing here loops over candidate rows in Python.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from therapist_finder.geo.distance import bounding_box, haversine_mi_array
from therapist_finder.store.query import FLAGS, SearchQuery
from therapist_finder.store.sqlite import bitsets, ordering
from therapist_finder.store.sqlite.snapshot import Snapshot
from therapist_finder.store.sqlite.valuespace import STATE_AXIS, ValueSpace, mention_axis
from therapist_finder.vocab import FACETS

# place(kind, key, id) -> fractional position of a cursor among id or name ranks
CursorPlacer = Callable[[str, object, str], float]


@dataclass
class TextHits:
    """Rows that match the free text's plain words (FTS), with bm25 scores."""

    rows: np.ndarray  # sorted snapshot rows
    scores: np.ndarray


@dataclass
class TextMatch:
    """Every row the whole text matches, and how to score a set of rows."""

    bits: np.ndarray
    vocab_bits: list[tuple[np.ndarray, np.ndarray]]  # (mention bits, tag bits) per group
    fts: TextHits | None

    def scores(self, rows: np.ndarray) -> np.ndarray:
        """A tag counts more than a mention in prose; plain words add bm25."""
        out = np.zeros(len(rows), dtype=np.float64)
        words, shifts = rows >> 6, (rows & 63).astype(np.uint64)
        for mention, tag in self.vocab_bits:
            out += ((mention[words] >> shifts) & np.uint64(1)).astype(np.float64)
            out += ((tag[words] >> shifts) & np.uint64(1)).astype(np.float64)
        if self.fts is not None:
            out += self.fts.scores[np.searchsorted(self.fts.rows, rows)]
        return out


def text_match(q, snap: Snapshot, space: ValueSpace, fts: TextHits | None) -> TextMatch:
    """AND of the text's groups: vocabulary groups by bits, plain words by FTS."""
    bits = bitsets.full(snap.size, snap.words)
    vocab_bits = []
    for i in range(len(q.text.groups)):
        term = q.text.term_of(i)
        if term is not None:
            facet, slugs = term
            mention = _any_of(snap, space, mention_axis(facet), slugs)
            vocab_bits.append((mention, _any_of(snap, space, facet, slugs)))
            bits &= mention
    if fts is not None:
        bits &= bitsets.from_rows(fts.rows, snap.words)
    return TextMatch(bits, vocab_bits, fts)


@dataclass
class Page:
    rows: np.ndarray
    distances: np.ndarray | None
    scores: np.ndarray | None
    total: int
    facets: dict[str, dict[str, int]]
    has_more: bool
    fees: np.ndarray | None = None  # a fee sort's keys (NaN: unknown), for its cursor


@dataclass
class GeoMatch:
    rows: np.ndarray  # sorted rows with a location within the radius
    distances: np.ndarray  # each one's nearest location, in miles
    bits: np.ndarray  # the same rows as a bitset


def geo_rows(snap: Snapshot, lat: float, lon: float, radius: float) -> GeoMatch:
    """Rows with a location within `radius` miles, and their nearest distance."""
    min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, radius)
    lo = np.searchsorted(snap.loc_lat, min_lat, "left")
    hi = np.searchsorted(snap.loc_lat, max_lat, "right")
    lons = snap.loc_lon[lo:hi]
    inside = (lons >= min_lon) & (lons <= max_lon)
    if min_lon < -180:
        inside |= lons >= min_lon + 360
    if max_lon > 180:
        inside |= lons <= max_lon - 360
    idx = lo + np.flatnonzero(inside)
    dist = haversine_mi_array(lat, lon, snap.loc_lat[idx], snap.loc_lon[idx])
    keep = dist <= radius
    rows, dist = snap.loc_row[idx[keep]], dist[keep]
    nearest = np.empty(snap.size, dtype=np.float64)
    nearest[rows] = np.inf
    np.minimum.at(nearest, rows, dist)
    # The bitset first, and the sorted rows from it: rows are in spatial
    # order, so they fill a narrow band of words, and nothing scans all rows.
    bits = bitsets.from_rows(rows, snap.words)
    unique = bitsets.rows_of(bits)
    match = GeoMatch(unique, nearest[unique], bits)
    for array in (match.rows, match.distances, match.bits):
        array.flags.writeable = False  # shared by later searches (Snapshot.memo)
    return match


def _any_of(snap: Snapshot, space: ValueSpace, axis: str, values: list[str]) -> np.ndarray:
    bits = np.zeros(snap.words, dtype=np.uint64)
    for value in values:
        b = space.bit(axis, value)
        if b is not None:
            bits |= snap.bits(b)
    return bits


def build_filters(q: SearchQuery, snap: Snapshot, space: ValueSpace, geo, text) -> dict[str, np.ndarray]:
    """One bitset per active filter, keyed by the facet it excludes from counts."""
    out: dict[str, np.ndarray] = {}
    for facet, values in q.filters.items():
        if values:
            out[facet] = _any_of(snap, space, facet, values)
    if q.state:
        out["_state"] = _any_of(snap, space, STATE_AXIS, [q.state])
    for flag, value in q.flags.items():
        out[flag] = snap.bits(space.bit(f"{flag}:{str(value).lower()}", "1"))
    if q.max_fee is not None:
        with np.errstate(invalid="ignore"):
            out["_fee"] = bitsets.from_mask(snap.fee_low <= q.max_fee, snap.words)
    if q.seen_since is not None:
        out["_fresh"] = bitsets.from_mask(snap.last_seen >= q.seen_since.toordinal(), snap.words)
    if geo is not None:
        out["_geo"] = geo.bits
    if text is not None:
        out["_text"] = text.bits
    return out


def _and_all(snap: Snapshot, filters: dict[str, np.ndarray], skip: str | None = None) -> np.ndarray:
    """Rows passing every filter but `skip`. Filter bitsets have no bits past
    the last row, so only a search without filters needs the all-rows set."""
    acc = None
    for name, bits in filters.items():
        if name == skip:
            continue
        if acc is None:
            acc = bits.copy()
        else:
            np.bitwise_and(acc, bits, out=acc)
    return acc if acc is not None else bitsets.full(snap.size, snap.words)


def facet_counts(snap: Snapshot, space: ValueSpace, filters, base) -> dict[str, dict[str, int]]:
    """Disjunctive facet counts: each facet ignores only its own filter."""
    out: dict[str, dict[str, int]] = {}
    base_span = bitsets.span(base)  # shared by every facet without a filter of its own
    for facet in FACETS:
        own = facet in filters
        scope = _and_all(snap, filters, facet) if own else base
        axis = space.axis_range(facet)
        matrix, value_bits = snap.axis_rows(axis.start, axis.stop)
        counts = bitsets.counts(matrix, scope, None if own else base_span)
        slugs = space.axes[facet]
        out[facet] = {slugs[b - axis.start]: int(c) for b, c in zip(value_bits, counts, strict=True) if c}
    for flag in FLAGS:
        scope = _and_all(snap, filters, flag) if flag in filters else base
        bits = snap.bits(space.bit(f"{flag}:true", "1"))
        out[flag] = {"true": bitsets.count(bits & scope)}
    return out


def run(q: SearchQuery, snap: Snapshot, space: ValueSpace, fts: TextHits | None, place: CursorPlacer) -> Page:
    """Execute one search; returns the page's rows plus totals and facets."""
    geo = None
    if q.point:
        lat, lon, radius = q.point.lat, q.point.lon, q.radius_mi
        geo = snap.memo(("geo", lat, lon, radius), lambda: geo_rows(snap, lat, lon, radius))
    text = text_match(q, snap, space, fts) if q.text is not None else None
    filters = build_filters(q, snap, space, geo, text)
    base = _and_all(snap, filters)
    facets = facet_counts(snap, space, filters, base) if q.facets else {}
    rows = bitsets.rows_of(base)
    dist = geo.distances[np.searchsorted(geo.rows, rows)] if geo is not None else None
    score = np.round(text.scores(rows), 6) if text is not None else None
    keys = ordering.sort_keys(q, snap, rows, dist, score)
    cursor = q.check_cursor()
    if cursor is not None:
        sel = np.flatnonzero(ordering.after(keys.columns, ordering.cursor_keys(q, cursor, keys, place)))
        keys = keys.subset(sel)
    else:
        sel = np.arange(len(rows))
    chosen = sel[ordering.take(keys, q.limit)]
    return Page(
        rows=rows[chosen],
        distances=dist[chosen] if dist is not None else None,
        scores=score[chosen] if score is not None else None,
        total=len(rows),
        facets=facets,
        has_more=len(sel) > q.limit,
        fees=snap.fee_low[rows[chosen]] if q.sort == "fee" else None,
    )
