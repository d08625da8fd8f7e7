"""Numbers on the Spanish pages and printables, as US Spanish writes them.

US (and Mexican) Spanish groups thousands with a comma and writes the decimal
point as US English does ("1,001", "$1,200.50", "12.5"); what must change with the
language are the words around a number: "1 anuncio encontrado" (not "encontrados"),
"se muestra 1 de 2", and distances in words like the search radius ("13 millas").
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from tests.search_api.printables.conftest import pdf_text
from tests.utils.factories import north_of
from tests.utils.stores import app_over
from therapist_finder.schema import Listing

HTML = {"accept": "text/html"}
MANHATTAN = (40.7484, -73.9967)
BULK = 1000  # enough listings that a facet's count needs a thousands separator


def _listing(key: str, at, **fields) -> Listing:
    seen = (date.today() - timedelta(days=5)).isoformat()
    return Listing.model_validate({
        "id": f"test:{key}", "kind": "individual", "name": fields.pop("name", f"Test Person {key}"),
        "license_states": ["NY"], "languages": ["en"], "last_seen_at": seen,
        "sources": [{"source": "fixture", "url": None, "fetched_at": seen}],
        "locations": [{"city": "New York", "state": "NY", "postal_code": "10001",
                       "lat": at[0], "lon": at[1]}], **fields})


def _listings():
    bulk = [_listing(f"bulk{i}", north_of(*MANHATTAN, 1), telehealth=True, specialties=["anxiety"])
            for i in range(BULK)]
    dear = _listing("dear", north_of(*MANHATTAN, 12.6), name="Ottilie Farthingale",
                    specialties=["grief"], telehealth=True,
                    fees={"session_min": 1200.5, "session_max": 1500, "sliding_scale": True,
                          "sliding_scale_min": 1000, "sliding_scale_max": 1100})
    return [*bulk, dear]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    yield from app_over(tmp_path_factory.mktemp("numbers") / "numbers.db", _listings())


def _title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


def test_spanish_counts_group_thousands_everywhere_even_in_facet_counts(client):
    html = client.get("/", params={"near": "10001", "radius_mi": "25", "lang": "es"}, headers=HTML).text
    assert _title(html).startswith("1,001 anuncios encontrados, se muestran 1–20 de 1,001 ·")
    assert "1,001 anuncios a menos de 25 millas de" in html
    # A facet's count read "1001" beside a heading of "1,001".
    assert re.search(r'<span class="count">1,001<span class="visually-hidden"> anuncios</span>', html)
    assert not re.findall(r'<span class="count">\d{4,}', html)


def test_one_spanish_result_agrees_in_the_singular(client):
    html = client.get("/", params={"near": "10001", "specialty": "grief", "lang": "es"}, headers=HTML).text
    title = _title(html)
    assert title.startswith("1 anuncio encontrado ·"), title
    assert "encontrados" not in title
    english = _title(client.get("/", params={"near": "10001", "specialty": "grief"}, headers=HTML).text)
    assert english.startswith("1 listing found ·"), english


def test_a_spanish_page_of_one_listing_says_se_muestra(client):
    page = {"near": "10001", "radius_mi": "25", "lang": "es"}
    html = client.get("/", params={**page, "limit": "1"}, headers=HTML).text
    assert "Se muestra 1 de 1,001" in html and "Se muestran 1 de" not in html
    assert "se muestra 1 de 1,001 ·" in _title(html)
    assert "Se muestran 1–10 de 1,001" in client.get("/", params={**page, "limit": "10"},
                                                    headers=HTML).text  # a range stays plural


def test_spanish_fees_and_distances_on_the_card_and_profile(client):
    html = client.get("/", params={"near": "10001", "specialty": "grief", "lang": "es"}, headers=HTML).text
    assert "$1,200.50–$1,500 por sesión; escala móvil $1,000–$1,100" in html
    assert "a <strong>13 millas</strong>" in html and "13 mi<" not in html
    profile = client.get("/therapists/test:dear", params={"near": "10001", "lang": "es"},
                         headers=HTML).text
    assert "$1,200.50–$1,500 por sesión" in profile


def test_spanish_printables_write_distances_in_words(client):
    params = {"ids": "test:dear,test:bulk0", "near": "10001", "lang": "es"}
    html = client.get("/v1/compare", params=params).text
    assert "13 millas" in html and "1.0 millas" in html and "$1,200.50–$1,500" in html
    assert not re.search(r"\d mi\b", html)
    pdf = client.get("/v1/compare", params={**params, "format": "pdf"})
    assert pdf.status_code == 200, pdf.text[:300]
    text = " ".join(pdf_text(pdf.content).split())
    assert "13 millas" in text and "$1,200.50" in text
    english = client.get("/v1/compare", params={**params, "lang": "en"}).text
    assert "13 mi" in english and "millas" not in english


@pytest.mark.parametrize(("days", "en", "es"), [(1000, "1,000 days", "1,000 días"),
                                                (1095, "3 years", "3 años"), (90, "90 days", "90 días")])
def test_an_age_in_days_groups_thousands_in_both_languages(days, en, es):
    """`THERAPIST_FINDER_STALE_AFTER_DAYS=1000` printed "over 1000 days old"."""
    from search_api.printables.provenance import age_text

    assert age_text(days, "en") == en and age_text(days, "es") == es
