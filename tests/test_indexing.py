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
    monkeypatch.setattr(indexing, "CHUNK_LINES", 300)
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
