"""Pages of results: numbering, the "Showing 21–40 of 645" line and the paging links.

The store pages with opaque cursors ("continue after this listing"), which
only go forward and do not say where a page starts. The page links carry the
rest themselves, so no state is kept on the server:

- `start`: the number of this page's first result (for `<ol start>`, the
  map's marker numbers and the range line);
- `prev`: the cursors of the pages before this one, oldest first (page one
  has none), so "Previous page" can go back one page at a time.

Both are web-only parameters, taken out before the search is validated.
Tampered values only make the numbers or the way back wrong, never an error:
a bad cursor is caught when the search checks it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from search_api.web.formatting import query_string
from search_api.web.text import ENGLISH_TEXT, PageText

START = "start"
PREV = "prev"
PARAMS = frozenset({START, PREV})
# Past this many pages the oldest cursors are dropped (about 130 characters
# each, keeping the address short); "First page" still always works.
MAX_PREV = 10
_MAX_START = 1_000_000
_CURSOR_RE = re.compile(r"^[A-Za-z0-9_-]{1,2000}$")  # URL-safe base64, as the store writes them


@dataclass
class Paging:
    """Where this page is: its first result's number (None: unknown) and the way back."""

    start: int | None
    prev: list[str]


def read_paging(items: list[tuple[str, str]], has_cursor: bool) -> Paging:
    """The page position from the address; page one when there is no cursor."""
    if not has_cursor:
        return Paging(start=1, prev=[])
    raw = [v for k, v in items if k == START]
    # isdecimal, not isdigit: '²' is a digit that int() refuses.
    start = int(raw[-1]) if raw and raw[-1].strip().isdecimal() and raw[-1].strip().isascii() else None
    if start is not None and not 1 <= start <= _MAX_START:
        start = None
    prev = [v for k, v in items if k == PREV]
    if len(prev) > MAX_PREV or not all(_CURSOR_RE.match(c) for c in prev):
        prev = []  # damaged: no "Previous", "First page" still works
    return Paging(start=start, prev=prev)


def _href(items: list[tuple[str, str]]) -> str:
    return "/?" + query_string(items) if items else "/"


@dataclass
class PagingLinks:
    first: str | None = None
    previous: str | None = None
    next: str | None = None


def paging_links(base: list[tuple[str, str]], paging: Paging, cursor: str | None,
                 next_cursor: str | None, shown: int, limit: int) -> PagingLinks:
    """Links for the search `base` (no cursor or paging items in it).

    `cursor` is this page's own cursor (None on page one), `shown` how many
    results it lists and `limit` the page size.
    """
    links = PagingLinks()
    if next_cursor:
        prev = ([*paging.prev, cursor] if cursor else [])[-MAX_PREV:]
        items = [*base, ("cursor", next_cursor)]
        if paging.start is not None:
            items.append((START, str(paging.start + shown)))
        links.next = _href(items + [(PREV, c) for c in prev])
    if cursor is None:
        return links
    first = _href(base)
    if paging.prev:
        back = [*base, ("cursor", paging.prev[-1])]
        if paging.start is not None:
            back.append((START, str(max(2, paging.start - limit))))
        links.previous = _href(back + [(PREV, c) for c in paging.prev[:-1]])
        links.first = first
    elif paging.start is None or paging.start <= limit + 1:
        links.previous = first  # page two: the previous page is the first
    else:
        links.first = first  # the way back was cut short (MAX_PREV)
    return links


def range_text(start: int | None, shown: int, total: int, text: PageText = ENGLISH_TEXT) -> str:
    """'Showing 21–40 of 645' ('' for a single page that starts at one)."""
    if not shown or (start == 1 and shown >= total):
        return ""
    last = start + shown - 1 if start is not None else None
    if start is None or last == start:
        first = f"{shown:,}" if start is None else f"{start:,}"
        # One listing shown: "Se muestra 21 de 23" in Spanish, not "Se muestran".
        return text.agreeing(shown if start is None else 1, "Showing {shown} of {total}",
                             shown=first, total=f"{total:,}")
    return text("Showing {shown} of {total}", shown=f"{start:,}–{last:,}", total=f"{total:,}")
