"""One controlled vocabulary (a facet, or the list of states) and its lookups.

All tables are built once in the constructor; `normalize` then costs a few
dict lookups (and is memoised), because imports call it for every raw value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

from therapist_finder.errors import ConfigurationError
from therapist_finder.vocab import fuzzy
from therapist_finder.vocab.matching import Match, add_to_trie, pick_one, scan
from therapist_finder.vocab.text import (
    COMMON_REWRITES,
    EVERYDAY_WORDS,
    slug_key,
    tokenize,
)


class VocabularyError(ConfigurationError):
    """A vocabulary file is malformed or ambiguous; the message names the file."""


@dataclass(frozen=True)
class Term:
    """One vocabulary entry: a stable slug, a display label and what else it is called."""

    slug: str
    label: str
    synonyms: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()  # NUCC taxonomy codes (license_type only)
    parent: str | None = None  # the broader term this one is a variant of


class _SelfDefault(dict):
    """A dict whose missing keys map to themselves."""

    def __missing__(self, key: str) -> str:
        return key


class Vocabulary:
    """The terms of one facet plus precompiled tables for matching raw strings."""

    def __init__(
        self,
        name: str,
        terms: Iterable[Term],
        *,
        generic: Iterable[str] = (),
        rewrites: Mapping[str, tuple[str, ...]] = COMMON_REWRITES,
        source: str | None = None,
    ) -> None:
        self.name = name
        self.terms: tuple[Term, ...] = tuple(terms)
        self._rewrites = rewrites
        self._source = source or name
        self._by_slug: dict[str, Term] = {}
        for term in self.terms:
            if term.slug in self._by_slug:
                self._fail(f"slug {term.slug!r} appears more than once")
            self._by_slug[term.slug] = term
        self.slug_set: frozenset[str] = frozenset(self._by_slug)
        # slug -> label, an unknown slug standing for itself: indexing reads
        # labels for every listing, through C-level map() rather than a loop.
        self.labels: Mapping[str, str] = _SelfDefault({t.slug: t.label for t in self.terms})
        self._generic = frozenset(generic)
        unknown = sorted(self._generic - self._by_slug.keys())
        if unknown:
            self._fail(f"generic entries name unknown slugs {unknown}")
        self._link_parents()
        self._index_codes()
        self._index_phrases()
        self._normalize_cached = lru_cache(maxsize=1 << 16)(self._normalize)

    # -- construction -----------------------------------------------------

    def _fail(self, message: str) -> None:
        raise VocabularyError(f"{self._source}: {message}")

    def _link_parents(self) -> None:
        self._children: dict[str, list[str]] = {}
        for term in self.terms:
            if term.parent is None:
                continue
            if term.parent not in self._by_slug:
                self._fail(f"{term.slug!r} has unknown parent {term.parent!r}")
            self._children.setdefault(term.parent, []).append(term.slug)
        self._ancestors: dict[str, frozenset[str]] = {}
        for term in self.terms:
            seen: list[str] = []
            parent = term.parent
            while parent is not None:
                if parent == term.slug or parent in seen:
                    self._fail(f"parent chain of {term.slug!r} loops")
                seen.append(parent)
                parent = self._by_slug[parent].parent
            self._ancestors[term.slug] = frozenset(seen)

    def _index_codes(self) -> None:
        self._by_code: dict[str, Term] = {}
        for term in self.terms:
            for code in term.codes:
                other = self._by_code.get(code)
                if other is not None and other.slug != term.slug:
                    self._fail(f"code {code} used by both {other.slug!r} and {term.slug!r}")
                self._by_code[code] = term

    def _index_phrases(self) -> None:
        """Key every label/synonym (accented and plain) and reject ambiguity."""
        owners: dict[str, str] = {}  # key -> slug, for exact lookups
        self._phrases: dict[str, str] = {}  # plain key -> slug, for phrase scans
        spellings: dict[str, set[str]] = {}
        clashes: list[str] = []
        for term in self.terms:
            sources = [term.label, *term.synonyms]
            # Uppercase slugs are state codes: let "Albany, NY" find NY.
            if term.slug.isupper():
                sources.append(term.slug)
            for text in sources:
                plain = " ".join(tokenize(text, self._rewrites))
                accented = " ".join(tokenize(text, self._rewrites, accents=True))
                if not plain:
                    self._fail(f"{term.slug!r}: phrase {text!r} has no words left")
                for key in {plain, accented}:
                    owner = owners.setdefault(key, term.slug)
                    if owner != term.slug:
                        clashes.append(f"{text!r} ({key!r}) is used by {owner!r} and {term.slug!r}")
                self._phrases[plain] = term.slug
                spellings.setdefault(plain, set()).add(text.strip())
        if clashes:
            self._fail("duplicate synonyms: " + "; ".join(sorted(set(clashes))))
        self._exact = owners
        self._slug_keys = {slug_key(t.slug): t.slug for t in self.terms}
        # Everyday-word keys ("act", "miss") need their exact spelling in free text.
        self._strict: dict[str, re.Pattern[str]] = {}
        for key in self._phrases.keys() & EVERYDAY_WORDS:
            forms = "|".join(re.escape(s) for s in sorted(spellings[key]))
            self._strict[key] = re.compile(rf"(?<!\w)(?:{forms})(?!\w)")
        self._trie = self.add_to_trie({}, 0)
        self._fuzzy_keys = list(self._phrases)
        self._fuzzy_slugs = [self._phrases[k] for k in self._fuzzy_keys]
        suggest = dict(self._phrases)
        for term in self.terms:
            suggest.setdefault(term.slug.casefold().replace("-", " "), term.slug)
        self._suggest_keys = list(suggest)
        self._suggest_slugs = list(suggest.values())

    # -- lookups ------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.terms)

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    def __contains__(self, slug: object) -> bool:
        return slug in self._by_slug

    def __repr__(self) -> str:
        return f"Vocabulary({self.name!r}, {len(self.terms)} terms)"

    def are_slugs(self, values: Iterable[str]) -> bool:
        """Whether every value is already one of this vocabulary's slugs."""
        return self.slug_set.issuperset(values)

    def get(self, slug: str) -> Term | None:
        """The term with this exact slug, or None."""
        return self._by_slug.get(slug)

    def _require(self, slug: str) -> Term:
        term = self._by_slug.get(slug)
        if term is None:
            raise KeyError(f"{self.name}: unknown slug {slug!r}")
        return term

    def slugs(self) -> list[str]:
        """All slugs, in file order."""
        return [t.slug for t in self.terms]

    def by_code(self, code: str) -> Term | None:
        """The term owning a NUCC taxonomy code (case and spaces ignored), or None."""
        return self._by_code.get(code.strip().upper())

    def phrases(self, slug: str) -> list[str]:
        """Label and synonyms in lowercase, for query-time synonym expansion.

        Raises KeyError for an unknown slug, which is a caller bug.
        """
        term = self._require(slug)
        return list(dict.fromkeys(p.lower() for p in (term.label, *term.synonyms)))

    def children(self, slug: str) -> list[str]:
        """Slugs whose parent is `slug` (e.g. the IPT variants); KeyError if unknown."""
        self._require(slug)
        return list(self._children.get(slug, ()))

    def descendants(self, slug: str) -> list[str]:
        """Every narrower slug under `slug`, at any depth, nearest first; KeyError if unknown."""
        self._require(slug)
        found, level = [], list(self._children.get(slug, ()))
        while level:
            found.extend(level)
            level = [child for parent in level for child in self._children.get(parent, ())]
        return found

    def ancestors(self, slug: str) -> list[str]:
        """Broader slugs of `slug`, nearest first (group IPT -> IPT); KeyError if unknown."""
        self._require(slug)
        found, parent = [], self._by_slug[slug].parent
        while parent is not None:
            found.append(parent)
            parent = self._by_slug[parent].parent
        return found

    def is_generic(self, slug: str) -> bool:
        """Whether `slug` is a catch-all ("Blue Cross", "Medicare") that yields to specifics."""
        return slug in self._generic

    # -- matching -----------------------------------------------------------

    def normalize(self, raw: str) -> str | None:
        """Map a raw value ("BCBS of Texas PPO") to a slug, or None if nothing fits.

        Order: exact slug, exact label/synonym, longest phrase inside the
        string, then a strict whole-string typo match.
        """
        if not isinstance(raw, str):
            return None
        return self._normalize_cached(raw)

    def exact(self, raw: str) -> str | None:
        """The slug whose slug, label or synonym `raw` is, as written (no phrase scan, no typo)."""
        text = raw.strip()
        slug = self._slug_keys.get(slug_key(text))
        if slug is not None:
            return slug
        if not text.isascii():
            accented = " ".join(tokenize(text, self._rewrites, accents=True))
            if accented in self._exact:
                return self._exact[accented]
        return self._exact.get(" ".join(tokenize(text, self._rewrites)))

    def _normalize(self, raw: str) -> str | None:
        text = raw.strip()
        if not text:
            return None
        slug = self._slug_keys.get(slug_key(text))
        if slug is not None:
            return slug
        plain = tokenize(text, self._rewrites)
        if not text.isascii():
            accented = " ".join(tokenize(text, self._rewrites, accents=True))
            if accented in self._exact:
                return self._exact[accented]
        key = " ".join(plain)
        if key in self._exact:
            return self._exact[key]
        matches = self._scan(plain)
        if matches:
            return pick_one(matches, self._ancestors, self._generic)
        return fuzzy.typo_match(key, self._fuzzy_keys, self._fuzzy_slugs)

    def _scan(self, tokens: tuple[str, ...], text: str | None = None) -> list[Match]:
        return scan(tokens, self._trie, text)[0]

    def add_to_trie(self, trie: dict, group: int) -> dict:
        """Add this vocabulary's phrases to a shared trie (see `MentionScanner`)."""
        return add_to_trie(trie, group, self._phrases, self._strict)

    def respell(self, word: str) -> str | None:
        """The slug a word one slip from one of its words stands for ("greif" ->
        grief), for "did you mean": looser than `normalize`, which never guesses."""
        key = " ".join(tokenize(word or "", self._rewrites))
        return fuzzy.one_slip(key, self._fuzzy_keys, self._fuzzy_slugs)

    def suggest(self, raw: str, limit: int = 3) -> list[str]:
        """Up to `limit` valid slugs closest to `raw`, best first ("did you mean")."""
        key = " ".join(tokenize(raw or "", self._rewrites))
        return fuzzy.suggest(key, self._suggest_keys, self._suggest_slugs, limit)

    def find_in_text(self, text: str) -> list[str]:
        """Slugs whose label or synonym occurs as a whole-word phrase in free text.

        Longer phrases win and matches never overlap ("postpartum depression"
        yields perinatal-depression, not depression). Order of appearance.
        """
        if not text:
            return []
        return list(dict.fromkeys(m.slug for m in self._scan(self.tokens(text), text)))

    def tokens(self, text: str) -> tuple[str, ...]:
        """`text` tokenized the way this vocabulary matches it. Vocabularies
        with the same rewrites give the same tokens, so callers scanning one
        text for several vocabularies can tokenize it once."""
        return tokenize(text, self._rewrites)

    @property
    def rewrites(self) -> Mapping[str, tuple[str, ...]]:
        return self._rewrites

