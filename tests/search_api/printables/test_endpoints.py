"""GET /v1/checklist, /v1/compare, /v1/referrals over a real store, real PDFs.

PDF rendering is slowish, so the four PDFs are rendered once per module.
"""

from __future__ import annotations

import csv
import io
import re

import pytest

from tests.search_api.printables.conftest import FORMULA_NAME, XSS_NAME, pdf_text

ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt; Fenwick"


def assert_private(resp):
    assert resp.headers["cache-control"] == "no-store"
    assert "set-cookie" not in resp.headers


def assert_download_form(html: str, action: str, fields: list[tuple[str, str]],
                         formats: list[str]):
    """The page's downloads: a POST form to itself with its parameters as hidden fields."""
    form = re.search(r'<form method="post" action="([^"]*)">(.*?)</form>', html, re.S)
    assert form and form[1] == action
    hidden = re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)">', form[2])
    assert hidden == fields
    assert re.findall(r'<button type="submit" name="format" value="(\w+)">', form[2]) == formats


def assert_inert_page(html: str):
    """No script, no remote resource, untrusted text escaped."""
    tags = " ".join(re.findall(r"<[^>]*>", html)).lower()  # markup only, not text
    assert "<script" not in tags and "<img" not in tags and "<link" not in tags
    assert not re.search(r"\s(src|on\w+)\s*=", tags)
    assert "javascript:" not in tags
    assert "@import" not in html and "url(" not in html


# -- checklist -------------------------------------------------------------------


def test_checklist_json(client):
    resp = client.get("/v1/checklist", params=[("therapist_id", "test:ipt"),
                                               ("concern", "postpartum"), ("concern", "PTSD"),
                                               ("insurance", "Aetna")])
    assert resp.status_code == 200 and resp.headers["content-type"] == "application/json"
    assert_private(resp)
    body = resp.json()
    ids = [s["id"] for s in body["sections"]]
    assert ids[:3] == ["confirm", "consultation", "concern-perinatal-depression"]
    assert "concern-ptsd" in ids and "insurer-aetna" in ids
    assert [c["slug"] for c in body["concerns"]] == ["perinatal-depression", "ptsd"]
    fact = next(f for f in body["known_facts"] if f["id"] == "insurance:aetna")
    assert fact["basis"] == "payer_directory" and fact["observed_at"] == "2026-10-01"
    assert fact["confirm"] is False
    old = next(f for f in body["known_facts"] if f["id"] == "accepting_new_clients")
    assert old["old"] and old["self_reported"] and old["confirm"]
    assert body["generated_on"] == "2026-11-26"


def test_checklist_without_parameters_is_the_generic_list(client):
    body = client.get("/v1/checklist").json()
    assert body["therapist"] is None and body["known_facts"] == []
    assert body["sections"][0]["id"] == "consultation"


def test_checklist_html_is_print_ready_and_escaped(client):
    resp = client.get("/v1/checklist", params={"therapist_id": "test:xss", "format": "html"})
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/html")
    assert_private(resp)
    assert "default-src 'none'" in resp.headers["content-security-policy"]
    assert resp.headers["referrer-policy"] == "no-referrer"
    html = resp.text
    assert ESCAPED_SCRIPT in html and XSS_NAME not in html
    assert "&lt;b&gt;PhD&lt;/b&gt;" in html
    assert_inert_page(html)
    assert_download_form(html, "/v1/checklist", [("therapist_id", "test:xss")], ["pdf"])
    assert '<a href="/therapists/test:xss">' in html  # back to the listing
    assert "please confirm" in html and "<style>" in html


def test_checklist_html_spanish(client):
    html = client.get("/v1/checklist", params={"therapist_id": "test:ipt", "lang": "es",
                                               "format": "html", "insurance": "aetna"}).text
    assert '<html lang="es">' in html
    assert "Lo que sabe el directorio sobre Orla Quillfeather" in html
    assert "según el directorio de la aseguradora, verificado el 1 de octubre de 2026" in html
    assert "Llamada a su aseguradora: Aetna" in html
    assert "confirmar" in html


@pytest.fixture(scope="module")
def checklist_pdf(client):
    return client.get("/v1/checklist", params={"therapist_id": "test:xss", "concern": "ptsd",
                                               "insurance": "aetna", "lang": "es",
                                               "format": "pdf"})


def test_checklist_pdf(checklist_pdf):
    resp = checklist_pdf
    assert resp.status_code == 200 and resp.headers["content-type"] == "application/pdf"
    assert_private(resp)
    assert resp.headers["content-disposition"] == \
        'inline; filename="consultation-checklist-2026-11-26.pdf"'
    assert resp.content.startswith(b"%PDF-")
    assert b"/JavaScript" not in resp.content and b"/JS " not in resp.content
    text = pdf_text(resp.content)
    flat = " ".join(text.split())
    assert "Preguntas para hacerle a un terapeuta" in flat
    assert XSS_NAME in flat  # the name is printed as the text it is
    assert "trauma y trastorno de estrés postraumático" in flat
    assert "Llamada a su aseguradora: Aetna" in flat
    assert "Confidencialidad y sus límites" in flat


