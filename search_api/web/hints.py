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
        if hint.param == "q":
            text = f"Search for “{hint.value}”"
        else:
            kind = _FACET_NAMES.get(hint.param)
            text = f"Filter by {kind}: {hint.label}" if kind else f"Show only: {hint.label}"
        count = counted(hint.total, "listing") if hint.total is not None else ""
        links.append(HintLink(text=text, count=count, href="/?" + query_string(items)))
    return links
