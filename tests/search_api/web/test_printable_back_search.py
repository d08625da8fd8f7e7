"""A printable's back link returns to its page with the search that page came from.

A profile reached from `/?near=10001&insurance=aetna&specialty=anxiety` keeps that search
for its "Back to search". Its checklist's back link led to the profile with the shortlist
and the language only: the profile it reopened had lost the search, and so had its "Back
to search". The forms now send the page's search as `back_near`, `back_insurance` and
`back_specialty`, and the back link carries it as the web pages' own links do. What a
person picks in the printable's form (another insurer, a concern) never reaches an address.

The forms are read from the real pages and posted as a browser would (TestClient over the
real app and its SQLite store, conftest.py).
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest

from tests.search_api.web.test_printable_back_language import post
from tests.search_api.web.test_spanish_pages import parts

HTML = {"accept": "text/html"}
SEARCH = [("near", "10001"), ("insurance", "aetna"), ("specialty", "anxiety")]
PICKED = [("shortlist", "test:ipt"), ("shortlist", "test:cbt")]
BACK = re.compile(r'<a href="([^"]+)"><span aria-hidden="true">← </span>')


def _get(client, path: str, items: list[tuple[str, str]]) -> str:
    page = client.get(f"{path}?{urlencode(items)}" if items else path, headers=HTML)
    assert page.status_code == 200, page.text[:300]
    return page.text


def _form(html: str, action: str) -> list[tuple[str, str]]:
    (form,) = [f for f in parts(html).forms if f.get("action") == action]
    return [(name, value) for name, value, _ in form["fields"] if name]


def _printable_back(html: str) -> str:
    (href,) = BACK.findall(html)
    return unescape(href)


def _back_to_search(html: str) -> str:
    """A profile's "Back to search" (data-back-link) or a shortlist's, unescaped."""
    found = re.search(r'<a href="([^"]*)" data-back-link>', html) or re.search(
        r'<a class="btn btn-secondary" href="([^"]*)">(?:Back to search|Volver a la búsqueda)<', html)
    assert found, "no Back to search"
    return unescape(found[1])


def _choose(fields: list[tuple[str, str]], **chosen: str) -> list[tuple[str, str]]:
    """The form as the person left it: `chosen` replaces what the selects started with."""
    return [(k, chosen.get(k, v)) for k, v in fields]


@pytest.mark.parametrize("lang", [[], [("lang", "es")]], ids=["en", "es"])
def test_the_checklists_back_link_returns_to_the_profile_with_its_search(client, lang):
    profile = _get(client, "/therapists/test:ipt", SEARCH + PICKED + lang)
    fields = _form(profile, "/v1/checklist")
    # The printout for someone else's insurer and concern: chosen here, never put in an address.
    answer = post(client, "/v1/checklist",
                  _choose(fields, insurance="medicaid", concern="grief") + [("format", "html")], HTML)
    assert answer.status_code == 200
    back = _printable_back(answer.text)
    expected = "/therapists/test:ipt?" + urlencode(SEARCH + PICKED + lang)
    assert back == expected
    assert "medicaid" not in back and "grief" not in back
    # The profile it reopens leads back to the very search the person came from.
    again = _get(client, back.split("?")[0], parse_qsl(urlsplit(back).query))
    assert _back_to_search(again) == _back_to_search(profile)
    assert [(k, v) for k, v in parse_qsl(urlsplit(_back_to_search(again)).query) if k != "shortlist"] \
        == SEARCH + lang


def test_the_checklist_still_prints_a_pdf_from_that_form(client):
    fields = _form(_get(client, "/therapists/test:ipt", SEARCH + PICKED), "/v1/checklist")
    assert ("back_near", "10001") in fields and ("back_insurance", "aetna") in fields
    pdf = post(client, "/v1/checklist", fields + [("format", "pdf")])
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    # The HTML page's own PDF download leaves the back link's fields out: a PDF has none.
    page = post(client, "/v1/checklist", fields + [("format", "html")], HTML).text
    (download,) = [f for f in parts(page).forms if f.get("action") == "/v1/checklist"]
    assert not any(name.startswith("back_") and name != "back_lang" or name == "shortlist"
                   for name, _, _ in download["fields"])


def test_without_a_search_the_back_link_is_as_before(client):
    fields = _form(_get(client, "/therapists/test:ipt", PICKED), "/v1/checklist")
    assert not any(k.startswith("back_") and k != "back_lang" for k, _ in fields)
    answer = post(client, "/v1/checklist", fields + [("format", "html")], HTML)
    assert _printable_back(answer.text) == "/therapists/test:ipt?" + urlencode(PICKED)


@pytest.mark.parametrize(("action", "fill"), [("/v1/compare", {}), ("/v1/referrals", {"note": "x"})])
def test_the_shortlists_printables_return_to_it_with_its_search(client, action, fill):
    ids = [("ids", "test:ipt"), ("ids", "test:cbt")]
    shortlist = _get(client, "/shortlist", ids + SEARCH)
    fields = _choose(_form(shortlist, action), near="Albany, NY", insurance="cigna", **fill)
    answer = post(client, action, fields + [("format", "html")], HTML)
    assert answer.status_code == 200
    back = _printable_back(answer.text)
    assert back == "/shortlist?" + urlencode(ids + SEARCH)
    assert "Albany" not in back and "cigna" not in back
    again = _get(client, "/shortlist", parse_qsl(urlsplit(back).query))
    assert _back_to_search(again) == _back_to_search(shortlist)


def test_the_search_is_escaped_and_checked_on_the_way_back(client):
    """A place is text a person typed: it is escaped in the form and in the link, and a value
    no search would take is dropped, never an error."""
    place = 'Springfield, IL "<b>x</b>" & co'
    profile = _get(client, "/therapists/test:ipt", [("near", place), *SEARCH[1:]])
    assert "<b>x</b>" not in profile
    fields = _form(profile, "/v1/checklist")
    assert ("back_near", place) in fields
    answer = post(client, "/v1/checklist", fields + [("format", "html")], HTML)
    assert answer.status_code == 200 and "<b>x</b>" not in answer.text
    back = _printable_back(answer.text)
    assert parse_qsl(urlsplit(back).query) == [("near", place), *SEARCH[1:]]
    assert "<b>x</b>" not in _get(client, "/therapists/test:ipt", parse_qsl(urlsplit(back).query))
    # Tampered with: what the web pages would not pre-fill is left out of the link.
    tampered = [("therapist_id", "test:ipt"), ("back_insurance", "<script>"),
                ("back_specialty", "not-a-concern"), ("back_near", "x" * 201),
                ("back_near", "line\nbreak\x00"), ("format", "html")]
    answer = post(client, "/v1/checklist", tampered, HTML)
    assert answer.status_code == 200 and "<script>" not in answer.text
    assert _printable_back(answer.text) == "/therapists/test:ipt"


def test_an_error_page_leads_back_to_the_search_too(client):
    """The listing is gone: the 404 page's link returns to the search the page came from."""
    fields = [("therapist_id", "test:nobody"), ("back_near", "10001"), ("back_insurance", "aetna"),
              ("back_specialty", "anxiety"), ("format", "html")]
    answer = post(client, "/v1/checklist", fields, HTML)
    assert answer.status_code == 404
    assert _printable_back(answer.text) == "/?" + urlencode(SEARCH)
    page = _get(client, "/", SEARCH)
    assert 'value="10001"' in page
