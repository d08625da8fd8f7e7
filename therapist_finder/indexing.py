"""Loading JSON-lines files of listings into a store, reporting bad lines.

A bad line never stops the load: it is reported with its line number and
the reason, and the summary says how many lines were loaded and rejected.
A file that is not UTF-8 JSON lines at all (UTF-16 text, a .gz file that is
not gzip) is refused before anything is loaded; a .gz file cut off part way
loads up to the damage and the report says the rest is missing.
"""

from __future__ import annotations

import gc
import gzip
import io
import json
import os
import zlib
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from therapist_finder.errors import InputChanged, InputFileDamaged, InvalidInputFile
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
# Editors on Windows start UTF-8 files with this; it is not part of the first line.
UTF8_BOM = b"\xef\xbb\xbf"
_WIDE_BOMS = ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
              (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"))
GZIP_MAGIC = b"\x1f\x8b"
GZIP_READ_BYTES = 256 * 1024


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


class _GzipUntilDamaged(io.RawIOBase):
    """A .gz file's data, ending at the first damage (the file cut off, a
    corrupt block) instead of raising there. gzip raises only once the good
    data before the damage is used up, but a buffered read that spans the
    damage would drop it with the exception; read through this, every line
    before the damage arrives, and `damage` says why the data ended."""

    def __init__(self, path: Path, gz: gzip.GzipFile) -> None:
        self.path, self.damage, self._seen, self._gz = path, None, 0, gz

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.damage is not None:
            return 0
        try:
            data = self._gz.read1(len(buffer))
        except gzip.BadGzipFile as exc:
            if self._seen == 0 and "Not a gzipped file" in str(exc):
                raise InvalidInputFile(f"{self.path} is not a gzip file, though named .gz") from None
            self.damage = str(exc)  # a CRC mismatch, or garbage after the last good member
            return 0
        except (EOFError, zlib.error) as exc:
            self.damage = str(exc)
            return 0
        buffer[: len(data)] = data
        self._seen += len(data)
        return len(data)

    def close(self) -> None:
        self._gz.close()
        super().close()


def _open_binary(path: Path):
    if path.suffix != ".gz":
        return open(path, "rb")
    return io.BufferedReader(_GzipUntilDamaged(path, gzip.open(path, "rb")), buffer_size=GZIP_READ_BYTES)


def _damage(handle) -> str | None:
    return getattr(handle.raw, "damage", None) if isinstance(handle, io.BufferedReader) else None


def damaged_message(path: Path, lines: int, reason: str) -> str:
    """What to tell about a file whose data ended early after `lines` lines."""
    read = f"only its first {lines:,} line(s) could be read" if lines else "none of it could be read"
    return f"{path} is cut off or damaged ({reason}): {read}"


def _refuse_damaged(message: str) -> None:
    raise InputFileDamaged(message)


def _refuse_rebuild_from_damaged(message: str) -> None:
    raise InputFileDamaged(
        f"{message}. The index was not rebuilt and is unchanged: repair the file,"
        " or load what it holds without --rebuild"
    )


def read_head(path: Path, size: int = 65536) -> bytes:
    """The first `size` bytes of the file's data (decompressed for .gz);
    InvalidInputFile when the file cannot be opened or read."""
    try:
        with _open_binary(path) as handle:
            return handle.read(size)
    except OSError as exc:
        raise InvalidInputFile(f"cannot read {path}: {exc.strerror or exc}") from None


def check_text(path: Path, head: bytes) -> None:
    """InvalidInputFile, before anything is loaded, for data that is not
    UTF-8 text: read as UTF-8, each line of UTF-16 text becomes a garbled
    rejected line, with no hint of the cause."""
    if path.suffix != ".gz" and head.startswith(GZIP_MAGIC):
        raise InvalidInputFile(f"{path} is gzip-compressed: name it {path.name}.gz so it is read as such")
    encoding = next((name for bom, name in _WIDE_BOMS if head.startswith(bom)), None)
    sample = head[:4096]
    # JSON text never holds a raw NUL byte; ASCII in UTF-16 is half NULs,
    # the second byte of each pair in little-endian order.
    if encoding is None and sample and sample.count(0) * 4 >= len(sample):
        order = "LE" if sample[1::2].count(0) > sample[0::2].count(0) else "BE"
        encoding = f"UTF-16{order} without a byte order mark (it is full of NUL bytes)"
    if encoding is not None:
        plain = Path(path.name.removesuffix(".gz"))
        convert = f"iconv -f {encoding.split()[0]} -t UTF-8"
        convert = f"zcat {path.name} | {convert}" if path.suffix == ".gz" else f"{convert} {path.name}"
        raise InvalidInputFile(
            f"{path} is not UTF-8 text: it looks like {encoding}. Convert it to UTF-8 first,"
            f" e.g. {convert} > {plain.stem}-utf8{plain.suffix}"
        )


def _cr_only(head: bytes) -> bool:
    return b"\n" not in head and b"\r" in head


def ends_lines_with_cr_only(path: Path, sniff: int = 65536) -> bool:
    """Whether the file ends its lines with a bare carriage return (old Mac
    style): no newline at all in its first `sniff` bytes, but a CR."""
    return _cr_only(read_head(path, sniff))


def open_lines(
    path: Path, cr_only: bool | None = None, on_damage: Callable[[str], None] = _refuse_damaged
) -> Iterator[str]:
    """Lines of a .jsonl or .jsonl.gz file (errors='replace' keeps going on bad
    bytes, a UTF-8 BOM at the start is dropped); `cr_only` is
    `ends_lines_with_cr_only(path)` if the caller knows it. A .gz file
    damaged part way gives its lines up to the damage, then `on_damage`
    (default: raise InputFileDamaged) hears how far it got."""
    if cr_only is None:
        cr_only = ends_lines_with_cr_only(path)
    count = 0
    with _open_binary(path) as handle:
        if cr_only:
            # A raw CR cannot occur inside a JSON string, so splitting on it is safe.
            lines: Iterator[str] = io.TextIOWrapper(handle, encoding="utf-8", errors="replace", newline="\r")
        else:
            lines = (raw.decode("utf-8", errors="replace") for raw in handle)
        for line in lines:
            count += 1
            yield line.removeprefix("\ufeff") if count == 1 else line  # a UTF-8 BOM, decoded
        if (reason := _damage(handle)) is not None:
            on_damage(damaged_message(path, count, reason))


def line_blocks(
    path: Path, size: int, on_damage: Callable[[str], None] = _refuse_damaged
) -> Iterator[bytes]:
    """Blocks of whole lines of about `size` bytes (for files that cannot be
    read at an offset, such as .gz), without a UTF-8 BOM at the start.
    Damage part way ends the blocks as in `open_lines`."""
    lines, first = 0, True
    with _open_binary(path) as handle:
        while block := handle.read(size):
            if not block.endswith(b"\n"):
                block += handle.readline()
            if first:
                block, first = block.removeprefix(UTF8_BOM), False
            # A last line without its newline (cut off mid-line) counts too.
            lines += block.count(b"\n") + (not block.endswith(b"\n"))
            yield block
        if (reason := _damage(handle)) is not None:
            on_damage(damaged_message(path, lines, reason))


def line_spans(path: Path, size: int) -> Iterator[tuple[int, int]]:
    """(offset, length) of the blocks `line_blocks` would give for a plain
    file, found without reading them: each ends just after the first newline
    from its `size`-th byte on, or at the end of the file. A UTF-8 BOM at
    the start is left out of the first block."""
    with open(path, "rb", buffering=0) as handle:
        total = os.fstat(handle.fileno()).st_size
        start = len(UTF8_BOM) if os.pread(handle.fileno(), len(UTF8_BOM), 0) == UTF8_BOM else 0
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


def prepared_batches(
    path: Path, report: IndexReport, prepare, preparer, workers: int,
    on_damage: Callable[[str], None] = _refuse_damaged,
):
    """`preparer`'s batches of the file's listings, made by worker processes,
    in file order, with at most 2 blocks per worker in flight."""
    if path.suffix == ".gz":
        blocks: Iterator = line_blocks(path, CHUNK_BYTES, on_damage)
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
    """Load one file into the store (upsert, or a full atomic rebuild).

    InvalidInputFile when the file cannot be read as UTF-8 text at all. A .gz
    file damaged part way is loaded up to the damage and `report.damaged`
    says so; a rebuild from it raises InputFileDamaged and changes nothing.
    """
    with cyclic_gc_paused():
        return _index_file(store, path, vocabs, rebuild, progress, prepare, workers)


def _index_file(store, path, vocabs, rebuild, progress, prepare, workers) -> IndexReport:
    report = IndexReport()
    workers = workers if workers is not None else (os.cpu_count() or 1)
    preparer = store.preparer()
    head = read_head(path)
    check_text(path, head)
    # Worker blocks end at newlines; the rare file with bare-CR line endings
    # is read by this process alone.
    cr_only = _cr_only(head)
    # A damaged file still loads up to the damage, and the report says so. A
    # rebuild is refused instead: it would drop every listing after the damage.
    on_damage = _refuse_rebuild_from_damaged if rebuild else report.cut_short
    parallel = workers > 1 and path.stat().st_size >= PARALLEL_MIN_BYTES and not cr_only
    if preparer is not None and parallel:
        batches = prepared_batches(path, report, prepare, preparer, workers, on_damage)
        write = store.rebuild_prepared if rebuild else store.upsert_prepared
        write(batches, progress=progress)
        return report
    listings = parse_lines(open_lines(path, cr_only, on_damage), vocabs, report, prepare)
    if rebuild:
        store.rebuild(listings, progress=progress)  # type: ignore[call-arg]
    else:
        store.upsert(listings, progress=progress)  # type: ignore[call-arg]
    return report
