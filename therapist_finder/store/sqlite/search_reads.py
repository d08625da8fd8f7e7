"""One search, read side: text matches, the engine, cursors and documents.

Functions of a connection inside a read transaction and a snapshot taken in
that same transaction (datasette's "queries are functions of a connection").
"""

from __future__ import annotations

import sqlite3

import numpy as np

from therapist_finder.schema import Listing
from therapist_finder.store.query import Hit, SearchQuery, SearchResult, next_cursor
from therapist_finder.store.sqlite import engine, text
from therapist_finder.store.sqlite.snapshot import Snapshot
from therapist_finder.store.sqlite.valuespace import ValueSpace


def execute(conn: sqlite3.Connection, snap: Snapshot, space: ValueSpace, q: SearchQuery) -> SearchResult:
    """Run `q` over `snap`, reading text matches and documents through `conn`."""
    page = engine.run(
        q,
        snap,
        space,
        _text_hits(conn, snap, q),
        lambda kind, key, listing_id: place_cursor(conn, snap, kind, key, listing_id),
    )
    return _result(q, page, _docs(conn, snap.rowids[page.rows]))


def _text_hits(conn: sqlite3.Connection, snap: Snapshot, q: SearchQuery) -> engine.TextHits | None:
    matched = text.match(conn, q.text) if q.text is not None else None
    if matched is None:
        return None
    rows = snap.rows_for_rowids(matched[0])
    keep = rows >= 0
    order = np.argsort(rows[keep])
    return engine.TextHits(rows[keep][order], matched[1][keep][order])


def _docs(conn: sqlite3.Connection, rowids: np.ndarray) -> list[tuple[Listing, str]]:
    """The page's listings (and name keys for a name cursor), in page order."""
    wanted = [int(r) for r in rowids]
    if not wanted:
        return []
    marks = ",".join("?" * len(wanted))
    found = {
        r: (doc, key)
        for r, doc, key in conn.execute(
            f"SELECT rowid, doc, name_key FROM listings WHERE rowid IN ({marks})", wanted
        )
    }
    return [(Listing.model_validate_json(found[r][0]), found[r][1]) for r in wanted]


def place_cursor(conn: sqlite3.Connection, snap: Snapshot, kind: str, key, listing_id: str) -> float:
    """Where a cursor's last listing sits among the snapshot's id or name ranks.

    A listing deleted since the previous page still has a place: between its
    neighbours (a half rank), so the next page neither skips nor repeats.
    """
    if snap.partial:
        return snap.name_position(str(key), listing_id) if kind == "name" else snap.id_position(listing_id)
    if kind == "name":
        sql = (
            "SELECT rowid, name_key = ? AND id = ? FROM listings WHERE (name_key, id) >= (?, ?)"
            " ORDER BY name_key, id LIMIT 1"
        )
        row = conn.execute(sql, (key, listing_id, key, listing_id)).fetchone()
        ranks = snap.name_rank
    else:
        sql = "SELECT rowid, id = ? FROM listings WHERE id >= ? ORDER BY id LIMIT 1"
        row = conn.execute(sql, (listing_id, listing_id)).fetchone()
        ranks = snap.id_rank
    if row is None:
        return snap.size - 0.5
    pos = snap.rows_for_rowids(np.array([row[0]]))[0]
    return float(ranks[pos]) - (0 if row[1] else 0.5)


def _result(q: SearchQuery, page: engine.Page, docs: list[tuple[Listing, str]]) -> SearchResult:
    hits = []
    for i, (listing, _) in enumerate(docs):
        dist = float(page.distances[i]) if page.distances is not None else None
        score = float(page.scores[i]) if page.scores is not None else None
        hits.append(Hit(listing=listing, distance_mi=dist, score=score))
    cursor = None
    if page.has_more and hits:
        last = len(hits) - 1
        key = {"distance": hits[last].distance_mi, "relevance": hits[last].score}.get(q.sort)
        cursor = next_cursor(q, hits[last], docs[last][1] if key is None else key)
    return SearchResult(results=hits, total=page.total, facets=page.facets, next_cursor=cursor)
