"""Where a printable page leads: back to the page it came from, and its downloads.

Back links are built from listing ids only (the shortlist's own address, or
a profile's), never from the note, the place or the concerns, so following
one puts nothing about the client into an address or the browser's history.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from search_api.printables.params import MAX_ID_LENGTH, read_ids
from search_api.printables.wording import ChecklistContent

# Form-only parameter: the whole shortlist to go back to, when the page shows
# part of it (a compare sheet of 5 out of 8). Never validated as listing ids:
# it only shapes the back link.
SHORTLIST_PARAM = "shortlist"


@dataclass(frozen=True)
class Link:
    url: str
    text: str


@dataclass(frozen=True)
class Download:
    """A POST form that asks for this same page in another format."""

    action: str
    fields: list[tuple[str, str]]
    formats: list[str]


def back_link(pairs: list[tuple[str, str]], content: ChecklistContent,
              missing: Iterable[str] = ()) -> Link:
    """The shortlist these ids came from, else the listing's profile, else the search.

    `missing`: ids the directory no longer has (a profile link would be a 404;
    the shortlist page says which ones are gone, so it keeps them).
    """
    # A Spanish printable leads back to the Spanish web page (the web pages keep
    # their language in the address alone: lang=es).
    lang = [("lang", "es")] if content.lang == "es" else []
    shortlist = [v for k, v in pairs if k == SHORTLIST_PARAM]
    ids = read_ids(shortlist or [v for k, v in pairs if k == "ids"])
    if ids:
        return Link("/shortlist?" + urlencode([("ids", i) for i in ids] + lang),
                    content.t("back_shortlist"))
    query = "?" + urlencode(lang) if lang else ""
    therapist = next((v.strip() for k, v in reversed(pairs) if k == "therapist_id"), "")
    if therapist and len(therapist) <= MAX_ID_LENGTH and therapist not in set(missing):
        return Link(f"/therapists/{quote(therapist, safe=':@')}{query}", content.t("back_listing"))
    return Link(f"/{query}", content.t("back_search"))


def download(action: str, pairs: list[tuple[str, str]], formats: list[str]) -> Download:
    """This page's parameters (already validated) as hidden fields, less `format`.

    `shortlist` is left out too: it only shapes an HTML page's back link, and a
    download is a PDF or a CSV.
    """
    return Download(action=action, formats=formats,
                    fields=[(k, v) for k, v in pairs if k not in ("format", SHORTLIST_PARAM)])
