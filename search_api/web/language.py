"""Which language a page speaks, and the links that keep it or change it.

The site sets no cookie and keeps no session, so the address is the only
place the choice can live: `lang=es` gives Spanish, anything else (or
nothing) English. Every link and form a Spanish page makes carries
`lang=es` (`ShortlistLinks` adds it to the items each link keeps), and the
header's switch links to the same address in the other language.

The Accept-Language header is not followed: a page's language then depends
on its address alone, so a link sent to someone, a bookmark or a printout
shows what its sender saw, and the switch is on every page.
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import Request

PARAM = "lang"
SPANISH = "es"
ENGLISH = "en"


def read_lang(items: list[tuple[str, str]]) -> str:
    """'es' when the last `lang` item asks for Spanish, else 'en'."""
    asked = [v for k, v in items if k == PARAM]
    return SPANISH if asked and asked[-1].strip().lower() == SPANISH else ENGLISH


def page_lang(request: Request) -> str:
    return read_lang(request.query_params.multi_items())


def lang_items(lang: str) -> list[tuple[str, str]]:
    """What a link carries to stay in `lang`: nothing for English, the default."""
    return [(PARAM, SPANISH)] if lang == SPANISH else []


def switch_href(request: Request, lang: str) -> str:
    """This page's address in the other language (its other query items kept)."""
    other = ENGLISH if lang == SPANISH else SPANISH
    items = [(k, v) for k, v in request.query_params.multi_items() if k != PARAM] + lang_items(other)
    return request.url.path + ("?" + urlencode(items) if items else "")
