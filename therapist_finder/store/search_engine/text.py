"""Text as the embedded store's FTS5 tokenizer sees it, for the engine's text fields.

The embedded store indexes name, description and topics with FTS5's
`porter unicode61 remove_diacritics 2`. An engine analyzer only approximates
that: the standard tokenizer keeps "O'Brien" as one token where unicode61
splits it into "o" and "brien"; `asciifolding` folds characters unicode61
keeps (ligatures, fractions...); and lowercasing "İ" differs between engines. So the application
does unicode61's part itself: `fts_text` cuts text into the very tokens
unicode61 makes, folded the same way, joined by single spaces. The engine
then only splits on whitespace and applies the Porter stemmer (the
`listing_text` analyzer in index_config/elasticsearch/), as FTS5's `porter`
wrapper does after unicode61. Documents and query phrases both go through
`fts_text`, so the two stores cut and fold every word alike, down to Ł, Ø,
Æ and ß, which both spell l, o, ae and ss (`fold_letters`).

What unicode61 does with a character is learnt from SQLite itself, once per
distinct character: a tiny in-memory FTS5 table tokenizes "x<char>y" and
fts5vocab reports the tokens. A separator gives "x" and "y"; a token character
gives one token "x<folded>y" (a combining accent folds to nothing). The
table is the linked SQLite's, the same one the embedded store uses.
"""

from __future__ import annotations

import sqlite3
import threading

from therapist_finder.vocab.text import fold_letters

# Exactly the embedded store's tokenizer, minus the stemmer (the engine stems).
TOKENIZER = "unicode61 remove_diacritics 2"


class _Unicode61(dict):
    """codepoint -> what unicode61 makes of that character ("" for an accent,
    " " for a separator, else its folded form); filled on first sight, so it
    serves as a `str.translate` table."""

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(":memory:", check_same_thread=False)
        self._conn.execute(f"CREATE VIRTUAL TABLE t USING fts5(x, tokenize = '{TOKENIZER}')")
        self._conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
        for code in range(128):
            self[code]  # noqa: B018  (fills the ASCII entries up front)

    def __missing__(self, code: int) -> str:
        with self._lock:
            folded = self._probe(chr(code))
            self[code] = folded
            return folded

    def _probe(self, char: str) -> str:
        conn = self._conn
        try:
            conn.execute("DELETE FROM t")
            conn.execute("INSERT INTO t (rowid, x) VALUES (1, ?)", (f"x{char}y",))
        except (sqlite3.Error, UnicodeError):  # a lone surrogate cannot be stored
            return " "
        tokens = [row[0] for row in conn.execute("SELECT term FROM v ORDER BY offset")]
        if len(tokens) == 1 and tokens[0].startswith("x") and tokens[0].endswith("y"):
            return tokens[0][1:-1]
        return " "


_TABLE: _Unicode61 | None = None
_TABLE_LOCK = threading.Lock()


def _table() -> _Unicode61:
    global _TABLE
    if _TABLE is None:
        with _TABLE_LOCK:
            if _TABLE is None:
                _TABLE = _Unicode61()
    return _TABLE


def fts_text(text: str, fold: bool = True) -> str:
    """`text` as unicode61 (remove_diacritics 2) tokens, joined by single
    spaces; with `fold`, the letters unicode61 keeps (Ø, Ł, ß...) spelled as
    the embedded store indexes them (o, l, ss: rows.indexed_text)."""
    if not text:
        return ""
    tokens = text.translate(_table())
    return " ".join((fold_letters(tokens) if fold else tokens).split())
