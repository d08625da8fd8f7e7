"""The search page's filters: facet checkbox groups, flag options and removable chips."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from urllib.parse import urlencode

from search_api.web.text import ENGLISH_TEXT, PageText
from therapist_finder.store.query import FLAGS
from therapist_finder.vocab import FACETS, Vocabularies

FACET_LEGENDS = {
    "insurance": "Insurance",
    "specialty": "Helps with",
    "approach": "Approach",
    "format": "Session format",
    "age_group": "Ages",
    "language": "Language",
    "license_type": "License",
    "gender": "Therapist's gender",
}
FLAG_LABELS = {
    "accepting_new": "Accepting new clients",
    "telehealth": "Telehealth (video or phone)",
    "in_person": "In person",
    "sliding_scale": "Sliding scale",
    "free_consultation": "Free consultation",
}
# The state select lists these after the states and DC.
TERRITORIES = frozenset({"PR", "GU", "VI", "AS", "MP"})
# Facet options shown before "more" (the rest sit in a <details>).
TOP_OPTIONS = 6


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    checked: bool
    input_id: str


@dataclass
class FacetGroup:
    name: str
    legend: str
    top: list[FacetOption]
    more: list[FacetOption]

    @property
    def empty(self) -> bool:
        return not self.top and not self.more


@dataclass
class FlagOption:
    name: str
    label: str
    count: int | None
    value: bool | None  # what the current search asks for


@dataclass
class ActiveFilter:
    text: str
    remove_href: str


def _input_id(facet: str, value: str) -> str:
    safe = "".join(ch if ch.isalnum() else "-" for ch in value)
    return f"f-{facet}-{safe}"


def facet_groups(facets: dict[str, dict[str, int]], selected: dict[str, list[str]],
                 vocabs: Vocabularies, text: PageText = ENGLISH_TEXT) -> list[FacetGroup]:
    """Checkbox groups: selected values first, then by count; zero counts hidden."""
    groups = []
    for facet in FACETS:
        counts = facets.get(facet, {})
        chosen = selected.get(facet, [])
        values = list(dict.fromkeys([*chosen, *counts]))
        options = [FacetOption(value=v, label=text.label(vocabs, facet, v), count=counts.get(v, 0),
                               checked=v in chosen, input_id=_input_id(facet, v))
                   for v in values if v in chosen or counts.get(v, 0) > 0]
        options.sort(key=lambda o: (not o.checked, -o.count, o.label.casefold()))
        cut = max(TOP_OPTIONS, sum(o.checked for o in options))
        groups.append(FacetGroup(name=facet, legend=text(FACET_LEGENDS[facet]), top=options[:cut],
                                 more=options[cut:]))
    return groups


def flag_options(facets: dict[str, dict[str, int]], values: dict[str, bool | None],
                 text: PageText = ENGLISH_TEXT) -> list[FlagOption]:
    return [FlagOption(name=f, label=text(FLAG_LABELS[f]), count=facets.get(f, {}).get("true"),
                       value=values.get(f)) for f in FLAGS]


def state_choices(vocabs: Vocabularies, text: PageText = ENGLISH_TEXT) -> list[tuple[str, str]]:
    """(code, name) for the state select, in alphabetical order of the page's names ("Carolina
    del Norte" under C in Spanish), the territories after the states as the vocabulary has them."""
    named = [(t.slug, text.label(vocabs, "state", t.slug)) for t in vocabs.state.terms]
    states = sorted((p for p in named if p[0] not in TERRITORIES), key=lambda pair: _sort_key(pair[1]))
    return states + [p for p in named if p[0] in TERRITORIES]


def _sort_key(name: str) -> str:
    """Alphabetical as readers expect it: "Hawái" between "Georgia" and "Idaho"."""
    return "".join(c for c in unicodedata.normalize("NFKD", name.casefold()) if not unicodedata.combining(c))


def without(items: list[tuple[str, str]], key: str, value: str | None = None) -> str:
    """The search URL with one parameter (or one of its values) removed, from page one."""
    kept = [(k, v) for k, v in items
            if k != "cursor" and not (k == key and (value is None or v == value))]
    return "/?" + urlencode(kept) if kept else "/"


def active_filters(items: list[tuple[str, str]], selected: dict[str, list[str]],
                   raw_by_slug: dict[tuple[str, str], str], vocabs: Vocabularies,
                   text: PageText = ENGLISH_TEXT) -> list[ActiveFilter]:
    """A removable chip for each filter in force (not for q/near/sort/limit)."""
    out: list[ActiveFilter] = []
    for facet in FACETS:
        for slug in selected.get(facet, []):
            raw = raw_by_slug.get((facet, slug), slug)
            out.append(ActiveFilter(f"{text(FACET_LEGENDS[facet])}: {text.label(vocabs, facet, slug)}",
                                    without(items, facet, raw)))
    keys = dict(items)
    for flag in FLAGS:
        if flag in keys:
            said = {"true": text("yes"), "false": text("no")}.get(keys[flag].strip().lower(), keys[flag])
            out.append(ActiveFilter(f"{text(FLAG_LABELS[flag])}: {said}", without(items, flag)))
    if "state" in keys:
        slug = vocabs.state.normalize(keys["state"])
        state = text.label(vocabs, "state", slug) if slug else keys["state"]
        out.append(ActiveFilter(text("State: {state}", state=state), without(items, "state")))
    if "max_fee" in keys:
        said = text("At most ${fee} a session, sliding scales included", fee=keys["max_fee"])
        out.append(ActiveFilter(said, without(items, "max_fee")))
    return out

