"""Fictional sample listings: the bundled demo dataset and benchmark data.

`generate_listings` makes canonical listing dicts (see
`therapist_finder.sample.generate`); `demo_dataset_path` locates the bundled
3,000-listing demo file, which `iter_demo_dataset` reads back.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

DEMO_FILE = "demo.jsonl.gz"
DEMO_COUNT = 3000
DEMO_SEED = 7


def demo_dataset_path() -> Path:
    """Filesystem path of the bundled demo dataset (gzip JSON lines).

    The package is installed as plain files (setuptools package-data), so the
    resource is a real file; `as_file` would only be needed for zip imports.
    """
    return Path(str(resources.files("therapist_finder.sample") / "data" / DEMO_FILE))


def iter_demo_dataset() -> Iterator[dict]:
    """Yield the bundled demo listings as dicts, one per JSON line."""
    with gzip.open(demo_dataset_path(), "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def generate_listings(n: int, seed: int = 7, mode: str = "demo") -> Iterator[dict]:
    """Yield `n` fictional listings; see `therapist_finder.sample.generate`."""
    # Imported here so reading the bundled file needs neither numpy nor zipcodes.
    from therapist_finder.sample.generate import generate_listings as _generate

    return _generate(n, seed=seed, mode=mode)


__all__ = ["DEMO_COUNT", "DEMO_SEED", "demo_dataset_path", "generate_listings",
           "iter_demo_dataset"]
