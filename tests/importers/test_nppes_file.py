"""import-nppes on generated files with the official 330-column header."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import zipfile
from datetime import UTC, datetime

import pytest

from therapist_finder.importers.nppes_file import (
    NppesFileError,
    RowReader,
    candidate_rows,
    import_file,
)
from therapist_finder.importers.nppes_fixture import COL, npi_for, write_file
from therapist_finder.importers.nppes_header import HEADER
from therapist_finder.store import open_store

WHEN = datetime(2026, 11, 20, tzinfo=UTC)


def test_official_header_has_330_columns_in_order():
    assert len(HEADER) == 330 == len(set(HEADER))
    assert HEADER[:2] == ("NPI", "Entity Type Code")
    assert HEADER[47] == "Healthcare Provider Taxonomy Code_1"
    assert HEADER[50] == "Healthcare Provider Primary Taxonomy Switch_1"
    assert HEADER[106] == "Healthcare Provider Primary Taxonomy Switch_15"
    assert HEADER[-1] == "Certification Date"


def test_fictional_npis_fail_the_check_digit():
    from crawler.demo.nppes_api import npi_check_digit

    assert all(npi_check_digit(n[:9]) != int(n[9]) for n in map(npi_for, range(200)))


@pytest.mark.parametrize("suffix", [".csv", ".zip"])
def test_import_keeps_behavioral_health_rows_only(tmp_path, suffix):
    path = write_file(tmp_path / f"npidata{suffix}", 3000, seed=3, behavioral_share=0.1)
    store = open_store(f"sqlite:///{tmp_path / 'dir.db'}")
    report = import_file(store, path, fetched_at=WHEN, batch_size=100)
    assert report.rows == 3000
    assert 200 < report.imported < 400  # about 10% of the rows
    assert report.imported == store.stats()["listings"]
    listing = store.get(f"nppes:{_first_bh_npi(path)}")
    assert listing.license_types and listing.locations[0].lat is not None
    assert str(listing.sources[0].fetched_at)[:10] == "2026-11-20"
    assert listing.locations[0].state in {"NY", "TX", "IL", "WA", "CO", "GA", "MA", "AZ"}
    store.close()


def test_import_skips_providers_on_the_removal_list(tmp_path):
    from therapist_finder.removals import Removal, Removals

    path = write_file(tmp_path / "npidata.csv", 1000, seed=3, behavioral_share=0.2)
    npi = _first_bh_npi(path)
    removals = Removals.load(tmp_path / "removals.jsonl")
    removals.add(Removal(id=f"nppes:{npi}", npi=npi, reason="retired", removed_at="2026-11-26"))
    store = open_store(f"sqlite:///{tmp_path / 'dir.db'}")
    report = import_file(store, path, fetched_at=WHEN, removed=removals.matcher())
    assert report.rejected["removed"] == 1
    assert store.get(f"nppes:{npi}") is None and report.imported == store.stats()["listings"] > 0
    store.close()


def _first_bh_npi(path):
    from therapist_finder.importers.nppes_file import open_nppes

    report = type("R", (), {"rows": 0, "candidates": 0})()
    with open_nppes(path) as handle:
        for _reader, row, _line in candidate_rows(handle, report):
            if row[COL["Entity Type Code"]] == "1" and not row[COL["NPI Deactivation Date"]]:
                return row[0]


def test_the_quick_filter_agrees_with_full_parsing(tmp_path):
    path = write_file(tmp_path / "npidata.csv", 2000, seed=5)
    quick = type("R", (), {"rows": 0, "candidates": 0})()
    with open(path, newline="") as handle:
        kept = {row[0] for _, row, _ in candidate_rows(handle, quick)}
    codes_seen = set()
    with open(path, newline="") as handle:
        rows = csv.reader(handle)
        reader = RowReader(next(rows))
        for row in rows:
            if any(row[c] in _bh() for c, _, _, _ in reader.taxonomy):
                codes_seen.add(row[0])
    assert kept == codes_seen


def _bh():
    from therapist_finder.importers.nppes_record import behavioral_health_codes
    return behavioral_health_codes()


def test_dirty_rows_and_unquoted_files(tmp_path):
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    writer.writerow(HEADER)
    row = [""] * len(HEADER)
    row[COL["NPI"]], row[COL["Entity Type Code"]] = "1000000013", "1"
    row[COL["Provider First Name"]], row[COL["Provider Last Name (Legal Name)"]] = "OREN", "PEMBROOK"
    row[COL["Provider Business Practice Location Address State Name"]] = "New York"
    row[COL["Provider Business Practice Location Address Postal Code"]] = "100011234"
    row[COL["Provider Business Practice Location Address Country Code (If outside U.S.)"]] = "GB"
    row[COL["Provider First Line Business Practice Location Address"]] = "5 ELM EXAMPLE ST, FL 2"
    row[COL["Provider Business Practice Location Address City Name"]] = "NEW YORK"
    row[COL["Healthcare Provider Taxonomy Code_3"]] = "106H00000X"
    row[COL["Provider License Number State Code_3"]] = "NY"
    writer.writerow(row)
    bad = list(row)
    bad[COL["NPI"]] = "12AB"
    writer.writerow(bad)
    path = tmp_path / "npidata_pfile_x.csv"
    path.write_text(out.getvalue())
    store = open_store(f"sqlite:///{tmp_path / 'dir.db'}")
    report = import_file(store, path, fetched_at=WHEN)
    assert report.imported == 1 and dict(report.rejected) == {"bad_npi": 1}
    assert report.errors == [(3, "bad_npi: '12AB'")]  # the header is line 1
    listing = store.get("nppes:1000000013")
    assert listing.locations[0].state == "NY" and listing.locations[0].postal_code == "10001"
    assert listing.license_types == ["marriage-family-therapist"]
    store.close()


def test_a_file_that_is_not_nppes_is_refused(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(NppesFileError):
        import_file(open_store(f"sqlite:///{tmp_path / 'dir.db'}"), path)
    empty_zip = tmp_path / "x.zip"
    with zipfile.ZipFile(empty_zip, "w") as archive:
        archive.writestr("readme.txt", "nothing")
    with pytest.raises(NppesFileError):
        import_file(open_store(f"sqlite:///{tmp_path / 'dir.db'}"), empty_zip)


def test_cli_import_nppes(tmp_path):
    path = write_file(tmp_path / "npidata.zip", 500, seed=9)
    done = subprocess.run([sys.executable, "-m", "therapist_finder.cli.main", "--store",
                           f"sqlite:///{tmp_path / 'dir.db'}", "import-nppes", str(path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "read 500 rows" in done.stderr and "imported" in done.stderr


def test_a_zip_that_is_not_one_is_a_clear_error(tmp_path):
    """A download cut short has no zip directory at its end: an NppesFileError
    saying so, not zipfile's own exception."""
    whole = tmp_path / "whole.zip"
    with zipfile.ZipFile(whole, "w") as archive:
        archive.writestr("npidata_pfile_20260101-20260107.csv", "NPI\n" * 1000)
    cut = tmp_path / "cut.zip"
    cut.write_bytes(whole.read_bytes()[:-30])
    store = open_store(f"sqlite:///{tmp_path / 'd.db'}")
    with pytest.raises(NppesFileError, match="cut.zip is not a readable zip file.*cut off"):
        import_file(store, cut)
    store.close()