# -- compare ---------------------------------------------------------------------


def test_compare_html(client):
    resp = client.get("/v1/compare", params={"ids": "test:ipt,test:cbt,test:xss",
                                             "near": "10001", "insurance": "aetna"})
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/html")
    assert_private(resp)
    html = resp.text
    assert_inert_page(html)
    assert ESCAPED_SCRIPT in html
    assert html.index("Orla Quillfeather") < html.index("Bram Ambervale") < html.index("Fenwick")
    assert "Distance from New York, NY" in html and "0.5 mi" in html and "3.0 mi" in html
    assert "Takes Aetna?" in html
    assert "per the insurer&#39;s directory, checked on October 1, 2026" in html
    for row in ("Pros", "Cons", "Key questions"):
        assert row in html


@pytest.mark.parametrize(("path", "lang", "named"), [
    ("/v1/compare", "en", "Distance from a point near New York, NY"),
    ("/v1/referrals", "en", "Distance from a point near New York, NY"),
    ("/v1/compare", "es", "Distancia desde un punto cerca de New York, NY"),
    ("/v1/referrals", "es", "Distancia desde un punto cerca de New York, NY"),
])
def test_a_point_a_person_gave_is_printed_as_the_town_near_it(client, path, lang, named):
    """Coordinates ("Use my location") say where a client is, and printouts are
    handed on: the sheet names the town instead."""
    for near in ("40.7496,-73.9958", "40.75,-74.00"):
        params = {"ids": "test:ipt,test:cbt", "near": near, "lang": lang}
        assert named in client.get(path, params=params).text, near
        printed = " ".join(pdf_text(client.get(path, params={**params, "format": "pdf"}).content).split())
        assert named in printed, near
        assert "40.7" not in printed and "73.99" not in printed and "74.0" not in printed, near
    body = client.get(path, params={"ids": "test:ipt,test:cbt", "near": "10001", "format": "json"}).json()
    assert body["place"] == "New York, NY 10001"  # a ZIP is printed as resolved


def test_compare_json_keeps_order_and_deduplicates(client):
    body = client.get("/v1/compare?ids=test:cbt&ids=test:ipt&ids=test:cbt&format=json").json()
    assert [c["id"] for c in body["candidates"]] == ["test:cbt", "test:ipt"]


@pytest.fixture(scope="module")
def compare_pdf(client):
    return client.get("/v1/compare", params={"ids": "test:ipt,test:xss", "near": "10001",
                                             "format": "pdf"})


def test_compare_pdf(compare_pdf):
    assert compare_pdf.status_code == 200
    assert compare_pdf.headers["content-disposition"].startswith(
        'inline; filename="therapist-comparison-')
    flat = " ".join(pdf_text(compare_pdf.content).split())
    assert "Compare therapists" in flat and "Orla Quillfeather" in flat
    assert XSS_NAME in flat
    assert "Sliding scale" in flat and "$40–$90" in flat and "Pros" in flat


# -- referrals -------------------------------------------------------------------


def test_referrals_html(client):
    resp = client.get("/v1/referrals", params={
        "ids": "test:ipt,test:xss", "near": "10001", "concern": "postpartum",
        "note": "<script>alert('note')</script> Ask for evening times"})
    assert resp.status_code == 200
    assert_private(resp)
    html = resp.text
    assert_inert_page(html)
    assert ESCAPED_SCRIPT in html
    assert "&lt;script&gt;alert(&#39;note&#39;)&lt;/script&gt; Ask for evening times" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # the listing's description
    assert 'href="https://orla-quillfeather.example" rel="noopener noreferrer nofollow"' in html
    assert "(212) 555-0101" in html and "0.5 mi" in html
    assert "Questions to ask each therapist" in html
    assert "depression during pregnancy or after birth" in html
    assert "?" not in re.search(r'<form method="post" action="([^"]*)"', html)[1]
    assert 'name="format" value="csv"' in html and 'name="format" value="pdf"' in html


