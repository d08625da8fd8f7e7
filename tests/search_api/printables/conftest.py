"""Printables over a real SQLite store with a few fictional listings.

Today is pinned (2026-11-26) so "old" facts (observed more than 180 days
ago) stay old. One listing carries HTML, script and spreadsheet formulas in
its text fields, to prove they stay inert everywhere.
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from search_api.app import create_app
from search_api.routes.printables import get_today
from tests.utils.factories import claim, make_listing, north_of
from tests.utils.stores import sqlite_store
from therapist_finder.settings import Settings
from therapist_finder.vocab import load_vocabularies

TODAY = date(2026, 11, 26)
MANHATTAN = (40.7484, -73.9967)  # ZIP 10001's centroid in the gazetteer
XSS_NAME = "<script>alert(1)</script> Fenwick"
FORMULA_NAME = '=HYPERLINK("http://evil.example","Click me")'


def printable_listings():
    return [
        make_listing(
            "ipt", north_of(*MANHATTAN, 0.5), name="Orla Quillfeather", credentials=["LCSW"],
            approaches=["ipt", "maintenance-ipt"], specialties=["perinatal-depression"],
            formats=["individual", "group"], telehealth=True, in_person=True,
            insurance=[claim("aetna", "payer_directory", "2026-10-01"),
                       claim("medicaid", "provider_reported", "2026-10-01"),
                       claim("cigna", "payer_directory", "2026-01-15")],
            fees={"session_min": 150, "session_max": 150, "sliding_scale": True,
                  "sliding_scale_min": 40, "sliding_scale_max": 90, "free_consultation": True},
            accepting_new_clients=True, license_states=["NY"], phone="(212) 555-0101",
            website="https://orla-quillfeather.example", last_seen_at="2026-10-20",
            attributions={
                "fees": {"basis": "provider_reported", "source": "test",
                         "observed_at": "2026-10-01"},
                "accepting_new_clients": {"basis": "provider_reported", "source": "test",
                                          "observed_at": "2026-03-01"},
            }),
        make_listing(
            "cbt", north_of(*MANHATTAN, 2), name="Bram Ambervale", approaches=["cbt"],
            specialties=["anxiety"], insurance=[claim("cigna", "facility_locator", "2026-09-12")],
            license_states=["NY"], phone="(212) 555-0102", last_seen_at="2026-10-20"),
        make_listing(
            "xss", north_of(*MANHATTAN, 3), name=XSS_NAME, credentials=["<b>PhD</b>"],
            description="<img src=x onerror=alert(1)>", license_states=["NY"],
            website="javascript:alert(1)", phone="=1+2", accepting_new_clients=False),
        make_listing(
            "formula", north_of(*MANHATTAN, 4), name=FORMULA_NAME, credentials=["@SUM(A1)"],
            phone="+1 212 555 0104", website="https://formula.example/-x",
            license_states=["NY"]),
    ]


def app_client(store):
    """A TestClient over the app on `store`, with today fixed to TODAY."""
    app = create_app(Settings(store="sqlite:///unused.db"), store=store)
    app.dependency_overrides[get_today] = lambda: TODAY
    with TestClient(app) as client:
        yield client


def client_over(tmp_path_factory, name: str, listings):
    """A module's own client over a SQLite store holding only `listings`."""
    for store in sqlite_store(tmp_path_factory.mktemp(name) / f"{name}.db", listings):
        yield from app_client(store)


def post_ok(client, path, **data):
    """POST a form, expecting a 200."""
    resp = client.post(path, data=data)
    assert resp.status_code == 200, resp.text[:300]
    return resp


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("printables") / "printables.db"
    yield from sqlite_store(path, printable_listings())


@pytest.fixture(scope="module")
def client(store):
    yield from app_client(store)


@pytest.fixture(scope="session")
def vocabs():
    return load_vocabularies()


def pdf_text(data: bytes) -> str:
    """All text of a PDF, pages joined (how the tests read PDFs)."""
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)
