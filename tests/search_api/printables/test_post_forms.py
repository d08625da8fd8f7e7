"""POST /v1/checklist, /v1/compare, /v1/referrals: the same parameters as a form body.

The web pages' forms POST, so a referral note or a client's concern never
lands in an address, the browser's history or an access log. A POST answers
exactly what the GET with the same parameters answers; the pages' back links
and PDF/CSV downloads put nothing but listing ids into any URL.
"""

from __future__ import annotations

import csv
import html as htmllib
import io
import re

import pytest

from tests.search_api.printables.conftest import pdf_text
from tests.search_api.printables.test_endpoints import assert_inert_page, assert_private

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
NOTE = 'Client J.D. "quoted" <b>call after 5</b>'
REFERRAL = [("ids", "test:ipt"), ("ids", "test:formula"), ("near", "10001"),
            ("concern", "suicidal thoughts"), ("insurance", "aetna"), ("note", NOTE)]


def post(client, path, pairs, **kwargs):
    return client.post(path, data=dict(_grouped(pairs)), **kwargs)


def _grouped(pairs):
    """httpx sends a list value as a repeated field."""
    out: dict[str, list[str]] = {}
    for key, value in pairs:
        out.setdefault(key, []).append(value)
    return out.items()


def urls(page: str) -> list[str]:
    """Every address the page links or submits to, unescaped."""
    return [htmllib.unescape(u) for u in re.findall(r'\s(?:href|action)="([^"]*)"', page)]


def download_form(page: str) -> tuple[str, list[tuple[str, str]]]:
    form = re.search(r'<form method="post" action="([^"]*)">(.*?)</form>', page, re.S)
    assert form, "no download form"
    fields = re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)">', form[2])
    return form[1], [(k, htmllib.unescape(v)) for k, v in fields]


# -- same answers as GET ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "pairs"),
    [
        ("/v1/checklist", [("therapist_id", "test:ipt"), ("concern", "postpartum"),
                           ("format", "html")]),
        ("/v1/checklist", [("insurance", "aetna"), ("lang", "es")]),  # json by default
        ("/v1/compare", [("ids", "test:ipt"), ("ids", "test:cbt"), ("near", "10001"),
                         ("insurance", "aetna")]),
        ("/v1/compare", [("ids", "test:ipt,test:xss"), ("format", "json")]),
        ("/v1/referrals", [*REFERRAL, ("format", "html")]),
        ("/v1/referrals", [*REFERRAL, ("format", "csv")]),
        ("/v1/referrals", [*REFERRAL, ("format", "json"), ("checklist", "false")]),
    ],
)
def test_post_answers_what_get_answers(client, path, pairs):
    got = client.get(path, params=pairs)
    posted = post(client, path, pairs)
    assert got.status_code == posted.status_code == 200
    assert posted.headers["content-type"] == got.headers["content-type"]
    assert posted.headers.get("content-disposition") == got.headers.get("content-disposition")
    assert_private(posted)
    assert posted.text == got.text


def test_posted_pdf_is_the_same_document(client):
    pairs = [*REFERRAL, ("format", "pdf")]
    got, posted = client.get("/v1/referrals", params=pairs), post(client, "/v1/referrals", pairs)
    assert posted.status_code == 200 and posted.headers["content-type"] == "application/pdf"
    assert_private(posted)
    text = " ".join(pdf_text(posted.content).split())
    assert text == " ".join(pdf_text(got.content).split())
    assert NOTE in text


# -- nothing about the client in any URL ------------------------------------------------


def test_referral_page_keeps_the_note_out_of_every_url(client):
    resp = post(client, "/v1/referrals", [*REFERRAL, ("format", "html")])
    assert resp.status_code == 200
    page = resp.text
    assert_inert_page(page)
    assert "Client J.D. &#34;quoted&#34; &lt;b&gt;call after 5&lt;/b&gt;" in page  # escaped
    for url in urls(page):
        for private in ("J.D.", "note", "concern", "suicid", "near", "10001", "aetna"):
            assert private not in url, url
    # Back to the shortlist (ids only), and downloads as a POST form to the same path.
    assert '<a href="/shortlist?ids=test%3Aipt&amp;ids=test%3Aformula">' in page
    action, fields = download_form(page)
    assert action == "/v1/referrals" and ("note", NOTE) in fields
    assert re.findall(r'name="format" value="(\w+)"', page) == ["pdf", "csv"]
    assert "form-action 'self'" in resp.headers["content-security-policy"]


def test_the_pages_download_form_gives_the_pdf_and_the_csv(client):
    page = post(client, "/v1/referrals", [*REFERRAL, ("format", "html")]).text
    action, fields = download_form(page)
    pdf = post(client, action, [*fields, ("format", "pdf")])
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert NOTE in " ".join(pdf_text(pdf.content).split())
    sheet = post(client, action, [*fields, ("format", "csv")])
    assert sheet.status_code == 200 and sheet.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(sheet.text.lstrip("\ufeff"))))
    assert [r["Listing id"] for r in rows] == ["test:ipt", "test:formula"]
    # The spreadsheet keeps the "please confirm" flags the sheets print.
    assert "[please confirm: over six months old]" in rows[0]["Accepting new clients"]
    assert rows[1]["Accepting new clients"] == "Not listed"


