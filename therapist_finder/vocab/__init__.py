"""Controlled vocabularies: the slugs every facet filter, import and query speaks.

The YAML files in `data/` list, per facet, each term's slug, label, synonyms
and (for licence types) NUCC taxonomy codes. `load_vocabularies()` reads and
checks them once; `Vocabulary.normalize()` maps raw strings from crawlers and
imports onto slugs.
"""

from therapist_finder.vocab.loader import FACETS, STATE, Vocabularies, load_vocabularies
from therapist_finder.vocab.vocabulary import Term, Vocabulary, VocabularyError

__all__ = [
    "FACETS",
    "STATE",
    "Term",
    "Vocabularies",
    "Vocabulary",
    "VocabularyError",
    "load_vocabularies",
]