def test_referrals_csv_is_spreadsheet_safe(client):
    resp = client.get("/v1/referrals", params={"ids": "test:ipt,test:xss,test:formula",
                                               "near": "10001", "format": "csv"})
    assert resp.status_code == 200
    assert resp.headers["content-type"] == "text/csv; charset=utf-8"
    assert resp.headers["content-disposition"] == \
        'attachment; filename="referral-list-2026-11-26.csv"'
    assert_private(resp)
    rows = list(csv.DictReader(io.StringIO(resp.text.lstrip("\ufeff"))))
    assert [r["Listing id"] for r in rows] == ["test:ipt", "test:xss", "test:formula"]
    assert rows[1]["Name"] == XSS_NAME  # plain text in a CSV; no spreadsheet runs HTML
    assert rows[1]["Phone"] == "'=1+2"
    assert rows[2]["Name"] == "'" + FORMULA_NAME
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


@pytest.mark.parametrize(("lang", "headers", "values"), [
    ("en", ["Lowest fee ($, sliding scale counts)", "Accepting new clients (yes/no)", "Takes Aetna",
            "Takes Cigna"],
     # Orla's "accepting" and her Cigna claim are dated past the window: the plain cells say so too.
     {"ipt": ["40", "yes (over six months old)", "yes, per the insurer's directory",
              "yes, per the insurer's directory (over six months old)"],
      "cbt": ["", "", "not listed", "yes, per the treatment locator"],
      "xss": ["", "no", "not listed", "not listed"]}),
    ("es", ["Tarifa más baja ($, cuenta la escala móvil)", "Acepta clientes nuevos (sí/no)", "Acepta Aetna",
            "Acepta Cigna"],
     {"ipt": ["40", "sí (tiene más de seis meses)", "sí, según el directorio de la aseguradora",
              "sí, según el directorio de la aseguradora (tiene más de seis meses)"],
      "cbt": ["", "", "no figura", "sí, según el localizador de tratamiento"],
      "xss": ["", "no", "no figura", "no figura"]}),
])
def test_the_referral_csv_ends_with_plain_values_a_spreadsheet_sorts_and_filters(client, lang, headers,
                                                                               values):
    """The worded cells ("$150 (self-reported on ...) [please confirm: ...]") cannot be
    sorted by fee or filtered for "takes Aetna"; these columns can."""
    text = client.get("/v1/referrals", params={"ids": "test:ipt,test:cbt,test:xss", "lang": lang,
                                               "insurance": "aetna,cigna", "format": "csv"}).text
    table = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert table[0][-4:] == headers
    assert {row[0].removeprefix("test:"): row[-4:] for row in table[1:]} == values
    without = list(csv.reader(io.StringIO(client.get("/v1/referrals", params={
        "ids": "test:ipt", "format": "csv"}).text.lstrip("\ufeff"))))
    assert without[0][-2:] == ["Lowest fee ($, sliding scale counts)", "Accepting new clients (yes/no)"]


@pytest.mark.parametrize("path", ["/v1/compare", "/v1/referrals"])
def test_a_page_for_listings_one_of_which_is_gone_shows_the_rest_and_names_it(client, path):
    """A bookmarked sheet outlives a listing: the page used to be a 404 for all of them."""
    params = {"ids": "test:ipt,test:gone,test:cbt"}
    html = client.get(path, params=params).text
    assert "Left out, no longer in the directory: test:gone." in html
    assert "Orla Quillfeather" in html and "Bram Ambervale" in html
    pdf = " ".join(pdf_text(client.get(path, params={**params, "format": "pdf"}).content).split())
    assert "Left out, no longer in the directory: test:gone." in pdf
    spanish = client.get(path, params={**params, "lang": "es"}).text
    assert "Se omitieron, ya no están en el directorio: test:gone." in spanish
    assert client.get(path, params={**params, "format": "json"}).status_code == 404  # a program asks
    assert client.get(path, params={"ids": "test:gone,test:gone2"}).status_code == 404  # none left


def test_referrals_json_stores_nothing(client, store):
    before = store.stats()
    body = client.get("/v1/referrals", params={"ids": "test:cbt", "format": "json",
                                               "note": "client prefers mornings"}).json()
    assert body["note"] == "client prefers mornings" and body["entries"][0]["id"] == "test:cbt"
    assert store.stats() == before


@pytest.fixture(scope="module")
def referrals_pdf(client):
    return client.get("/v1/referrals", params={"ids": "test:ipt,test:xss,test:formula",
                                               "near": "10001", "format": "pdf"})


def test_referrals_pdf(referrals_pdf):
    assert referrals_pdf.status_code == 200
    assert referrals_pdf.headers["content-disposition"].startswith(
        'inline; filename="referral-list-')
    flat = " ".join(pdf_text(referrals_pdf.content).split())
    assert "Referral list" in flat and "(212) 555-0101" in flat
    assert XSS_NAME in flat and FORMULA_NAME in flat
    assert "<img src=x onerror=alert(1)>" in flat
    assert "Questions to ask each therapist" in flat


