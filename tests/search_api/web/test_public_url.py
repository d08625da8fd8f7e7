"""Full links a page prints (a shortlist's link, a printout's footer) use the site's
configured address, not whatever Host header a client sent."""

from __future__ import annotations

import pytest

from tests.utils.factories import make_listing
from tests.utils.stores import app_over


@pytest.fixture(scope="module")
def configured(tmp_path_factory):
    yield from app_over(tmp_path_factory.mktemp("public") / "p.db", [make_listing("a", name="Ada Example")],
                        public_url="https://find.example.org")


@pytest.fixture(scope="module")
def unconfigured(tmp_path_factory):
    yield from app_over(tmp_path_factory.mktemp("host") / "h.db", [make_listing("a", name="Ada Example")])


def test_a_forged_host_never_reaches_a_printed_link(configured):
    page = configured.get("/shortlist?ids=test:a", headers={"host": "evil.example"}).text
    assert "https://find.example.org/shortlist?ids=test" in page
    assert "evil.example" not in page
    search = configured.get("/?q=ada", headers={"host": "evil.example"}).text
    assert "evil.example" not in search and "https://find.example.org/?q=ada" in search


def test_without_the_setting_the_request_names_the_site(unconfigured):
    page = unconfigured.get("/shortlist?ids=test:a").text
    assert "http://testserver/shortlist?ids=" in page


def test_the_setting_must_be_a_web_address():
    from pydantic import ValidationError

    from therapist_finder.settings import Settings

    with pytest.raises(ValidationError):
        Settings(public_url="javascript:alert(1)")


def test_a_site_served_under_a_prefix_prints_it_once(tmp_path):
    from fastapi.testclient import TestClient

    from search_api.app import create_app
    from tests.utils.stores import sqlite_store
    from therapist_finder.settings import Settings

    for store in sqlite_store(tmp_path / "r.db", [make_listing("a", name="Ada Example")]):
        app = create_app(Settings(store="sqlite:///unused.db"), store=store)
        with TestClient(app, root_path="/finder") as client:
            page = client.get("/finder/shortlist?ids=test:a").text
        assert "http://testserver/finder/shortlist?ids=" in page and "/finder/finder" not in page