def test_compare_back_link_returns_to_the_whole_shortlist(client):
    """A sheet of some of the shortlist goes back to all of it, not to the part compared."""
    pairs = [("ids", "test:ipt"), ("ids", "test:cbt"), ("concern", "anxiety")]
    pairs += [("shortlist", i) for i in ("test:ipt", "test:cbt", "test:xss")]
    page = post(client, "/v1/compare", pairs).text
    assert '<a href="/shortlist?ids=test%3Aipt&amp;ids=test%3Acbt&amp;ids=test%3Axss">' in page
    action, fields = download_form(page)
    assert action == "/v1/compare" and ("concern", "anxiety") in fields
    assert "shortlist" not in dict(fields)  # a PDF has no back link
    assert all("anxiety" not in url for url in urls(page))


def test_checklist_page_goes_back_to_the_listing(client):
    page = post(client, "/v1/checklist", [("therapist_id", "test:ipt"), ("concern", "ptsd"),
                                          ("format", "html")]).text
    assert '<a href="/therapists/test:ipt">' in page and "Back to the listing" in page
    assert download_form(page) == ("/v1/checklist", [("therapist_id", "test:ipt"),
                                                      ("concern", "ptsd")])


# -- errors: named, as pages for people, never a 500 -----------------------------------


def test_posted_bad_parameter_is_a_422_naming_it(client):
    resp = post(client, "/v1/referrals", [("ids", "test:ipt"), ("checklist", "maybe"),
                                          ("format", "json")])
    assert resp.status_code == 422
    assert_private(resp)
    item = resp.json()["detail"][0]
    assert item["param"] == "checklist" and item["loc"] == ["body", "checklist"]
    resp = post(client, "/v1/compare", [("ids", "test:ipt,test:cbt"), ("concern", "ansiety"),
                                        ("format", "json")])
    item = resp.json()["detail"][0]
    assert resp.status_code == 422 and item["loc"] == ["body", "concern"]
    assert "anxiety" in item["suggestions"]


def test_posted_error_page_has_a_back_link_and_no_note(client):
    # Every listing gone (with one left, the packet shows it and names the other).
    resp = post(client, "/v1/referrals", [("ids", "test:gone"), ("ids", "test:nobody"),
                                          ("note", NOTE)])
    assert resp.status_code == 404 and resp.headers["content-type"].startswith("text/html")
    assert_private(resp)
    assert '<a href="/shortlist?ids=test%3Agone&amp;ids=test%3Anobody">' in resp.text
    assert "Go back and try again" not in resp.text
    assert "J.D." not in resp.text
    resp = post(client, "/v1/compare", [("ids", "test:ipt"), ("lang", "es")])
    assert resp.status_code == 422 and "Elija de 2 a 5 anuncios para comparar" in resp.text
    assert "Volver a su lista de candidatos" in resp.text
    resp = post(client, "/v1/checklist", [("therapist_id", "test:nobody"), ("format", "pdf")])
    assert resp.status_code == 404 and '<a href="/">' in resp.text  # no profile to go back to


def test_post_takes_no_query_string(client):
    resp = client.post("/v1/referrals?note=Client+J.D.",
                       data={"ids": "test:ipt", "format": "json"})
    assert resp.status_code == 422
    item = resp.json()["detail"][0]
    assert item["param"] == "note" and item["loc"] == ["query", "note"]


@pytest.mark.parametrize(
    ("body", "headers", "status"),
    [
        (b'{"ids": ["test:ipt"]}', {"Content-Type": "application/json"}, 415),
        (b"ids=test:ipt&note=" + b"x" * 70_000, FORM, 413),
        ("&".join(["concern=x"] * 201).encode(), FORM, 413),
    ],
)
def test_unreadable_bodies_are_refused(client, body, headers, status):
    resp = client.post("/v1/referrals", content=body, headers=headers)
    assert resp.status_code == status
    assert_private(resp)
    assert resp.headers["content-type"].startswith("text/html")  # referrals default to a page


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"\xff\xfe\x00garbage=%%%&&==",
        b"ids=%00&ids=%ZZ&format=html",
        b"ids=test:ipt&lang=xx&format=csv&format=pdf",
        b"ids=" + b"a" * 300 + b"&format=html",
        b"ids=test:ipt&checklist=&note=&near=&concern=&insurance=",
        b"shortlist=javascript:alert(1)&ids=test:ipt&ids=test:cbt",
    ],
)
@pytest.mark.parametrize("path", ["/v1/checklist", "/v1/compare", "/v1/referrals"])
def test_no_body_gives_a_500(client, path, body):
    resp = client.post(path, content=body, headers=FORM)
    assert resp.status_code in (200, 404, 413, 415, 422), resp.text[:300]
    assert_private(resp)
    if resp.headers["content-type"].startswith("text/html"):
        assert_inert_page(resp.text)
        assert "javascript:" not in " ".join(urls(resp.text))


def test_post_sets_no_cookie_and_stores_nothing(client, store):
    before = store.stats()
    resp = post(client, "/v1/referrals", [*REFERRAL, ("format", "json")])
    assert resp.status_code == 200 and resp.json()["note"] == NOTE
    assert "set-cookie" not in resp.headers and store.stats() == before


def test_openapi_documents_the_form_bodies(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/v1/checklist", "/v1/compare", "/v1/referrals"):
        body = paths[path]["post"]["requestBody"]["content"]
        assert "application/x-www-form-urlencoded" in body
        assert "get" in paths[path]
    form = paths["/v1/referrals"]["post"]["requestBody"]["content"][
        "application/x-www-form-urlencoded"]["schema"]
    assert {"ids", "note", "format"} <= set(form["properties"])
