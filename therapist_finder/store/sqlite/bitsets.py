"""Packed bitsets over snapshot rows (uint64 words) and the few ops on them."""

from __future__ import annotations

import numpy as np


def full(n: int, words: int) -> np.ndarray:
    """A bitset with the first n bits set."""
    bits = np.zeros(words * 64, dtype=bool)
    bits[:n] = True
    return from_mask(bits, words)


def from_mask(mask: np.ndarray, words: int) -> np.ndarray:
    """Pack a boolean row mask (length <= words*64) into words."""
    if len(mask) < words * 64:
        mask = np.concatenate([mask, np.zeros(words * 64 - len(mask), dtype=bool)])
    return np.packbits(mask, bitorder="little").view(np.uint64)


def from_rows(rows: np.ndarray, words: int) -> np.ndarray:
    """A bitset with the given row numbers set."""
    mask = np.zeros(words * 64, dtype=bool)
    mask[rows] = True
    return from_mask(mask, words)


def span(bits: np.ndarray) -> tuple[int, int]:
    """[first, last+1) words that hold any set bit; (0, 0) when empty."""
    nonzero = np.flatnonzero(bits)
    if len(nonzero) == 0:
        return 0, 0
    return int(nonzero[0]), int(nonzero[-1]) + 1


def rows_of(bits: np.ndarray) -> np.ndarray:
    """Sorted row numbers of the set bits."""
    lo, hi = span(bits)
    if lo == hi:
        return np.zeros(0, dtype=np.int64)
    mask = np.unpackbits(bits[lo:hi].view(np.uint8), bitorder="little")
    return np.flatnonzero(mask) + lo * 64


def count(bits: np.ndarray) -> int:
    return int(np.bitwise_count(bits).sum())


def counts(matrix: np.ndarray, bits: np.ndarray, bits_span: tuple[int, int] | None = None) -> np.ndarray:
    """Per matrix row, how many of `bits` it shares (facet counting);
    `bits_span` is `span(bits)` when the caller has it already."""
    lo, hi = bits_span if bits_span is not None else span(bits)
    if lo == hi or matrix.shape[0] == 0:
        return np.zeros(matrix.shape[0], dtype=np.int64)
    return np.bitwise_count(matrix[:, lo:hi] & bits[lo:hi]).sum(axis=1, dtype=np.int64)
