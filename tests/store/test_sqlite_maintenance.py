"""SQLite-only behaviour: vocabulary changes re-encode, old schemas refuse."""

from __future__ import annotations

import json
import sqlite3

import pytest

from tests.store.contract import LATLON, all_pages, ids, run
from tests.utils.factories import make_listing
from therapist_finder.errors import ConfigurationError, StoreUnavailable
from therapist_finder.schema import Listing
from therapist_finder.store import open_store
from therapist_finder.store.sqlite import SqliteStore, connections
from therapist_finder.store.sqlite.rows import indexed_text
from therapist_finder.store.sqlite.write import DELETE_POINT, DELETE_TEXT, INSERT_TEXT


def test_changed_vocabularies_are_reencoded_at_warm_up(tmp_path):
    path = tmp_path / "dir.db"
    store = SqliteStore(path)
    store.rebuild([make_listing(f"{i}", specialties=["grief"]) for i in range(12)])
    store.close()
    with sqlite3.connect(path) as conn:  # as if written by a build with other vocabularies
        conn.execute("UPDATE meta SET value = 'older' WHERE key = 'values'")
        conn.execute("UPDATE listings SET facts = zeroblob(length(facts))")
    reader = SqliteStore(path, snapshot_mode="full")
    with pytest.raises(StoreUnavailable, match="other vocabularies"):
        run(reader, **LATLON)
    reader.warm()
    assert len(ids(run(reader, **LATLON, specialty=["grief"], limit=100))) == 12
    reader.close()


def test_other_schema_version_is_refused_but_can_be_rebuilt(tmp_path):
    path = tmp_path / "dir.db"
    SqliteStore(path).rebuild([make_listing("a")])
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    store = SqliteStore(path)
    with pytest.raises(StoreUnavailable, match="another schema version"):
        run(store, **LATLON)
    store.rebuild([make_listing("b")])
    assert ids(run(store, **LATLON)) == ["b"]


def test_store_urls(tmp_path):

    assert str(open_store("sqlite:///data/x.db").path) == "data/x.db"
    assert str(open_store(f"sqlite:///{tmp_path}/x.db").path) == f"{tmp_path}/x.db"
    for bad in ("sqlite://relative.db", "sqlite://", "sqlite:///"):
        with pytest.raises(ConfigurationError, match="three slashes"):
            open_store(bad)


def test_full_snapshot_is_saved_and_memory_mapped_next_time(tmp_path):
    import numpy as np

    from therapist_finder.store.sqlite import snapshot_cache

    path = tmp_path / "dir.db"
    SqliteStore(path).rebuild([make_listing(f"{i:02d}", specialties=["grief"]) for i in range(30)])
    first = SqliteStore(path, snapshot_mode="full")
    expected = run(first, **LATLON, specialty=["grief"], limit=7)
    assert len(list(snapshot_cache.cache_root(path).iterdir())) == 1
    second = SqliteStore(path, snapshot_mode="full")
    again = run(second, **LATLON, specialty=["grief"], limit=7)
    assert isinstance(second._snap.value_bits.base, np.memmap)  # a view of the saved files, mapped
    assert ids(again) == ids(expected) and again.facets == expected.facets
    assert again.next_cursor == expected.next_cursor
    second.upsert([make_listing("new", specialties=["grief"])])  # a new generation
    assert run(second, **LATLON, specialty=["grief"]).total == 31
    assert len(list(snapshot_cache.cache_root(path).iterdir())) == 1  # the old one is gone
    first.close()
    second.close()


def test_bulk_rebuild_leaves_the_same_schema_and_merge_settings(tmp_path):
    """A rebuild defers an index and FTS5 merging while it loads; the file it
    swaps in must end up with every index and the normal merge settings, so
    later upserts and text searches behave as on a file built row by row."""
    path = tmp_path / "dir.db"
    store = SqliteStore(path)
    store.rebuild([make_listing(f"{i:03d}", description=f"grief and loss {i}") for i in range(300)])
    with sqlite3.connect(path) as conn:
        names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        config = dict(conn.execute("SELECT k, v FROM listing_text_config WHERE k <> 'version'"))
        segments = conn.execute("SELECT count(*) FROM listing_text_idx WHERE segid > 0").fetchone()[0]
    assert "listings_by_name" in names
    assert config == {"automerge": 4, "crisismerge": 16, "hashsize": 1 << 20}
    assert segments >= 1
    store.upsert([make_listing("new", description="sessions near the quarry")])
    assert ids(run(store, **LATLON, q="quarry")) == ["new"]
    assert len(ids(run(store, **LATLON, q="loss", limit=100))) == 100


