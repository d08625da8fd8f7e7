"""index_file: the parallel path (worker processes) equals the plain one."""

from __future__ import annotations

import json

from therapist_finder import indexing
from therapist_finder.indexing import index_file
from therapist_finder.sample import generate_listings
from therapist_finder.store.sqlite import SqliteStore
from therapist_finder.vocab import load_vocabularies


def test_parallel_import_matches_sequential(tmp_path, monkeypatch):
    lines = [json.dumps(d) for d in generate_listings(2500, seed=3)]
    lines.insert(1200, "{broken")
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n")
    monkeypatch.setattr(indexing, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(indexing, "CHUNK_BYTES", 300_000)
    reports, stores = [], []
    for workers in (1, 2):
        store = SqliteStore(tmp_path / f"w{workers}.db")
        reports.append(index_file(store, src, load_vocabularies(), rebuild=True, workers=workers))
        stores.append(store)
    for report in reports:
        assert (report.loaded, report.rejected) == (2500, 1)
        assert report.errors[0].line == 1201
    for listing_id in ("sample:00000001", "sample:00001500", "sample:00002500"):
        assert stores[0].get(listing_id) == stores[1].get(listing_id)
    assert stores[0].stats()["listings"] == stores[1].stats()["listings"] == 2500


def test_an_id_repeated_in_a_later_chunk_replaces_the_earlier_listing(tmp_path, monkeypatch):
    """A rebuild skips id lookups, but a repeated id must still take its
    locations and text with it: the last line wins and nothing is orphaned."""
    import sqlite3

    from therapist_finder.geo.resolve import PlaceResolver
    from therapist_finder.search_params import SearchParams, build_query

    docs = list(generate_listings(900, seed=4))
    again = dict(docs[10], description="Now seeing clients near the quarry.")
    again["locations"] = [dict(docs[10]["locations"][0], lat=44.5, lon=-70.1)]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(d) for d in [*docs, again]) + "\n")
    monkeypatch.setattr(indexing, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(indexing, "CHUNK_BYTES", 200_000)
    vocabs = load_vocabularies()
    for workers in (1, 2):
        path = tmp_path / f"w{workers}.db"
        store = SqliteStore(path)
        index_file(store, src, vocabs, rebuild=True, workers=workers)
        with sqlite3.connect(path) as conn:
            counts = [
                conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("listings", "listing_text_docsize", "(SELECT DISTINCT listing FROM location_rtree)")
            ]
            orphans = conn.execute(
                "SELECT count(*) FROM location_rtree WHERE listing NOT IN (SELECT rowid FROM listings)"
            ).fetchone()[0]
            points = conn.execute(
                "SELECT lat, lon FROM location_rtree"
                " WHERE listing = (SELECT rowid FROM listings WHERE id = ?)",
                (docs[10]["id"],),
            ).fetchall()
            check = conn.execute("SELECT rtreecheck('location_rtree')").fetchone()[0]
        assert counts == [900, 900, 900] and orphans == 0
        assert points == [(44.5, -70.1)] and check == "ok"
        assert store.get(docs[10]["id"]).description == again["description"]
        query = build_query(SearchParams(q="quarry", near="44.5,-70.1"), vocabs, PlaceResolver())
        found = store.search(query)
        assert [hit.listing.id for hit in found.results] == [docs[10]["id"]]
        store.close()


def test_blocks_of_lines_from_gzip_crlf_and_no_final_newline(tmp_path, monkeypatch):
    """Workers get whole lines whatever the file's packing and line endings,
    and line numbers in errors stay right."""
    import gzip

    docs = [json.dumps(d) for d in generate_listings(400, seed=5)]
    docs[250] = '{"id": "sample:broken"'
    text = "\r\n".join(docs)  # Windows line endings, and no newline at the end
    plain, packed = tmp_path / "in.jsonl", tmp_path / "in.jsonl.gz"
    plain.write_bytes(text.encode())
    packed.write_bytes(gzip.compress(text.encode()))
    monkeypatch.setattr(indexing, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(indexing, "CHUNK_BYTES", 50_000)
    for path in (plain, packed):
        for workers in (1, 2):
            store = SqliteStore(tmp_path / f"{path.suffix}-{workers}.db")
            report = index_file(store, path, load_vocabularies(), rebuild=True, workers=workers)
            assert (report.loaded, report.rejected) == (399, 1)
            assert report.errors[0].line == 251
            assert store.stats()["listings"] == 399
            assert store.get("sample:00000400") is not None
            store.close()


def test_input_lines_kept_as_documents_read_back_and_replace_cleanly(tmp_path, monkeypatch):
    """An unchanged listing's own line is stored as its document (padding,
    nulls and key order included); reading it gives the validated listing,
    and replacing it later removes exactly what the text index was given."""
    import sqlite3

    from therapist_finder.geo.resolve import PlaceResolver
    from therapist_finder.search_params import SearchParams, build_query

    docs = list(generate_listings(600, seed=6))
    padded = dict(docs[7], name="  Wren Halloway  ", description="  Sees clients about moonlit gardening.  ")
    raw = "  " + json.dumps(dict(reversed(list(padded.items()))), indent=1).replace("\n", " ") + "  "
    lines = [json.dumps(d) for d in docs]
    lines[7] = raw
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n")
    monkeypatch.setattr(indexing, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(indexing, "CHUNK_BYTES", 100_000)
    vocabs = load_vocabularies()
    store = SqliteStore(tmp_path / "d.db")
    index_file(store, src, vocabs, rebuild=True, workers=2)
    with sqlite3.connect(tmp_path / "d.db") as conn:
        stored = conn.execute("SELECT doc FROM listings WHERE id = ?", (docs[7]["id"],)).fetchone()[0]
    assert stored == raw.strip()  # the line itself, not re-serialized
    listing = store.get(docs[7]["id"])
    assert (listing.name, listing.description) == ("Wren Halloway", "Sees clients about moonlit gardening.")

    def found(word: str) -> list[str]:
        query = build_query(SearchParams(q=word), vocabs, PlaceResolver())
        return [hit.listing.id for hit in store.search(query).results]

    assert found("moonlit") == [docs[7]["id"]]
    again = tmp_path / "again.jsonl"  # small: written by the single-process path
    again.write_text(json.dumps(dict(padded, description="Now sees clients about tidepools.")) + "\n")
    index_file(store, again, vocabs)
    assert found("moonlit") == [] and found("halloway") == [docs[7]["id"]]
    assert found("tidepools") == [docs[7]["id"]]
    with sqlite3.connect(tmp_path / "d.db") as conn:  # the old text's tokens are gone from the index
        conn.execute("CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, listing_text, row)")
        left = conn.execute("SELECT term, doc FROM temp.terms WHERE term LIKE 'moonlit%'").fetchall()
        halloway = conn.execute("SELECT doc FROM temp.terms WHERE term LIKE 'hallow%'").fetchall()
    assert left == [] and halloway == [(1,)]
    store.close()


def test_lines_changed_by_normalizing_or_a_prepare_step_are_serialized(tmp_path, monkeypatch):
    docs = list(generate_listings(300, seed=8))
    docs[3] = dict(docs[3], specialties=["Postpartum depression"])  # normalized to a slug
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(d) for d in docs) + "\n")
    monkeypatch.setattr(indexing, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(indexing, "CHUNK_BYTES", 50_000)
    listings, kept = indexing.normalized_with_docs(
        src.read_text().splitlines(), load_vocabularies(), indexing.IndexReport(), None, 1
    )
    assert kept[3] is None and listings[3].specialties == ["perinatal-depression"]
    assert kept[4] == json.dumps(docs[4])
    _, kept = indexing.normalized_with_docs(
        src.read_text().splitlines(), load_vocabularies(), indexing.IndexReport(), lambda d: d, 1
    )
    assert kept == [None] * 300
