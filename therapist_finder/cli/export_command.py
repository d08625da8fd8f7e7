"""`therapist-finder export`: the whole directory as a JSON-lines file.

The file is what `index --rebuild` reads: the way to move a directory from the
embedded store to Elasticsearch/OpenSearch (or back), to rebuild an index after
a template upgrade, or to keep a backup.
"""

from __future__ import annotations

import gzip
import io
import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from therapist_finder.cli.output import Progress
from therapist_finder.settings import Settings
from therapist_finder.store import open_store


def add_parser(sub) -> None:
    p = sub.add_parser(
        "export",
        help="write every listing to a JSON-lines file (.jsonl or .jsonl.gz, or - for standard output)"
             " that 'index --rebuild' loads: to move stores, rebuild an index, or keep a backup",
    )
    p.add_argument("file", help="FILE.jsonl, FILE.jsonl.gz (compressed), or - for standard output")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")


def _file_problem(path: Path, force: bool) -> str | None:
    """Why `path` cannot take the export, found before the store is read."""
    if not path.name.lower().endswith((".jsonl", ".jsonl.gz")):
        return f"cannot export to {path}: name the file .jsonl, or .jsonl.gz to compress it"
    if path.is_dir():
        return f"cannot export to {path}: it is a directory"
    if path.exists() and not force:
        return f"{path} exists; give --force to replace it"
    if not path.parent.is_dir():
        return f"cannot export to {path}: there is no directory {path.parent}"
    return None


@contextmanager
def _replacing(path: Path):
    """A text stream for `path`, written to a temporary file beside it that takes
    its name only once the export is complete: an interrupted or failed export
    never leaves a partial file that a later rebuild would load as the directory."""
    fd, scratch = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(scratch, 0o666 & ~umask)  # as a file opened for writing gets (mkstemp's is 0600)
        with os.fdopen(fd, "wb") as raw:
            # The gzip header names the file the export becomes, not the scratch file.
            binary = (gzip.GzipFile(path.name[:-3], "wb", 6, raw) if path.name.lower().endswith(".gz")
                      else raw)
            with io.TextIOWrapper(binary, encoding="utf-8", newline="\n") as text:
                yield text
        os.replace(scratch, path)
    finally:
        Path(scratch).unlink(missing_ok=True)


def _write(store, out: IO[str], progress: Progress) -> int:
    count = 0
    for count, doc in enumerate(store.documents(), start=1):
        out.write(doc)
        out.write("\n")
        if count % 10_000 == 0:
            progress(count)
    return count


def cmd_export(args, settings: Settings) -> int:
    to_stdout = args.file == "-"
    path = Path(args.file)
    if not to_stdout and (problem := _file_problem(path, args.force)):
        print(f"error: {problem}", file=sys.stderr)
        return 2
    store = open_store(settings.store)
    progress = Progress("exported")
    try:
        if to_stdout:
            count = _write(store, sys.stdout, progress)
            sys.stdout.flush()
        else:
            with _replacing(path) as out:
                count = _write(store, out, progress)
    finally:
        store.close()
    seconds = progress.done()
    where = "standard output" if to_stdout else str(path)
    print(f"exported {count:,} listing(s) to {where} in {seconds:.1f}s", file=sys.stderr)
    if not to_stdout:
        print(f"load them into a store with: therapist-finder --store URL index {path} --rebuild",
              file=sys.stderr)
    return 0
