"""A printable's errors, to a person: a page in the form's language that names the field.

The shortlist's and a profile's forms POST for a page, a PDF or a spreadsheet; what
went wrong comes back as an HTML page (422, 404) in the language the form asked for,
said by the field's label, with the way back, and without a parameter's name or any
server setting. A JSON API client (format=json, or Accept: application/json) still gets
the API's JSON errors, operator hints and all.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from search_api.printables.problems import FIELD_LABELS
from tests.search_api.printables.test_endpoints import assert_inert_page, assert_private
from tests.search_api.printables.test_post_forms import post

ONE = [("ids", "test:ipt")]
SIX = [f"test:n{i}" for i in range(6)]
PAIR = ["test:ipt", "test:cbt"]
# (what, path, fields, status, English, Spanish)
CASES = [
    ("six to compare", "/v1/compare", [("ids", i) for i in SIX], 422,
     "Choose 2 to 5 listings to compare; you chose 6.",
     "Elija de 2 a 5 anuncios para comparar; eligió 6."),
    ("one to compare", "/v1/compare", [("ids", "test:ipt")], 422,
     "Choose 2 to 5 listings to compare; you chose 1.",
     "Elija de 2 a 5 anuncios para comparar; eligió 1."),
    ("an unknown place", "/v1/compare", [*(("ids", i) for i in PAIR), ("near", "zzz")], 422,
     "Distances from: we couldn't find that place.", "Distancias desde: no encontramos ese lugar."),
    ("a city without a state", "/v1/referrals", [("ids", "test:ipt"), ("near", "Springfield")], 422,
     "Distances from: “Springfield” needs its state, like Springfield, IL.",
     "Distancias desde: a “Springfield” le falta el estado, como en Springfield, IL."),
    ("an unknown insurer", "/v1/referrals", [("ids", "test:ipt"), ("insurance", "zzz")], 422,
     "Client's insurance: we don't recognize “zzz”.",
     "Seguro médico del cliente: no reconocemos “zzz”."),
    # Too few left to compare (a page with enough left shows them: test_endpoints.py).
    ("a listing removed since", "/v1/compare", [("ids", "test:ipt"), ("ids", "test:gone")], 404,
     "No listing with id test:gone.", "No hay ningún anuncio con el id test:gone."),
]
# A message that starts with a parameter's name, as the API's do ("ids: give 2 to 5 ...").
RAW = re.compile(r"(?:ids|near|insurance|concern|therapist_id|note|lang|format|checklist):")


def lines(page: str) -> list[str]:
    """The page's messages: its paragraphs after the heading, tags taken out."""
    body = page.split("</h1>", 1)[1]
    return [html.unescape(re.sub(r"<[^>]+>", "", p)).strip()
            for p in re.findall(r"<p[^>]*>(.*?)</p>", body, re.S)]


def assert_plain_page(resp, status: int, message: str) -> None:
    assert resp.status_code == status, resp.text[:300]
    assert resp.headers["content-type"].startswith("text/html")
    assert_private(resp)
    assert_inert_page(resp.text)
    said = lines(resp.text)
    assert any(line.startswith(message) for line in said), said
    assert "THERAPIST_FINDER" not in resp.text and "geocoder" not in resp.text.lower()
    assert not any(RAW.match(line) for line in said), said


# Each case in each format its form offers (the compare sheet has no spreadsheet).
FORM_CASES = [(*case, fmt) for case in CASES for fmt in ("html", "pdf", "csv")
              if not (fmt == "csv" and case[1] == "/v1/compare")]


