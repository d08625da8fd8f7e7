"""Where a printable page leads: back to the page it came from, and its downloads.

Back links are built from listing ids (the shortlist's own address, or a
profile's), never from the note, the place or the concerns chosen in the
printable's form, so following one puts nothing about the client into an
address or the browser's history that was not there before. They return in the
language the person was reading the site in (`back_lang`, which the web pages'
forms send), not the printable's own `lang`: an English page may print a
Spanish checklist for a client.

They also return with the search the page was reached from (`back_near`,
`back_insurance`, `back_specialty`: the page's own `near`, `insurance` and
`specialty`, web/search_context.py, which the forms copy as hidden fields), so
the profile or shortlist they lead to still has its "Back to search" to that
search. These come from the page's address, where they already were, and are
kept apart from the form's own `near`, `insurance` and `concern`, which a
person may have changed for the printout: those never reach an address.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from search_api.printables.params import MAX_ID_LENGTH, read_ids
from search_api.printables.wording import ChecklistContent

# Form-only parameter: the whole shortlist to go back to, when the page shows
# part of it (a compare sheet of 5 out of 8). Never validated as listing ids:
# it only shapes the back link.
SHORTLIST_PARAM = "shortlist"
# Form-only too: the language of the page the printable was opened from (params.back_lang_field).
BACK_LANG_PARAM = "back_lang"
SITE_LANGS = ("en", "es")  # the web pages' languages (search_api.web.language)
# Form-only too: the search the page was reached from, field -> the search's parameter.
# Only shapes the back link; checked there (web/search_context.py), never an error.
BACK_CONTEXT_PARAMS = {"back_near": "near", "back_insurance": "insurance",
                       "back_specialty": "specialty"}
# What shapes only the back link, and so stays out of a download (a PDF has none).
BACK_ONLY_PARAMS = frozenset({SHORTLIST_PARAM, *BACK_CONTEXT_PARAMS})


@dataclass(frozen=True)
class Link:
    url: str
    text: str  # in the printable's language, like the rest of its page


@dataclass(frozen=True)
class Download:
    """A POST form that asks for this same page in another format."""

    action: str
    fields: list[tuple[str, str]]
    formats: list[str]


def back_context(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The form's `back_*` fields under the search's own names, unchecked: the caller checks
    them as the web pages do (`SearchContext.read`) and passes what survives to `back_link`."""
    return [(BACK_CONTEXT_PARAMS[k], v) for k, v in pairs if k in BACK_CONTEXT_PARAMS]


def back_link(pairs: list[tuple[str, str]], content: ChecklistContent,
              missing: Iterable[str] = (), context: Sequence[tuple[str, str]] = ()) -> Link:
    """A checklist's listing profile (with the shortlist it was printed beside),
    else the shortlist these ids came from, else the search.

    `missing`: ids the directory no longer has (a profile link would be a 404;
    the shortlist page says which ones are gone, so it keeps them). `context`: the
    search the page was reached from, already checked (`SearchContext.items()`), carried
    in the order the web pages' own links carry it (web/shortlist_links.py).
    """
    site_lang = back_lang(pairs, content.lang)
    # The web pages keep their language in the address alone (lang=es).
    lang = [("lang", "es")] if site_lang == "es" else []
    search = list(context)
    shortlist = read_ids(v for k, v in pairs if k == SHORTLIST_PARAM)
    therapist = next((v.strip() for k, v in reversed(pairs) if k == "therapist_id"), "")
    if (therapist and len(therapist) <= MAX_ID_LENGTH and therapist not in set(missing)
            and not any(k == "ids" for k, _ in pairs)):
        # A checklist: back to the profile, with the search and the shortlist its address
        # carried (without JavaScript the address is the only place the list lives:
        # web/shortlist_links.py), as `ShortlistLinks.profile_href` writes them.
        query = urlencode(search + [(SHORTLIST_PARAM, i) for i in shortlist] + lang)
        return Link(f"/therapists/{quote(therapist, safe=':@')}" + (f"?{query}" if query else ""),
                    content.t("back_listing"))
    ids = shortlist or read_ids(v for k, v in pairs if k == "ids")
    if ids:
        return Link("/shortlist?" + urlencode([("ids", i) for i in ids] + search + lang),
                    content.t("back_shortlist"))
    query = "?" + urlencode(search + lang) if search or lang else ""
    return Link(f"/{query}", content.t("back_search"))


def back_lang(pairs: list[tuple[str, str]], printable_lang: str) -> str:
    """The language the person was reading the site in: the form's `back_lang`, else the
    printable's own (a link or an API call that names only `lang`).

    A person may print in the other language (an English page, a Spanish checklist for a
    client), and the printable's back link then returns to the page as they left it.
    """
    asked = [v.strip().lower() for k, v in pairs if k == BACK_LANG_PARAM]
    return asked[-1] if asked and asked[-1] in SITE_LANGS else printable_lang


def download(action: str, pairs: list[tuple[str, str]], formats: list[str]) -> Download:
    """This page's parameters (already validated) as hidden fields, less `format`.

    `shortlist` and the `back_*` search are left out too: they only shape an HTML page's
    back link, and a download is a PDF or a CSV.
    """
    return Download(action=action, formats=formats,
                    fields=[(k, v) for k, v in pairs if k != "format" and k not in BACK_ONLY_PARAMS])
