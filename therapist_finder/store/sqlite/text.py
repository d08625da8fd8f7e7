"""Free-text matching through FTS5.

The query is matched first, on its own (no join: PERF_NOTES), and only its
rowids and bm25 scores come back; ranking within the geographic candidates
happens in the engine.
"""

from __future__ import annotations

import sqlite3

import numpy as np

from therapist_finder.store.query import TextQuery
from therapist_finder.vocab.text import fold_letters

# bm25 column weights: a word in the name counts most, then topics, then prose.
BM25 = "bm25(listing_text, 8.0, 1.0, 4.0)"


def _phrase(text: str) -> str:
    # Folded as the indexed text is (rows.EncodedBatch): "søren" finds "Søren" and so does "soren".
    return '"' + fold_letters(text).replace('"', '""') + '"'


def fts_expression(text: TextQuery) -> str | None:
    """FTS5 MATCH expression for the plain-word groups (vocabulary groups are
    matched through mention bits): groups AND-ed, phrases within one OR-ed."""
    plain = [g for i, g in enumerate(text.groups) if text.term_of(i) is None]
    groups = [" OR ".join(_phrase(p) for p in group if p.strip()) for group in plain]
    groups = [g for g in groups if g]
    return " AND ".join(f"({g})" for g in groups) or None


def match(conn: sqlite3.Connection, text: TextQuery) -> tuple[np.ndarray, np.ndarray] | None:
    """(rowids, scores) of listings matching the plain words; None when the
    text has no plain words. Higher score is better."""
    expression = fts_expression(text)
    if expression is None:
        return None
    rows = conn.execute(
        f"SELECT rowid, {BM25} FROM listing_text WHERE listing_text MATCH ?", (expression,)
    ).fetchall()
    if not rows:
        return np.zeros(0, np.int64), np.zeros(0)
    data = np.array(rows, dtype=np.float64)
    # Rounded so that equal relevance compares equal across platforms and pages.
    return data[:, 0].astype(np.int64), -data[:, 1]
