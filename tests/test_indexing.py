"""index_file: the parallel path (worker processes) equals the plain one."""

from __future__ import annotations

import json

import pytest

from tests.utils.factories import make_listing
from therapist_finder import indexing, input_files
from therapist_finder.errors import InvalidInputFile
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


def test_lines_from_gzip_crlf_bare_cr_and_no_final_newline(tmp_path, monkeypatch):
    """Workers get whole lines whatever the file's packing and line endings,
    and line numbers in errors stay right."""
    import gzip

    docs = [json.dumps(d) for d in generate_listings(400, seed=5)]
    docs[250] = '{"id": "sample:broken"'
    text = "\r\n".join(docs)  # Windows line endings, and no newline at the end
    plain, packed, old_mac = tmp_path / "in.jsonl", tmp_path / "in.jsonl.gz", tmp_path / "cr.jsonl"
    plain.write_bytes(text.encode())
    packed.write_bytes(gzip.compress(text.encode()))
    old_mac.write_bytes("\r".join(docs).encode())  # bare CR: read by one process, line by line
    monkeypatch.setattr(indexing, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(indexing, "CHUNK_BYTES", 50_000)
    for path in (plain, packed, old_mac):
        for workers in (1, 2):
            store = SqliteStore(tmp_path / f"{path.name}-{workers}.db")
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
        by_id = "SELECT doc FROM listings_with_docs WHERE id = ?"
        stored = conn.execute(by_id, (docs[7]["id"],)).fetchone()[0]
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


def _import_with_one_and_two_workers(
    tmp_path, monkeypatch, src, chunk_bytes: int, loaded: int, bad: list[int], rebuild: bool = True
):
    """Both paths load `loaded` listings, and reject exactly the lines `bad`
    (numbered in the file), and store the same listings."""
    monkeypatch.setattr(indexing, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(indexing, "CHUNK_BYTES", chunk_bytes)
    stores = []
    for workers in (1, 2):
        store = SqliteStore(tmp_path / f"{src.name}-{chunk_bytes}-{workers}.db")
        # The bad lines are the point here, not the rebuild's limit on them (tested below).
        report = index_file(store, src, load_vocabularies(), rebuild=rebuild, workers=workers,
                            allow_rejects=True)
        assert (report.loaded, report.rejected) == (loaded, len(bad)), workers
        assert [error.line for error in report.errors] == bad, workers
        assert store.stats()["listings"] == loaded
        stores.append(store)
    for line in src.read_bytes().split(b"\n"):
        if b'"sample:' in line:
            listing_id = json.loads(line)["id"]
            assert stores[0].get(listing_id) == stores[1].get(listing_id) is not None
    for store in stores:
        store.close()


def _sample_lines(count: int, seed: int) -> list[str]:
    return [json.dumps(d) for d in generate_listings(count, seed=seed)]


def test_lines_longer_than_a_block_stay_whole(tmp_path, monkeypatch):
    """With 1000-byte blocks and 3000-byte lines, every block end falls
    inside a line and must run on to that line's end."""
    lines = [line.ljust(3000) for line in _sample_lines(30, seed=11)]
    lines[4] = "{broken"  # a short bad line between long ones
    lines[17] = '{"id": "bad:nameless"}'.ljust(3000)  # a long bad line
    src = tmp_path / "long.jsonl"
    src.write_text("\n".join(lines) + "\n")
    _import_with_one_and_two_workers(tmp_path, monkeypatch, src, 1000, loaded=28, bad=[5, 18])


def test_bad_lines_at_block_boundaries(tmp_path, monkeypatch):
    """Lines of exactly 2500 bytes: blocks of 5000 bytes end exactly after
    every second line, 4999 just before that newline, 5001 just after it
    (taking one line more). Bad lines start and end blocks."""
    for ending in ("\n", "\r\n"):
        lines = [line.ljust(2500 - len(ending)) for line in _sample_lines(24, seed=12)]
        for number in (3, 6, 7, 12, 24):  # 1-based: first or last line of a block
            lines[number - 1] = "{broken".ljust(2500 - len(ending))
        src = tmp_path / f"edges{len(ending)}.jsonl"
        src.write_text(ending.join(lines) + ending, newline="")
        assert src.stat().st_size == 24 * 2500
        for chunk_bytes in (4999, 5000, 5001, 2500, 2501):
            _import_with_one_and_two_workers(tmp_path, monkeypatch, src, chunk_bytes, 19, [3, 6, 7, 12, 24])


def test_empty_and_blank_files_load_nothing(tmp_path, monkeypatch):
    empty, blank = tmp_path / "empty.jsonl", tmp_path / "blank.jsonl"
    empty.write_bytes(b"")
    blank.write_bytes(b"\n\n   \n\r\n\t\n" * 300 + b"  ")
    for src in (empty, blank):
        # Loaded as an upsert (a rebuild from them is refused, see below).
        _import_with_one_and_two_workers(tmp_path, monkeypatch, src, 1000, loaded=0, bad=[], rebuild=False)


def test_a_last_line_without_newline_is_read(tmp_path, monkeypatch):
    lines = _sample_lines(40, seed=13)
    good, bad = tmp_path / "good.jsonl", tmp_path / "bad.jsonl"
    good.write_text("\n\n".join(lines))  # blank lines between, counted in line numbers
    bad.write_text("\n".join([*lines, "{broken"]))
    for chunk_bytes in (1000, 10_000):
        _import_with_one_and_two_workers(tmp_path, monkeypatch, good, chunk_bytes, loaded=40, bad=[])
        _import_with_one_and_two_workers(tmp_path, monkeypatch, bad, chunk_bytes, loaded=40, bad=[41])


def test_only_the_first_errors_of_the_file_are_kept(tmp_path, monkeypatch):
    """Each block's worker keeps its own first errors; the file's report
    keeps the first MAX_LINE_ERRORS_KEPT of the file and counts them all."""
    lines = _sample_lines(60, seed=14)
    for number in range(2, 61, 3):
        lines[number - 1] = "{broken"
    src = tmp_path / "many.jsonl"
    src.write_text("\n".join(lines) + "\n")
    monkeypatch.setattr(indexing, "MAX_LINE_ERRORS_KEPT", 4)
    monkeypatch.setattr(indexing, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(indexing, "CHUNK_BYTES", 3000)
    for workers in (1, 2):
        report = index_file(
            SqliteStore(tmp_path / f"m{workers}.db"), src, load_vocabularies(), workers=workers
        )
        assert (report.loaded, report.rejected) == (40, 20)
        assert [error.line for error in report.errors] == [2, 5, 8, 11]


def test_line_spans_are_the_blocks_of_lines(tmp_path):
    """Block boundaries found without reading the blocks are those found by
    reading them, for lines shorter and longer than a block and than one
    small read, with and without a final newline."""
    import random

    rng = random.Random(15)
    src = tmp_path / "f.jsonl"
    for _ in range(300):
        lines = [b"x" * rng.choice([0, 1, 7, 8191, 8192, 20_000]) for _ in range(rng.randint(0, 8))]
        data = b"".join(line + rng.choice([b"\n", b"\r\n"]) for line in lines)
        data = data[: -1 if data and rng.random() < 0.5 else None]
        src.write_bytes(data)
        for size in (1, 2, 8, 8192, 8193, 30_000):
            spans = list(input_files.line_spans(src, size))
            assert [data[start : start + length] for start, length in spans] == list(
                input_files.line_blocks(src, size)
            )
            assert sum(length for _, length in spans) == len(data)


def test_a_file_replaced_during_a_parallel_import_is_an_error_not_a_partial_load(tmp_path, monkeypatch):
    import os

    import pytest

    from therapist_finder.errors import InputChanged

    docs = [json.dumps(d) for d in generate_listings(300, seed=9)]
    src, other = tmp_path / "in.jsonl", tmp_path / "other.jsonl"
    src.write_text("\n".join(docs[:100]) + "\n")
    store = SqliteStore(tmp_path / "d.db")
    index_file(store, src, load_vocabularies())  # the live index: 100 listings
    src.write_text("\n".join(docs) + "\n")
    other.write_text("\n".join(reversed(docs)) + "\n")  # same size, other offsets
    monkeypatch.setattr(indexing, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(indexing, "CHUNK_BYTES", 20_000)
    spans = indexing.line_spans

    def replaced_after_the_first_block(path, size):
        for number, span in enumerate(spans(path, size)):
            if number == 1:
                os.replace(other, src)  # e.g. an export renamed over the file
            yield span

    monkeypatch.setattr(indexing, "line_spans", replaced_after_the_first_block)
    with pytest.raises(InputChanged, match="changed while it was being imported"):
        index_file(store, src, load_vocabularies(), rebuild=True, workers=2)
    assert store.stats()["listings"] == 100  # the rebuild never replaced the live index
    store.close()


def test_a_utf8_bom_is_not_part_of_the_first_line(tmp_path, monkeypatch):
    """Windows editors start UTF-8 files with a BOM; the first listing must
    still load, plain or gzipped, in one process or in worker blocks (where
    only the block at offset 0 starts with it)."""
    import gzip

    lines = _sample_lines(300, seed=16)
    data = "\ufeff".encode() + ("\n".join(lines) + "\n").encode()
    plain, packed = tmp_path / "bom.jsonl", tmp_path / "bom.jsonl.gz"
    plain.write_bytes(data)
    packed.write_bytes(gzip.compress(data))
    for src in (plain, packed):
        for chunk_bytes in (20_000, 10_000_000):  # many blocks, and one block holding the whole file
            _import_with_one_and_two_workers(tmp_path, monkeypatch, src, chunk_bytes, loaded=300, bad=[])
    store = SqliteStore(tmp_path / "small.db")  # the default size threshold: the single-process path
    report = index_file(store, plain, load_vocabularies())
    assert (report.loaded, report.rejected) == (300, 0)
    assert store.get(json.loads(lines[0])["id"]) is not None
    store.close()
    cr_only = tmp_path / "bom-cr.jsonl"  # bare-CR line endings: read through a text decoder
    cr_only.write_bytes("\ufeff".encode() + "\r".join(lines).encode())
    report = index_file(SqliteStore(tmp_path / "cr.db"), cr_only, load_vocabularies())
    assert (report.loaded, report.rejected) == (300, 0)


def test_utf16_and_utf32_files_are_refused_up_front_with_a_hint(tmp_path, monkeypatch):
    import gzip

    import pytest

    from therapist_finder.errors import InvalidInputFile

    text = "\n".join(_sample_lines(50, seed=17)) + "\n"
    cases = {
        "bom16.jsonl": (text.encode("utf-16"), "UTF-16"),  # with its byte order mark
        "be16.jsonl": (text.encode("utf-16-be"), "UTF-16BE"),  # none: told by its NUL bytes
        "le16.jsonl.gz": (gzip.compress(text.encode("utf-16-le")), "UTF-16LE"),
        "bom32.jsonl": (text.encode("utf-32"), "UTF-32"),
    }
    monkeypatch.setattr(indexing, "PARALLEL_MIN_BYTES", 0)
    store = SqliteStore(tmp_path / "d.db")
    for name, (data, encoding) in cases.items():
        (tmp_path / name).write_bytes(data)
        for workers in (1, 2):
            with pytest.raises(InvalidInputFile, match=f"looks like {encoding}.* Convert it to UTF-8"):
                index_file(store, tmp_path / name, load_vocabularies(), workers=workers)
    assert not (tmp_path / "d.db").exists()  # refused before the store was touched


def test_a_gz_file_that_is_not_gzip_is_a_clear_error(tmp_path):
    import pytest

    from therapist_finder.errors import InvalidInputFile

    src = tmp_path / "in.jsonl.gz"
    src.write_text("\n".join(_sample_lines(5, seed=18)) + "\n")
    with pytest.raises(InvalidInputFile, match="not a gzip file"):
        index_file(SqliteStore(tmp_path / "d.db"), src, load_vocabularies())
    packed = tmp_path / "packed.jsonl"  # the other way round: gzip data without .gz
    packed.write_bytes(__import__("gzip").compress(src.read_bytes()))
    with pytest.raises(InvalidInputFile, match="gzip-compressed: name it packed.jsonl.gz"):
        index_file(SqliteStore(tmp_path / "e.db"), packed, load_vocabularies())


def test_a_cut_off_gz_file_loads_every_line_before_the_cut_and_says_so(tmp_path, monkeypatch):
    """A download cut short: every whole line before the cut loads (in one
    process, and in worker blocks far smaller than the reads that meet the
    cut), the half line at the cut is a rejected line, and the report says
    the file ended early. A rebuild from it is refused: it would drop the rest."""
    import gzip
    import zlib

    import pytest

    from therapist_finder.errors import InputFileDamaged

    packed = gzip.compress(("\n".join(_sample_lines(600, seed=19)) + "\n").encode())
    cut = packed[: len(packed) * 3 // 5]
    src = tmp_path / "cut.jsonl.gz"
    src.write_bytes(cut)
    readable = zlib.decompressobj(wbits=31).decompress(cut)  # what the cut file still holds
    whole_lines = readable.count(b"\n")
    assert 100 < whole_lines < 600 and not readable.endswith(b"\n")
    monkeypatch.setattr(indexing, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(indexing, "CHUNK_BYTES", 30_000)
    stores = []
    for workers in (1, 2):
        store = SqliteStore(tmp_path / f"w{workers}.db")
        report = index_file(store, src, load_vocabularies(), workers=workers)
        assert (report.loaded, report.rejected) == (whole_lines, 1), workers
        assert report.errors[0].line == whole_lines + 1
        assert "cut off or damaged" in report.damaged
        assert f"only its first {whole_lines + 1:,} line(s) could be read" in report.damaged
        assert store.stats()["listings"] == whole_lines
        stores.append(store)
    last = json.loads(readable.split(b"\n")[whole_lines - 1])["id"]
    assert stores[0].get(last) == stores[1].get(last) is not None
    for workers, store in zip((1, 2), stores, strict=True):
        with pytest.raises(InputFileDamaged, match="not rebuilt and is unchanged"):
            index_file(store, src, load_vocabularies(), rebuild=True, workers=workers)
        assert store.stats()["listings"] == whole_lines
        store.close()


def test_a_rebuild_that_loads_nothing_is_refused_and_changes_nothing(tmp_path, monkeypatch):
    """Both import paths: a file of bad lines must not empty the directory."""
    import pytest

    from therapist_finder.errors import InvalidInputFile

    good = tmp_path / "good.jsonl"
    good.write_text("\n".join(json.dumps(d) for d in generate_listings(40, seed=2)) + "\n")
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{nope\n" * 5000)  # large enough for the worker processes
    monkeypatch.setattr(indexing, "PARALLEL_MIN_BYTES", 0)
    for workers in (1, 2):
        store = SqliteStore(tmp_path / f"w{workers}.db")
        index_file(store, good, load_vocabularies(), rebuild=True, workers=workers)
        with pytest.raises(InvalidInputFile, match="5,000 bad line.*not rebuilt and is unchanged"):
            index_file(store, bad, load_vocabularies(), rebuild=True, workers=workers)
        assert store.stats()["listings"] == 40
        store.close()


def test_a_line_that_is_not_utf8_is_rejected_by_number_not_loaded_garbled(tmp_path, monkeypatch):
    """A Latin-1 line ("José" as one byte 0xE9) used to load as "Jos\ufffd"."""
    lines = [line.encode() for line in _sample_lines(60, seed=21)]
    latin = json.loads(lines[2])
    latin["name"] = "José Latin"
    lines[2] = json.dumps(latin, ensure_ascii=False).encode("latin-1")
    lines[0] = json.dumps({**json.loads(lines[0]), "name": "Zoë First"}, ensure_ascii=False).encode("latin-1")
    for name, ending in (("lf", b"\n"), ("cr", b"\r")):  # newline files (both paths), bare-CR files
        src = tmp_path / f"latin-{name}.jsonl"
        src.write_bytes(ending.join(lines) + ending)
        monkeypatch.setattr(indexing, "PARALLEL_MIN_BYTES", 0)
        for workers in (1, 2):
            store = SqliteStore(tmp_path / f"{src.stem}-{workers}.db")
            report = index_file(store, src, load_vocabularies(), workers=workers)
            assert (report.loaded, report.rejected) == (58, 2)  # line 1 too: both paths
            assert [e.line for e in report.errors] == [1, 3]
            assert report.errors[0].message.startswith("not UTF-8 text (byte 0xeb at byte ")
            assert report.errors[1].message.startswith("not UTF-8 text (byte 0xe9 at byte ")
            assert "iconv -f cp1252 -t UTF-8" in report.errors[0].message
            assert store.get(latin["id"]) is None
            store.close()


def test_a_listing_seen_in_the_future_is_rejected_by_line(tmp_path, monkeypatch):
    """A 2062 for 2026 would keep a listing from ever turning stale."""
    from datetime import date, timedelta

    docs = [json.loads(line) for line in _sample_lines(30, seed=23)]
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    docs[4]["last_seen_at"] = "2062-01-01"
    docs[9]["sources"] = [{"source": "sample", "url": None, "fetched_at": "2062-03-04T10:00:00Z"}]
    docs[14]["last_seen_at"] = tomorrow  # a day's grace: time zones
    # A claim's own date is printed too ("in network, checked on January 15, 2062").
    docs[19]["insurance"] = [{"payer": "aetna", "basis": "payer_directory", "observed_at": "2062-01-15"}]
    docs[24]["attributions"] = {"fees": {"basis": "provider_reported", "source": "sample",
                                         "observed_at": "2062-02-01"}}
    src = tmp_path / "future.jsonl"
    src.write_text("".join(json.dumps(d) + "\n" for d in docs))
    monkeypatch.setattr(indexing, "PARALLEL_MIN_BYTES", 0)
    for workers in (1, 2):
        store = SqliteStore(tmp_path / f"f{workers}.db")
        report = index_file(store, src, load_vocabularies(), workers=workers)
        assert (report.loaded, [e.line for e in report.errors]) == (26, [5, 10, 20, 25])
        assert "2062-01-01 is in the future" in report.errors[0].message
        assert "2062-03-04 is in the future" in report.errors[1].message
        assert "insurance.0.observed_at: 2062-01-15 is in the future" in report.errors[2].message
        assert "attributions.fees.observed_at: 2062-02-01 is in the future" in report.errors[3].message
        assert store.get(docs[14]["id"]) is not None
        store.close()


@pytest.mark.parametrize("workers", [1, 2])
def test_a_rebuild_stops_at_five_percent_bad_lines(tmp_path, monkeypatch, workers):
    """Up to 5% is allowed (a crawl's odd record); more is the wrong file or a newer
    format, and rebuilding from it would drop the rest of the directory."""
    monkeypatch.setattr(indexing, "PARALLEL_MIN_BYTES", 0)
    good = [make_listing(f"r{i}").model_dump_json() for i in range(95)]
    for bad_count, refused in ((5, False), (6, True)):
        src = tmp_path / f"bad{bad_count}.jsonl"
        src.write_text("\n".join(good[: 100 - bad_count] + ["{oops"] * bad_count) + "\n")
        store = SqliteStore(tmp_path / f"{bad_count}-{workers}.db")
        index_file(store, tmp_path / "bad5.jsonl" if refused else src, load_vocabularies())
        before = store.stats()["listings"]
        if refused:
            with pytest.raises(InvalidInputFile, match=r"6 of 100 lines \(6%\) could not be loaded"):
                index_file(store, src, load_vocabularies(), rebuild=True, workers=workers)
            assert store.stats()["listings"] == before  # unchanged
            report = index_file(store, src, load_vocabularies(), rebuild=True, workers=workers,
                                allow_rejects=True)
            assert report.loaded == 94
        else:
            assert index_file(store, src, load_vocabularies(), rebuild=True, workers=workers).loaded == 95
        store.close()


@pytest.mark.parametrize("workers", [1, 2])
def test_files_joined_with_their_byte_order_marks_load_whole(tmp_path, monkeypatch, workers):
    """`cat a.jsonl b.jsonl` where each file starts with a BOM: the second BOM starts a line
    in the middle, which read as 'not valid JSON: expected value at line 1 column 1'."""
    monkeypatch.setattr(indexing, "PARALLEL_MIN_BYTES", 0)
    first = "".join(make_listing(f"a{i}").model_dump_json() + "\n" for i in range(3))
    second = "".join(make_listing(f"b{i}").model_dump_json() + "\n" for i in range(3))
    src = tmp_path / "joined.jsonl"
    src.write_bytes(("\ufeff" + first + "\ufeff" + second).encode("utf-8"))
    store = SqliteStore(tmp_path / "joined.db")
    report = index_file(store, src, load_vocabularies(), workers=workers)
    assert (report.loaded, report.rejected) == (6, 0)
    # A block holding a Latin-1 line too is decoded line by line: the BOM still goes.
    latin = make_listing("latin", name="Zoë").model_dump_json().encode("utf-8").replace("ë".encode(), b"\xeb")
    src.write_bytes(first.encode() + latin + b"\n" + ("\ufeff" + second).encode("utf-8"))
    report = index_file(store, src, load_vocabularies(), workers=workers)
    assert (report.loaded, report.rejected) == (6, 1)
    store.close()
