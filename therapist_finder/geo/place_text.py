"""Read the ways people write a US place into (ZIP, city, state) parts, offline.

People type "Houston TX", "Houston, Texas", "10001, NY" or "Portland, OR
97201" as often as the strict "City, ST". This module only splits such text;
the gazetteer still decides whether the place exists. State names and
abbreviations come from the state vocabulary file (one list for the whole
project), read directly so the resolver does not need the vocabulary loader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from therapist_finder.vocab.text import strip_accents

_ZIP = re.compile(r"^(\d{5})(?:-\d{4})?$", re.ASCII)
# Words of the text: commas and spaces both separate ("Houston,TX" too).
_WORD = re.compile(r"[^\s,]+")


@dataclass(frozen=True)
class PlaceText:
    """What the text names: a ZIP (maybe with a state) or a city with its state."""

    zip: str | None = None
    city: str | None = None
    state: str | None = None  # USPS code, e.g. "TX"


def _fold(word: str) -> str:
    """'Calif.' -> 'calif', 'D.C.' -> 'dc', 'Hawái' -> 'hawai': how state words are compared."""
    return strip_accents(word.replace(".", "").casefold())


@lru_cache(maxsize=1)
def state_names() -> dict[str, str]:
    """Folded state name, abbreviation or code -> USPS code ('texas' -> 'TX')."""
    path = resources.files("therapist_finder.vocab") / "data" / "state.yaml"
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["entries"]
    names: dict[str, str] = {}
    for entry in entries:
        code = entry["slug"]
        for name in [code, entry["label"], *entry.get("synonyms", [])]:
            names[" ".join(_fold(w) for w in _WORD.findall(name))] = code
    return names


def _trailing_states(words: list[str]) -> list[tuple[str, int]]:
    """(code, how many words) for each way the last words name a state, longest
    first: "Charleston West Virginia" is WV before "Charleston West" in VA, and
    "Washington DC" is the city Washington in DC once "Washington DC" (a name of
    DC itself) leaves no city."""
    names = state_names()
    longest = max(len(name.split()) for name in names)
    found = []
    for size in range(min(longest, len(words)), 0, -1):
        code = names.get(" ".join(_fold(w) for w in words[-size:]))
        if code:
            found.append((code, size))
    return found


def parse_place(text: str) -> PlaceText | None:
    """Split a typed place; None when it is not a ZIP or a city and a state.

    Accepted: "10001", "10001, NY", "NY 10001", "New York, NY 10001",
    "Houston TX", "Houston, Texas", "St. Louis, Mo.". A ZIP wins over the
    city next to it (it is more precise); the state next to a ZIP is kept so
    the resolver can check that they agree.
    """
    words = _WORD.findall(text)
    if not words or len(words) > 12:  # longer text is not a place name
        return None
    zip_at = [i for i, w in enumerate(words) if _ZIP.match(w)]
    if len(zip_at) > 1:
        return None
    if zip_at:
        code = _ZIP.match(words[zip_at[0]]).group(1)  # type: ignore[union-attr]
        rest = words[:zip_at[0]] + words[zip_at[0] + 1:]
        if not rest:
            return PlaceText(zip=code)
        if zip_at[0] == 0:  # "10001 NY": only a state may follow the ZIP
            whole = [st for st, size in _trailing_states(rest) if size == len(rest)]
            return PlaceText(zip=code, state=whole[0]) if whole else None
        if zip_at[0] != len(words) - 1:  # a ZIP in the middle: not a form we read
            return None
        found = _trailing_states(rest)  # "[City] ST 10001"
        if not found or _street_like(rest[: len(rest) - found[0][1]]):
            return None
        return PlaceText(zip=code, state=found[0][0])
    for state, size in _trailing_states(words):
        if size < len(words):  # "Texas" alone names no city
            city = words[: len(words) - size]
            return None if _street_like(city) else PlaceText(city=" ".join(city), state=state)
    return None


def _street_like(words: list[str]) -> bool:
    """Digits before the state ("12 Main St, Springfield, IL") make a street
    address: the online geocoder's job (or its "needs a geocoder" message)."""
    return any(ch.isdigit() for word in words for ch in word)
