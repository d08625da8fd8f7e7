"""Words and markup on the pages: plurals, one vocabulary, the favicon, the demo line,
the opt-in street map and the labels the error messages use."""

from __future__ import annotations

import itertools
import re
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient

from search_api.app import create_app
from search_api.web.formatting import counted, noun
from search_api.web.messages import FORM_LABELS
from search_api.web.rendering import tile_host
from tests.utils.factories import claim, make_listing
from tests.utils.stores import app_over, sqlite_store
from therapist_finder.sample import iter_demo_dataset
from therapist_finder.schema import Listing
from therapist_finder.settings import Settings

HTML = {"accept": "text/html"}


@pytest.mark.parametrize(
    ("count", "one", "text"),
    [(1, "mile", "1 mile"), ("1", "mile", "1 mile"), (2, "mile", "2 miles"), ("2.5", "mile", "2.5 miles"),
     (0, "listing", "0 listings"), (1645, "listing", "1,645 listings"),
     (1, "more insurer", "1 more insurer")],
)
def test_counted(count, one, text):
    assert counted(count, one) == text


def test_noun_irregular():
    assert noun(1, "child", "children") == "child" and noun(3, "child", "children") == "children"


def test_counts_and_radius_say_one_in_the_singular(client):
    html = client.get("/", params={"near": "10001"}).text
    assert '<option value="1">1 mile</option>' in html and '<option value="2">2 miles</option>' in html
    # Free consultation: one listing; screen readers hear "1 listing".
    assert re.search(r'Free consultation <span class="count">1<span class="visually-hidden"> listing</span>',
                     html)
    assert re.search(r'Sliding scale <span class="count">2<span class="visually-hidden"> listings</span>',
                     html)
    assert " 1 listings" not in html and ">1 miles" not in html


@pytest.fixture()
def one_listing_client(tmp_path):
    seen = (date.today() - timedelta(days=5)).isoformat()
    payers = ["aetna", "cigna", "medicaid", "humana", "uhc"]
    listing = make_listing("many", (40.7484, -73.9967), name="Ivo Manypayer", last_seen_at=seen,
                           insurance=[claim(p) for p in payers])
    yield from app_over(tmp_path / "one.db", [listing])


def test_one_more_insurer_and_one_listing(one_listing_client):
    home = one_listing_client.get("/").text
    assert "The directory holds 1 listing." in home
    html = one_listing_client.get("/", params={"near": "10001"}).text
    assert "and 1 more insurer on the profile" in html
    assert "1 listing within 25 miles" in html


def test_gender_uses_the_filters_label(client):
    profile = client.get("/therapists/test:ipt").text
    assert "<dt>Gender</dt><dd>Woman</dd>" in profile
    assert "Female" not in profile
    search = client.get("/", params={"near": "10001"}).text
    assert re.search(r'for="f-gender-female">Woman <span class="count">', search)


def test_favicon_is_local_and_quiet(client):
    resp = client.get("/favicon.ico")
    assert resp.status_code == 204 and resp.content == b""
    assert "max-age" in resp.headers["cache-control"]
    icon = client.get("/static/favicon.svg")
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in client.get("/").text


def test_no_heading_inside_a_summary(client):
    for url in ["/", "/?near=10001", "/therapists/test:ipt", "/shortlist?ids=test:ipt"]:
        html = client.get(url).text
        for summary in re.findall(r"<summary\b.*?</summary>", html, re.S):
            assert not re.search(r"<h[1-6]\b", summary), (url, summary)
    assert '<h2 class="filters-heading" id="filters-heading">Filters' in client.get("/").text


def test_every_form_label_the_messages_use_is_on_the_form(client):
    html = client.get("/", params={"near": "10001"}).text
    texts = set(re.findall(r"<(?:label|legend)\b[^>]*>([^<]+)", html))
    texts |= {t.strip() for t in texts}
    missing = [(p, label) for p, label in FORM_LABELS.items() if label not in texts]
    # Facet groups with no options on this page are not shown; the rest must match.
    assert all(p in ("age_group", "language", "license_type", "format", "approach", "gender")
               for p, _ in missing), missing


def test_the_street_map_waits_to_be_asked_for(client):
    html = client.get("/", params={"near": "10001"}).text
    assert 'data-tile-url="https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in html
    assert "Show street map — loads map images from OpenStreetMap" in html
    assert "<img" not in html  # nothing from the tile host is in the page itself
    profile = client.get("/therapists/test:ipt").text
    assert "Show street map — loads map images from OpenStreetMap" in profile
    assert '<meta name="referrer" content="no-referrer">' in profile


def test_tile_host_names_who_would_see_the_request():
    assert tile_host("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == "OpenStreetMap"
    assert tile_host("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png") == "OpenStreetMap"
    assert tile_host("https://tiles.example.org/{z}/{x}/{y}.png") == "tiles.example.org"
    assert tile_host("https://{s}.maps.example.net/{z}/{x}/{y}.png") == "maps.example.net"


def test_a_self_hosted_tile_server_is_named_and_turned_off_means_no_button(web_store):
    own = Settings(store="sqlite:///unused.db", tile_url="https://tiles.example.org/{z}/{x}/{y}.png")
    with TestClient(create_app(own, store=web_store)) as client:
        html = client.get("/", params={"near": "10001"}).text
        assert "Show street map — loads map images from tiles.example.org" in html
        assert "https://tiles.example.org" in client.get("/").headers["content-security-policy"]
    off = Settings(store="sqlite:///unused.db", tile_url="off")
    with TestClient(create_app(off, store=web_store)) as client:
        html = client.get("/", params={"near": "10001"}).text
        assert "data-map-tiles" not in html and 'data-tile-url=""' in html


def test_the_home_page_names_demo_places_only_for_the_demo_data(client, tmp_path):
    assert "demo-note" not in client.get("/").text  # the test listings are not the demo data
    demo = [Listing.model_validate(d) for d in itertools.islice(iter_demo_dataset(), 3)]
    for store in sqlite_store(tmp_path / "demo.db", demo):
        with TestClient(create_app(Settings(store="sqlite:///unused.db"), store=store)) as demo_client:
            html = demo_client.get("/").text
            assert "This is the demo directory: every listing in it is made up." in html
            assert '<a href="/?near=New+York%2C+NY">New York, NY</a>' in html
            assert demo_client.get("/?near=New+York%2C+NY").status_code == 200
            assert "demo-note" not in demo_client.get("/", params={"near": "10001"}).text
    # Same id, other data: not the bundled demo.
    impostor = demo[0].model_copy(update={"name": "Someone Else"})
    for store in sqlite_store(tmp_path / "other.db", [impostor]):
        with TestClient(create_app(Settings(store="sqlite:///unused.db"), store=store)) as other:
            assert "demo-note" not in other.get("/").text


@pytest.mark.parametrize(("params", "en", "es"), [
    ({"gender": "not male"}, "cannot leave one out", "no puede excluir uno"),
    ({"insurance": "aetna or cigna"}, "names more than one value", "nombra más de un valor"),
    ({"state": "NY,CA"}, "names more than one value", "nombra más de un valor"),
    ({"near": "10001,90210"}, "give one ZIP code or city, not two", "indique un solo código postal"),
])
def test_the_search_page_words_the_newer_refusals(client, params, en, es):
    for lang, said in (("en", en), ("es", es)):
        page = client.get("/", params={**params, "lang": lang})
        assert page.status_code == 422
        assert said in page.text
