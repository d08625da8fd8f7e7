"""Loading JSON-lines files of listings into a store, reporting bad lines.

A bad line never stops the load: it is reported with its line number and
the reason, and the summary says how many lines were loaded and rejected.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from therapist_finder.normalize import NormalizeReport, normalize_listing
from therapist_finder.schema import Listing
from therapist_finder.store.base import Store
from therapist_finder.vocab import Vocabularies

MAX_LINE_ERRORS_KEPT = 1000


@dataclass
class LineError:
    line: int
    message: str


@dataclass
class IndexReport:
    """What happened to each line of an import."""

    loaded: int = 0
    rejected: int = 0
    errors: list[LineError] = field(default_factory=list)
    normalize: NormalizeReport = field(default_factory=NormalizeReport)

    def reject(self, line: int, message: str) -> None:
        self.rejected += 1
        if len(self.errors) < MAX_LINE_ERRORS_KEPT:
            self.errors.append(LineError(line, message))


def _explain(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors()[:3]:
        where = ".".join(str(p) for p in err["loc"]) or "line"
        parts.append(f"{where}: {err['msg']}")
    return "; ".join(parts)


def open_lines(path: Path) -> Iterator[str]:
    """Lines of a .jsonl or .jsonl.gz file (errors='replace' keeps going on bad bytes)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as handle:
        yield from handle


def parse_lines(lines, vocabs: Vocabularies, report: IndexReport,
                prepare: Callable[[dict], dict] | None = None) -> Iterator[Listing]:
    """Valid, normalized listings from JSON lines; bad lines go to the report."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            report.reject(number, f"not valid JSON: {exc.msg} at column {exc.colno}")
            continue
        if not isinstance(data, dict):
            report.reject(number, "expected a JSON object")
            continue
        try:
            listing = Listing.model_validate(prepare(data) if prepare else data)
        except ValidationError as exc:
            report.reject(number, _explain(exc))
            continue
        report.loaded += 1
        yield normalize_listing(listing, vocabs, report.normalize)


def index_file(store: Store, path: Path, vocabs: Vocabularies, *, rebuild: bool = False,
               progress: Callable[[int], None] | None = None,
               prepare: Callable[[dict], dict] | None = None) -> IndexReport:
    """Load one file into the store (upsert, or a full atomic rebuild)."""
    report = IndexReport()
    listings = parse_lines(open_lines(path), vocabs, report, prepare)
    if rebuild:
        store.rebuild(listings, progress=progress)  # type: ignore[call-arg]
    else:
        store.upsert(listings, progress=progress)  # type: ignore[call-arg]
    return report