@pytest.mark.parametrize("where", [0.5, 0.9])
def test_a_zip_damaged_inside_is_a_clear_error(tmp_path, where):
    """Corrupt bytes inside the compressed data (a bad CRC, a broken deflate
    block, or garbage that breaks the CSV) end in an NppesFileError."""
    whole = write_file(tmp_path / "npidata.zip", 3000, seed=4)
    data = bytearray(whole.read_bytes())
    at = int(len(data) * where)
    data[at:at + 64] = bytes((b ^ 0x5A) for b in data[at:at + 64])
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(bytes(data))
    store = open_store(f"sqlite:///{tmp_path / 'd.db'}")
    with pytest.raises(NppesFileError, match="damaged"):
        import_file(store, damaged)
    store.close()


@pytest.mark.parametrize("cut_at", [0.37, 0.61, 0.88])
def test_a_csv_cut_off_part_way_through_a_row_is_a_clear_error(tmp_path, cut_at):
    """`head -c` of the file, or a download that stopped: the last row holds some of its
    330 columns. It used to be imported as it was, with exit 0."""
    whole = write_file(tmp_path / "npidata.csv", 400, seed=5)
    data = whole.read_bytes()
    at = int(len(data) * cut_at)
    while data[at - 1:at] in (b"\n", b"\r"):  # cut inside a row, not between two
        at += 1
    cut = tmp_path / "cut.csv"
    cut.write_bytes(data[:at])
    store = open_store(f"sqlite:///{tmp_path / 'd.db'}")
    with pytest.raises(NppesFileError, match="cut.csv is damaged after row .*cut off"):
        import_file(store, cut)
    store.close()
    whole_store = open_store(f"sqlite:///{tmp_path / 'w.db'}")
    import_file(whole_store, whole)  # the whole file still imports
    whole_store.close()


