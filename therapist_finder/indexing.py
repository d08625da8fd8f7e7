"""Loading JSON-lines files of listings into a store, reporting bad lines.

A bad line never stops the load: it is reported with its line number and
the reason, and the summary says how many lines were loaded and rejected.
A file that is not UTF-8 JSON lines at all (UTF-16 text, a .gz file that is
not gzip) is refused before anything is loaded; a .gz file cut off part way
loads up to the damage and the report says the rest is missing.
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from pydantic import ValidationError

from therapist_finder.errors import InputFileDamaged, InvalidInputFile, TherapistFinderError
from therapist_finder.input_files import (
    GZIP_MAGIC,
    UndecodableLine,
    check_text,
    decode_block,
    file_identity,
    is_cr_only,
    line_blocks,
    line_spans,
    open_lines,
    read_head,
    read_span,
    refuse_damaged,
)
from therapist_finder.memory import cyclic_gc_paused
from therapist_finder.normalize import NormalizeReport, normalize_listing
from therapist_finder.removals import RemovedMatcher
from therapist_finder.schema import Listing
from therapist_finder.store.base import Store
from therapist_finder.vocab import Vocabularies

MAX_LINE_ERRORS_KEPT = 1000
# Files at least this large are parsed and encoded by worker processes while
# this process writes; small ones are not worth a process pool.
PARALLEL_MIN_BYTES = 4 * 1024 * 1024
# Worker processes get the file in blocks of whole lines of about this size:
# this process then never touches a line (decoding, splitting and pickling
# two million strings cost it about 5 us a line). A plain file's blocks are
# read by the workers themselves, so this process does not even read them.
CHUNK_BYTES = 2 * 1024 * 1024
# Longer input lines are stored re-serialized, so that padding in a line
# never takes more room than this.
MAX_STORED_LINE = 64 * 1024


@dataclass
class LineError:
    line: int
    message: str


@dataclass
class IndexReport:
    """What happened to each line of an import."""

    loaded: int = 0
    rejected: int = 0
    # Valid listings left out because they were removed on request (removals.py),
    # and their ids: one the store still holds (the same provider under another id,
    # found by its NPI) is deleted once the import is written.
    removed: int = 0
    removed_ids: list[str] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)
    normalize: NormalizeReport = field(default_factory=NormalizeReport)
    # Loaded listings that replaced one with the same id (Store.last_replaced):
    # in a rebuild, lines that repeat an id of an earlier line.
    replaced: int = 0
    rebuilt: bool = False
    # Set when a compressed file ends early or is corrupt: the lines before
    # the damage were loaded, and this says that the rest could not be read.
    damaged: str | None = None

    def cut_short(self, message: str) -> None:
        self.damaged = message

    def reject(self, line: int, message: str) -> None:
        self.rejected += 1
        if len(self.errors) < MAX_LINE_ERRORS_KEPT:
            self.errors.append(LineError(line, message))

    def absorb(self, other: IndexReport, lines_before: int = 0) -> None:
        """Add a worker's report for a later chunk of the same file, whose
        line numbers count from the chunk's start, `lines_before` lines in."""
        self.loaded += other.loaded
        self.rejected += other.rejected
        self.removed += other.removed
        self.removed_ids.extend(other.removed_ids)
        kept = other.errors[: max(0, MAX_LINE_ERRORS_KEPT - len(self.errors))]
        self.errors.extend(LineError(error.line + lines_before, error.message) for error in kept)
        self.normalize.unmapped.update(other.normalize.unmapped)
        self.normalize.geocoded.update(other.normalize.geocoded)
        self.normalize.dropped.update(other.normalize.dropped)


