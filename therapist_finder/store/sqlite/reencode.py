"""Recomputing every listing's value bits after the vocabularies changed.

It runs once, when a server or command first opens a file that was written
with other vocabularies, and the file is not ready until it is done: at 2M
listings about 2 minutes on one core. With the packaged vocabularies, which
worker processes can load themselves, the documents are validated and
encoded by a process pool while this process writes the new bits.
"""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import threading
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

from therapist_finder.memory import cyclic_gc_paused
from therapist_finder.store.sqlite import write
from therapist_finder.store.sqlite.rows import encode_documents, facts_of_documents
from therapist_finder.store.sqlite.valuespace import ValueSpace
from therapist_finder.vocab import Vocabularies

CHUNK = 5000
# Fewer listings than this are not worth starting worker processes for.
PARALLEL_MIN_LISTINGS = 50_000

Rows = list[tuple[int, str]]


def reencode(conn: sqlite3.Connection, space: ValueSpace, vocabs: Vocabularies, packaged: bool) -> None:
    """New facts for every listing, in one transaction (readers never see a
    mix of old and new bits); documents are read in rowid-ordered chunks, so
    memory stays flat however large the file. `packaged` says that `vocabs`
    are the packaged vocabularies, which worker processes can load too."""
    conn.execute("BEGIN IMMEDIATE")
    with cyclic_gc_paused():
        # The highest rowid bounds the count without reading every document.
        count = conn.execute("SELECT coalesce(max(rowid), 0) FROM listing_docs").fetchone()[0]
        workers = os.cpu_count() or 1
        if packaged and workers > 1 and count >= PARALLEL_MIN_LISTINGS and _can_fork():
            encoded = _in_workers(_chunks(conn), workers)
        else:
            encoded = (
                (rows, encode_documents([doc for _, doc in rows], space, vocabs)) for rows in _chunks(conn)
            )
        for rows, facts in encoded:
            conn.executemany(
                "UPDATE listings SET facts = ? WHERE rowid = ?",
                [(fact, rowid) for fact, (rowid, _) in zip(facts, rows, strict=True)],
            )
    write.set_meta(conn, values=space.fingerprint)
    write.bump_generation(conn)
    conn.execute("COMMIT")


def _chunks(conn: sqlite3.Connection) -> Iterator[Rows]:
    last = 0
    while rows := conn.execute(
        "SELECT rowid, doc FROM listing_docs WHERE rowid > ? ORDER BY rowid LIMIT ?", (last, CHUNK)
    ).fetchall():
        yield rows
        last = rows[-1][0]


def _can_fork() -> bool:
    """Workers are forked, so they need no importable __main__ (spawned ones
    do); but a fork copies other threads' locks in whatever state they are
    in, so only a process running one thread forks (a server at start-up
    does). Otherwise the work stays in this process."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _in_workers(chunks: Iterator[Rows], workers: int) -> Iterator[tuple[Rows, list[bytes]]]:
    """(rows, facts) in order, with at most 2 chunks per worker in flight."""
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending: deque = deque()
        for rows in chunks:
            pending.append((rows, pool.submit(facts_of_documents, [doc for _, doc in rows])))
            if len(pending) >= 2 * workers:
                done, future = pending.popleft()
                yield done, future.result()
        while pending:
            done, future = pending.popleft()
            yield done, future.result()
