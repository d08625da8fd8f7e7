"""Typo tolerance: a strict whole-string fallback and looser suggestions.

Normalisation must not guess, so `typo_match` only accepts near-identical
strings; `suggest` feeds "did you mean" messages, where a person decides.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz, process

# A whole-string typo ("Aetana") must be this close to a known phrase (0-100).
FUZZY_CUTOFF = 90
# In free text, a word shorter than this and one letter longer or shorter than a
# term's word is another real word more often than a typo ("danger" is not "anger",
# "raging" is not "aging"); a raw facet value ("Aetana") is not free text.
SHORT_WORD = 6
# Suggestions may be looser: they are shown to a person, never applied.
SUGGEST_CUTOFF = 55


def typo_match(key: str, keys: Sequence[str], slugs: Sequence[str]) -> str | None:
    """The slug of the phrase `key` is a near-certain misspelling of, or None."""
    if len(key) < 4:
        return None
    found = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    if found is None:
        return None
    choice, _score, index = found
    # Adding or dropping letters at the end usually makes another word
    # ("Medical" is not "Medica", "Human" is not "Humana"), and so does
    # splitting or joining words ("Medical" is not "Medi-Cal").
    if choice.startswith(key) or key.startswith(choice):
        return None
    if choice.count(" ") != key.count(" "):
        return None
    return slugs[index]


# Two neighbouring letters swapped ("greif", "anxeity"): the commonest slip, and one
# `fuzz.ratio` scores only 80, under FUZZY_CUTOFF. Only swaps: one letter changed, added
# or dropped turns too many real words into terms ("brief" -> grief, "morning" ->
# mourning, "danger" -> anger), and the strict typo match covers longer words already.
SLIP_MIN_LETTERS = 5


def _swapped(word: str, key: str) -> bool:
    """Whether `key` is `word` with two neighbouring letters swapped."""
    if len(word) != len(key) or word == key:
        return False
    diff = [i for i, (a, b) in enumerate(zip(word, key, strict=True)) if a != b]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and word[diff[0]] == key[diff[1]] \
        and word[diff[1]] == key[diff[0]]


def one_slip(word: str, keys: Sequence[str], slugs: Sequence[str]) -> str | None:
    """The slug of the one-word phrase `word` is a swap of two neighbouring letters
    away from, or None (also when two phrases of different slugs are). For "did you
    mean" only."""
    if len(word) < SLIP_MIN_LETTERS or " " in word:
        return None
    found = {slugs[i] for i, key in enumerate(keys) if " " not in key and _swapped(word, key)}
    return found.pop() if len(found) == 1 else None


def _suggest_score(query: str, choice: str, **_: object) -> float:
    """Whole-string similarity, or word-set similarity when words were added.

    Not WRatio: its substring matching lets short slugs ("pa" in "spanich")
    outrank the intended term.
    """
    return max(fuzz.ratio(query, choice), fuzz.token_set_ratio(query, choice))


def suggest(key: str, keys: Sequence[str], slugs: Sequence[str], limit: int) -> list[str]:
    """Up to `limit` distinct slugs whose phrases are closest to `key`, best first."""
    if not key or limit <= 0:
        return []
    found = process.extract(
        key, keys, scorer=_suggest_score, limit=None, score_cutoff=SUGGEST_CUTOFF
    )
    # Break ties with the plain ratio so "aetan" prefers "aetna" over a
    # longer phrase that merely shares a word.
    ranked = sorted(found, key=lambda f: (-f[1], -fuzz.ratio(key, f[0]), f[2]))
    out: list[str] = []
    for _choice, _score, index in ranked:
        if slugs[index] not in out:
            out.append(slugs[index])
            if len(out) == limit:
                break
    return out
