"""A full snapshot saved beside the database, memory-mapped at the next start.

Building the snapshot reads every listing (about 30 s at 2M listings); loading
saved arrays with mmap takes about a second, and their pages are shared with
the OS file cache. One directory per data generation: a write makes a new
generation, so a saved snapshot is never served for data it does not match.
Saving is best effort: a read-only data directory just means no cache.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
from pathlib import Path

import numpy as np

from therapist_finder.store.sqlite.snapshot import Snapshot

log = logging.getLogger(__name__)
ARRAYS = ("rowids", "value_bits", "present", "fee_low", "last_seen", "id_rank", "name_rank",
          "loc_lat", "loc_lon", "loc_row", "_rowid_order", "_rowid_sorted")
COMPLETE = "complete"


def cache_root(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".snapshots")


def _key(generation: str, fingerprint: str) -> str:
    return hashlib.sha256(f"{generation}|{fingerprint}".encode()).hexdigest()[:20]


def load(db_path: Path, generation: str, fingerprint: str) -> Snapshot | None:
    """The saved snapshot of this generation, memory-mapped, or None."""
    folder = cache_root(db_path) / _key(generation, fingerprint)
    if not (folder / COMPLETE).exists():
        return None
    try:
        snap = Snapshot.blank()
        for name in ARRAYS:
            mapped = np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False)
            # A plain ndarray over the same mapped pages: np.memmap's Python-level
            # __getitem__ cost about 125 calls, 0.4 ms, per search.
            setattr(snap, name, mapped.view(np.ndarray))
    except (OSError, ValueError) as exc:
        log.warning("ignoring a damaged saved snapshot in %s: %s", folder, exc)
        return None
    snap._zero = np.zeros(snap.value_bits.shape[1], dtype=np.uint64)
    snap.generation, snap.partial = generation, False
    snap.sorted_ids, snap.sorted_names = [], []
    return snap


def save(db_path: Path, snap: Snapshot, fingerprint: str) -> None:
    """Write the snapshot for its generation and drop older ones (best effort)."""
    root = cache_root(db_path)
    final = root / _key(snap.generation, fingerprint)
    scratch = root / f".{final.name}.{os.getpid()}"
    try:
        scratch.mkdir(parents=True, exist_ok=True)
        for name in ARRAYS:
            np.save(scratch / f"{name}.npy", np.ascontiguousarray(getattr(snap, name)), allow_pickle=False)
        (scratch / COMPLETE).write_text(snap.generation)
        if final.exists():
            shutil.rmtree(scratch, ignore_errors=True)
        else:
            os.replace(scratch, final)  # atomic: readers see all of it or none
        for other in root.iterdir():
            if other != final and not other.name.startswith("."):
                shutil.rmtree(other, ignore_errors=True)
    except OSError as exc:
        log.info("snapshot not saved beside %s: %s", db_path, exc)
        shutil.rmtree(scratch, ignore_errors=True)
