"""A printable opened from a page leads back to that page in the language it was read in.

The profile's and the shortlist's forms let a person print in the other language (an
English page, a Spanish checklist for a client). The printable speaks its own `lang`;
its back link returns to the page as the person left it, whichever language they chose
for the printout. The forms are read from the real pages and posted as a browser would.
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from playwright.sync_api import expect

from tests.search_api.web.test_spanish_pages import parts

HTML = {"accept": "text/html"}
FORM = {"content-type": "application/x-www-form-urlencoded"}
BACK = re.compile(r'<a href="([^"]+)"><span aria-hidden="true">← </span>')
PAGES = {  # the page, and the action of the form on it
    "checklist": ("/therapists/test:ipt", "/v1/checklist"),
    "compare": ("/shortlist?ids=test:ipt&ids=test:cbt", "/v1/compare"),
    "referrals": ("/shortlist?ids=test:ipt&ids=test:cbt", "/v1/referrals"),
}


def _with_lang(url: str, lang: str) -> str:
    return url + ("&" if "?" in url else "?") + "lang=es" if lang == "es" else url


def _form(client, printable: str, page_lang: str) -> list[tuple[str, str]]:
    """The printable's form on its page, as the page offers it."""
    page, action = PAGES[printable]
    html = client.get(_with_lang(page, page_lang), headers=HTML).text
    (form,) = [f for f in parts(html).forms if f.get("action") == action]
    return [(name, value) for name, value, _ in form["fields"] if name]


def _submit(client, printable: str, fields: list[tuple[str, str]], printout_lang: str):
    """Post the form with its language select set to `printout_lang`, for a page."""
    data = [(k, printout_lang if k == "lang" else v) for k, v in fields] + [("format", "html")]
    return post(client, PAGES[printable][1], data, HTML)


def post(client, path: str, fields: list[tuple[str, str]], headers: dict | None = None):
    """POST fields in their order, repeats kept, as a browser sends a form."""
    return client.post(path, content=urlencode(fields), headers={**FORM, **(headers or {})})


def _back(html: str) -> str:
    (href,) = BACK.findall(html)
    return unescape(href)


@pytest.mark.parametrize("printable", list(PAGES))
@pytest.mark.parametrize(("page_lang", "printout_lang"), [("en", "es"), ("es", "en"), ("en", "en"),
                                                          ("es", "es")])
def test_the_back_link_returns_in_the_pages_language(client, printable, page_lang, printout_lang):
    answer = _submit(client, printable, _form(client, printable, page_lang), printout_lang)
    assert answer.status_code == 200
    assert f'<html lang="{printout_lang}">' in answer.text  # the printout in the language chosen
    href = _back(answer.text)
    assert urlsplit(href).path == urlsplit(PAGES[printable][0]).path
    assert (("lang", "es") in parse_qsl(urlsplit(href).query)) == (page_lang == "es"), href
    back = client.get(href, headers=HTML)
    assert back.status_code == 200 and f'<html lang="{page_lang}">' in back.text


@pytest.mark.parametrize(("page_lang", "printout_lang"), [("en", "es"), ("es", "en")])
def test_an_error_page_leads_back_in_the_pages_language_too(client, page_lang, printout_lang):
    """One listing ticked for a compare sheet: the 422 page speaks the printout's language
    and its link returns to the shortlist as the person read it."""
    fields = [(k, v) for k, v in _form(client, "compare", page_lang) if (k, v) != ("ids", "test:cbt")]
    answer = _submit(client, "compare", fields, printout_lang)
    assert answer.status_code == 422 and f'<html lang="{printout_lang}">' in answer.text
    href = _back(answer.text)
    assert urlsplit(href).path == "/shortlist"
    assert (("lang", "es") in parse_qsl(urlsplit(href).query)) == (page_lang == "es")


def test_a_link_or_an_api_call_without_back_lang_leads_back_in_the_printables_language(client):
    """`back_lang` comes from the pages' forms; a bare link keeps its old behaviour."""
    answer = client.get("/v1/checklist?therapist_id=test:ipt&lang=es&format=html", headers=HTML)
    assert _back(answer.text) == "/therapists/test:ipt?lang=es"
    answer = client.get("/v1/checklist?therapist_id=test:ipt&format=html", headers=HTML)
    assert _back(answer.text) == "/therapists/test:ipt"


def test_the_pdf_download_keeps_back_lang_and_json_ignores_it(client):
    fields = _form(client, "compare", "es")
    page = _submit(client, "compare", fields, "en").text
    assert '<input type="hidden" name="back_lang" value="es">' in page  # its error page, if any
    sheet = post(client, "/v1/compare", fields + [("format", "json")])
    assert sheet.status_code == 200 and "back_lang" not in sheet.text


def test_in_a_browser_a_spanish_checklist_leads_back_to_the_english_profile(page):
    page.goto("/therapists/test:ipt")
    page.get_by_label("Language of the checklist").select_option("es")
    page.get_by_role("button", name="Open checklist as a page").click()
    page.wait_for_url(re.compile(r"/v1/checklist$"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.get_by_role("link", name="Volver al anuncio").click()
    page.wait_for_url(re.compile(r"/therapists/test:ipt$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