@pytest.mark.parametrize("quoting", [csv.QUOTE_ALL, csv.QUOTE_MINIMAL])
def test_bad_rows_are_named_by_line_and_a_short_row_swallows_no_other(tmp_path, quoting):
    out = io.StringIO()
    writer = csv.writer(out, quoting=quoting, lineterminator="\n")
    writer.writerow(HEADER)
    good = _provider_row("1000000013", "OREN", "PEMBROOK")
    good[COL["Provider Business Practice Location Address State Name"]] = "NY"
    # A note with a newline inside its quotes: one row over two lines (lines 2-3).
    good[COL["Provider Other Last Name"]] = "PEMBROOK\nSMYTHE"
    writer.writerow(good)
    writer.writerow(good[:5])  # line 4: a row cut short in the middle of the file
    second = list(good)
    second[COL["NPI"]] = _valid_npi("100000002")
    second[COL["Provider Other Last Name"]] = ""
    writer.writerow(second)  # line 5: must not be swallowed by the short row
    unnamed = list(second)
    unnamed[COL["NPI"]] = _valid_npi("100000003")
    unnamed[COL["Provider First Name"]] = unnamed[COL["Provider Last Name (Legal Name)"]] = ""
    writer.writerow(unnamed)  # line 6
    path = tmp_path / "npidata.csv"
    path.write_text(out.getvalue())
    report = import_file(open_store(f"sqlite:///{tmp_path / 'dir.db'}"), path, fetched_at=WHEN)
    assert report.imported == 2
    assert report.errors == [(4, f"short_row: 5 columns, the header has {len(HEADER)}"),
                             (6, f"missing_name: {_valid_npi('100000003')}")]
    done = subprocess.run([sys.executable, "-m", "therapist_finder.cli.main", "--store",
                           f"sqlite:///{tmp_path / 'cli.db'}", "import-nppes", str(path)],
                          capture_output=True, text=True, timeout=120)
    assert "line 4: short_row: 5 columns" in done.stderr
    assert f"line 6: missing_name: {_valid_npi('100000003')}" in done.stderr


def _valid_npi(base: str) -> str:
    """`base` (9 digits) with the check digit that makes a well-formed NPI (Luhn over 80840 + base)."""
    total = 0
    for k, d in enumerate(reversed([int(c) for c in "80840" + base])):
        total += sum(divmod(d * 2, 10)) if k % 2 == 0 else d
    return base + str((10 - total % 10) % 10)


def test_a_stray_quote_in_a_file_quoted_where_needed_is_read_as_written(tmp_path):
    """O"NEIL unquoted is read literally by csv; the row is whole, so nothing waits for
    the quote to close (which would glue the rest of the file into one row)."""
    header = ",".join(HEADER)
    row = _provider_row("1000000013", "PAT", 'O"NEIL')
    second = list(row)
    second[COL["NPI"]], second[COL["Provider Last Name (Legal Name)"]] = _valid_npi("100000002"), "QUILL"
    path = tmp_path / "npidata.csv"
    path.write_text("\n".join([header, ",".join(row), ",".join(second)]) + "\n")
    report = import_file(open_store(f"sqlite:///{tmp_path / 'dir.db'}"), path, fetched_at=WHEN)
    assert (report.imported, report.errors) == (2, [])


def _provider_row(npi: str, first: str, last: str) -> list[str]:
    """A row of one individual with a behavioral-health taxonomy code (106H00000X: MFT)."""
    row = [""] * len(HEADER)
    row[COL["NPI"]], row[COL["Entity Type Code"]] = npi, "1"
    row[COL["Provider First Name"]], row[COL["Provider Last Name (Legal Name)"]] = first, last
    row[COL["Healthcare Provider Taxonomy Code_1"]] = "106H00000X"
    return row