def test_a_bulk_load_keeps_its_text_in_memory_across_batches(tmp_path):
    """Each batch of a bulk load must not write the text index out as a new
    segment (an INSERT OR REPLACE did, through its statement savepoint): at
    2M listings that made some 2,000 segments to merge. Only a repeated id
    deletes and re-inserts, and the text still ends up searchable."""
    from therapist_finder.store.sqlite import connections, write
    from therapist_finder.store.sqlite.rows import encode_batch
    from therapist_finder.store.sqlite.valuespace import ValueSpace
    from therapist_finder.vocab import load_vocabularies

    vocabs = load_vocabularies()
    space = ValueSpace.from_vocabularies(vocabs)
    conn = connections.open_scratch(tmp_path / "bulk.db")
    bulk = write.BulkLoad()
    conn.execute("BEGIN")

    def write_listings(listings):
        write.write_batch(conn, encode_batch(listings, space, vocabs), bulk)

    for start in range(0, 300, 100):
        write_listings([make_listing(f"{i:03d}", description=f"grief and loss {i}")
                        for i in range(start, start + 100)])
    segments = "SELECT count(*) FROM listing_text_idx"
    assert conn.execute(segments).fetchone()[0] == 0
    write_listings([make_listing("150", description="near the quarry")])
    conn.execute("COMMIT")
    assert conn.execute(segments).fetchone()[0] >= 1
    match = "SELECT {} FROM listing_text WHERE listing_text MATCH ?"
    found = conn.execute(match.format("rowid"), ("quarry",)).fetchall()
    assert found == conn.execute("SELECT rowid FROM listings WHERE id = 'test:150'").fetchall()
    assert conn.execute(match.format("count(*)"), ("grief",)).fetchone() == (299,)
    assert conn.execute("SELECT count(*) FROM listings").fetchone() == (300,)
    conn.close()


def test_a_bulk_load_ends_with_one_text_segment(tmp_path, monkeypatch):
    """However many segments a load wrote (a 2 KB hashsize here, as a load of
    millions writes several large ones), the file it swaps in has one. Segments
    left on FTS5's level 0 would be merged all at once by whichever later
    upsert brought their number to `crisismerge`."""
    from therapist_finder.store.sqlite import connections

    monkeypatch.setattr(connections, "BULK_FTS_MERGE", {**connections.BULK_FTS_MERGE, "hashsize": 2048})
    written = []
    finish = connections.finish_scratch

    def counted(conn):
        written.append(conn.execute("SELECT count(DISTINCT segid) FROM listing_text_idx").fetchone()[0])
        finish(conn)

    monkeypatch.setattr(connections, "finish_scratch", counted)
    path = tmp_path / "dir.db"
    store = SqliteStore(path)
    store.rebuild([make_listing(f"{i:04d}", description=f"grief and loss {i}") for i in range(3000)])
    with sqlite3.connect(path) as conn:
        segments = conn.execute("SELECT count(DISTINCT segid) FROM listing_text_idx").fetchone()[0]
        grief = conn.execute("SELECT count(*) FROM listing_text WHERE listing_text MATCH 'grief'").fetchone()
    assert written[0] > 10 and segments == 1
    assert grief == (3000,)
    assert ids(run(store, **LATLON, q="1234")) == ["1234"]
    store.close()


