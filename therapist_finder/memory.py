"""Returning freed memory to the operating system after large one-off loads."""

from __future__ import annotations

import ctypes


def release_free_memory() -> None:
    """Hand freed heap pages back to the OS (glibc's malloc_trim; elsewhere a no-op).

    A server that has just parsed a large file or loaded a snapshot keeps the
    freed pages otherwise, and its resident size stays at the peak.
    """
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


M_MMAP_THRESHOLD = -3  # glibc mallopt parameter


def prefer_mmap_for_large_blocks(threshold: int = 128 * 1024) -> None:
    """Serve every block over `threshold` bytes with its own mmap (glibc only).

    glibc raises its mmap threshold as large blocks are freed, after which
    big numpy temporaries come from the heap and their pages stay resident
    after a snapshot load (measured: ~90 MB at 2M listings). A fixed
    threshold returns each one to the OS when it is freed.
    """
    try:
        ctypes.CDLL("libc.so.6").mallopt(M_MMAP_THRESHOLD, threshold)
    except (OSError, AttributeError):
        pass
