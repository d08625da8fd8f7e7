"""Where the page after a FHIR search page is, when that page cannot tell us.

A FHIR searchset Bundle names only its next page (`link` relation "next").
If one page stays unreadable after its retries, or fails over HTTP, the chain
of links breaks there and every later page would be lost. Servers that page
by offset (HAPI FHIR's `_getpagesoffset`, or `_offset`) with a page size in
`_count` put the position in the URL, so the page after is the same URL with
the offset moved on by one page. Any other form of paging cannot be guessed.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

OFFSET_PARAMS = ("_getpagesoffset", "_offset")
# Unreadable pages skipped in a row before the search is given up: a server
# that fails this often is not answering, and guessing on would only add load.
MAX_PAGES_SKIPPED = 3


def page_after(url: str) -> str | None:
    """The URL of the page after `url`'s, or None when its paging is not by offset."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    names = [name for name, _ in query]
    offset_name = next((name for name in OFFSET_PARAMS if names.count(name) == 1), None)
    if offset_name is None or names.count("_count") != 1:
        return None
    values = dict(query)
    try:
        offset, count = int(values[offset_name]), int(values["_count"])
    except ValueError:
        return None
    if offset < 0 or count < 1:
        return None
    moved = [(name, str(offset + count) if name == offset_name else value) for name, value in query]
    return urlunsplit(parts._replace(query=urlencode(moved, safe=":,/")))
