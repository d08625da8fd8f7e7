"""Distances in words, and where a printable page's links lead."""

from __future__ import annotations

import pytest

from search_api.printables.navigation import back_link, download
from search_api.printables.units import distance_text
from search_api.printables.wording import load_content

EN = load_content("en")


@pytest.mark.parametrize(
    ("miles", "en", "es"),
    [
        (None, "", ""),
        # Spanish in words, as its search radius ("a menos de 25 millas"); US Spanish
        # writes the decimal point and the thousands comma as US English does.
        (0.0, "less than 0.1 mi", "menos de 0.1 millas"),
        (0.04, "less than 0.1 mi", "menos de 0.1 millas"),
        (0.1, "0.1 mi", "0.1 millas"),
        (2.04, "2.0 mi", "2.0 millas"),
        (12.6, "13 mi", "13 millas"),
        (2461.4, "2,461 mi", "2,461 millas"),  # grouped as the fees are ("$1,200"), not "2461 mi"
    ],
)
def test_distance_text(miles, en, es):
    assert distance_text(miles) == en and distance_text(miles, "es") == es


@pytest.mark.parametrize("miles", [None, 0.0, 0.04, 0.099, 0.1, 0.55, 2.04, 9.94, 10, 12.6, 140, 2461.4])
def test_distances_read_as_in_the_search_results(miles):
    """Same words as the result cards (until those call this formatter directly)."""
    from search_api.web.formatting import distance_text as card_text

    assert distance_text(miles) == card_text(miles)


@pytest.mark.parametrize(
    ("pairs", "url"),
    [
        ([("ids", "test:a,test:b"), ("note", "Client J.D.")], "/shortlist?ids=test%3Aa&ids=test%3Ab"),
        ([("ids", "test:a"), ("shortlist", "test:a"), ("shortlist", "test:c")],
         "/shortlist?ids=test%3Aa&ids=test%3Ac"),
        ([("ids", ",".join(f"t:{i}" for i in range(30)))],
         "/shortlist?" + "&".join(f"ids=t%3A{i}" for i in range(20))),  # the shortlist's cap
        ([("ids", "x" * 251)], "/"),
        ([("therapist_id", "test:a b/c?"), ("concern", "ptsd")], "/therapists/test:a%20b%2Fc%3F"),
        ([("concern", "ptsd")], "/"),
        ([], "/"),
    ],
)
def test_back_links_carry_listing_ids_only(pairs, url):
    assert back_link(pairs, EN).url == url


@pytest.mark.parametrize(
    ("pairs", "url"),
    [
        ([("ids", "test:a,test:b")], "/shortlist?ids=test%3Aa&ids=test%3Ab&lang=es"),
        ([("therapist_id", "test:a")], "/therapists/test:a?lang=es"),
        ([], "/?lang=es"),
    ],
)
def test_a_spanish_printable_leads_back_to_the_spanish_pages(pairs, url):
    assert back_link(pairs, load_content("es")).url == url


def test_back_link_skips_a_listing_that_is_gone():
    assert back_link([("therapist_id", "test:gone")], EN, missing=["test:gone"]).url == "/"
    assert back_link([("therapist_id", "test:a")], EN).text == "Back to the listing"


def test_download_form_drops_format_and_shortlist():
    form = download("/v1/compare", [("ids", "a"), ("format", "html"), ("shortlist", "a"),
                                    ("note", "x")], ["pdf"])
    assert form.fields == [("ids", "a"), ("note", "x")] and form.formats == ["pdf"]


@pytest.mark.parametrize(
    ("pairs", "printable", "url", "text"),
    [
        # Printed in Spanish from an English page: back to the English page, in Spanish words.
        ([("ids", "test:a,test:b"), ("back_lang", "en")], "es", "/shortlist?ids=test%3Aa&ids=test%3Ab",
         "Volver a su lista de candidatos"),
        ([("therapist_id", "test:a"), ("back_lang", "en")], "es", "/therapists/test:a",
         "Volver al anuncio"),
        ([("back_lang", "en")], "es", "/", "Volver a la búsqueda"),
        # Printed in English from a Spanish page: back to the Spanish page.
        ([("ids", "test:a"), ("back_lang", "es")], "en", "/shortlist?ids=test%3Aa&lang=es",
         "Back to your shortlist"),
        ([("therapist_id", "test:a"), ("back_lang", " ES ")], "en", "/therapists/test:a?lang=es",
         "Back to the listing"),
        ([("back_lang", "es")], "en", "/?lang=es", "Back to search"),
        # The last one counts; anything but en or es is ignored (the printable's own then).
        ([("therapist_id", "test:a"), ("back_lang", "es"), ("back_lang", "en")], "es",
         "/therapists/test:a", "Volver al anuncio"),
        ([("therapist_id", "test:a"), ("back_lang", "fr")], "es", "/therapists/test:a?lang=es",
         "Volver al anuncio"),
        ([("therapist_id", "test:a"), ("back_lang", "")], "en", "/therapists/test:a", "Back to the listing"),
    ],
)
def test_back_links_return_in_the_language_the_page_was_read_in(pairs, printable, url, text):
    link = back_link(pairs, load_content(printable))
    assert (link.url, link.text) == (url, text)


def test_a_damaged_back_lang_is_never_an_error(client):
    """It only shapes the back link: whatever a form sends, the page is made."""
    answer = client.post("/v1/checklist", data={"therapist_id": "test:ipt", "lang": "es", "format": "html",
                                                "back_lang": "x" * 500})
    assert answer.status_code == 200 and '<a href="/therapists/test:ipt?lang=es">' in answer.text


SEARCH = [("near", "10001"), ("insurance", "aetna"), ("specialty", "anxiety")]


@pytest.mark.parametrize(
    ("pairs", "url"),
    [
        # As the web pages' own links write them (web/shortlist_links.py): the search first on a
        # profile link, after the ids on the shortlist's, then the language.
        ([("therapist_id", "test:a"), ("shortlist", "test:a"), ("back_lang", "es")],
         "/therapists/test:a?near=10001&insurance=aetna&specialty=anxiety&shortlist=test%3Aa&lang=es"),
        ([("ids", "test:a,test:b")],
         "/shortlist?ids=test%3Aa&ids=test%3Ab&near=10001&insurance=aetna&specialty=anxiety"),
        ([], "/?near=10001&insurance=aetna&specialty=anxiety"),
    ],
)
def test_back_links_carry_the_search_they_are_given(pairs, url):
    assert back_link(pairs, EN, context=SEARCH).url == url


def test_the_search_is_read_from_the_back_fields_only():
    """The form's own `insurance` and `concern` (what the person chose for the printout)
    are never read as the search to return to."""
    from search_api.printables.navigation import back_context

    pairs = [("insurance", "cigna"), ("concern", "grief"), ("near", "Albany, NY"),
             ("back_near", "10001"), ("back_insurance", "aetna"), ("back_specialty", "anxiety")]
    assert back_context(pairs) == SEARCH
    assert back_link(pairs, EN).url == "/"  # nothing given: nothing carried


def test_download_form_drops_the_back_links_search():
    form = download("/v1/checklist", [("therapist_id", "a"), ("back_near", "10001"),
                                      ("back_insurance", "aetna"), ("back_specialty", "anxiety"),
                                      ("back_lang", "es"), ("format", "html")], ["pdf"])
    assert form.fields == [("therapist_id", "a"), ("back_lang", "es")]
