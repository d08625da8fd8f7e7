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


# Key under which a trie node keeps the phrase ending there: (its key, slug).
END = ""


def build_trie(phrases: Mapping[str, str]) -> dict:
    """Nested dicts token -> node over the space-separated phrase keys."""
    trie: dict = {}
    for key, slug in phrases.items():
        node = trie
        for token in key.split(" "):
            node = node.setdefault(token, {})
        node[END] = (key, slug)
    return trie


def scan(
    tokens: tuple[str, ...],
    trie: Mapping[str, dict],
    allowed: Callable[[str], bool] | None = None,
) -> list[Match]:
    """Non-overlapping phrase matches, longest first, returned in text order.

    Candidates come from walking the token trie (see `build_trie`) from each
    position, so a position whose token starts no phrase costs one dict
    lookup: this runs over every word of every imported description.
    `allowed` can veto a phrase (everyday words that must be spelled as in
    the vocabulary).
    """
    # (-length, -chars, start, slug): plain tuples sort longest-first natively.
    candidates: list[tuple[int, int, int, str]] = []
    count = len(tokens)
    for start, token in enumerate(tokens):
        node = trie.get(token)
        end = start + 1
        while node is not None:
            found = node.get(END)
            if found is not None and (allowed is None or allowed(found[0])):
                candidates.append((start - end, -len(found[0]), start, found[1]))
            if end == count:
                break
            node = node.get(tokens[end])
            end += 1
    candidates.sort()
    taken = bytearray(count)
    chosen: list[Match] = []
    for neg_length, neg_chars, start, slug in candidates:
        stop = start - neg_length
        if any(taken[start:stop]):
            continue
        taken[start:stop] = b"\x01" * (stop - start)
        chosen.append(Match(start, stop - start, -neg_chars, slug))
    chosen.sort()
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