def test_an_id_repeated_from_the_last_row_of_the_batch_before(tmp_path):
    """A rebuild replaces a repeated id by deleting its rows: when it held the
    highest rowid so far, the new ids beside it must still get rowids of their own."""
    from therapist_finder.store.sqlite.rows import encode_batch

    store = SqliteStore(tmp_path / "dir.db")
    a, b, c = make_listing("a"), make_listing("b"), make_listing("c", description="moved")
    batches = [encode_batch(pair, store.space, store.vocabs) for pair in ([a, b], [b, c])]
    assert store.rebuild_prepared(iter(batches)) == 4
    assert sorted(ids(run(store, **LATLON))) == ["a", "b", "c"]
    assert ids(run(store, **LATLON, q="moved")) == ["c"]
    store.close()


def test_new_files_use_large_pages_and_a_rebuild_keeps_the_live_page_size(tmp_path):
    """WAL files cannot change page size, and the rebuild copies pages into
    the live file, so it builds with whatever page size that file has."""
    from therapist_finder.store.sqlite import connections

    fresh = tmp_path / "new.db"
    SqliteStore(fresh).rebuild([make_listing("a")])
    assert connections.page_size(fresh) == connections.PAGE_SIZE == 16384

    old = tmp_path / "old.db"
    with sqlite3.connect(old) as conn:
        conn.execute("PRAGMA page_size=4096")
        conn.execute("PRAGMA journal_mode=WAL")
    store = SqliteStore(old)
    store.rebuild([make_listing("b")])
    reader = SqliteStore(old)  # a second connection sees the swapped-in index
    assert ids(run(reader, **LATLON)) == ["b"]
    store.rebuild([make_listing("c")])
    assert ids(run(reader, **LATLON)) == ["c"]
    assert connections.page_size(old) == 4096


def test_a_failed_write_of_any_kind_leaves_no_transaction_open(tmp_path):
    """The one writer connection must never stay inside a transaction: an
    error that is not SQLite's (a document that no longer validates, say)
    rolls back too, and the next write works."""
    store = SqliteStore(tmp_path / "d.db")
    conn = store._writer_conn()

    def fails(c):
        c.execute("INSERT INTO meta (key, value) VALUES ('half', 'written')")
        raise ValueError("not SQLite's")

    with pytest.raises(ValueError):
        store._transaction(conn, fails)
    assert not conn.in_transaction
    assert conn.execute("SELECT count(*) FROM meta WHERE key = 'half'").fetchone() == (0,)
    store.upsert([make_listing(str(i)) for i in range(3)])
    assert store.stats()["listings"] == 3
    store.close()


def test_reencoding_in_worker_processes_gives_the_same_bits(tmp_path, monkeypatch):
    """With the packaged vocabularies a large file is re-encoded by a process
    pool; the bits must equal those of the one-process path, row for row."""
    from therapist_finder.sample import generate_listings
    from therapist_finder.schema import Listing
    from therapist_finder.store.sqlite import reencode

    monkeypatch.setattr(reencode, "CHUNK", 150)
    monkeypatch.setattr(reencode.os, "cpu_count", lambda: 2)  # a pool even on a 1-CPU machine
    monkeypatch.setattr(reencode, "_can_fork", lambda: True)  # other tests may have left threads
    pooled = []
    real_pool = reencode._in_workers

    def recorded(chunks, workers):  # the real pool, noting that it ran
        pooled.append(workers)
        yield from real_pool(chunks, workers)

    monkeypatch.setattr(reencode, "_in_workers", recorded)
    listings = [Listing.model_validate(d) for d in generate_listings(700, seed=12)]
    facts = {}
    for parallel_from in (0, 10**9):  # the pool, then one process
        monkeypatch.setattr(reencode, "PARALLEL_MIN_LISTINGS", parallel_from)
        path = tmp_path / f"{parallel_from}.db"
        SqliteStore(path).rebuild(listings)
        with sqlite3.connect(path) as conn:  # as if written with other vocabularies
            conn.execute("UPDATE meta SET value = 'older' WHERE key = 'values'")
            conn.execute("UPDATE listings SET facts = zeroblob(length(facts))")
        store = SqliteStore(path, snapshot_mode="full")
        store.warm()
        store.close()
        with sqlite3.connect(path) as conn:
            facts[parallel_from] = conn.execute("SELECT id, facts FROM listings ORDER BY id").fetchall()
            zeroed = conn.execute("SELECT count(*) FROM listings WHERE facts = zeroblob(length(facts))")
            assert zeroed.fetchone() == (0,)
    assert facts[0] == facts[10**9] and len(facts[0]) == 700
    assert len(pooled) == 1  # only the first file went through worker processes


