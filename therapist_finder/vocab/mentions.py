"""Finding the terms of several vocabularies in one piece of free text.

Imports scan every description for the specialties and approaches it
mentions. The text is tokenized once, then one Aho-Corasick automaton over
the phrase keys of all vocabularies reports every occurrence in a single C
pass (walking a token trie in Python cost about 110 dict lookups per
description). Between overlapping occurrences the scanner chooses exactly
as `matching.scan` does, so results equal each vocabulary's `find_in_text`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from operator import itemgetter

import ahocorasick

from therapist_finder.vocab.matching import END, Ending
from therapist_finder.vocab.text import tokenize
from therapist_finder.vocab.vocabulary import Vocabulary

# What the automaton keeps per phrase key: one entry per vocabulary having it,
# (group, key length in characters, slug, strict spelling or None).
_Entry = tuple[int, int, str, re.Pattern[str] | None]
# Bottom of every group's stack of runs: it ends before any match starts.
_NO_RUN = (0, 0, None)
_SLUG = itemgetter(2)


class MentionScanner:
    """Slugs of each vocabulary that a text names, by whole-word phrase."""

    def __init__(self, vocabularies: Sequence[Vocabulary]) -> None:
        rewrites = {id(v.rewrites) for v in vocabularies}
        if len(rewrites) > 1:
            raise ValueError("vocabularies scanned together must tokenize text the same way")
        # Same rewrites, same tokens as each vocabulary's `tokens`; holding the
        # mapping rather than a Vocabulary keeps the scanner picklable.
        self._rewrites = vocabularies[0].rewrites
        self._groups = len(vocabularies)
        self._no_runs = ((_NO_RUN,),) * self._groups
        trie: dict = {}
        for group, vocab in enumerate(vocabularies):
            vocab.add_to_trie(trie, group)
        self._entries: dict[str, tuple[_Entry, ...]] = {
            key: tuple((e.group, len(key), e.slug, e.strict) for e in endings)
            for key, endings in _trie_phrases(trie)
        }
        self._automaton = _automaton(self._entries)

    @property
    def signature(self) -> str:
        """Every phrase key with what it finds, as text: equal signatures find
        equal terms in any text (stored mention bits depend on exactly this)."""
        return "|".join(
            f"{key}>" + ",".join(f"{group}:{slug}:{strict.pattern if strict else ''}"
                                 for group, _, slug, strict in found)
            for key, found in sorted(self._entries.items())
        )

    def __getstate__(self) -> dict:
        # The automaton is rebuilt on unpickling (a millisecond or two) rather
        # than trusting the C extension's pickle format across versions.
        return {"rewrites": self._rewrites, "groups": self._groups, "entries": self._entries}

    def __setstate__(self, state: dict) -> None:
        self._rewrites = state["rewrites"]
        self._groups = state["groups"]
        self._no_runs = ((_NO_RUN,),) * self._groups
        self._entries = state["entries"]
        self._automaton = _automaton(self._entries)

    def find(self, text: str) -> list[list[str]]:
        """Per vocabulary, the slugs `text` mentions, in order of appearance
        (the same as each vocabulary's `find_in_text`)."""
        if not text:
            return [[] for _ in range(self._groups)]
        # Keys are whole tokens bounded by spaces, so character offsets order
        # and overlap exactly as token positions do.
        joined = " " + " ".join(tokenize(text, self._rewrites)) + " "
        # Matches only compete with those they overlap, transitively. Per
        # group, keep the runs of overlapping matches found so far as
        # (start, stop, slug of the match spanning the run): in prose nearly
        # every run is like "cognitive behavioral therapy (CBT)", where one
        # match spans the others and so is the longest and wins.
        runs: list[list[tuple[int, int, str | None]]] = list(map(list, self._no_runs))
        unclear: list[int] = []
        for stop, entries in self._automaton.iter(joined):  # ordered by stop
            for group, chars, slug, strict in entries:
                if strict is not None and not strict.search(text):
                    continue
                start = stop - chars
                group_runs = runs[group]
                run_start, run_stop, _ = group_runs[-1]
                if run_stop <= start:  # overlaps nothing so far
                    group_runs.append((start, stop, slug))
                elif run_stop == stop and run_start <= start:  # inside the spanning match
                    pass
                elif start <= run_start and group_runs[-2][1] <= start:  # spans the last run
                    group_runs[-1] = (start, stop, slug)
                elif group not in unclear:  # partial overlaps, or spans several runs
                    unclear.append(group)
        found = [[*dict.fromkeys(map(_SLUG, group_runs))][1:] for group_runs in runs]  # [1:] drops _NO_RUN
        for group in unclear:
            found[group] = self._longest_first(group, joined, text)
        return found

    def _longest_first(self, group: int, joined: str, text: str) -> list[str]:
        """`matching.scan`'s general rule in character offsets: by token count,
        then characters, then leftmost, then slug; never overlapping."""
        candidates = [
            (-joined.count(" ", stop - chars, stop) - 1, -chars, stop - chars, stop, slug)
            for stop, entries in self._automaton.iter(joined)
            for g, chars, slug, strict in entries
            if g == group and (strict is None or strict.search(text))
        ]
        candidates.sort()
        taken = bytearray(len(joined))
        chosen: list[tuple[int, str]] = []
        for _, _, start, stop, slug in candidates:
            if taken.find(1, start, stop) < 0:
                taken[start:stop] = b"\x01" * (stop - start)
                chosen.append((start, slug))
        chosen.sort()
        return list(dict.fromkeys([slug for _, slug in chosen]))


def _trie_phrases(trie: Mapping[str, dict]) -> Iterator[tuple[str, tuple[Ending, ...]]]:
    """(key, endings) of every phrase in a trie made by `matching.add_to_trie`."""
    stack = [trie]
    while stack:
        node = stack.pop()
        for token, child in node.items():
            if token == END:
                yield child[0].key, child  # one node is one token path, so one key
            else:
                stack.append(child)


def _automaton(entries: Mapping[str, tuple[_Entry, ...]]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    # An automaton needs a word (iter raises otherwise, even for an empty
    # vocabulary); tokens never hold a newline, and () means nothing found.
    automaton.add_word("\n", ())
    for key, value in entries.items():
        automaton.add_word(f" {key} ", value)
    automaton.make_automaton()
    return automaton
