"""What `therapist-finder search` accepts and prints: its sorts, the fee column, the hints."""

from __future__ import annotations

from typing import get_args

from tests.utils.factories import make_listing
from therapist_finder.cli.main import build_parser
from therapist_finder.cli.output import hint_lines, result_table
from therapist_finder.search_hints import search_hints
from therapist_finder.search_params import SearchParams
from therapist_finder.store.query import Hit, SearchResult
from therapist_finder.vocab import load_vocabularies


def test_hint_lines_are_the_options_that_run_each_suggested_search():
    hints = search_hints(SearchParams(q="aetna sliding scale grief"), load_vocabularies())
    lines = hint_lines([hint.model_copy(update={"total": 2}) for hint in hints])
    assert lines == [
        "did you mean 'Aetna, Sliding scale'? --insurance aetna --sliding-scale true -q grief: 2 match(es)",
        "did you mean 'Aetna'? --insurance aetna -q 'sliding scale grief': 2 match(es)",
        "did you mean 'Sliding scale'? --sliding-scale true -q 'aetna grief': 2 match(es)",
    ]
    (spelling,) = search_hints(SearchParams(q="depresson"), load_vocabularies())
    assert hint_lines([spelling]) == ["did you mean 'Depression'? -q depression"]



def test_every_sort_of_the_contract_is_a_search_option():
    parser = build_parser()
    for sort in get_args(get_args(SearchParams.model_fields["sort"].annotation)[0]):
        assert parser.parse_args(["search", "--sort", sort]).sort == sort


def test_the_fee_column_shows_the_fee_a_fee_sort_orders_by():
    fees = [{"session_min": 150, "session_max": 200, "sliding_scale_min": 40, "sliding_scale_max": 90},
            {"session_min": 59.99}, {"sliding_scale": True}, {"session_min": 1200, "sliding_scale_min": 60}]
    hits = [Hit(listing=make_listing(f"f{i}", fees=f)) for i, f in enumerate(fees)]
    table = result_table(SearchResult(results=hits, total=4, facets={}))
    for cell in ("$150-200 sliding $40-90", "$59.99+ ", "sliding ", "$1,200+ sliding $60+"):
        assert cell in table
    # One end of a range alone is no exact price: "up to" is said as such.
    hit = Hit(listing=make_listing("upto", fees={"session_max": 200}))
    assert "up to $200" in result_table(SearchResult(results=[hit], total=1, facets={}))


def test_the_insurance_column_names_payers_by_their_labels_once_each():
    claims = [{"payer": p, "basis": "payer_directory", "observed_at": "2026-10-01"}
              for p in ("aetna", "hcsc", "aetna", "acme-unknown")]
    hit = Hit(listing=make_listing("ins", insurance=claims))
    table = result_table(SearchResult(results=[hit], total=1, facets={}),
                         {"aetna": "Aetna", "hcsc": "Health Care Service Corp. (BCBS IL, TX...)"})
    assert "Aetna (dir), Health Care Service" in table and table.count("Aetna") == 1 and "hcsc" not in table


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path):
    """`therapist-finder search --json | head`: the pipe closes while output is written."""
    import json
    import subprocess
    import sys

    from therapist_finder.sample import generate_listings

    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({**d, "telehealth": True, "license_states": ["KS"]}) + "\n"
                           for d in generate_listings(150, seed=4)))
    base = [sys.executable, "-m", "therapist_finder.cli.main", "--store", f"sqlite:///{tmp_path / 'd.db'}"]
    env = {**__import__("os").environ, "THERAPIST_FINDER_REMOVALS": str(tmp_path / "none.jsonl")}
    assert subprocess.run([*base, "index", str(src)], capture_output=True, env=env).returncode == 0
    reader = subprocess.Popen([*base, "search", "--state", "KS", "--telehealth", "true", "--limit", "100",
                               "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert reader.stdout.read(10)
    reader.stdout.close()  # like `head` exiting
    err = reader.stderr.read().decode()
    assert reader.wait(timeout=60) == 0 and "Traceback" not in err, err


def test_the_table_fits_an_80_column_terminal_and_names_each_id():
    claims = [{"payer": p, "basis": "payer_directory", "observed_at": "2026-10-01"}
              for p in ("oscar", "humana", "medicaid", "cigna", "unitedhealthcare", "aetna")]
    hit = Hit(listing=make_listing("wide", name="Bartholomew Quillfeather-Ambervale", insurance=claims),
              distance_mi=3.25)
    table = result_table(SearchResult(results=[hit], total=1, facets={}), {"aetna": "Aetna"},
                         first_payers=["aetna"], width=80)
    assert max(len(line) for line in table.splitlines()) <= 80
    assert "test:wide · takes Aetna (dir), oscar (dir)" in table  # the searched-for payer first
    assert "3.2" in table


def test_the_table_says_who_vouches_what_sources_dispute_and_what_is_stale():
    from datetime import date

    claims = [{"payer": "aetna", "basis": "provider_reported", "observed_at": "2026-10-01"},
              {"payer": "aetna", "basis": "payer_directory", "observed_at": "2026-10-01"},
              {"payer": "cigna", "basis": "provider_reported", "observed_at": "2026-10-01"}]
    conflicts = [{"field": "accepting_new_clients", "claims": [
        {"value": True, "source": "a", "basis": "provider_reported", "observed_at": "2026-10-01"},
        {"value": False, "source": "plannet", "basis": "payer_directory", "observed_at": "2026-09-01"}]},
        {"field": "insurance.cigna", "claims": [
            {"value": True, "source": "a", "basis": "provider_reported", "observed_at": "2026-10-01"},
            {"value": False, "source": "plannet", "basis": "payer_directory", "observed_at": "2026-09-01"}]}]
    hit = Hit(listing=make_listing("vouch", insurance=claims, accepting_new_clients=True,
                                   conflicts=conflicts, last_seen_at="2024-02-01",
                                   sources=[{"source": "a", "fetched_at": "2024-02-01"}]))
    labels = {"aetna": "Aetna", "cigna": "Cigna"}
    table = result_table(SearchResult(results=[hit], total=1, facets={}), labels, width=120,
                         stale_before=date(2026, 6, 1))
    assert "yes!" in table
    assert "test:vouch · not seen since 2024-02-01 · takes Aetna (dir), Cigna (self!)" in table
    assert "! = sources disagree" in table
    assert max(len(line) for line in table.splitlines()) <= 120
