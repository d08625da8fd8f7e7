"""The removal list: read, appended, undone; and imports leaving its listings out."""

from __future__ import annotations

import json

import pytest

from tests.utils.factories import make_listing
from therapist_finder import indexing
from therapist_finder.errors import InvalidInputFile
from therapist_finder.indexing import index_file
from therapist_finder.removals import Removal, Removals
from therapist_finder.sample import generate_listings
from therapist_finder.store.sqlite import SqliteStore
from therapist_finder.vocab import load_vocabularies


def _removal(listing_id: str, npi: str | None = None) -> Removal:
    return Removal(id=listing_id, npi=npi, reason="asked to be removed", removed_at="2026-11-26")


def test_a_missing_file_is_an_empty_list_and_nothing_is_checked(tmp_path):
    removals = Removals.load(tmp_path / "none.jsonl")
    assert removals.entries == [] and removals.matcher() is None


def test_removals_are_appended_read_back_and_undone(tmp_path):
    path = tmp_path / "data" / "removals.jsonl"
    removals = Removals.load(path)
    removals.add(_removal("test:a", "1234567893"))
    removals.add(_removal("test:b"))
    again = Removals.load(path)
    assert [(e.id, e.npi, str(e.removed_at)) for e in again.entries] == [
        ("test:a", "1234567893", "2026-11-26"), ("test:b", None, "2026-11-26")]
    matcher = again.matcher()
    assert matcher.excludes(make_listing("b"))
    assert matcher.excludes(make_listing("other", npi="1234567893"))  # the provider under another id
    assert not matcher.excludes(make_listing("c", npi="1234567901"))
    assert again.undo("test:a") and not again.undo("test:a")
    assert [e.id for e in Removals.load(path).entries] == ["test:b"]


@pytest.mark.parametrize(("line", "expected"), [
    ("{not json", "line 2: line: Invalid JSON"),
    (json.dumps({"id": "test:x", "removed_at": "2026-11-26"}), "line 2: reason: Field required"),
    (json.dumps({"id": "no colon", "reason": "r", "removed_at": "2026-11-26"}),
     "line 2: id: String should match"),
])
def test_a_bad_line_names_the_file_and_the_line(tmp_path, line, expected):
    path = tmp_path / "removals.jsonl"
    good = _removal("test:ok").model_dump_json()
    path.write_text(f"{good}\n{line}\n")
    with pytest.raises(InvalidInputFile) as caught:
        Removals.load(path)
    assert str(path) in str(caught.value) and expected in str(caught.value)


@pytest.mark.parametrize("workers", [1, 2])
def test_imports_leave_removed_listings_out_and_count_them(tmp_path, monkeypatch, workers):
    docs = list(generate_listings(1200, seed=5))
    docs[700]["npi"] = "1234567893"
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(d) for d in docs) + "\n")
    monkeypatch.setattr(indexing, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(indexing, "CHUNK_BYTES", 200_000)
    removals = Removals.load(tmp_path / "removals.jsonl")
    removals.add(_removal(docs[3]["id"]))
    removals.add(_removal("nppes:1234567893", "1234567893"))  # the same provider, removed under its NPPES id
    store = SqliteStore(tmp_path / "dir.db")
    report = index_file(store, src, load_vocabularies(), rebuild=True, workers=workers,
                        removed=removals.matcher())
    assert (report.loaded, report.removed, report.rejected) == (1198, 2, 0)
    assert store.get(docs[3]["id"]) is None and store.get(docs[700]["id"]) is None
    assert store.get(docs[4]["id"]) is not None
    assert store.stats()["listings"] == 1198


def test_the_list_sits_beside_a_sqlite_store_wherever_the_command_runs():
    from therapist_finder.settings import Settings

    assert Settings(store="sqlite:////srv/tf/directory.db").removals == "/srv/tf/removals.jsonl"
    assert Settings(store="sqlite:///./data/directory.db").removals == "data/removals.jsonl"
    # A search-engine store's list is this user's, wherever a command runs (tests/conftest.py
    # points XDG_DATA_HOME at a scratch directory).
    import os

    assert Settings(store="opensearch://127.0.0.1:9200").removals == \
        f"{os.environ['XDG_DATA_HOME']}/therapist-finder/removals.jsonl"
    chosen = Settings.from_environ({"THERAPIST_FINDER_STORE": "sqlite:////srv/tf/directory.db",
                                    "THERAPIST_FINDER_REMOVALS": "/etc/tf/removals.jsonl"})
    assert chosen.removals == "/etc/tf/removals.jsonl"


def test_an_import_deletes_the_same_provider_stored_under_another_id(tmp_path):
    """Removing one listing keeps its NPI out: a sibling with that NPI already in the
    store would otherwise stay there, never updated again."""
    src = tmp_path / "in.jsonl"
    src.write_text("".join(make_listing(k, npi="1234567893").model_dump_json() + "\n" for k in ("a", "b"))
                   + make_listing("c").model_dump_json() + "\n")
    store = SqliteStore(tmp_path / "dir.db")
    index_file(store, src, load_vocabularies())
    removals = Removals.load(tmp_path / "removals.jsonl")
    removals.add(_removal("test:a", "1234567893"))
    store.delete("test:a")
    report = index_file(store, src, load_vocabularies(), removed=removals.matcher())
    assert (report.loaded, report.removed) == (1, 2)
    assert [store.get(k) is None for k in ("test:a", "test:b", "test:c")] == [True, True, False]


def test_enforce_deletes_what_was_removed_while_an_import_ran(tmp_path):
    store = SqliteStore(tmp_path / "dir.db")
    store.rebuild([make_listing("a"), make_listing("b")])
    removals = Removals.load(tmp_path / "removals.jsonl")
    removals.add(_removal("test:a"))
    removals.add(_removal("test:gone"))
    assert removals.enforce(store) == 1
    assert store.get("test:a") is None and store.get("test:b") is not None
