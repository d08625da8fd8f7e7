"""`therapist-finder remove`: a listing taken out stays out of later imports until undone."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.utils.factories import make_listing


def cli(*args, tmp_path):
    env = {**os.environ, "THERAPIST_FINDER_STORE": f"sqlite:///{tmp_path / 'dir.db'}",
           "THERAPIST_FINDER_REMOVALS": str(tmp_path / "removals.jsonl")}
    return subprocess.run([sys.executable, "-m", "therapist_finder.cli.main", *args],
                          capture_output=True, text=True, timeout=120, env=env)


def _ids(tmp_path) -> list[str]:
    done = cli("search", "--state", "KS", "--telehealth", "true", "--json", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    return sorted(r["id"] for r in json.loads(done.stdout)["results"])


def test_a_removed_listing_stays_out_of_later_imports_until_undone(tmp_path):
    src = tmp_path / "listings.jsonl"
    src.write_text("".join(make_listing(k, telehealth=True, npi=npi).model_dump_json() + "\n"
                           for k, npi in (("a", None), ("b", "1234567893"), ("c", None))))
    assert cli("index", str(src), tmp_path=tmp_path).returncode == 0
    assert _ids(tmp_path) == ["test:a", "test:b", "test:c"]

    refused = cli("remove", "test:b", tmp_path=tmp_path)
    assert refused.returncode == 2 and "--reason is required" in refused.stderr

    done = cli("remove", "test:b", "test:zz", "--reason", "asked to be removed", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "test:b: removed (Test Person b); later crawls and imports skip this id and NPI 1234567893" \
        in done.stderr
    assert "test:zz: not in the directory; recorded" in done.stderr
    assert _ids(tmp_path) == ["test:a", "test:c"]

    again = cli("index", str(src), tmp_path=tmp_path)
    assert "loaded 2 listing(s), rejected 0 line(s)" in again.stderr
    assert "left out 1 listing(s) on the removal list" in again.stderr
    assert _ids(tmp_path) == ["test:a", "test:c"]

    listed = cli("remove", "--list", tmp_path=tmp_path)
    assert "test:b (NPI 1234567893)  asked to be removed" in listed.stdout
    assert "2 removal(s)" in listed.stderr

    undone = cli("remove", "--undo", "test:b", tmp_path=tmp_path)
    assert "test:b: no longer removed" in undone.stderr
    cli("index", str(src), tmp_path=tmp_path)
    assert _ids(tmp_path) == ["test:a", "test:b", "test:c"]


def test_a_damaged_removal_list_stops_an_import_with_its_line_number(tmp_path):
    (tmp_path / "removals.jsonl").write_text("{oops\n")
    src = tmp_path / "listings.jsonl"
    src.write_text(make_listing("a").model_dump_json() + "\n")
    done = cli("index", str(src), tmp_path=tmp_path)
    assert done.returncode == 2
    assert "removals.jsonl, line 1" in done.stderr and "Traceback" not in done.stderr


def test_a_removal_asked_for_before_the_first_import_is_recorded_and_kept(tmp_path):
    """The README promises that an id not in the directory yet is recorded, so it is never
    added; on a fresh deployment there was no index to look in, and the removal failed."""
    done = cli("remove", "test:early", "--reason", "asked to be left out", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "recorded, so no crawl or import adds it" in done.stderr
    src = tmp_path / "first.jsonl"
    src.write_text("\n".join(make_listing(k, license_states=["KS"], telehealth=True).model_dump_json()
                             for k in ("early", "other")) + "\n")
    assert cli("index", str(src), tmp_path=tmp_path).returncode == 0
    assert _ids(tmp_path) == ["test:other"]


def test_a_malformed_id_is_explained(tmp_path):
    done = cli("remove", "bad id", "--reason", "x", tmp_path=tmp_path)
    assert done.returncode == 2
    assert "an id looks like source:key, e.g. nppes:1234567890" in done.stderr


def test_a_reason_with_control_characters_is_listed_escaped(tmp_path):
    from tests.cli.test_index import cli

    store = f"sqlite:///{tmp_path / 'dir.db'}"
    assert cli("remove", "test:gone", "--reason", "asked\u001b[31m to go", store=store).returncode == 0
    listed = cli("remove", "--list", store=store)
    assert "test:gone  asked\\x1b[31m to go" in listed.stdout
    assert "\u001b" not in listed.stdout
