"""Find vocabulary phrases inside a token sequence and choose between them.

Kept apart from `vocabulary.py` so the selection rules (longest wins, the
specific beats the generic) can be read, and changed, in one place.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple


class Match(NamedTuple):
    """One phrase found at tokens[start:start+length], resolving to slug."""

    start: int
    length: int  # in tokens: the main measure of how specific a match is
    chars: int  # tie-breaker between equally long matches
    slug: str


# Key under which a trie node keeps the phrases ending there.
END = ""


class Ending(NamedTuple):
    """A phrase that ends at a trie node, in one of the vocabularies scanned."""

    group: int  # which vocabulary (position in the scan's list)
    key: str
    slug: str
    strict: re.Pattern[str] | None  # the spelling free text must use, if any


def add_to_trie(
    trie: dict, group: int, phrases: Mapping[str, str], strict: Mapping[str, re.Pattern[str]]
) -> dict:
    """Add one vocabulary's phrase keys to a token trie (nested dicts).

    Several vocabularies can share one trie, so one walk over a description
    finds the terms of all of them.
    """
    for key, slug in phrases.items():
        node = trie
        for token in key.split(" "):
            node = node.setdefault(token, {})
        node[END] = (*node.get(END, ()), Ending(group, key, slug, strict.get(key)))
    return trie


def scan(
    tokens: tuple[str, ...], trie: Mapping[str, dict], text: str | None, groups: int = 1
) -> list[list[Match]]:
    """Per vocabulary group: non-overlapping phrase matches, longest first,
    returned in text order.

    Candidates come from walking the trie from each position, so a word
    that starts no phrase costs one dict lookup: this runs over every word
    of every imported description. With `text`, everyday-word phrases
    count only when spelled as in the vocabulary ("ACT", not "act").
    """
    # Per group (-length, -chars, start, slug): tuples sort longest-first natively.
    found: list[list[tuple[int, int, int, str]]] = [[] for _ in range(groups)]
    count = len(tokens)
    for start, token in enumerate(tokens):
        node = trie.get(token)
        end = start + 1
        while node is not None:
            for group, key, slug, strict in node.get(END, ()):
                if strict is None or text is None or strict.search(text):
                    found[group].append((start - end, -len(key), start, slug))
            if end == count:
                break
            node = node.get(tokens[end])
            end += 1
    return [_select(candidates, count) for candidates in found]


def _select(candidates: list[tuple[int, int, int, str]], count: int) -> list[Match]:
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
