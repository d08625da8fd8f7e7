"""Read the packaged YAML vocabularies, check them and build `Vocabularies`.

Checks run at load time so a bad edit to a data file fails the first import
(and CI) with a message naming the file, rather than mis-mapping listings.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

from therapist_finder.vocab.mentions import MentionScanner
from therapist_finder.vocab.text import CLINICAL_REWRITES, COMMON_REWRITES
from therapist_finder.vocab.vocabulary import Term, Vocabulary, VocabularyError

FACETS: tuple[str, ...] = (
    "insurance",
    "specialty",
    "approach",
    "format",
    "age_group",
    "language",
    "license_type",
    "gender",
)
# Loaded alongside the facets (locations and licences need it) but not a facet.
STATE = "state"

_KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SLUG_PATTERNS: dict[str, re.Pattern[str]] = {
    STATE: re.compile(r"^[A-Z]{2}$"),
    # ISO 639-1; a sign language without a 639-1 code uses its 639-3 code.
    "language": re.compile(r"^[a-z]{2,3}$"),
}
_NUCC_CODE = re.compile(r"^[0-9A-Z]{9}X$")
_ENTRY_KEYS = {"slug", "label", "synonyms", "parent", "codes", "generic"}
_CLINICAL = {"specialty", "approach", "format", "age_group"}
# The C loader is several times faster; fall back when libyaml is missing.
_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Vocabularies:
    """All facet vocabularies plus `state`; iterates over FACETS only.

    `vocabs["insurance"]` and `vocabs.state` give a `Vocabulary`;
    `fingerprint` changes whenever any data file changes.
    """

    def __init__(self, vocabularies: dict[str, Vocabulary], fingerprint: str) -> None:
        missing = [name for name in (*FACETS, STATE) if name not in vocabularies]
        if missing:
            raise VocabularyError(f"missing vocabularies: {missing}")
        self._vocabularies = dict(vocabularies)
        self.fingerprint = fingerprint
        self._scanners: dict[tuple[str, ...], MentionScanner] = {}

    def scanner(self, *facets: str) -> MentionScanner:
        """One shared scanner for the terms of these facets in free text."""
        found = self._scanners.get(facets)
        if found is None:
            found = self._scanners[facets] = MentionScanner([self[f] for f in facets])
        return found

    @property
    def state(self) -> Vocabulary:
        """US states, DC and territories; slugs are 2-letter postal codes."""
        return self._vocabularies[STATE]

    def __getitem__(self, name: str) -> Vocabulary:
        try:
            return self._vocabularies[name]
        except KeyError:
            raise KeyError(f"unknown vocabulary {name!r}; facets are {FACETS}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(FACETS)

    def __len__(self) -> int:
        return len(FACETS)

    def __contains__(self, name: object) -> bool:
        return name in FACETS

    def keys(self) -> list[str]:
        """The facet names, in FACETS order."""
        return list(FACETS)

    def values(self) -> list[Vocabulary]:
        """The facet vocabularies, in FACETS order."""
        return [self._vocabularies[name] for name in FACETS]

    def items(self) -> list[tuple[str, Vocabulary]]:
        """(facet, vocabulary) pairs, in FACETS order."""
        return [(name, self._vocabularies[name]) for name in FACETS]

    def __repr__(self) -> str:
        return f"Vocabularies(fingerprint={self.fingerprint[:12]}...)"


def _strings(value: Any, where: str, field: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise VocabularyError(f"{where}: {field} must be a list")
    # YAML turns unquoted `1:1`, `yes` or `no` into numbers and booleans.
    bad = [v for v in value if not isinstance(v, str) or not v.strip()]
    if bad:
        raise VocabularyError(f"{where}: {field} has non-string or empty items {bad} (quote them)")
    return tuple(v.strip() for v in value)


def _parse_entry(raw: Any, filename: str, facet: str, index: int) -> tuple[Term, bool]:
    where = f"{filename} entry {index}"
    if not isinstance(raw, dict):
        raise VocabularyError(f"{where}: must be a mapping")
    unknown = sorted(set(raw) - _ENTRY_KEYS)
    if unknown:
        raise VocabularyError(f"{where}: unknown keys {unknown}")
    slug, label = raw.get("slug"), raw.get("label")
    if not isinstance(slug, str) or not _SLUG_PATTERNS.get(facet, _KEBAB).match(slug):
        raise VocabularyError(f"{where}: bad slug {slug!r}")
    where = f"{filename} {slug!r}"
    if not isinstance(label, str) or not label.strip():
        raise VocabularyError(f"{where}: label must be a non-empty string")
    parent = raw.get("parent")
    if parent is not None and not isinstance(parent, str):
        raise VocabularyError(f"{where}: parent must be a slug")
    codes = _strings(raw.get("codes"), where, "codes")
    bad = [c for c in codes if not _NUCC_CODE.match(c)]
    if bad:
        raise VocabularyError(f"{where}: malformed NUCC taxonomy codes {bad}")
    generic = raw.get("generic", False)
    if not isinstance(generic, bool):
        raise VocabularyError(f"{where}: generic must be true or false")
    synonyms = _strings(raw.get("synonyms"), where, "synonyms")
    return Term(slug, label.strip(), synonyms, codes, parent), generic


def _build(name: str, content: bytes) -> Vocabulary:
    filename = f"{name}.yaml"
    try:
        data = yaml.load(content, Loader=_YamlLoader)  # noqa: S506 (safe loader)
    except yaml.YAMLError as exc:
        raise VocabularyError(f"{filename}: invalid YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise VocabularyError(f"{filename}: expected a mapping with an 'entries' list")
    if data.get("facet") != name:
        raise VocabularyError(f"{filename}: 'facet' is {data.get('facet')!r}, expected {name!r}")
    terms: list[Term] = []
    generic: list[str] = []
    for index, raw in enumerate(data["entries"]):
        term, is_generic = _parse_entry(raw, filename, name, index)
        terms.append(term)
        if is_generic:
            generic.append(term.slug)
    rewrites = CLINICAL_REWRITES if name in _CLINICAL else COMMON_REWRITES
    return Vocabulary(name, terms, generic=generic, rewrites=rewrites, source=filename)


def _load(root: Traversable) -> Vocabularies:
    digest = hashlib.sha256()
    vocabularies: dict[str, Vocabulary] = {}
    for name in sorted((*FACETS, STATE)):
        file = root / f"{name}.yaml"
        if not file.is_file():
            raise VocabularyError(f"{name}.yaml not found in {root}")
        content = file.read_bytes()
        # Hash names too, so swapping two files' contents changes the print.
        digest.update(f"{name}.yaml\0".encode())
        digest.update(content)
        digest.update(b"\0")
        vocabularies[name] = _build(name, content)
    return Vocabularies(vocabularies, digest.hexdigest())


@lru_cache(maxsize=1)
def _load_packaged() -> Vocabularies:
    return _load(resources.files("therapist_finder.vocab") / "data")


def load_vocabularies(data_dir: Path | None = None) -> Vocabularies:
    """Load and check every vocabulary; the packaged data is loaded once and cached.

    Pass `data_dir` to read another directory of YAML files (tests, trials of
    new data); that is read afresh on every call.
    """
    if data_dir is None:
        return _load_packaged()
    return _load(Path(data_dir))
