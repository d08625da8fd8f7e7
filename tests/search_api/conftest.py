"""An API over a real SQLite store loaded with a few fictional listings."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from search_api.app import create_app
from tests.utils.browser import session_browser
from tests.utils.factories import claim, make_listing, north_of
from therapist_finder.normalize import normalize_listing
from therapist_finder.settings import Settings
from therapist_finder.store.sqlite import SqliteStore
from therapist_finder.vocab import load_vocabularies

MANHATTAN = (40.7484, -73.9967)  # ZIP 10001's centroid in the gazetteer


def api_listings():
    return [
        make_listing("ipt", north_of(*MANHATTAN, 0.5), name="Orla Quillfeather",
                     approaches=["ipt"], specialties=["perinatal-depression"],
                     insurance=[claim("aetna", "payer_directory"), claim("medicaid")],
                     fees={"session_min": 150, "sliding_scale": True, "sliding_scale_min": 40,
                           "sliding_scale_max": 90}, accepting_new_clients=True, telehealth=True,
                     license_states=["NY"]),
        make_listing("cbt", north_of(*MANHATTAN, 2), name="Bram Ambervale", approaches=["cbt"],
                     specialties=["anxiety"], insurance=[claim("cigna")], license_states=["NY"]),
        make_listing("xss", north_of(*MANHATTAN, 3), name="<script>alert(1)</script> Fenwick",
                     description="<img src=x onerror=alert(1)>", license_states=["NY"]),
    ]


@pytest.fixture()
def store(tmp_path):
    vocabs = load_vocabularies()
    store = SqliteStore(tmp_path / "api.db", snapshot_mode="full")
    store.rebuild(normalize_listing(item, vocabs) for item in api_listings())
    yield store
    store.close()


@pytest.fixture()
def client(store, tmp_path):
    settings = Settings(store=f"sqlite:///{tmp_path / 'api.db'}")
    with TestClient(create_app(settings, store=store)) as client:
        yield client


@pytest.fixture(scope="session")
def browser():
    """Real headless Chromium, shared by the web pages' and the printables' tests."""
    yield from session_browser()
