"""Reading JSON-lines input files: plain or .gz, in lines or in blocks.

Checks come before anything is loaded (not UTF-8 text, gzip data without
.gz); a UTF-8 byte order mark is dropped; a .gz file damaged part way gives
up its lines before the damage and then reports how far it got. Plain files
are split into blocks by offset, so worker processes can read their own.
"""

from __future__ import annotations

import gzip
import io
import os
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from therapist_finder.errors import InputChanged, InputFileDamaged, InvalidInputFile

# Editors on Windows start UTF-8 files with this; it is not part of the first line.
UTF8_BOM = b"\xef\xbb\xbf"
_WIDE_BOMS = ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
              (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"))
GZIP_MAGIC = b"\x1f\x8b"
GZIP_READ_BYTES = 256 * 1024


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


class UndecodableLine(str):
    """A line that is not UTF-8 (a Latin-1 or Windows-1252 file), decoded with
    its bad bytes escaped; `problem` says where. Importers reject it by its
    line number rather than loading text with characters silently replaced."""

    problem: str


def decode_line(raw: bytes) -> str:
    """`raw` as UTF-8, or an UndecodableLine saying which byte is not."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _undecodable(raw.decode("utf-8", errors="surrogateescape"), raw, exc)


def decode_block(block: bytes) -> list[str]:
    """A block's lines (split on newlines), each as `decode_line` gives it;
    the whole block is decoded at once when it is all UTF-8, as it nearly always is."""
    try:
        text = block.decode("utf-8")
    except UnicodeDecodeError:
        return [decode_line(raw.removeprefix(UTF8_BOM)) for raw in block.split(b"\n")]
    if "\ufeff" in text:  # BOMs where files were joined with cat (a C-speed scan of the block)
        text = text.replace("\n\ufeff", "\n").removeprefix("\ufeff")
    return text.split("\n")


def _undecodable(text: str, raw: bytes, exc: UnicodeDecodeError) -> UndecodableLine:
    line = UndecodableLine(text)
    line.problem = (
        f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at byte {exc.start + 1}): the file may be Latin-1"
        " or Windows-1252; convert it to UTF-8, e.g. iconv -f cp1252 -t UTF-8 in.jsonl > in-utf8.jsonl"
    )
    return line


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


def refuse_damaged(message: str) -> None:
    raise InputFileDamaged(message)


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


def is_cr_only(head: bytes) -> bool:
    return b"\n" not in head and b"\r" in head


def ends_lines_with_cr_only(path: Path, sniff: int = 65536) -> bool:
    """Whether the file ends its lines with a bare carriage return (old Mac
    style): no newline at all in its first `sniff` bytes, but a CR."""
    return is_cr_only(read_head(path, sniff))


def open_lines(
    path: Path, cr_only: bool | None = None, on_damage: Callable[[str], None] = refuse_damaged
) -> Iterator[str]:
    """Lines of a .jsonl or .jsonl.gz file (a line that is not UTF-8 comes as an
    UndecodableLine, a UTF-8 BOM at the start is dropped); `cr_only` is
    `ends_lines_with_cr_only(path)` if the caller knows it. A .gz file
    damaged part way gives its lines up to the damage, then `on_damage`
    (default: raise InputFileDamaged) hears how far it got."""
    if cr_only is None:
        cr_only = ends_lines_with_cr_only(path)
    count = 0
    with _open_binary(path) as handle:
        if cr_only:
            # A raw CR cannot occur inside a JSON string, so splitting on it is safe.
            lines: Iterator[str] = (decode_line(raw) for raw in _split_on_cr(handle))
        else:
            lines = (decode_line(raw) for raw in handle)
        for line in lines:
            count += 1
            # A UTF-8 BOM, decoded, at the start of the file or of any line (files joined
            # with cat each bring theirs). An UndecodableLine is kept whole: removeprefix
            # would give back a plain str and lose why the line is rejected.
            yield line.removeprefix("\ufeff") if line.__class__ is str else line
        if (reason := _damage(handle)) is not None:
            on_damage(damaged_message(path, count, reason))


def _split_on_cr(handle) -> Iterator[bytes]:
    """Lines ending in a bare CR, each with its CR. No byte of a multi-byte
    UTF-8 character is a CR, so the bytes split where the text does."""
    rest = b""
    while chunk := handle.read(1 << 16):
        parts = (rest + chunk).split(b"\r")
        rest = parts.pop()
        for part in parts:
            yield part + b"\r"
    if rest:
        yield rest


def line_blocks(
    path: Path, size: int, on_damage: Callable[[str], None] = refuse_damaged
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


def read_span(path: Path, offset: int, length: int, identity: tuple[int, int, int, int]) -> bytes:
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
