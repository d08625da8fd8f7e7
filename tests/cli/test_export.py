"""`therapist-finder export`: the directory as a file that `index --rebuild` loads."""

from __future__ import annotations

import gzip
import json
import os

import pytest

from tests.cli.test_index import cli
from tests.store.search_engine.engines import engine_url  # noqa: F401  (fixture)
from tests.utils.factories import claim, make_listing
from therapist_finder.cli.export_command import _replacing
from therapist_finder.schema import Listing

LISTINGS = [make_listing(f"{i:03d}", name=f"Søren Quillfeather {i}", insurance=[claim("aetna")],
                         specialties=["grief"], description="Grief <script>x</script> and loss")
            for i in range(30)]


@pytest.fixture
def loaded(tmp_path):
    """A SQLite store holding LISTINGS, and its URL."""
    src = tmp_path / "in.jsonl"
    src.write_text("".join(listing.model_dump_json() + "\n" for listing in LISTINGS))
    store = f"sqlite:///{tmp_path / 'dir.db'}"
    assert cli("index", str(src), store=store).returncode == 0
    return store


def _listings(lines) -> dict[str, Listing]:
    return {listing.id: listing for listing in map(Listing.from_stored, lines)}


def test_export_then_rebuild_elsewhere_gives_the_same_directory(tmp_path, loaded):
    out = tmp_path / "backup.jsonl"
    done = cli("export", str(out), store=loaded)
    assert done.returncode == 0, done.stderr
    assert f"exported 30 listing(s) to {out}" in done.stderr
    assert f"index {out} --rebuild" in done.stderr
    assert _listings(out.read_text().splitlines()) == {listing.id: listing for listing in LISTINGS}
    other = f"sqlite:///{tmp_path / 'other.db'}"
    assert cli("index", str(out), "--rebuild", store=other).returncode == 0
    searched = json.loads(cli("search", "-q", "soren grief", "--insurance", "aetna", "--limit", "100",
                              "--json", store=other).stdout)
    assert searched["total"] == 30
    assert cli("export", "-", store=other).stdout == cli("export", "-", store=loaded).stdout


def test_compressed_export_is_gzip_named_for_its_file(tmp_path, loaded):
    out = tmp_path / "backup.jsonl.gz"
    assert cli("export", str(out), store=loaded).returncode == 0
    with gzip.open(out, "rt", encoding="utf-8") as f:
        assert len(_listings(f.read().splitlines())) == 30
    with open(out, "rb") as f:  # the header's FNAME field: what gunzip -N restores
        assert b"backup.jsonl\x00" in f.read(64)
    assert oct(out.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_export_to_standard_output(loaded):
    done = cli("export", "-", store=loaded)
    assert done.returncode == 0
    assert len(_listings(done.stdout.splitlines())) == 30
    assert "exported 30 listing(s) to standard output" in done.stderr


def test_existing_file_is_kept_unless_forced(tmp_path, loaded):
    out = tmp_path / "backup.jsonl"
    out.write_text("keep me\n")
    done = cli("export", str(out), store=loaded)
    assert done.returncode == 2
    assert "exists; give --force to replace it" in done.stderr
    assert out.read_text() == "keep me\n"
    assert cli("export", str(out), "--force", store=loaded).returncode == 0
    assert len(out.read_text().splitlines()) == 30


@pytest.mark.parametrize(("name", "message"), [
    ("backup.csv", "name the file .jsonl, or .jsonl.gz"),
    ("backup.gz", "name the file .jsonl, or .jsonl.gz"),
    ("no-such-dir/backup.jsonl", "there is no directory"),
    ("adir.jsonl", "it is a directory"),
])
def test_unusable_file_names_are_refused(tmp_path, loaded, name, message):
    (tmp_path / "adir.jsonl").mkdir()
    done = cli("export", str(tmp_path / name), store=loaded)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_no_store_is_an_error_and_leaves_no_file(tmp_path):
    out = tmp_path / "backup.jsonl"
    done = cli("export", str(out), store=f"sqlite:///{tmp_path / 'missing.db'}")
    assert done.returncode == 2
    assert "error: no index at" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_failed_export_leaves_neither_a_file_nor_its_scratch(tmp_path):
    out = tmp_path / "backup.jsonl"
    with pytest.raises(RuntimeError), _replacing(out) as text:
        text.write("half a directory\n")
        raise RuntimeError("the store went away")
    assert list(tmp_path.iterdir()) == []


def test_sqlite_directory_moves_to_the_search_engine_store(tmp_path, loaded, engine_url):  # noqa: F811
    out = tmp_path / "move.jsonl.gz"
    assert cli("export", str(out), store=loaded).returncode == 0
    moved = cli("index", str(out), "--rebuild", store=engine_url)
    assert moved.returncode == 0, moved.stderr
    back = cli("export", "-", store=engine_url)
    assert back.returncode == 0, back.stderr
    assert _listings(back.stdout.splitlines()) == {listing.id: listing for listing in LISTINGS}
