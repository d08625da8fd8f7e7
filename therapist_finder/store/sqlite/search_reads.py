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
    """Run `q` over `snap`, reading text matches and documents through `conn`.

    When listings on the page were deleted after the snapshot was taken (a
    server searching its last snapshot while the next builds), the page is
    asked for again with room for them, so it stays full and keeps a cursor.
    """
    text_hits = _text_hits(conn, snap, q)
    wanted = q
    for _ in range(4):
        page = engine.run(
            wanted,
            snap,
            space,
            text_hits,
            lambda kind, key, listing_id: place_cursor(conn, snap, kind, key, listing_id),
        )
        docs = _docs(conn, snap.rowids[page.rows])
        missing = docs.count(None)
        if not missing or not page.has_more or len(docs) - missing >= q.limit:
            break
        wanted = wanted.model_copy(update={"limit": wanted.limit + 2 * missing + 8})
    return _result(q, page, docs)


def _text_hits(conn: sqlite3.Connection, snap: Snapshot, q: SearchQuery) -> engine.TextHits | None:
    matched = text.match(conn, q.text) if q.text is not None else None
    if matched is None:
        return None
    rows = snap.rows_for_rowids(matched[0])
    keep = rows >= 0
    order = np.argsort(rows[keep])
    return engine.TextHits(rows[keep][order], matched[1][keep][order])


def _docs(conn: sqlite3.Connection, rowids: np.ndarray) -> list[tuple[Listing, str] | None]:
    """The page's listings (and name keys for a name cursor), in page order;
    None for a listing deleted since the snapshot was taken (a server keeps
    searching its last snapshot while the next one builds)."""
    wanted = [int(r) for r in rowids]
    if not wanted:
        return []
    marks = ",".join("?" * len(wanted))
    found = {
        r: (doc, key)
        for r, doc, key in conn.execute(
            f"SELECT rowid, doc, name_key FROM listings_with_docs WHERE rowid IN ({marks})", wanted
        )
    }
    return [(Listing.from_stored(found[r][0]), found[r][1]) if r in found else None for r in wanted]


def place_cursor(conn: sqlite3.Connection, snap: Snapshot, kind: str, key, listing_id: str) -> float:
    """Where a cursor's last listing sits among the snapshot's id or name ranks.

    A listing deleted since the previous page still has a place: between its
    neighbours (a half rank), so the next page neither skips nor repeats. So
    does one added since the snapshot was taken: just before the next listing
    the snapshot has.
    """
    if snap.partial:
        return snap.name_position(str(key), listing_id) if kind == "name" else snap.id_position(listing_id)
    if kind == "name":
        sql = (
            "SELECT rowid, name_key = ? AND id = ? FROM listings WHERE (name_key, id) >= (?, ?)"
            " ORDER BY name_key, id"
        )
        rows = conn.execute(sql, (key, listing_id, key, listing_id))
        ranks = snap.name_rank
    else:
        sql = "SELECT rowid, id = ? FROM listings WHERE id >= ? ORDER BY id"
        rows = conn.execute(sql, (listing_id, listing_id))
        ranks = snap.id_rank
    first_chunk = True
    while chunk := rows.fetchmany(16):  # nearly always the first row is in the snapshot
        pos = snap.rows_for_rowids(np.array([r[0] for r in chunk]))
        present = np.flatnonzero(pos >= 0)
        if len(present):
            first = int(present[0])
            exact = first_chunk and first == 0 and bool(chunk[0][1])
            return float(ranks[pos[first]]) - (0 if exact else 0.5)
        first_chunk = False
    return snap.size - 0.5


def _result(q: SearchQuery, page: engine.Page, docs: list[tuple[Listing, str] | None]) -> SearchResult:
    hits, name_keys, last = [], [], -1
    has_more = page.has_more
    for i, doc in enumerate(docs):
        if doc is None:
            continue
        if len(hits) == q.limit:  # a page asked for with room for deleted listings
            has_more = True
            break
        dist = float(page.distances[i]) if page.distances is not None else None
        score = float(page.scores[i]) if page.scores is not None else None
        hits.append(Hit(listing=doc[0], distance_mi=dist, score=score))
        name_keys.append(doc[1])
        last = i
    cursor = None
    if has_more and hits:
        if page.fees is not None:
            # The snapshot's fee, not the document's: a document read while the
            # next snapshot builds may be newer than the order it was found in.
            fee = float(page.fees[last])
            cursor = next_cursor(q, hits[-1], None if np.isnan(fee) else fee, hits[-1].distance_mi)
        else:
            key = {"distance": hits[-1].distance_mi, "relevance": hits[-1].score}.get(q.sort)
            cursor = next_cursor(q, hits[-1], name_keys[-1] if key is None else key)
    return SearchResult(results=hits, total=page.total, facets=page.facets, next_cursor=cursor)