@pytest.mark.parametrize(("what", "path", "fields", "status", "english", "spanish", "fmt"), FORM_CASES,
                         ids=[f"{c[0]}-{c[-1]}" for c in FORM_CASES])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_form_that_cannot_be_answered_gets_a_page_that_says_why(
        client, what, path, fields, status, english, spanish, fmt, lang):
    data = [*fields, ("lang", lang), ("format", fmt)]
    resp = client.post(path, content="&".join(f"{k}={v}" for k, v in data).encode(),
                       headers={"content-type": "application/x-www-form-urlencoded",
                                "accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert_plain_page(resp, status, spanish if lang == "es" else english)
    back = "Volver a su lista de candidatos" if lang == "es" else "Back to your shortlist"
    assert back in resp.text and ("lang=es" in resp.text) == (lang == "es")


@pytest.mark.parametrize(("what", "path", "fields", "status", "english", "spanish"), CASES,
                         ids=[c[0] for c in CASES])
def test_a_link_to_a_page_gets_the_same_page(client, what, path, fields, status, english, spanish):
    """GET, as a link or a bookmark asks: the same pages, whatever the Accept header."""
    assert_plain_page(client.get(path, params=[*fields, ("lang", "es")]), status, spanish)
    assert_plain_page(client.get(path, params=fields), status, english)


def test_a_spreadsheet_link_gets_a_page_too(client):
    resp = client.get("/v1/referrals", params=[("ids", "test:ipt"), ("near", "zzz"), ("format", "csv")])
    assert_plain_page(resp, 422, "Distances from: we couldn't find that place.")


@pytest.mark.parametrize(
    ("fields", "status", "english"),
    [
        ([*ONE, ("note", "n" * 1001)], 422, "Note for the client: use at most 1000 characters."),
        ([*ONE, ("checklist", "maybe")], 422,
         "Add the consultation checklist: choose one of the options offered."),
        ([*ONE, ("concern", "zzz")], 422, "Help wanted with: we don't recognize “zzz”."),
        ([*ONE, ("near", "99999")], 422, "Distances from: we couldn't find the ZIP code 99999."),
        ([*ONE, ("near", "10001, CA")], 422, "Distances from: ZIP code 10001 is in NY, not CA."),
        ([*ONE, ("colour", "blue")], 422, "The form sent something it doesn't use (“colour”)."),
        ([("ids", ",".join(f"x:{i}" for i in range(21)))], 422,
         "Choose 1 to 20 listings for the referral list; you chose 21."),
        ([("ids", "x" * 300)], 422, "One of the listings could not be read."),
    ],
)
def test_every_refusal_is_said_plainly(client, fields, status, english):
    resp = post(client, "/v1/referrals", [*fields, ("format", "csv")])
    assert_plain_page(resp, status, english)


def test_the_checklist_form_names_its_own_fields(client):
    resp = client.post("/v1/checklist", data={"therapist_id": "test:ipt", "insurance": "zzz",
                                              "lang": "es", "format": "pdf"})
    assert_plain_page(resp, 422, "Su seguro médico: no reconocemos “zzz”.")
    assert "Volver al anuncio" in resp.text


def test_a_form_too_large_is_said_plainly(client):
    resp = client.post("/v1/referrals", content=b"ids=test:ipt&note=" + b"x" * 70_000,
                       headers={"content-type": "application/x-www-form-urlencoded"})
    assert_plain_page(resp, 413, "The form is too long to read.")


def test_a_post_with_an_address_query_is_said_plainly(client):
    resp = client.post("/v1/referrals?note=x", data={"ids": "test:ipt", "format": "csv"})
    assert_plain_page(resp, 422, "The form sent something it doesn't use (“note”).")


@pytest.mark.parametrize("how", [{"format": "json"}, {"accept": "application/json"}])
def test_json_clients_keep_the_api_errors(client, how):
    fmt = how.get("format", "csv")
    headers = {"accept": how["accept"]} if "accept" in how else {}
    resp = client.post("/v1/referrals", data={"ids": "test:ipt", "near": "zzz", "format": fmt},
                       headers=headers)
    assert resp.status_code == 422 and resp.headers["content-type"].startswith("application/json")
    item = resp.json()["detail"][0]
    assert item["loc"] == ["body", "near"] and item["msg"].startswith("near: 'zzz' is not a ZIP")
    assert "THERAPIST_FINDER_GEOCODER" in item["msg"]  # the operator's hint stays in the API
    resp = client.post("/v1/compare", data={"ids": SIX, "format": "json" if "format" in how else "pdf"},
                       headers=headers)
    assert resp.status_code == 422
    assert resp.json()["detail"][0]["msg"] == "ids: give 2 to 5 different listing ids, got 6"
    many = client.get("/v1/compare", params={"ids": [f"test:x{i}" for i in range(51)], "format": "json"})
    # Past the cap on raw values, the same words, not pydantic's "List should have at most 50 items".
    assert many.json()["detail"][0]["msg"] == "ids: give 2 to 5 different listing ids, got 51"
    resp = client.post("/v1/referrals", data={"ids": "test:gone", "format": fmt}, headers=headers)
    assert resp.status_code == 404 and resp.json() == {"detail": "no listing with id 'test:gone'"}


def test_a_page_error_logs_the_operator_hint_without_the_place(client, caplog):
    with caplog.at_level("INFO", logger="therapist_finder.api"):
        client.post("/v1/referrals", data={"ids": "test:ipt", "near": "12 Elm Street", "format": "csv"})
    logged = caplog.text
    assert "THERAPIST_FINDER_GEOCODER" in logged and "Elm" not in logged


def test_the_labels_are_the_forms_own():
    """The messages name each field as its form labels it (web/profile.html, web/shortlist.html)."""
    templates = Path(__file__).parents[3] / "search_api" / "templates" / "web"
    forms = {"checklist": "profile.html", "compare": "shortlist.html", "referrals": "shortlist.html"}
    for printable, labels in FIELD_LABELS.items():
        page = (templates / forms[printable]).read_text(encoding="utf-8")
        for english in labels.values():
            assert f'_("{english}")' in page, (printable, english)
