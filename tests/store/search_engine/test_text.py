"""text.fts_text cuts and folds text exactly as the embedded store's FTS5
tokenizer (unicode61 remove_diacritics 2) does with the text the store
indexes (Ø, Ł, ß... folded first): checked against SQLite itself."""

from __future__ import annotations

import random
import sqlite3

import pytest

from therapist_finder.store.search_engine.text import fts_text
from therapist_finder.vocab.text import fold_letters

SAMPLES = [
    "O'Brien Dana", "Dana O\u2019Brien", "\u0130stanbul Ada", "Ada I\u0307stanbul",
    "\u0141ukasz \u00d8lsen Stra\u00dfe \u00c6gir", "Caf\u00e9 NA\u00cfVE", "Jos\u00e9 Nu\u00f1ez-L\u00f3pez",
    "Cognitive behavioral therapy (CBT) \u00b7 Trauma-focused CBT (TF-CBT)", "snake_case 3.5 x2",
    "\u0391\u03b8\u03ae\u03bd\u03b1 \u041c\u043e\u0441\u043a\u0432\u0430",
    "\u6771\u4eac \U0001f600 \u00bd \u2160",
    "", "   ", "\u0301leading accent",
]


@pytest.fixture(scope="module")
def fts5():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'unicode61 remove_diacritics 2')")
    conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")

    def tokens(text: str) -> list[str]:
        conn.execute("DELETE FROM t")
        conn.execute("INSERT INTO t (rowid, x) VALUES (1, ?)", (text,))
        return [row[0] for row in conn.execute("SELECT term FROM v ORDER BY offset")]

    yield tokens
    conn.close()


def test_same_tokens_as_fts5(fts5):
    rng = random.Random(7)
    pool = [chr(c) for c in [*range(0x20, 0x250), *range(0x300, 0x370), *range(0x370, 0x530),
                             *range(0x1E00, 0x1F00), *range(0x2000, 0x2070)]]
    randoms = ["".join(rng.choice(pool) for _ in range(40)) for _ in range(300)]
    for text in [*SAMPLES, *randoms]:
        assert fts_text(text).split() == fts5(fold_letters(text)), repr(text)
        assert fts_text(text, fold=False).split() == fts5(text), repr(text)


def test_examples():
    assert fts_text("O'Brien Dana") == "o brien dana"
    assert fts_text("\u0130stanbul Ada") == "istanbul ada"
    # Letters with no decomposition into a letter and an accent are spelled
    # as the embedded store indexes them; unicode61 alone keeps them.
    assert fts_text("\u0141ukasz \u00d8lsen Stra\u00dfe \u00c6gir STRA\u1e9eE") == (
        "lukasz olsen strasse aegir strasse"
    )
    assert fts_text("\u0141ukasz \u00d8lsen Stra\u00dfe \u00c6gir", fold=False) == (
        "\u0142ukasz \u00f8lsen stra\u00dfe \u00e6gir"
    )
