"""Typo tolerance: a strict whole-string fallback and looser suggestions.

Normalisation must not guess, so `typo_match` only accepts near-identical
strings; `suggest` feeds "did you mean" messages, where a person decides.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

# A whole-string typo ("Aetana") must be this close to a known phrase (0-100).
FUZZY_CUTOFF = 90
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


# One slip of the fingers: a letter wrong, missing or extra, or two letters
# swapped ("greif", "anxeity"). Swaps score only 80 with `fuzz.ratio`, under
# FUZZY_CUTOFF, though they are the commonest slip; words this long only.
SLIP_MIN_LETTERS = 5


def one_slip(word: str, keys: Sequence[str], slugs: Sequence[str]) -> str | None:
    """The slug of the one-word phrase `word` is one slip away from, or None
    (also when two phrases of different slugs are). For "did you mean" only."""
    if len(word) < SLIP_MIN_LETTERS or " " in word:
        return None
    found = {slugs[i] for i, key in enumerate(keys)
             if " " not in key and abs(len(key) - len(word)) <= 1
             and OSA.distance(word, key, score_cutoff=1) <= 1}
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