def test_a_schema_3_file_is_upgraded_in_place(tmp_path):
    """Version 3 kept documents in the listings table; opening such a file
    for writing moves them out and keeps every listing."""
    path = tmp_path / "dir.db"
    SqliteStore(path).rebuild([make_listing(f"{i:02d}", specialties=["grief"]) for i in range(20)]
                              + [make_listing("bjorn", name="Bj\u00f8rn Tallis")])
    _text_index_as_version_5_wrote_it(path)
    with sqlite3.connect(path) as conn:  # back to the version 3 layout
        conn.execute("ALTER TABLE listings ADD COLUMN doc TEXT")
        conn.execute(
            "UPDATE listings SET doc = (SELECT d.doc FROM listing_docs d WHERE d.rowid = listings.rowid)"
        )
        conn.execute("DROP VIEW listings_with_docs")
        conn.execute("DROP TABLE listing_docs")
        conn.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    store = SqliteStore(path, snapshot_mode="full")
    store.warm()
    assert len(ids(run(store, **LATLON, specialty=["grief"], limit=100))) == 20
    assert store.get("test:07").name == make_listing("07").name
    assert ids(run(store, q="bjorn")) == ["bjorn"]
    store.delete("test:bjorn")
    store.close()
    assert not {"bjorn", "bj\u00f8rn", "tallis"} & _terms(path).keys()
    with sqlite3.connect(path) as conn:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(listings)")}
        version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
        docs = conn.execute("SELECT count(*) FROM listing_docs").fetchone()[0]
    assert "doc" not in columns and version == "6" and docs == 20


def test_a_schema_4_file_gets_name_keys_that_ignore_accents(tmp_path):
    """Version 4 sorted "Ángela" after "Zoë"; the upgrade re-folds only the
    keys with a character outside ASCII, and snapshots saved before it are
    not reused (they hold the old order)."""
    path = tmp_path / "dir.db"
    names = {"z": "Zoë Quillby", "a": "Ángela Ortiz", "b": "Brandt Vale", "o": "Ørjan Lund",
             "e": "ÉMILE  Roux"}
    SqliteStore(path).rebuild([make_listing(key, name=name) for key, name in names.items()])
    _text_index_as_version_5_wrote_it(path)
    with sqlite3.connect(path) as conn:  # as version 4 wrote them: casefolded only
        for key, name in names.items():
            old_key = " ".join(name.casefold().split())
            conn.execute("UPDATE listings SET name_key = ? WHERE id = ?", (old_key, f"test:{key}"))
    old = SqliteStore(path, snapshot_mode="full")  # serves, and saves, the old order
    assert ids(run(old, **LATLON, sort="name")) == ["b", "z", "a", "e", "o"]
    old.close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    store = SqliteStore(path, snapshot_mode="full")
    store.warm()
    assert ids(run(store, **LATLON, sort="name")) == ["a", "b", "e", "o", "z"]
    assert all_pages(store, 2, **LATLON, sort="name") == ["a", "b", "e", "o", "z"]
    assert ids(run(store, q="orjan")) == ["o"]
    store.close()
    with sqlite3.connect(path) as conn:
        keys = dict(conn.execute("SELECT id, name_key FROM listings"))
        version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
    assert keys["test:a"] == "angela ortiz" and keys["test:o"] == "orjan lund" and version == "6"
    store = SqliteStore(path)
    store.delete("test:o")
    store.close()
    assert not {"orjan", "\u00f8rjan", "lund"} & _terms(path).keys()


def _terms(path) -> dict[str, int]:
    """Term -> documents holding it, as the text index counts them."""
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, listing_text, 'row')")
        return dict(conn.execute("SELECT term, doc FROM temp.terms"))


