"""A user's mistake is one `error: ...` line and exit code 2, never a traceback."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys

import pytest

from tests.cli.test_index import cli
from tests.utils.factories import make_listing
from therapist_finder.sample import generate_listings


def _listings(path, count=3):
    path.write_text("".join(make_listing(f"k{i}").model_dump_json() + "\n" for i in range(count)))
    return path


def _refused(done, *words):
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    error = [line for line in done.stderr.splitlines() if line.startswith("error: ")]
    assert len(error) == 1, done.stderr
    for word in words:
        assert word in error[0], done.stderr


@pytest.mark.parametrize("args", [["index", "{dir}"], ["extract", "--source", "nppes", "{dir}"],
                                  ["import-nppes", "{dir}"]])
def test_a_directory_given_as_the_input_file(tmp_path, args):
    done = cli(*[a.format(dir=tmp_path) for a in args], store=f"sqlite:///{tmp_path / 'd.db'}")
    _refused(done, str(tmp_path), "is a directory")


def test_a_gz_file_that_is_not_gzip(tmp_path):
    src = _listings(tmp_path / "in.jsonl.gz")
    _refused(cli("index", str(src), store=f"sqlite:///{tmp_path / 'd.db'}"), "not a gzip file")


def test_a_cut_off_gz_file_loads_what_it_holds_and_says_the_rest_is_missing(tmp_path):
    lines = [json.dumps(d) for d in generate_listings(200, seed=1)]  # varied: they compress as real ones
    packed = gzip.compress(("\n".join(lines) + "\n").encode())
    src = tmp_path / "cut.jsonl.gz"
    src.write_bytes(packed[: len(packed) // 2])
    store = f"sqlite:///{tmp_path / 'd.db'}"
    done = cli("index", str(src), store=store)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "error: " in done.stderr and "cut off or damaged" in done.stderr
    assert "the rest of the file was not loaded" in done.stderr
    loaded = int(done.stderr.split("loaded ")[1].split(" ")[0])
    assert loaded > 0
    _refused(cli("index", "--rebuild", str(src), store=store), "not rebuilt and is unchanged")


def test_a_utf16_file(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_bytes(_listings(tmp_path / "u8.jsonl").read_text().encode("utf-16"))
    _refused(cli("index", str(src), store=f"sqlite:///{tmp_path / 'd.db'}"), "UTF-16", "iconv")


def test_a_utf8_bom_loads_the_first_listing(tmp_path):
    src = tmp_path / "bom.jsonl"
    src.write_bytes(b"\xef\xbb\xbf" + _listings(tmp_path / "u8.jsonl").read_bytes())
    done = cli("index", str(src), store=f"sqlite:///{tmp_path / 'd.db'}")
    assert done.returncode == 0 and "loaded 3 listing(s), rejected 0 line(s)" in done.stderr, done.stderr


@pytest.mark.parametrize("rebuild", [[], ["--rebuild"]])
def test_a_store_path_that_is_not_a_database(tmp_path, rebuild):
    src = _listings(tmp_path / "good.jsonl")
    before = src.read_bytes()
    _refused(cli("index", *rebuild, str(src), store=f"sqlite:///{src}"), str(src), "not a database")
    assert src.read_bytes() == before  # the user's file is untouched
    _refused(cli("index", *rebuild, str(src), store=f"sqlite:///{tmp_path}"), "is a directory")


@pytest.mark.parametrize("command", ["serve", "demo"])
@pytest.mark.parametrize("port", ["70000", "0", "http"])
def test_a_port_out_of_range(tmp_path, command, port):
    done = cli(command, "--port", port, store=f"sqlite:///{tmp_path / 'd.db'}")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "argument --port" in done.stderr and port in done.stderr
    assert not (tmp_path / "d.db").exists()


@pytest.mark.parametrize(("variable", "value", "why"), [
    ("THERAPIST_FINDER_PORT", "abc", "valid integer"),
    ("THERAPIST_FINDER_STALE_AFTER_DAYS", "0", "greater than or equal to 1"),
])
def test_a_bad_environment_variable_is_named(tmp_path, variable, value, why):
    done = subprocess.run(
        [sys.executable, "-m", "therapist_finder.cli.main", "--store", f"sqlite:///{tmp_path / 'd.db'}",
         "stats"], capture_output=True, text=True, timeout=120, env={**os.environ, variable: value})
    _refused(done, f"{variable}='{value}'", why)


def test_a_malformed_store_url_is_named_without_its_password(tmp_path):
    done = cli("stats", store="opensearch://admin:hunter2@[::1")
    _refused(done, "opensearch://admin:***@[::1", "malformed", "Invalid IPv6 URL")
    assert "hunter2" not in done.stderr


@pytest.mark.parametrize(("site", "words"), [
    ([], ["--source directory needs --site", "calmharbor", "northfield"]),
    (["--site", "nosuch"], ["no directory site 'nosuch'", "calmharbor", "northfield"]),
])
def test_extract_from_a_directory_needs_a_known_site(tmp_path, site, words):
    page = tmp_path / "page.html"
    page.write_text("<html><body><h1>Someone</h1></body></html>")
    done = cli("extract", "--source", "directory", *site, str(page), store=f"sqlite:///{tmp_path / 'd.db'}")
    _refused(done, *words)


@pytest.mark.parametrize(("args", "words"), [
    (["nosuchspider"], ["no spider 'nosuchspider'", "directory, findtreatment, nppes, plannet"]),
    (["directory", "-a", "site=nosuch"], ["no directory site 'nosuch'", "calmharbor, northfield"]),
    (["directory"], ["needs -a site=NAME", "calmharbor, northfield"]),
    (["nppes", "-a", "state"], ["-a expects NAME=VALUE, got 'state'"]),
    (["nppes", "-a", "state=ZZ"], ["nppes spider arguments: state: unknown US state 'ZZ'"]),
    (["nppes"], ["state: required: give -a state=..."]),
    # A misspelt name would have crawled the whole registry without the limit.
    (["nppes", "-a", "stat=NY"], ["the nppes spider has no argument 'stat'", "state, city, postal_code"]),
    (["findtreatment", "-a", "lat=40.7"], ["lat and lon must be given together"]),
    (["plannet", "-a", "base_url=ftp://payer.example/r4"], ["base_url must be an http(s) URL"]),
    (["nppes", "-a", "state=NY", "-a", "limit=0"], ["limit: Input should be greater than or equal to 1"]),
])
def test_crawl_names_the_spiders_or_sites_it_knows(tmp_path, args, words):
    done = cli("crawl", *args, store=f"sqlite:///{tmp_path / 'd.db'}")
    _refused(done, *words)
    assert "did not run" not in done.stderr


@pytest.mark.parametrize(("name", "content", "words"), [
    ("listings.csv", "id,name\nx:1,Foo\n", ["2 bad line(s)", "line 1: not valid JSON"]),
    ("empty.jsonl", "", ["0 bad line(s)"]),
    ("empty.jsonl.gz", None, ["0 bad line(s)"]),  # a download that failed: zero bytes
])
def test_a_rebuild_from_a_file_with_no_listing_leaves_the_directory_as_it_was(tmp_path, name, content, words):
    store = f"sqlite:///{tmp_path / 'd.db'}"
    assert cli("index", str(_listings(tmp_path / "good.jsonl")), store=store).returncode == 0
    src = tmp_path / name
    src.write_bytes(b"" if content is None else content.encode())
    _refused(cli("index", "--rebuild", str(src), store=store), "holds no listing that could be loaded",
             "not rebuilt and is unchanged", *words)
    assert json.loads(cli("stats", "--json", store=store).stdout)["listings"] == 3
