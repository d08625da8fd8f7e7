"""Opening SQLite connections the way the store needs them.

Commit-time guarantee: WAL with synchronous=NORMAL. The file stays consistent
after a crash; the last commits before a power loss may be lost, which a
directory rebuilt from its sources can afford. Pass synchronous="FULL" for
durability.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

from therapist_finder.errors import StoreUnavailable

SCHEMA_FILE = Path(__file__).resolve().parents[3] / "index_config" / "sqlite_schema.sql"
SCHEMA_VERSION = "6"


def schema_sql() -> str:
    return SCHEMA_FILE.read_text()


# In-place upgrades from older schema versions, so that an upgrade keeps the
# data instead of needing the sources again. Each runs inside the caller's
# transaction after `open_writer` has created any new tables and views.
def _refold_name_keys(conn: sqlite3.Connection) -> None:
    """4 -> 5: name keys ignore accents. Only keys with a character outside
    ASCII can change (length() counts characters, of a blob bytes)."""
    from therapist_finder.store.sqlite.rows import name_key

    conn.create_function("tf_name_key", 1, name_key, deterministic=True)
    conn.execute("UPDATE listings SET name_key = tf_name_key(name_key)"
                 " WHERE length(name_key) <> length(CAST(name_key AS BLOB))")


def _fold_indexed_letters(conn: sqlite3.Connection) -> None:
    """5 -> 6: the text index holds Ø, Ł, ß... as o, l, ss (rows.indexed_text).
    Only listings whose text changes are indexed again: those whose document
    holds a character outside ASCII, or a JSON escape of one."""
    from therapist_finder.schema import Listing
    from therapist_finder.store.sqlite.rows import indexed_text
    from therapist_finder.store.sqlite.write import DELETE_TEXT, INSERT_TEXT
    from therapist_finder.vocab.text import LETTER_FOLDS, fold_letters

    # Topics are vocabulary labels joined by " · ": outside ASCII nearly always,
    # so they are searched for the folded letters themselves.
    topics_fold = " OR ".join(f"instr(topics, '{chr(code)}')" for code in LETTER_FOLDS)
    rowids = [row[0] for row in conn.execute(
        "SELECT rowid FROM listings_with_docs"
        f" WHERE length(doc) <> length(CAST(doc AS BLOB)) OR instr(doc, '\\u') OR {topics_fold}"
    )]
    for rowid in rowids:  # rows are read one by one: documents may be gigabytes in all
        doc, topics = conn.execute("SELECT doc, topics FROM listings_with_docs WHERE rowid = ?",
                                   (rowid,)).fetchone()
        listing = Listing.from_stored(doc)
        old = (listing.name, listing.description or "", topics)
        new = (*indexed_text(listing), fold_letters(topics))
        if new != old:
            conn.execute(DELETE_TEXT, (rowid, *old))
            conn.execute(INSERT_TEXT, (rowid, *new))
            conn.execute("UPDATE listings SET topics = ? WHERE rowid = ?", (new[2], rowid))


MIGRATIONS: dict[str, tuple[str | Callable[[sqlite3.Connection], None], ...]] = {
    # 3 -> 4: documents move out of the listings table.
    "3": (
        "INSERT INTO listing_docs (rowid, doc) SELECT rowid, doc FROM listings",
        "ALTER TABLE listings DROP COLUMN doc",
        _refold_name_keys,
        _fold_indexed_letters,
    ),
    "4": (_refold_name_keys, _fold_indexed_letters),
    "5": (_fold_indexed_letters,),
}


# Pages for new files. A listing row is about 1.8 KB, so 4 KB pages held two
# and split on nearly every insert; 16 KB pages made the bulk write path 25%
# faster and the file 10% smaller (500k listings). Only a new file takes it:
# WAL files keep the page size they were created with.
PAGE_SIZE = 16384


def page_size(path: Path) -> int:
    """The page size of an existing file, or PAGE_SIZE for a new one."""
    if not path.exists() or path.stat().st_size == 0:
        return PAGE_SIZE
    with open(path, "rb") as handle:  # the header: 2 bytes big-endian at offset 16
        raw = int.from_bytes(handle.read(18)[16:18], "big")
    return 65536 if raw == 1 else raw or PAGE_SIZE


def open_writer(path: Path, synchronous: str = "NORMAL") -> sqlite3.Connection:
    """The one read-write connection; creates the file and schema if missing.
    StoreUnavailable when the path cannot hold an index (a directory, a file
    that is not SQLite): as with `open_reader`, never a bare sqlite3 error."""
    if path.is_dir():
        raise StoreUnavailable(f"cannot write the index at {path}: it is a directory, not a file")
    conn = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
        conn.execute(f"PRAGMA page_size={PAGE_SIZE}")  # no effect on an existing file
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(f"PRAGMA synchronous={synchronous}")
        conn.executescript(schema_sql())
    except (sqlite3.Error, OSError) as exc:
        if conn is not None:
            conn.close()
        raise StoreUnavailable(f"cannot write the index at {path}: {exc}") from exc
    return conn


def open_reader(path: Path) -> sqlite3.Connection:
    """A read-only connection; StoreUnavailable when there is no index yet."""
    if not path.exists():
        raise StoreUnavailable(
            f"no index at {path}: run 'therapist-finder demo' or 'therapist-finder index FILE.jsonl'"
        )
    try:
        conn = sqlite3.connect(
            f"file:{path}?mode=ro", uri=True, isolation_level=None, check_same_thread=False, timeout=30
        )
        conn.execute("PRAGMA query_only=1")
        conn.execute("SELECT 1 FROM meta LIMIT 1").fetchall()
    except sqlite3.Error as exc:
        raise StoreUnavailable(f"cannot read the index at {path}: {exc}") from exc
    return conn


DEFERRED_INDEX = "listings_by_name"
# FTS5 merge settings for a bulk load, and their defaults restored after it.
# A load lets FTS5 hold more text in memory before writing it out as a
# segment (hashsize; 1 MB by default): at 2M listings 7 segments of about
# 64 MB, written while the workers still parse, merged once at the end. A
# 256 MB hashsize was slower: the load's CPU rose about 6% (its hash table
# crowds the caches), and its last flush ran alone at the end.
BULK_FTS_MERGE = {"automerge": 0, "crisismerge": 64, "hashsize": 64 << 20}
DEFAULT_FTS_MERGE = {"automerge": 4, "crisismerge": 16, "hashsize": 1 << 20}


def _fts_config(conn: sqlite3.Connection, settings: dict[str, int]) -> None:
    for name, value in settings.items():
        conn.execute("INSERT INTO listing_text (listing_text, rank) VALUES (?, ?)", (name, value))


def open_scratch(path: Path, pages: int = PAGE_SIZE) -> sqlite3.Connection:
    """A connection for bulk-loading a new file nobody reads yet.

    No journal; the name index is built once at the end (`finish_scratch`),
    which costs less than keeping it sorted through millions of inserts; and
    FTS5 does not merge its segments while loading but once, at the end.
    Measured at 2M listings: 95 s -> about 85 s for the write path.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    # The backup API cannot change the page size of a WAL file, so a rebuild
    # builds with the live file's (`page_size(live)`).
    conn.execute(f"PRAGMA page_size={int(pages)}")
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-262144")
    # Pages evicted from the cache are read back through a memory map rather
    # than a pread each (one 2M-listing load: 17.7 s -> 14.9 s system time).
    conn.execute("PRAGMA mmap_size=2147418112")
    conn.executescript(schema_sql())
    conn.execute(f"DROP INDEX {DEFERRED_INDEX}")
    _fts_config(conn, BULK_FTS_MERGE)
    return conn


def finish_scratch(conn: sqlite3.Connection) -> None:
    """End a bulk load (inside its transaction): indexes and merged text index."""
    create = re.search(rf"CREATE INDEX IF NOT EXISTS {DEFERRED_INDEX}\b[^;]*", schema_sql())
    assert create is not None, f"{DEFERRED_INDEX} is not in {SCHEMA_FILE}"
    conn.execute(create.group(0))
    # The whole text index into one segment. Leaving the load's segments
    # unmerged saved 3.5 s at 2M, but they all sit on FTS5's level 0: the
    # later write that brought it to `crisismerge` segments merged them all
    # at once, seconds inside one small upsert.
    conn.execute("INSERT INTO listing_text (listing_text) VALUES ('optimize')")
    _fts_config(conn, DEFAULT_FTS_MERGE)
