"""Loading JSON-lines files of listings into a store, reporting bad lines.

A bad line never stops the load: it is reported with its line number and
the reason, and the summary says how many lines were loaded and rejected.
"""

from __future__ import annotations

import gc
import gzip
import io
import json
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from therapist_finder.errors import InputChanged
from therapist_finder.memory import cyclic_gc_paused
from therapist_finder.normalize import NormalizeReport, normalize_listing
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
    errors: list[LineError] = field(default_factory=list)
    normalize: NormalizeReport = field(default_factory=NormalizeReport)

    def reject(self, line: int, message: str) -> None:
        self.rejected += 1
        if len(self.errors) < MAX_LINE_ERRORS_KEPT:
            self.errors.append(LineError(line, message))

    def absorb(self, other: IndexReport, lines_before: int = 0) -> None:
        """Add a worker's report for a later chunk of the same file, whose
        line numbers count from the chunk's start, `lines_before` lines in."""
        self.loaded += other.loaded
        self.rejected += other.rejected
        kept = other.errors[: max(0, MAX_LINE_ERRORS_KEPT - len(self.errors))]
        self.errors.extend(LineError(error.line + lines_before, error.message) for error in kept)
        self.normalize.unmapped.update(other.normalize.unmapped)
        self.normalize.geocoded.update(other.normalize.geocoded)


