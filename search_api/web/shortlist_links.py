"""The shortlist without JavaScript: the ids picked so far travel in the address.

With JavaScript the shortlist lives in this browser's localStorage
(static/js/site.js) and each "Add to shortlist" link is a toggle. Without it,
the address is the only place a list can live, so search and profile pages
carry `shortlist=<id>` items: an add link reloads the same page with one id
more (the visitor stays on the results and can pick several), every link on
the page keeps the ids, and the header's Shortlist link opens
`/shortlist?ids=...` with all of them. Nothing is stored on the server.

Links to a profile or to the shortlist also carry the search's place,
insurer and concern, so the printable forms there start with them
(`search_context.py`) and their "Back to search" returns to a search with
them (`back_href`). Every link also carries the page's language
(`language.py`): a Spanish page's links all say `lang=es`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from search_api.printables.params import MAX_SHORTLIST
from search_api.web.formatting import query_string
from search_api.web.language import ENGLISH, lang_items
from search_api.web.language import PARAM as LANG_PARAM
from search_api.web.search_context import SearchContext

PARAM = "shortlist"


def _href(path: str, items: list[tuple[str, str]]) -> str:
    return f"{path}?{query_string(items)}" if items else path


@dataclass
class ShortlistLinks:
    """The ids (and the language) this page carries and the links that keep or change them."""

    ids: list[str] = field(default_factory=list)
    path: str = "/"  # this page, for the add/remove toggles
    other_items: list[tuple[str, str]] = field(default_factory=list)  # this page's other query items
    context: SearchContext = field(default_factory=SearchContext)  # pre-fills the printable forms
    lang: str = ENGLISH  # every link keeps it

    @property
    def count(self) -> int:
        return len(self.ids)

    @property
    def full(self) -> bool:
        return len(self.ids) >= MAX_SHORTLIST

    def items(self, ids: list[str] | None = None) -> list[tuple[str, str]]:
        """What every link (and the search form, as hidden inputs) keeps: the ids and the language."""
        return [(PARAM, i) for i in (self.ids if ids is None else ids)] + lang_items(self.lang)

    def contains(self, listing_id: str) -> bool:
        return listing_id in self.ids

    def toggle_href(self, listing_id: str) -> str:
        """This page with `listing_id` added to the carried ids, or taken out.

        A full list cannot grow: the link then opens the shortlist, where one
        can be removed.
        """
        if listing_id in self.ids:
            ids = [i for i in self.ids if i != listing_id]
        elif self.full:
            return self.page_href
        else:
            ids = [*self.ids, listing_id]
        other = [(k, v) for k, v in self.other_items if k != LANG_PARAM]  # items() adds it once
        return _href(self.path, other + self.items(ids))

    def carry(self, href: str) -> str:
        """A same-site link (profile, search) that keeps the carried ids and language."""
        items = self.items()
        if not items:
            return href
        return href + ("&" if "?" in href else "?") + query_string(items)

    def profile_href(self, href: str) -> str:
        """A profile link that keeps the carried ids and the search (for the profile's
        checklist form and its "Back to search")."""
        items = self.context.items()
        if items:
            href += ("&" if "?" in href else "?") + query_string(items)
        return self.carry(href)

    @property
    def page_href(self) -> str:
        """The shortlist page for the carried ids (and the search, for its forms)."""
        return _href("/shortlist", [("ids", i) for i in self.ids] + self.context.items()
                     + lang_items(self.lang))

    @property
    def context_query(self) -> str:
        """The search part of `page_href`: site.js keeps it when it points the link at its own list."""
        return query_string(self.context.items() + lang_items(self.lang))

    @property
    def search_href(self) -> str:
        """A new search that keeps the carried ids (the header's links, "Clear all")."""
        return _href("/", self.items())

    @property
    def back_href(self) -> str:
        """"Back to search": the search's place, insurer and concern, and the carried ids."""
        return _href("/", self.context.items() + self.items())
