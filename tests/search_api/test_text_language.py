"""Which language a listing's own text is in, and the lang attribute Spanish pages put on it."""

from __future__ import annotations

import re

import pytest

from search_api.text_language import lang_attr, text_language


@pytest.mark.parametrize(("text", "expected"), [
    ("Orla helps adults with depression and anxiety. Sessions are in person or by video.", "en"),
    ("Atiende a adultos con depresión y ansiedad. Las sesiones son en persona o por video.", "es"),
    # Too short to tell, or no words at all: the page's language applies.
    ("Sliding scale", None),
    ("EMDR, CBT", None),
    ("", None),
    (None, None),
    # Mixed about evenly: no guess.
    ("The sessions are for adults y las sesiones son para adultos", None),
])
def test_text_language(text, expected):
    assert text_language(text) == expected


def test_lang_attr_only_where_the_text_differs_from_the_page():
    english = "She works with couples and families in the Bronx."
    assert lang_attr(english, "es") == ' lang="en"'
    assert lang_attr(english, "en") == ""
    assert lang_attr("Sliding scale", "es") == ""


@pytest.fixture(scope="module")
def described(tmp_path_factory):
    from tests.utils.factories import make_listing, north_of
    from tests.utils.stores import app_over

    listings = [
        make_listing("en", north_of(40.7484, -73.9967, 0.5), description=(
            "Wren helps adults with grief and depression. Sessions are in person or by video.")),
        make_listing("es", north_of(40.7484, -73.9967, 0.7), description=(
            "Atiende a adultos con duelo y depresión. Las sesiones son en persona o por video.")),
    ]
    yield from app_over(tmp_path_factory.mktemp("described") / "described.db", listings)


def test_pages_mark_descriptions_in_the_other_language(described):
    """WCAG 3.1.2: a screen reader reads the English text on a Spanish page with an English
    voice, and the Spanish text on an English page with a Spanish one."""
    html = {"accept": "text/html"}
    spanish = described.get("/therapists/test:en?lang=es", headers=html).text
    assert '<div class="description" lang="en">' in spanish
    assert '<div class="description">' in described.get("/therapists/test:en", headers=html).text
    assert '<div class="description" lang="es">' in described.get("/therapists/test:es", headers=html).text
    assert '<div class="description">' in described.get("/therapists/test:es?lang=es", headers=html).text
    results = described.get("/?near=10001&lang=es", headers=html).text
    assert re.search(r'<p class="summary" lang="en">Wren helps', results)
    assert re.search(r'<p class="summary">Atiende', results)
    packet = described.get("/v1/referrals", params={"ids": "test:en", "lang": "es", "format": "html"}).text
    assert '<p class="description" lang="en">' in packet