def _explain(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors()[:3]:
        if err["type"] == "json_invalid":
            return f"not valid JSON: {err['ctx'].get('error', err['msg'])}"
        if err["type"] == "model_type" and not err["loc"]:
            return "expected a JSON object"
        where = ".".join(str(p) for p in err["loc"]) or "line"
        parts.append(f"{where}: {err['msg'].removeprefix('Value error, ')}")
    return "; ".join(parts)


def _validate(line: str, prepare: Callable[[dict], dict] | None) -> Listing:
    """One line to a Listing; ValidationError (or JSONDecodeError) when bad.

    Without `prepare`, pydantic parses the JSON itself: about 3x faster than
    json.loads followed by validating the dict.
    """
    if prepare is None:
        return Listing.model_validate_json(line)
    data = json.loads(line)
    if not isinstance(data, dict):
        raise ValueError("expected a JSON object")
    return Listing.model_validate(prepare(data))


def _dated_in_the_future(listing: Listing, horizon: date) -> str | None:
    """Why a listing cannot be loaded when a source claims to have seen it, or
    checked one of its claims, after `horizon`: it would never turn stale, and a
    page would say "in network, checked on January 15, 2062" (a typo for 2026).
    The dates pages print are checked: when it was seen, each insurance claim's
    and each attribution's (whose fees, whose "accepting"); a conflict's claims
    only ever print beside them."""
    seen = listing.last_seen()
    if seen is not None and seen > horizon:
        return (f"last_seen_at or a source's fetched_at: {seen.isoformat()} is in the future"
                " (they say when a source saw the listing)")
    for number, claim in enumerate(listing.insurance):
        if claim.observed_at > horizon:
            return (f"insurance.{number}.observed_at: {claim.observed_at.isoformat()} is in the future"
                    " (it says when the claim was checked)")
    for key, attribution in listing.attributions.items():
        if attribution.observed_at > horizon:
            return (f"attributions.{key}.observed_at: {attribution.observed_at.isoformat()} is in the"
                    " future (it says when the claim was checked)")
    return None


# A rebuild replaces the whole directory. From a file whose lines are mostly refused (an
# exporter's newer format, the wrong file) it would all but empty it, so more than this
# share of bad lines stops it unless the operator allows them (`--allow-rejects`).
REBUILD_MAX_REJECTED = 0.05


def _refuse_empty_rebuild(items: Iterable, report: IndexReport, path: Path,
                          allow_rejects: bool = False) -> Iterator:
    """`items`, then InvalidInputFile when the file gave no listing at all (a failed
    download, a CSV given as JSON lines) or, unless `allow_rejects`, when more than
    REBUILD_MAX_REJECTED of its lines were bad: a rebuild from it would empty the
    directory, or most of it. Raised while the rebuild still reads, so it is abandoned
    and the live index stays as it was."""
    yield from items
    why = "; ".join(f"line {e.line}: {e.message}" for e in report.errors[:3])
    if report.loaded == 0:
        removed = f", {report.removed:,} on the removal list" if report.removed else ""
        raise InvalidInputFile(
            f"{path} holds no listing that could be loaded ({report.rejected:,} bad line(s){removed}"
            f"{': ' + why if why else ''}). The index was not rebuilt and is unchanged"
        )
    read = report.loaded + report.rejected
    if not allow_rejects and report.rejected > REBUILD_MAX_REJECTED * read:
        raise InvalidInputFile(
            f"{path}: {report.rejected:,} of {read:,} lines ({report.rejected / read:.0%}) could not"
            f" be loaded ({why}). The index was not rebuilt and is unchanged: a rebuild keeps"
            f" only the file's listings. Fix the file, load it without --rebuild, or rebuild"
            f" from its {report.loaded:,} good lines with --allow-rejects"
        )


def _refuse_rebuild_from_damaged(message: str) -> None:
    raise InputFileDamaged(
        f"{message}. The index was not rebuilt and is unchanged: repair the file,"
        " or load what it holds without --rebuild"
    )


def _parsed(lines, report: IndexReport, prepare, first_line: int,
            removed: RemovedMatcher | None = None) -> Iterator[tuple[Listing, str | None]]:
    """Valid listings, each with its line when that line is its JSON (no
    `prepare` step); bad lines go to the report, and so do removed listings."""
    horizon = date.today() + timedelta(days=1)  # a day's grace for time zones
    for number, line in enumerate(lines, start=first_line):
        if line.__class__ is UndecodableLine:
            report.reject(number, line.problem)
            continue
        if not line.strip():
            continue
        try:
            listing = _validate(line, prepare)
        except ValidationError as exc:
            report.reject(number, _explain(exc))
            continue
        except json.JSONDecodeError as exc:
            report.reject(number, f"not valid JSON: {exc.msg} at column {exc.colno}")
            continue
        except ValueError as exc:
            report.reject(number, str(exc))
            continue
        if removed is not None and removed.excludes(listing):
            report.removed += 1
            report.removed_ids.append(listing.id)
            continue
        if (future := _dated_in_the_future(listing, horizon)) is not None:
            report.reject(number, future)
            continue
        report.loaded += 1
        yield listing, (line if prepare is None else None)


def parse_lines(
    lines,
    vocabs: Vocabularies,
    report: IndexReport,
    prepare: Callable[[dict], dict] | None = None,
    first_line: int = 1,
    removed: RemovedMatcher | None = None,
) -> Iterator[Listing]:
    """Valid, normalized listings from JSON lines; bad lines go to the report."""
    for listing, _ in _parsed(lines, report, prepare, first_line, removed):
        yield normalize_listing(listing, vocabs, report.normalize)


def normalized_with_docs(
    lines, vocabs: Vocabularies, report: IndexReport, prepare, first_line: int,
    removed: RemovedMatcher | None = None,
) -> tuple[list[Listing], list[str | None]]:
    """Normalized listings, and for each its line where that line can be
    stored as its document: validating the line again gives exactly this
    listing, because normalization changed nothing. Serializing it afresh
    costs ~14 us a listing, about a tenth of an import's work."""
    listings, docs = [], []
    for listing, line in _parsed(lines, report, prepare, first_line, removed):
        normalized = normalize_listing(listing, vocabs, report.normalize)
        listings.append(normalized)
        keep = line is not None and normalized is listing and len(line) <= MAX_STORED_LINE
        docs.append(line.strip() if keep else None)  # type: ignore[union-attr]
    return listings, docs


# The removal list of the import a worker process serves (set by _warm_worker:
# handed over once per worker, not pickled with every block).
_REMOVED: RemovedMatcher | None = None


def _warm_worker(preparer, removed: RemovedMatcher | None = None) -> None:
    """Worker start: load every table once and exempt them from the cycle
    collector (gc.freeze), then turn automatic collection off.

    Parsing a chunk allocates hundreds of thousands of objects, and the
    automatic collector kept walking them: measured, validating a listing
    cost 120 us with it on and 28 us with it off. Reference counting frees a chunk's objects once it
    is sent; the little cyclic garbage left (exceptions of bad lines) is
    collected before the next chunk, when nothing else is alive to walk.
    """
    from therapist_finder.geo.gazetteer import ZipGazetteer
    from therapist_finder.vocab import load_vocabularies

    global _REMOVED
    _REMOVED = removed
    load_vocabularies()
    ZipGazetteer.tables()
    preparer([], [])
    gc.collect()
    gc.freeze()
    gc.disable()


def _prepare_chunk(job) -> tuple[object, IndexReport, int]:
    """Worker: parse, validate, normalize and encode one block of lines, given
    as bytes or as (path, offset, length, identity) to read. Errors are numbered from
    the block's first line; the block's count of newlines comes back too."""
    block, prepare, preparer = job
    from therapist_finder.vocab import load_vocabularies

    if isinstance(block, tuple):
        block = read_span(*block)
    gc.collect()
    report = IndexReport()
    lines = decode_block(block)
    listings, docs = normalized_with_docs(lines, load_vocabularies(), report, prepare, 1, _REMOVED)
    return preparer(listings, docs), report, block.count(b"\n")


def prepared_batches(
    path: Path, report: IndexReport, prepare, preparer, workers: int,
    on_damage: Callable[[str], None] = refuse_damaged, removed: RemovedMatcher | None = None,
):
    """`preparer`'s batches of the file's listings, made by worker processes,
    in file order, with at most 2 blocks per worker in flight."""
    if path.suffix == ".gz":
        blocks: Iterator = line_blocks(path, CHUNK_BYTES, on_damage)
    else:
        identity = file_identity(os.stat(path))
        blocks = ((path, offset, length, identity) for offset, length in line_spans(path, CHUNK_BYTES))
    warm = {"initializer": _warm_worker, "initargs": (preparer, removed)}
    with ProcessPoolExecutor(max_workers=workers, **warm) as pool:
        pending: deque = deque()
        lines_before = [0]
        for block in blocks:
            pending.append(pool.submit(_prepare_chunk, (block, prepare, preparer)))
            if len(pending) >= 2 * workers:
                yield _collect(pending.popleft(), report, lines_before)
        while pending:
            yield _collect(pending.popleft(), report, lines_before)


def _collect(future, report: IndexReport, lines_before: list[int]):
    """A block's batch; its report joins `report` with absolute line numbers.
    Blocks come strictly in file order, so `lines_before[0]`, the newlines of
    the blocks collected so far, is where this one starts."""
    batch, part, lines = future.result()
    report.absorb(part, lines_before[0])
    lines_before[0] += lines
    return batch


def index_file(
    store: Store,
    path: Path,
    vocabs: Vocabularies,
    *,
    rebuild: bool = False,
    progress: Callable[[int], None] | None = None,
    prepare: Callable[[dict], dict] | None = None,
    workers: int | None = None,
    removed: RemovedMatcher | None = None,
    allow_rejects: bool = False,
) -> IndexReport:
    """Load one file into the store (upsert, or a full atomic rebuild),
    leaving out the listings `removed` names (counted in `report.removed`).

    InvalidInputFile when the file cannot be read as UTF-8 text at all. A .gz
    file damaged part way is loaded up to the damage and `report.damaged`
    says so; a rebuild from it raises InputFileDamaged and changes nothing.
    """
    if path.exists() and not path.is_file():
        # A pipe (`index /dev/stdin`, `index <(zcat f.gz)`) can be read only
        # once, and an import reads the start twice (to check the text, then
        # to load it): copied to a temporary file first, it loads like a file.
        with _spooled(path) as copy:
            try:
                report = index_file(store, copy, vocabs, rebuild=rebuild, progress=progress,
                                    prepare=prepare, workers=workers, removed=removed,
                                    allow_rejects=allow_rejects)
            except TherapistFinderError as exc:  # told about the pipe, not the copy
                exc.args = tuple(a.replace(str(copy), str(path)) if isinstance(a, str) else a
                                 for a in exc.args)
                raise
            if report.damaged:
                report.damaged = report.damaged.replace(str(copy), str(path))
            return report
    with cyclic_gc_paused():
        report = _index_file(store, path, vocabs, rebuild, progress, prepare, workers, removed,
                             allow_rejects)
    report.replaced, report.rebuilt = store.last_replaced or 0, rebuild
    for listing_id in dict.fromkeys(report.removed_ids):
        store.delete(listing_id)
    return report


@contextmanager
def _spooled(path: Path) -> Iterator[Path]:
    """A temporary regular-file copy of a pipe's data, named like the pipe (with
    .gz added when the data is gzip, which a pipe's name cannot say)."""
    with tempfile.TemporaryDirectory(prefix="therapist-finder-") as scratch:
        try:
            source = open(path, "rb")  # noqa: SIM115 (closed below)
        except OSError as exc:
            raise InvalidInputFile(f"cannot read {path}: {exc.strerror or exc}") from None
        with source:
            head = source.read(len(GZIP_MAGIC))
            name = path.name or "input"
            copy = Path(scratch) / (name + ".gz" if head == GZIP_MAGIC and path.suffix != ".gz" else name)
            try:
                with open(copy, "wb") as target:
                    target.write(head)
                    shutil.copyfileobj(source, target, 1 << 20)
            except OSError as exc:
                raise InvalidInputFile(
                    f"cannot copy {path} to a temporary file in {tempfile.gettempdir()} (a pipe is read"
                    f" once, then loaded from the copy): {exc.strerror or exc}; set TMPDIR to a roomier"
                    " place, or give a file"
                ) from None
        yield copy


def _index_file(store, path, vocabs, rebuild, progress, prepare, workers, removed,
                allow_rejects) -> IndexReport:
    report = IndexReport()
    workers = workers if workers is not None else (os.cpu_count() or 1)
    preparer = store.preparer()
    head = read_head(path)
    check_text(path, head)
    # Worker blocks end at newlines; the rare file with bare-CR line endings
    # is read by this process alone.
    cr_only = is_cr_only(head)
    # A damaged file still loads up to the damage, and the report says so. A
    # rebuild is refused instead: it would drop every listing after the damage.
    on_damage = _refuse_rebuild_from_damaged if rebuild else report.cut_short
    parallel = workers > 1 and path.stat().st_size >= PARALLEL_MIN_BYTES and not cr_only
    if preparer is not None and parallel:
        batches = prepared_batches(path, report, prepare, preparer, workers, on_damage, removed)
        if rebuild:
            store.rebuild_prepared(_refuse_empty_rebuild(batches, report, path, allow_rejects),
                                   progress=progress)
        else:
            store.upsert_prepared(batches, progress=progress)
        return report
    listings = parse_lines(open_lines(path, cr_only, on_damage), vocabs, report, prepare, removed=removed)
    if rebuild:
        store.rebuild(_refuse_empty_rebuild(listings, report, path, allow_rejects),  # type: ignore[call-arg]
                      progress=progress)
    else:
        store.upsert(listings, progress=progress)  # type: ignore[call-arg]
    return report
