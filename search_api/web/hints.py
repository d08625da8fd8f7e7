"""Links for the filters (or spelling) the free text suggests.

`therapist_finder.search_hints` finds them and counts each suggested
search; here each becomes a link to that search, keeping every other choice
on the page (the shortlist included) and starting again from page one.
"""

from __future__ import annotations

from dataclasses import dataclass

from search_api.web.formatting import counted, query_string
from therapist_finder.search_hints import SearchHint, hint_updates
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
               link_items: list[tuple[str, str]]) -> list[HintLink]:
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
        text = f"Search for “{hint.value}”" if hint.param == "q" else _filter_text(hint)
        count = counted(hint.total, "listing") if hint.total is not None else ""
        links.append(HintLink(text=text, count=count, href="/?" + query_string(items)))
    return links


def _filter_text(hint: SearchHint) -> str:
    """"Filter by insurance: Aetna", "Show only: Telehealth", or for a combined
    hint "Filter by insurance: Aetna, language: Spanish, telehealth"."""
    filters = hint.filters
    if len(filters) == 1 and filters[0].param not in _FACET_NAMES:
        return f"Show only: {filters[0].label}"
    parts: dict[str, list[str]] = {}  # values of one filter are alternatives
    for one in filters:
        kind = _FACET_NAMES.get(one.param)
        if kind:
            parts.setdefault(kind, []).append(one.label)
        else:
            parts[one.label.lower()] = []
    return "Filter by " + ", ".join(f"{key}: {' or '.join(labels)}" if labels else key
                                    for key, labels in parts.items())
