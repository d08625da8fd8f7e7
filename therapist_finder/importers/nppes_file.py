"""Stream the NPPES full replacement file into the store (`therapist-finder import-nppes`).

The monthly file is a CSV of about 330 columns and millions of rows, as a
.csv or inside the published .zip. Memory stays bounded: lines are read one
at a time, and a line is parsed as CSV only when it mentions a
behavioral-health taxonomy code (about one row in ten), which a single regex
search over the raw line decides. Kept rows become the same listings as the
nppes spider's (`nppes_record.to_listing`), are normalized (coordinates from
the offline gazetteer) and upserted in batches. A listing already in the
store under the same id is merged (`therapist_finder.merge`), so claims from
other sources survive a re-import.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from pydantic import ValidationError

from therapist_finder.errors import TherapistFinderError
from therapist_finder.importers.nppes_record import (
    NppesRecord,
    RecordRejected,
    Taxonomy,
    behavioral_health_codes,
    to_listing,
)
from therapist_finder.merge import merge_listings
from therapist_finder.normalize import NormalizeReport, normalize_listing
from therapist_finder.removals import RemovedMatcher
from therapist_finder.schema import Listing
from therapist_finder.store.base import Store
from therapist_finder.vocab import Vocabularies, load_vocabularies

BATCH = 2000
_P = "Provider Business Practice Location Address"


class NppesFileError(TherapistFinderError):
    """The file is not an NPPES data file (wrong header, no CSV in the zip)."""


MAX_ERRORS_KEPT = 1000


@dataclass
class ImportReport:
    """Counts for one import run."""

    rows: int = 0
    candidates: int = 0
    imported: int = 0
    merged: int = 0
    rejected: Counter = field(default_factory=Counter)
    normalize: NormalizeReport = field(default_factory=NormalizeReport)
    # The first rejected rows, by the line of the file each starts on, and why.
    errors: list[tuple[int, str]] = field(default_factory=list)

    def reject(self, line: int, reason: str, detail: str) -> None:
        self.rejected[reason] += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append((line, f"{reason}: {detail}" if detail else reason))


def _opened(path: Path) -> io.TextIOBase | zipfile.ZipFile:
    """The file as text, or as a zip archive when named .zip; NppesFileError
    when it cannot be opened as that."""
    try:
        if path.suffix.lower() == ".zip":
            return zipfile.ZipFile(path)
        return open(path, encoding="utf-8", errors="replace", newline="")
    except zipfile.BadZipFile as exc:  # a download cut short lacks the zip's directory at its end
        raise NppesFileError(f"{path} is not a readable zip file ({exc}); it may be cut off") from None
    except OSError as exc:
        raise NppesFileError(f"cannot read {path}: {exc.strerror or exc}") from None


@contextmanager
def open_nppes(path: Path) -> Iterator[io.TextIOBase]:
    """The data CSV as text, from a .csv or from the .zip CMS publishes."""
    opened = _opened(path)
    if not isinstance(opened, zipfile.ZipFile):
        with opened:
            yield opened
        return
    with opened as archive:
        names = [n for n in archive.namelist() if re.search(r"npidata_pfile_[^/]*\.csv$", n)
                 and "fileheader" not in n.lower()]
        if not names:
            raise NppesFileError(f"{path}: no npidata_pfile_*.csv inside the zip")
        with archive.open(names[0]) as raw:
            yield io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="")


class RowReader:
    """Column positions looked up once from the header; rows become NppesRecords."""

    def __init__(self, header: list[str]) -> None:
        index = {name.strip(): i for i, name in enumerate(header)}
        if "NPI" not in index or "Healthcare Provider Taxonomy Code_1" not in index:
            raise NppesFileError("not an NPPES data file: NPI / taxonomy columns missing")
        self.width = len(header)

        def col(*names: str) -> int | None:
            return next((index[n] for n in names if n in index), None)

        self.cols = {
            "npi": col("NPI"), "entity_type": col("Entity Type Code"),
            "first_name": col("Provider First Name"), "middle_name": col("Provider Middle Name"),
            "last_name": col("Provider Last Name (Legal Name)"),
            "organization_name": col("Provider Organization Name (Legal Business Name)"),
            "credential": col("Provider Credential Text"),
            "gender": col("Provider Gender Code", "Provider Sex Code"),
            "address_1": col("Provider First Line Business Practice Location Address"),
            "address_2": col("Provider Second Line Business Practice Location Address"),
            "city": col(f"{_P} City Name"), "state": col(f"{_P} State Name"),
            "postal_code": col(f"{_P} Postal Code"),
            "country_code": col(f"{_P} Country Code (If outside U.S.)"),
            "telephone": col(f"{_P} Telephone Number"),
        }
        self.deactivated = col("NPI Deactivation Date")
        self.reactivated = col("NPI Reactivation Date")
        self.taxonomy = [(index[f"Healthcare Provider Taxonomy Code_{i}"],
                          index.get(f"Provider License Number State Code_{i}"),
                          index.get(f"Provider License Number_{i}"),
                          index.get(f"Healthcare Provider Primary Taxonomy Switch_{i}"))
                         for i in range(1, 16) if f"Healthcare Provider Taxonomy Code_{i}" in index]

    def record(self, row: list[str]) -> NppesRecord:
        def get(i: int | None) -> str:
            return row[i] if i is not None and i < len(row) else ""

        taxonomies = [Taxonomy(code=get(c).strip().upper(), state=get(s) or None,
                               license=get(n) or None, primary=get(p).upper() == "Y")
                      for c, s, n, p in self.taxonomy if get(c)]
        values = {name: get(i) for name, i in self.cols.items()}
        deactivated = bool(get(self.deactivated)) and not get(self.reactivated)
        return NppesRecord(**values, taxonomies=taxonomies, deactivated=deactivated)


def _quoted_scan(reader: RowReader, header_line: str) -> Callable[[str], bool | None] | None:
    """A fast test for fully quoted files (CMS quotes every field): split the raw line
    up to the last taxonomy column and look the codes up in a set, no CSV parsing. None
    means the line ends before the taxonomy columns: a short row."""
    if not header_line.startswith('"NPI"'):
        return None
    codes = behavioral_health_codes()
    positions = [c for c, _, _, _ in reader.taxonomy]
    last = max(positions) + 1

    def wanted(line: str) -> bool | None:
        parts = line.split('","', last)
        if len(parts) < last:
            return None
        return any(parts[i] in codes for i in positions)
    return wanted


def _parsed_scan(reader: RowReader) -> Callable[[list[str]], bool]:
    codes = behavioral_health_codes()
    positions = [c for c, _, _, _ in reader.taxonomy]
    return lambda row: any(row[i].strip().upper() in codes for i in positions if i < len(row))


CUT_OFF = "the file ends part way through a row, so it was cut off"


def candidate_rows(handle: io.TextIOBase, report: ImportReport) -> Iterator[tuple[RowReader, list[str], int]]:
    """Parsed rows that carry a behavioral-health code, each with the line it starts on;
    every other line is only counted. A kept row with too few columns is rejected by line."""
    header_line = handle.readline()
    reader = RowReader(next(csv.reader([header_line])))
    quick = _quoted_scan(reader, header_line)
    exact = _parsed_scan(reader)
    line_no = 1
    for line in handle:
        line_no += 1
        start = line_no
        report.rows += 1
        # In a fully quoted file a row ends with a closing quote: a line that does not may
        # end inside a quoted field holding a newline, whose row goes on while a quote is
        # open (a doubled quote inside a field counts twice). Only such lines are counted.
        if quick is not None and not line.endswith(('"\n', '"\r\n', '"\r', '"')):
            line, line_no = _read_on(handle, line, line_no)
        if not line.endswith(("\n", "\r")) and len(next(csv.reader([line]))) < reader.width:
            raise csv.Error(CUT_OFF)  # the last line, and only part of a row: a cut-off download
        if quick is not None:
            wanted = quick(line)
            if wanted is None:
                _short_row(report, start, len(next(csv.reader([line]))), reader.width)
                continue
            if not wanted:
                continue
        row = next(csv.reader([line]))
        if quick is None and len(row) < reader.width and line.count('"') % 2:
            # Quoted where needed only: a short row with an open quote goes on (a stray quote
            # in a whole row, O"NEIL, leaves the row whole and is read as written).
            line, line_no = _read_on(handle, line, line_no)
            row = next(csv.reader([line]))
        if len(row) < reader.width:  # a broken row; it never swallows the row after it
            _short_row(report, start, len(row), reader.width)
            continue
        if quick is None and not exact(row):
            continue
        report.candidates += 1
        yield reader, row, start


def _short_row(report: ImportReport, line: int, columns: int, width: int) -> None:
    report.reject(line, "short_row", f"{columns} columns, the header has {width}")


def _read_on(handle: io.TextIOBase, line: str, line_no: int) -> tuple[str, int]:
    """`line` with the lines after it while a quote is open; CUT_OFF when the file ends first."""
    while line.count('"') % 2:
        more = handle.readline()
        if not more:
            raise csv.Error(CUT_OFF)
        line += more
        line_no += 1
    return line, line_no


def listings_from_file(path: Path, report: ImportReport, vocabs: Vocabularies,
                       fetched_at: datetime) -> Iterator[Listing]:
    """Normalized listings from the file, one per kept row."""
    with open_nppes(path) as handle:
        rows = candidate_rows(handle, report)
        while True:
            try:
                reader, row, line = next(rows)
            except StopIteration:
                return
            except (zipfile.BadZipFile, csv.Error, EOFError, zlib.error) as exc:
                # A corrupt block in the zip, or bytes that break the CSV: what
                # was read so far is kept; the rest of the file cannot be trusted.
                raise NppesFileError(
                    f"{path} is damaged after row {report.rows:,} ({exc}); download it again"
                ) from None
            try:
                data = to_listing(reader.record(row), fetched_at, vocabs)
                listing = Listing.model_validate(data)
            except RecordRejected as exc:
                report.reject(line, exc.reason, exc.detail)
                continue
            except ValidationError as exc:
                report.reject(line, "invalid_listing", "; ".join(
                    f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()[:3]))
                continue
            except ValueError as exc:  # a value the record's own parsing cannot read
                report.reject(line, "invalid_listing", str(exc)[:200])
                continue
            yield normalize_listing(listing, vocabs, report.normalize)


def _merge_batch(store: Store, batch: list[Listing], report: ImportReport) -> list[Listing]:
    out = []
    for listing in batch:
        existing = store.get(listing.id)
        if existing is not None and len({s.source for s in existing.sources} - {"nppes"}):
            listing = merge_listings(existing, listing)
            report.merged += 1
        out.append(listing)
    return out


def import_file(store: Store, path: Path, *, vocabs: Vocabularies | None = None,
                fetched_at: datetime | None = None, batch_size: int = BATCH,
                progress: Callable[[int], None] | None = None,
                removed: RemovedMatcher | None = None) -> ImportReport:
    """Import one NPPES file into the store; returns the counts. Providers
    `removed` names are skipped, counted as rejected ("removed")."""
    vocabs = vocabs or load_vocabularies()
    fetched_at = fetched_at or datetime.fromtimestamp(Path(path).stat().st_mtime, UTC)
    report = ImportReport()
    store.upsert([])
    batch: list[Listing] = []
    for listing in listings_from_file(Path(path), report, vocabs, fetched_at.replace(microsecond=0)):
        if removed is not None and removed.excludes(listing):
            report.rejected["removed"] += 1
            store.delete(listing.id)  # the provider may be stored under this id too
            continue
        batch.append(listing)
        if len(batch) >= batch_size:
            report.imported += store.upsert(_merge_batch(store, batch, report))
            batch.clear()
            if progress:
                progress(report.imported)
    if batch:
        report.imported += store.upsert(_merge_batch(store, batch, report))
    return report