def _text_index_as_version_5_wrote_it(path, topics: dict[str, str] | None = None) -> None:
    """Index every listing's text again as written, not folded (versions up to 5);
    `topics` (id -> text) replaces some listings' indexed topics, as a vocabulary
    label with an Ø would have been indexed."""
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT rowid, id, doc, topics FROM listings_with_docs").fetchall()
        for rowid, listing_id, doc, folded_topics in rows:
            listing = Listing.from_stored(doc)
            old_topics = (topics or {}).get(listing_id, folded_topics)
            conn.execute(DELETE_TEXT, (rowid, *indexed_text(listing), folded_topics))
            conn.execute(INSERT_TEXT, (rowid, listing.name, listing.description or "", old_topics))
            conn.execute("UPDATE listings SET topics = ? WHERE rowid = ?", (old_topics, rowid))


FOLDING = [
    make_listing("soren", name="S\u00f8ren Dahl", description="Sessions in \u0141\u00f3d\u017a and online."),
    make_listing("jose", name="Jos\u00e9 Brook"),  # outside ASCII, but folds to itself
    make_listing("plain", name="Dana Vale", description="Caf\u00e9 talk, Stra\u00dfe walks."),
    make_listing("escaped", name="\u00c6sa Holm"),  # its document spells \u00c6 as an escape
    make_listing("label", name="Bram Fenwick", specialties=["grief"]),
]


def _schema_5_file(path) -> None:
    SqliteStore(path).rebuild(FOLDING)
    _text_index_as_version_5_wrote_it(path, {"test:label": "Grief \u00b7 S\u00f8rgearbeid"})
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE listing_docs SET doc = ? WHERE rowid = (SELECT rowid FROM listings"
                     " WHERE id = 'test:escaped')", (json.dumps(FOLDING[3].model_dump(mode="json")),))
        assert conn.execute("SELECT doc FROM listing_docs d JOIN listings l USING (rowid)"
                            " WHERE l.id = 'test:escaped'").fetchone()[0].isascii()
        conn.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'")


def test_a_schema_5_file_gets_its_text_index_folded(tmp_path):
    """Version 5 indexed "Søren" as written, so "soren" missed it. The upgrade
    indexes again only the listings whose text changes, and their later
    replacement or removal hands the index back exactly what it holds."""
    path = tmp_path / "dir.db"
    _schema_5_file(path)
    assert {"s\u00f8ren", "\u00e6sa", "s\u00f8rgearbeid"} <= _terms(path).keys()
    assert not {"soren", "aesa", "sorgearbeid"} & _terms(path).keys()
    store = SqliteStore(path, snapshot_mode="full")
    store.warm()
    for q, found in [("soren", "soren"), ("S\u00d8REN dahl", "soren"), ("lodz", "soren"),
                     ("strasse", "plain"), ("jose", "jose"), ("cafe", "plain"), ("aesa", "escaped"),
                     ("\u00e6sa", "escaped"), ("sorgearbeid", "label")]:
        assert ids(run(store, q=q, limit=100)) == [found], q
    store.upsert([FOLDING[0].model_copy(update={"name": "S\u00f8ren Vale", "description": None}),
                  FOLDING[4].model_copy(update={"name": "Bram Holt"})])
    store.delete("test:plain")
    store.delete("test:escaped")
    store.close()
    terms = _terms(path)
    assert {"soren": 1, "vale": 1, "jose": 1, "holt": 1}.items() <= terms.items()
    gone = {"s\u00f8ren", "dahl", "lodz", "\u0142odz", "strasse", "dana", "cafe", "aesa", "\u00e6sa", "holm",
            "fenwick", "sorgearbeid", "s\u00f8rgearbeid"}
    assert not gone & terms.keys()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("6",)


def test_two_writers_upgrading_at_once_fold_the_text_index_once(tmp_path):
    """Both read version 5 before either upgraded; the second, once it has the
    write lock, finds version 6 and leaves the file alone. Folding twice handed
    FTS5 text it did not hold, and a later delete made the index malformed."""
    path = tmp_path / "dir.db"
    _schema_5_file(path)
    first, second = SqliteStore(path), SqliteStore(path)
    late = connections.open_writer(path)  # the second writer has read "5" already
    first.warm()
    generation = first.stats()["meta"]["generation"]
    second._migrate(late, "5")
    late.close()
    assert second.stats()["meta"]["generation"] == generation  # nothing was written
    first.delete("test:soren")
    assert run(first, q="soren").total == 0 and ids(run(first, q="aesa")) == ["escaped"]
    first.close()
    second.close()
    assert "soren" not in _terms(path)


