"""Finding the terms of several vocabularies in one piece of free text.

Imports scan every description for the specialties and approaches it
mentions. One walk over the words with one trie shared by the vocabularies
costs about half of scanning once per vocabulary.
"""

from __future__ import annotations

from collections.abc import Sequence

from therapist_finder.vocab.matching import scan
from therapist_finder.vocab.vocabulary import Vocabulary


class MentionScanner:
    """Slugs of each vocabulary that a text names, by whole-word phrase."""

    def __init__(self, vocabularies: Sequence[Vocabulary]) -> None:
        rewrites = {id(v.rewrites) for v in vocabularies}
        if len(rewrites) > 1:
            raise ValueError("vocabularies scanned together must tokenize text the same way")
        self._first = vocabularies[0]
        self._trie: dict = {}
        for group, vocab in enumerate(vocabularies):
            vocab.add_to_trie(self._trie, group)
        self._groups = len(vocabularies)

    def find(self, text: str) -> list[list[str]]:
        """Per vocabulary, the slugs `text` mentions, in order of appearance
        (the same as each vocabulary's `find_in_text`)."""
        if not text:
            return [[] for _ in range(self._groups)]
        matches = scan(self._first.tokens(text), self._trie, text, self._groups)
        return [list(dict.fromkeys(m.slug for m in group)) for group in matches]
