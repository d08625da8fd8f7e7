"""Plain display strings for the web pages: labels, money, fees, distances and links.

Templates only print strings from here (Jinja2 escapes them); nothing here
builds HTML. Words come in the page's language (`text.PageText`; English when
none is given).
"""

from __future__ import annotations

from urllib.parse import urlencode

from search_api.printables import units
from search_api.web.text import ENGLISH_TEXT, PageText
from therapist_finder.links import safe_url  # noqa: F401 - one definition, used here and by tests
from therapist_finder.schema import Fees
from therapist_finder.vocab import Vocabularies


def label(vocabs: Vocabularies, facet: str, slug: str) -> str:
    """The vocabulary's display label (the slug itself if the vocabulary lost it)."""
    return ENGLISH_TEXT.label(vocabs, facet, slug)


def money(amount: float, currency: str = "USD") -> str:
    text = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
    return f"${text}" if currency == "USD" else f"{text} {currency}"


def _range(low: float | None, high: float | None, currency: str, text: PageText) -> str:
    if low is not None and high is not None and low != high:
        return f"{money(low, currency)}–{money(high, currency)}"
    if low is not None:
        return money(low, currency) if high is not None else text("from {money}", money=money(low, currency))
    if high is not None:
        return text("up to {money}", money=money(high, currency))
    return ""


def fee_parts(fees: Fees, text: PageText = ENGLISH_TEXT) -> list[str]:
    """['$150 a session', 'sliding scale $40–$90', 'free consultation'] (may be empty)."""
    parts: list[str] = []
    session = _range(fees.session_min, fees.session_max, fees.currency, text)
    if session:
        parts.append(text("{money} a session", money=session))
    if fees.sliding_scale:
        span = _range(fees.sliding_scale_min, fees.sliding_scale_max, fees.currency, text)
        parts.append(text("sliding scale {money}", money=span) if span else text("sliding scale available"))
    elif fees.sliding_scale is False:
        parts.append(text("no sliding scale"))
    if fees.free_consultation:
        parts.append(text("free consultation"))
    return parts


def fee_text(fees: Fees, text: PageText = ENGLISH_TEXT) -> str:
    parts = fee_parts(fees, text)
    if not parts:
        return text("Fees not listed")
    text = "; ".join(parts)
    return text[0].upper() + text[1:]


def distance_text(miles: float | None, lang: str = "en") -> str:
    """The printables' wording, so a card and a compare sheet read alike."""
    return units.distance_text(miles, lang)


def tel_href(phone: str | None) -> str | None:
    if not phone:
        return None
    digits = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    return f"tel:{digits}" if len(digits.lstrip("+")) >= 7 else None


def query_string(items: list[tuple[str, str]]) -> str:
    return urlencode(items)


def noun(count: int | float | str, one: str, many: str | None = None) -> str:
    """'listing' for 1, 'listings' otherwise ('1 mile', '2.5 miles', '0 listings').

    `count` may be the text of a form value ("1", "25"): only exactly one is singular.
    """
    return ENGLISH_TEXT.noun(count, one, many)


def counted(count: int | float | str, one: str, many: str | None = None) -> str:
    """'1 mile', '20 listings', '1,645 listings': the number and its noun."""
    return ENGLISH_TEXT.counted(count, one, many)


def radius_text(miles: float, text: PageText = ENGLISH_TEXT) -> str:
    return text.counted(f"{miles:g}", "mile")
