"""Links for the filters (or spelling) the free text suggests.

`therapist_finder.search_hints` finds them and counts each suggested
search; here each becomes a link to that search, keeping every other choice
on the page (the shortlist included) and starting again from page one. A
filter hint keeps the search box's other words as text, so its words say
so ("Filter by language: Spanish, searching for “couples”"): its count is
for the filter and those words together.
"""

from __future__ import annotations

from dataclasses import dataclass

from search_api.web.formatting import query_string
from search_api.web.text import ENGLISH_TEXT, PageText
from therapist_finder.search_hints import HintFilter, SearchHint, hint_updates
from therapist_finder.search_params import SearchParams

_FACET_NAMES = {
    "insurance": "insurance",
    "language": "language",
    "license_type": "license",
    "format": "session format",
    "age_group": "age group",
}


@dataclass(frozen=True)
class HintLink:
    text: str
    count: str
    href: str


def hint_links(hints: list[SearchHint], params: SearchParams | None,
               link_items: list[tuple[str, str]], text: PageText = ENGLISH_TEXT) -> list[HintLink]:
    """One link per hint; `link_items` are the page's search and shortlist items,
    `params` the search they were checked as."""
    links = []
    for hint in hints if params is not None else []:
        updates = hint_updates(params, hint)
        items = [(k, v) for k, v in link_items if k not in updates]
        for key, value in updates.items():
            for one in value if isinstance(value, list) else [value]:
                if one is not None:
                    items.append((key, "true" if one is True else str(one)))
        said = (text("Search for “{words}”", words=hint.value) if hint.param == "q"
                else _filter_text(hint, text))
        kept = updates.get("q")
        if hint.param != "q" and kept and kept.strip():
            # The link keeps the other words as text, and its count is for both: say so.
            said = text("{filters}, searching for “{words}”", filters=said, words=" ".join(kept.split()))
        count = text.counted(hint.total, "listing") if hint.total is not None else ""
        links.append(HintLink(text=said, count=count, href="/?" + query_string(items)))
    return links


def _filter_text(hint: SearchHint, text: PageText) -> str:
    """"Filter by insurance: Aetna", "Show only: Telehealth", or for a combined
    hint "Filter by insurance: Aetna, language: Spanish, telehealth"."""
    filters = hint.filters
    if len(filters) == 1 and filters[0].param not in _FACET_NAMES:
        return text("Show only: {what}", what=text(filters[0].label))
    parts: dict[str, list[str]] = {}  # values of one filter are alternatives
    for one in filters:
        kind = _FACET_NAMES.get(one.param)
        if kind:
            parts.setdefault(text(kind), []).append(_value_label(one, text))
        else:
            parts[text(one.label).lower()] = []
    either = text(" or ")
    return text("Filter by {filters}", filters=", ".join(f"{key}: {either.join(labels)}" if labels else key
                                                         for key, labels in parts.items()))


def _value_label(one: HintFilter, text: PageText) -> str:
    """A filter value's label in the page's language (the hint carries the English one)."""
    return text.own_label(one.param, one.value, one.label)
