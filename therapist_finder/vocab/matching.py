"""Find vocabulary phrases inside a token sequence and choose between them.

Kept apart from `vocabulary.py` so the selection rules (longest wins, the
specific beats the generic) can be read, and changed, in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import NamedTuple


class Match(NamedTuple):
    """One phrase found at tokens[start:start+length], resolving to slug."""

    start: int
    length: int  # in tokens: the main measure of how specific a match is
    chars: int  # tie-breaker between equally long matches
    slug: str


def scan(
    tokens: tuple[str, ...],
    phrases: Mapping[str, str],
    first: Mapping[str, tuple[int, ...]],
    allowed: Callable[[str], bool],
) -> list[Match]:
    """Non-overlapping phrase matches, longest first, returned in text order.

    `first` maps a token to the lengths (longest first) of the phrases that
    start with it, so most positions cost one dict lookup. `allowed` can veto a phrase (used for
    everyday words that must be spelled as in the vocabulary).
    """
    candidates: list[Match] = []
    count = len(tokens)
    for start, token in enumerate(tokens):
        lengths = first.get(token)
        if not lengths:
            continue
        for length in lengths:
            if length > count - start:
                continue
            key = token if length == 1 else " ".join(tokens[start : start + length])
            slug = phrases.get(key)
            if slug is not None and allowed(key):
                candidates.append(Match(start, length, len(key), slug))
    if not candidates:
        return []
    candidates.sort(key=lambda m: (-m.length, -m.chars, m.start))
    taken = [False] * count
    chosen: list[Match] = []
    for match in candidates:
        span = range(match.start, match.start + match.length)
        if any(taken[i] for i in span):
            continue
        for i in span:
            taken[i] = True
        chosen.append(match)
    chosen.sort(key=lambda m: m.start)
    return chosen


def pick_one(
    matches: list[Match],
    ancestors: Mapping[str, frozenset[str]],
    generic: frozenset[str],
) -> str:
    """The single slug a raw value most likely means, given its phrase matches.

    A term beats its own ancestors ("Anthem ... Blue Cross Blue Shield" is
    Anthem), a specific term beats a catch-all ("Humana Medicare Advantage" is
    Humana), then the longest phrase wins and ties go to the leftmost.
    """
    slugs = {m.slug for m in matches}
    if len(slugs) > 1:
        covered = set().union(*(ancestors.get(s, frozenset()) for s in slugs))
        matches = [m for m in matches if m.slug not in covered] or matches
        specific = [m for m in matches if m.slug not in generic]
        matches = specific or matches
    best = max(matches, key=lambda m: (m.length, -m.start))
    return best.slug