# -- errors ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "param", "fragment"),
    [
        ("/v1/compare?ids=test:ipt&format=json", "ids", "2 to 5"),
        ("/v1/compare?format=json", "ids", "2 to 5"),
        ("/v1/compare?ids=a,b,c,d,e,f&format=json", "ids", "2 to 5"),
        ("/v1/referrals?format=csv", "ids", "1 to 20"),
        ("/v1/referrals?format=json&ids=" + ",".join(f"x:{i}" for i in range(21)), "ids",
         "1 to 20"),
        ("/v1/checklist?lang=fr", "lang", "lang"),
        ("/v1/checklist?format=docx", "format", "format"),
        ("/v1/compare?ids=test:ipt,test:cbt&format=csv", "format", "format"),
        ("/v1/checklist?concern=ansiety", "concern", "anxiety"),
        ("/v1/checklist?insurance=Aetan", "insurance", "aetna"),
        ("/v1/checklist?therapist_id=", "therapist_id", "therapist_id"),
        ("/v1/checklist?colour=blue", "colour", "unknown parameter"),
        ("/v1/compare?ids=test:ipt,test:cbt&near=99999&format=json", "near", "unknown ZIP"),
        ("/v1/compare?ids=test:ipt,test:cbt&near=1%20Main%20St&format=json", "near",
         "geocoder"),
        ("/v1/referrals?ids=test:ipt&checklist=maybe&format=json", "checklist", "checklist"),
        ("/v1/referrals?ids=test:ipt&format=json&note=" + "x" * 1001, "note", "1000"),
    ],
)
def test_bad_parameters_are_422_naming_them(client, url, param, fragment):
    resp = client.get(url, headers={"accept": "application/json"})  # a spreadsheet's asks for JSON
    assert resp.status_code == 422, resp.text
    assert_private(resp)
    detail = resp.json()["detail"]
    assert detail[0]["param"] == param and detail[0]["loc"] == ["query", param]
    assert fragment in detail[0]["msg"]


def test_bad_parameter_on_a_page_is_an_html_422(client):
    resp = client.get("/v1/compare?ids=test:ipt&lang=es")
    assert resp.status_code == 422 and resp.headers["content-type"].startswith("text/html")
    assert "Hay un dato de la solicitud que no es válido" in resp.text
    assert "Elija de 2 a 5 anuncios para comparar; eligió 1." in resp.text
    assert "ids:" not in resp.text
    resp = client.get("/v1/checklist?format=pdf&concern=ansiety")
    assert resp.status_code == 422
    assert "What you would like help with: we don&#39;t recognize “ansiety”." in resp.text


@pytest.mark.parametrize(
    "url",
    [
        "/v1/compare?ids=test:ipt,test:<script>x</script>",
        "/v1/referrals?ids=test:<script>x</script>&format=pdf",
        "/v1/checklist?therapist_id=test:<script>x</script>&format=html",
    ],
)
def test_unknown_ids_give_an_html_404_page(client, url):
    resp = client.get(url)
    assert resp.status_code == 404 and resp.headers["content-type"].startswith("text/html")
    assert_private(resp)
    assert "No listing with id test:&lt;script&gt;x&lt;/script&gt;" in resp.text
    assert_inert_page(resp.text)


@pytest.mark.parametrize(
    "url",
    [
        "/v1/checklist?therapist_id=test:nobody",
        "/v1/compare?ids=test:ipt,test:nobody&format=json",
        "/v1/referrals?ids=test:nobody&format=csv",
    ],
)
def test_unknown_ids_give_a_json_404_to_machines(client, url):
    resp = client.get(url, headers={"accept": "application/json"})  # a spreadsheet's asks for JSON
    assert resp.status_code == 404
    assert resp.json() == {"detail": "no listing with id 'test:nobody'"}


@pytest.mark.parametrize(("path", "query", "param"), [
    ("/v1/checklist", "therapist_id=test:ipt&therapist_id=test:cbt", "therapist_id"),
    ("/v1/referrals", "ids=test:ipt&lang=es&lang=en&format=json", "lang"),
    ("/v1/compare", "ids=test:ipt,test:cbt&near=10001&near=90001&format=json", "near"),
])
def test_a_single_value_parameter_given_twice_is_a_422(client, path, query, param):
    resp = client.get(f"{path}?{query}")
    assert resp.status_code == 422
    assert [item["param"] for item in resp.json()["detail"]] == [param]


def test_a_repeated_form_field_is_named_on_the_error_page(client):
    resp = client.post("/v1/checklist", content="therapist_id=test:ipt&length=short&length=full&format=html",
                       headers={"content-type": "application/x-www-form-urlencoded"})
    assert resp.status_code == 422 and "text/html" in resp.headers["content-type"]
    assert "Length: choose one of the options offered." in resp.text
