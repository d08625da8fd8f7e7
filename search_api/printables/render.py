"""HTML (Jinja2, autoescaped) and PDF (WeasyPrint, from the same HTML).

Pages are self-contained: the one print stylesheet is inlined, fonts are
system fonts (DejaVu), and the PDF renderer is given a URL fetcher that
refuses every URL, so nothing is ever loaded from another host.
"""

from __future__ import annotations

import logging
import threading
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from search_api.printables.compare_rows import printed_rows
from search_api.printables.provenance import MAX_AGE_DAYS, date_text
from search_api.printables.wording import load_content
from search_api.text_language import lang_attr
from therapist_finder.links import safe_url  # noqa: F401 - one definition, used here and by tests

# Content-Security-Policy for every printable page: no script at all, inline CSS only.
# Forms may post to this server only: the page's own PDF/CSV downloads are POST forms.
CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'self'")

# One PDF at a time: Pango/fontconfig are not reliably thread-safe, and on a small
# machine parallel renders would only compete for the same cores.
_PDF_LOCK = threading.RLock()  # re-entrant: render_pdf holds it around layout

logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


@cache
def _css() -> str:
    path = resources.files("search_api") / "templates" / "print" / "print.css"
    return path.read_text(encoding="utf-8")


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("search_api", "templates/print"),
        autoescape=select_autoescape(enabled_extensions=("html",), default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_url"] = safe_url
    env.filters["lang_attr"] = lang_attr  # a listing's own text in another language than the sheet's
    env.filters["printed_rows"] = printed_rows  # the compare table's rows, tall ones cut
    return env


def render_html(template: str, lang: str, *, today: date, stale_after_days: int = MAX_AGE_DAYS,
                **context: Any) -> str:
    """Render a print template with its language's wording and the inlined CSS.

    `stale_after_days`: the span the facts' `old` was judged by (the built sheet's), which
    their "please confirm: over ... old" tags name.
    """
    content = load_content(lang)
    context.setdefault("back", None)  # the page's back link (navigation.Link)
    context.setdefault("download", None)  # its PDF/CSV download form (navigation.Download)
    return environment().get_template(template).render(
        lang=lang, c=content, t=content.t, today=date_text(today, lang), css=_css(),
        stale_after_days=stale_after_days, **context)


def _deny_fetcher():
    """A WeasyPrint URL fetcher that fetches nothing (no remote or local files)."""
    try:
        from weasyprint.urls import URLFetcher
    except ImportError:  # WeasyPrint < 66 takes a plain function
        def deny(url: str, *args: object, **kwargs: object) -> dict:
            raise ValueError(f"printables load no resources ({url[:40]})")

        return deny

    class DenyFetcher(URLFetcher):
        def fetch(self, url, headers=None):  # noqa: ARG002
            raise ValueError(f"printables load no resources ({url[:40]})")

    return DenyFetcher()


def layout(html: str) -> Any:
    """The HTML laid out for print by WeasyPrint (a `weasyprint.Document`), fetching nothing.

    `render_pdf` writes this document; tests read its boxes to check that no
    text runs out of its table cell.
    """
    from weasyprint import HTML  # imported on first use: it loads Pango

    with _PDF_LOCK:
        return HTML(string=html, base_url=None, url_fetcher=_deny_fetcher()).render()


def render_pdf(html: str, title: str | None = None) -> bytes:
    """A tagged PDF (PDF/UA-1) from the HTML, laid out with the print stylesheet.

    Tagged, because a checklist or referral packet is also read aloud: a screen
    reader follows its headings, lists and tables, in reading order, in the
    document's language, and announces its title rather than a file name. It
    costs no measurable time; the file is about 45% larger (36 -> 53 KB for a
    one-listing checklist).
    """
    with _PDF_LOCK:
        document = layout(html)
        if title:
            document.metadata.title = title
        return document.write_pdf(pdf_variant="pdf/ua-1")