def test_a_path_that_cannot_hold_an_index_is_unavailable_for_writes_as_for_reads(tmp_path):
    """Not a bare sqlite3 error: the same StoreUnavailable reads give, and the
    file that is not a database is left as it was."""
    text = tmp_path / "listings.jsonl"
    text.write_text('{"id": "test:a"}\n' * 50)
    for path, why in ((text, "file is not a database"), (tmp_path, "is a directory")):
        for write in ("upsert", "rebuild"):
            store = SqliteStore(path)
            with pytest.raises(StoreUnavailable, match=f"cannot write the index at {path}: .*{why}"):
                getattr(store, write)([make_listing("a")])
            with pytest.raises(StoreUnavailable, match=str(path)):
                store.stats()
    assert text.read_text() == '{"id": "test:a"}\n' * 50


def test_a_malformed_store_url_is_a_configuration_error(tmp_path):
    for bad in ("opensearch://[::1", "sqlite://[x/d.db", "elasticsearchs://u:pw@[::1:9200"):
        with pytest.raises(ConfigurationError, match="malformed") as err:
            open_store(bad)
        assert "pw" not in str(err.value)


def test_a_new_synonym_alone_changes_the_value_fingerprint(tmp_path):
    """A synonym moves no bit, but it changes which descriptions mention a term, so a
    file's stored mention bits must be re-encoded (the fingerprint is what decides)."""
    import shutil
    from pathlib import Path

    from therapist_finder.store.sqlite.valuespace import ValueSpace
    from therapist_finder.vocab import load_vocabularies

    data = tmp_path / "data"
    shutil.copytree(Path(__file__).resolve().parents[2] / "therapist_finder" / "vocab" / "data", data)
    before = ValueSpace.from_vocabularies(load_vocabularies(data))
    path = data / "specialty.yaml"
    text = path.read_text(encoding="utf-8")
    assert "      - bereavement\n" in text
    path.write_text(text.replace("      - bereavement\n", "      - bereavement\n      - widowhood\n"),
                    encoding="utf-8")
    after = ValueSpace.from_vocabularies(load_vocabularies(data))
    assert after.axes == before.axes and after.broader == before.broader
    assert after.fingerprint != before.fingerprint
    # An edit that changes no phrase (a comment) keeps the fingerprint, so no re-encode.
    path.write_text(path.read_text(encoding="utf-8") + "\n# reviewed\n", encoding="utf-8")
    assert ValueSpace.from_vocabularies(load_vocabularies(data)).fingerprint == after.fingerprint


def test_an_update_removes_exactly_the_old_points_by_id_lookups(tmp_path):
    store = SqliteStore(tmp_path / "dir.db")
    many = [{"city": "Testville", "state": "KS", "lat": 39.0 + i / 100, "lon": -95.0} for i in range(3)]
    store.rebuild([make_listing("a", locations=many), make_listing("b")])
    store.upsert([make_listing("a", locations=many[:1])])  # the writer's own path, not the bulk one
    with sqlite3.connect(tmp_path / "dir.db") as conn:
        per_listing = dict(conn.execute("SELECT listing, count(*) FROM location_rtree GROUP BY listing"))
        assert sorted(per_listing.values()) == [1, 1]
        # The R*Tree finds rows only by an equal id: a range over ids scans every point.
        lookup = DELETE_POINT.replace("DELETE", "SELECT *", 1)
        plan = conn.execute("EXPLAIN QUERY PLAN " + lookup, (1,)).fetchall()
        assert "INDEX 1:" in plan[0][-1]
    store.delete("test:a")
    with sqlite3.connect(tmp_path / "dir.db") as conn:
        assert conn.execute("SELECT count(*) FROM location_rtree").fetchone() == (1,)
    store.close()
