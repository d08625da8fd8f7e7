"""`therapist-finder index` on a file with bad lines, then `search` and `stats`."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.utils.factories import make_listing

BAD_LINES = [
    "{not json",
    json.dumps({"id": "test:nokind", "name": "No Kind"}),
    json.dumps(["a", "list"]),
    json.dumps({**make_listing("badzip").model_dump(mode="json"),
                "locations": [{"postal_code": "1234"}]}),
]


def _write(path, good, bad):
    lines = [make_listing(k, specialties=["Feng shui", "Anxiety"]).model_dump_json() for k in good]
    lines[1:1] = bad  # bad lines at 2..5, so line numbers are known
    path.write_text("\n".join(lines) + "\n")


def cli(*args, store):
    return subprocess.run([sys.executable, "-m", "therapist_finder.cli.main", "--store", store, *args],
                          capture_output=True, text=True, timeout=120)


def test_index_reports_bad_lines_and_loads_the_rest(tmp_path):
    src = tmp_path / "listings.jsonl"
    _write(src, ["a", "b", "c"], BAD_LINES)
    store = f"sqlite:///{tmp_path / 'dir.db'}"
    done = cli("index", str(src), store=store)
    # The good lines are loaded, but 4 bad lines in 7 is no success for a job to ignore.
    assert done.returncode == 1, done.stderr
    err = done.stderr
    assert "error: 4 of 7 lines (57%) could not be loaded (the rest were)" in err
    assert cli("index", str(src), "--allow-rejects", store=store).returncode == 0
    assert "line 2: not valid JSON" in err
    assert "line 3: kind: Field required" in err
    assert "line 4: expected a JSON object" in err
    assert "line 5: locations.0.postal_code" in err
    assert "Value error" not in err  # pydantic's prefix for a validator's message
    assert "loaded 3 listing(s), rejected 4 line(s)" in err
    assert "specialties: 'Feng shui' x3" in err
    stats = json.loads(cli("stats", "--json", store=store).stdout)
    assert stats["listings"] == 3


def test_search_prints_a_table(tmp_path):
    src = tmp_path / "listings.jsonl"
    _write(src, ["a", "b"], [])
    store = f"sqlite:///{tmp_path / 'dir.db'}"
    assert cli("index", str(src), store=store).returncode == 0
    out = cli("search", "--lat", "40", "--lon", "-100", "--specialty", "anxiety", store=store)
    assert out.returncode == 0, out.stderr
    assert "Test Person a" in out.stdout and "2 match(es)" in out.stdout
    bad = cli("search", "--insurance", "Aetan", store=store)
    assert bad.returncode == 2 and "did you mean: aetna" in bad.stderr
    misspelt = cli("search", "--near", "Huoston, TX", store=store)
    assert misspelt.returncode == 2 and "did you mean: Houston, TX" in misspelt.stderr
    hinted = cli("search", "--lat", "40", "--lon", "-100", "-q", "anxiety online", store=store)
    assert hinted.returncode == 0, hinted.stderr
    assert "did you mean 'Telehealth'? --telehealth true -q anxiety: " in hinted.stdout


def test_unknown_store_scheme_is_a_clear_error(tmp_path):
    done = cli("stats", store="mysql://localhost/x")
    assert done.returncode == 2
    assert "sqlite:///path" in done.stderr and "elasticsearch" in done.stderr and "opensearch" in done.stderr


def test_search_sorts_by_fee(tmp_path):
    src = tmp_path / "listings.jsonl"
    fees = {"dear": {"session_min": 180, "session_max": 180}, "none": {},
            "sliding": {"session_min": 150, "session_max": 150, "sliding_scale_min": 45}}
    src.write_text("".join(make_listing(k, fees=f).model_dump_json() + "\n" for k, f in fees.items()))
    store = f"sqlite:///{tmp_path / 'dir.db'}"
    assert cli("index", str(src), store=store).returncode == 0
    out = cli("search", "--lat", "40", "--lon", "-100", "--sort", "fee", store=store)
    assert out.returncode == 0, out.stderr
    rows = [line for line in out.stdout.splitlines() if line.startswith("Test Person")]
    assert [row.split()[2] for row in rows] == ["sliding", "dear", "none"]
    assert "$150 sliding $45+" in rows[0]
    bad = cli("search", "--sort", "price", store=store)
    assert bad.returncode == 2 and "'fee'" in bad.stderr


def test_index_reads_a_pipe_whole_with_right_line_numbers(tmp_path):
    """`index /dev/stdin` (or `<(zcat f.gz)`): a pipe can be read only once, and
    the import looks at the start before it loads (it used to lose the first 64 KB)."""
    from therapist_finder.sample import generate_listings

    lines = [json.dumps(d) for d in generate_listings(300, seed=8)]
    lines[149] = "{broken"
    done = subprocess.run(
        [sys.executable, "-m", "therapist_finder.cli.main", "--store", f"sqlite:///{tmp_path / 'p.db'}",
         "index", "/dev/stdin"],
        input="\n".join(lines) + "\n", capture_output=True, text=True, timeout=120,
        env={**__import__("os").environ, "THERAPIST_FINDER_REMOVALS": str(tmp_path / "none.jsonl")})
    assert done.returncode == 0, done.stderr
    assert "line 150: not valid JSON" in done.stderr
    assert "loaded 299 listing(s), rejected 1 line(s)" in done.stderr


def test_search_json_is_the_apis_answer(tmp_path):
    """Scripts read one shape: `search --json` prints what GET /v1/therapists answers."""
    from fastapi.testclient import TestClient

    from search_api.app import create_app
    from tests.utils.factories import ORIGIN
    from therapist_finder.settings import Settings

    NEAR = f"{ORIGIN[0]},{ORIGIN[1]}"  # noqa: N806
    src = tmp_path / "listings.jsonl"
    _write(src, ["a", "b", "c"], [])
    store = f"sqlite:///{tmp_path / 'dir.db'}"
    cli("index", str(src), store=store)
    done = cli("search", "--near", NEAR, "-q", "feng shui", "--json", store=store)
    printed = json.loads(done.stdout)
    with TestClient(create_app(Settings(store=store))) as client:
        answered = client.get("/v1/therapists", params={"near": NEAR, "q": "feng shui"}).json()
    assert printed == answered and {"results", "total", "facets", "sort", "place", "hints"} <= set(printed)


def test_a_gzip_pipe_loads_and_errors_name_the_pipe_not_a_temporary_copy(tmp_path):
    import gzip
    import os

    from therapist_finder.sample import generate_listings

    env = {**os.environ, "THERAPIST_FINDER_REMOVALS": str(tmp_path / "none.jsonl")}
    base = [sys.executable, "-m", "therapist_finder.cli.main", "--store", f"sqlite:///{tmp_path / 'p.db'}"]
    data = gzip.compress("".join(json.dumps(d) + "\n" for d in generate_listings(50, seed=9)).encode())
    done = subprocess.run([*base, "index", "/dev/stdin"], input=data, capture_output=True, timeout=120,
                          env=env)
    assert done.returncode == 0 and b"loaded 50 listing(s)" in done.stderr, done.stderr
    refused = subprocess.run([*base, "index", "--rebuild", "/dev/stdin"], input=b"id,name\nx:1,Foo\n",
                             capture_output=True, timeout=120, env=env)
    assert refused.returncode == 2
    assert b"error: /dev/stdin holds no listing" in refused.stderr
    assert b"therapist-finder-" not in refused.stderr


def test_a_rebuild_from_a_mostly_bad_file_is_refused_unless_allowed(tmp_path):
    """A newer exporter's extra field on 199 of 200 lines rebuilt a directory down to one
    listing, with exit code 0."""
    store = f"sqlite:///{tmp_path / 'dir.db'}"
    good = tmp_path / "good.jsonl"
    _write(good, [f"g{i}" for i in range(20)], [])
    assert cli("index", str(good), store=store).returncode == 0
    newer = tmp_path / "newer.jsonl"
    lines = [make_listing("n0").model_dump_json()] + [
        json.dumps({**make_listing(f"n{i}").model_dump(mode="json"), "listing_version": 2})
        for i in range(1, 10)]
    newer.write_text("\n".join(lines) + "\n")
    refused = cli("index", str(newer), "--rebuild", store=store)
    assert refused.returncode != 0
    assert "9 of 10 lines (90%) could not be loaded" in refused.stderr
    assert "not rebuilt and is unchanged" in refused.stderr and "--allow-rejects" in refused.stderr
    assert json.loads(cli("stats", "--json", store=store).stdout)["listings"] == 20
    allowed = cli("index", str(newer), "--rebuild", "--allow-rejects", store=store)
    assert allowed.returncode == 0, allowed.stderr
    assert json.loads(cli("stats", "--json", store=store).stdout)["listings"] == 1


def test_index_says_when_listings_were_replaced_whole(tmp_path):
    src = tmp_path / "listings.jsonl"
    src.write_text("".join(make_listing(k, name=f"Name {n}").model_dump_json() + "\n"
                           for n, k in enumerate(["a", "b", "a", "c"])))
    store = f"sqlite:///{tmp_path / 'dir.db'}"
    rebuilt = cli("index", str(src), "--rebuild", store=store)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "1 line(s) repeated the id of an earlier line: the later line of each was kept" in rebuilt.stderr
    assert json.loads(cli("stats", "--json", store=store).stdout)["listings"] == 3
    update = tmp_path / "update.jsonl"
    update.write_text(make_listing("b").model_dump_json() + "\n" + make_listing("d").model_dump_json() + "\n")
    upserted = cli("index", str(update), store=store)
    assert "loaded 2 listing(s)" in upserted.stderr
    assert "1 of them replaced a listing with the same id, whole" in upserted.stderr
    fresh = cli("index", str(update), store=f"sqlite:///{tmp_path / 'new.db'}")
    assert "replaced" not in fresh.stderr


def test_escape_sequences_in_bad_lines_are_not_printed_live(tmp_path):
    src = tmp_path / "listings.jsonl"
    hostile = {**make_listing("esc").model_dump(mode="json"),
               "unmapped": {"k\u001b]0;PWNED\u0007": ["x" * 300]}}
    src.write_text(json.dumps(hostile) + "\n" + make_listing("ok").model_dump_json() + "\n")
    done = cli("index", str(src), store=f"sqlite:///{tmp_path / 'dir.db'}")
    assert "line 1: unmapped.k\\x1b]0;PWNED\\x07" in done.stderr
    assert "\u001b" not in done.stderr and "\u0007" not in done.stderr


def test_a_website_that_is_no_web_address_is_reported_as_left_out(tmp_path):
    src = tmp_path / "listings.jsonl"
    src.write_text(make_listing("js", website="javascript:alert(1)").model_dump_json() + "\n")
    done = cli("index", str(src), store=f"sqlite:///{tmp_path / 'dir.db'}")
    assert "1 website(s) were no web address and were left out" in done.stderr
    assert "website: 'javascript:alert(1)' x1" in done.stderr
    assert "matched no vocabulary entry" not in done.stderr


def test_a_file_with_no_good_line_says_so_plainly(tmp_path):
    src = tmp_path / "bad.jsonl"
    src.write_text("{not json\n[1]\n")
    for extra in ((), ("--allow-rejects",)):
        done = cli("index", str(src), *extra, store=f"sqlite:///{tmp_path / 'dir.db'}")
        assert done.returncode == 1
        assert "error: none of the 2 lines could be loaded" in done.stderr
        assert "the rest were" not in done.stderr