def _explain(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors()[:3]:
        if err["type"] == "json_invalid":
            return f"not valid JSON: {err['ctx'].get('error', err['msg'])}"
        if err["type"] == "model_type" and not err["loc"]:
            return "expected a JSON object"
        where = ".".join(str(p) for p in err["loc"]) or "line"
        parts.append(f"{where}: {err['msg']}")
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


def _open_binary(path: Path):
    return gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")


def ends_lines_with_cr_only(path: Path, sniff: int = 65536) -> bool:
    """Whether the file ends its lines with a bare carriage return (old Mac
    style): no newline at all in its first `sniff` bytes, but a CR."""
    with _open_binary(path) as handle:
        head = handle.read(sniff)
    return b"\n" not in head and b"\r" in head


def open_lines(path: Path, cr_only: bool | None = None) -> Iterator[str]:
    """Lines of a .jsonl or .jsonl.gz file (errors='replace' keeps going on bad
    bytes); `cr_only` is `ends_lines_with_cr_only(path)` if the caller knows it."""
    if cr_only is None:
        cr_only = ends_lines_with_cr_only(path)
    with _open_binary(path) as handle:
        if cr_only:
            # A raw CR cannot occur inside a JSON string, so splitting on it is safe.
            text = io.TextIOWrapper(handle, encoding="utf-8", errors="replace", newline="\r")
            yield from text
            return
        for raw in handle:
            yield raw.decode("utf-8", errors="replace")


def line_blocks(path: Path, size: int) -> Iterator[bytes]:
    """Blocks of whole lines of about `size` bytes (for files that cannot be
    read at an offset, such as .gz)."""
    with _open_binary(path) as handle:
        while block := handle.read(size):
            if not block.endswith(b"\n"):
                block += handle.readline()
            yield block


def line_spans(path: Path, size: int) -> Iterator[tuple[int, int]]:
    """(offset, length) of the blocks `line_blocks` would give for a plain
    file, found without reading them: each ends just after the first newline
    from its `size`-th byte on, or at the end of the file."""
    with open(path, "rb", buffering=0) as handle:
        total = os.fstat(handle.fileno()).st_size
        start = 0
        while start < total:
            end = _past_newline(handle.fileno(), start + size - 1, total)
            yield start, end - start
            start = end


def _past_newline(fd: int, pos: int, total: int) -> int:
    """Offset just after the first newline at or after `pos`, or `total`."""
    while pos < total:
        # Small reads: only the end of one line is wanted, however long that line is.
        piece = os.pread(fd, 8192, pos)
        if not piece:
            break
        found = piece.find(b"\n")
        if found >= 0:
            return pos + found + 1
        pos += len(piece)
    return total


def file_identity(stat: os.stat_result) -> tuple[int, int, int, int]:
    """What must stay the same while a file is read in blocks by offset."""
    return stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns


def _read_span(path: Path, offset: int, length: int, identity: tuple[int, int, int, int]) -> bytes:
    # Opened per block (measured: 30 us more per 2 MB block than a handle kept
    # per worker, 0.02 us a line). The offsets belong to the file as it was
    # when the import began: a file replaced or rewritten since would be cut
    # mid-line, so that is an error, never a silently partial import.
    with open(path, "rb") as handle:
        same = file_identity(os.fstat(handle.fileno())) == identity
        block = os.pread(handle.fileno(), length, offset) if same else b""
    if len(block) != length:
        raise InputChanged(f"{path} changed while it was being imported; nothing after it was read")
    return block


def _parsed(lines, report: IndexReport, prepare, first_line: int) -> Iterator[tuple[Listing, str | None]]:
    """Valid listings, each with its line when that line is its JSON (no
    `prepare` step); bad lines go to the report."""
    for number, line in enumerate(lines, start=first_line):
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
        report.loaded += 1
        yield listing, (line if prepare is None else None)


def parse_lines(
    lines,
    vocabs: Vocabularies,
    report: IndexReport,
    prepare: Callable[[dict], dict] | None = None,
    first_line: int = 1,
) -> Iterator[Listing]:
    """Valid, normalized listings from JSON lines; bad lines go to the report."""
    for listing, _ in _parsed(lines, report, prepare, first_line):
        yield normalize_listing(listing, vocabs, report.normalize)


def normalized_with_docs(
    lines, vocabs: Vocabularies, report: IndexReport, prepare, first_line: int
) -> tuple[list[Listing], list[str | None]]:
    """Normalized listings, and for each its line where that line can be
    stored as its document: validating the line again gives exactly this
    listing, because normalization changed nothing. Serializing it afresh
    costs ~14 us a listing, about a tenth of an import's work."""
    listings, docs = [], []
    for listing, line in _parsed(lines, report, prepare, first_line):
        normalized = normalize_listing(listing, vocabs, report.normalize)
        listings.append(normalized)
        keep = line is not None and normalized is listing and len(line) <= MAX_STORED_LINE
        docs.append(line.strip() if keep else None)  # type: ignore[union-attr]
    return listings, docs


def _warm_worker(preparer) -> None:
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
        block = _read_span(*block)
    gc.collect()
    report = IndexReport()
    lines = block.decode("utf-8", errors="replace").split("\n")
    listings, docs = normalized_with_docs(lines, load_vocabularies(), report, prepare, 1)
    return preparer(listings, docs), report, block.count(b"\n")


def prepared_batches(path: Path, report: IndexReport, prepare, preparer, workers: int):
    """`preparer`'s batches of the file's listings, made by worker processes,
    in file order, with at most 2 blocks per worker in flight."""
    if path.suffix == ".gz":
        blocks: Iterator = line_blocks(path, CHUNK_BYTES)
    else:
        identity = file_identity(os.stat(path))
        blocks = ((path, offset, length, identity) for offset, length in line_spans(path, CHUNK_BYTES))
    with ProcessPoolExecutor(max_workers=workers, initializer=_warm_worker, initargs=(preparer,)) as pool:
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
) -> IndexReport:
    """Load one file into the store (upsert, or a full atomic rebuild)."""
    with cyclic_gc_paused():
        return _index_file(store, path, vocabs, rebuild, progress, prepare, workers)


def _index_file(store, path, vocabs, rebuild, progress, prepare, workers) -> IndexReport:
    report = IndexReport()
    workers = workers if workers is not None else (os.cpu_count() or 1)
    preparer = store.preparer()
    # Worker blocks end at newlines; the rare file with bare-CR line endings
    # is read by this process alone.
    cr_only = ends_lines_with_cr_only(path)
    parallel = workers > 1 and path.stat().st_size >= PARALLEL_MIN_BYTES and not cr_only
    if preparer is not None and parallel:
        batches = prepared_batches(path, report, prepare, preparer, workers)
        write = store.rebuild_prepared if rebuild else store.upsert_prepared
        write(batches, progress=progress)
        return report
    listings = parse_lines(open_lines(path, cr_only), vocabs, report, prepare)
    if rebuild:
        store.rebuild(listings, progress=progress)  # type: ignore[call-arg]
    else:
        store.upsert(listings, progress=progress)  # type: ignore[call-arg]
    return report
