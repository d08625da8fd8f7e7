"""Spanish pages name states in Spanish and write dates as Spanish readers do
("1 de octubre de 2026"); English pages keep their names and write dates out too
("October 1, 2026"): an ISO date reads as a code."""

from __future__ import annotations

import re

import pytest

from search_api.web.facets import state_choices
from search_api.web.text import page_text
from tests.search_api.web.test_spanish_pages import parts
from therapist_finder.vocab import load_vocabularies

HTML = {"accept": "text/html"}
ISO_DATE = re.compile(r"\b\d{4}-\d\d-\d\d\b")
MONTHS = ("enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre")
SPANISH_DATE = re.compile(rf"\b\d{{1,2}} de (?:{MONTHS}) de \d{{4}}\b")
ENGLISH_DATE = re.compile(r"\b(?:January|February|March|April|May|June|July|August|September|October"
                          r"|November|December) \d{1,2}, \d{4}\b")
PAGES = ["/therapists/test:ipt", "/therapists/test:org", "/?near=10001&insurance=aetna",
         "/shortlist?ids=test:ipt&ids=test:cbt"]


@pytest.mark.parametrize("url", PAGES)
def test_pages_write_every_date_out_in_their_language(client, url):
    spanish = " ".join(parts(client.get(url + ("&" if "?" in url else "?") + "lang=es",
                                        headers=HTML).text).texts)
    assert not ISO_DATE.search(spanish), ISO_DATE.findall(spanish)
    assert SPANISH_DATE.search(spanish)
    english = " ".join(parts(client.get(url, headers=HTML).text).texts)
    assert not ISO_DATE.search(english), ISO_DATE.findall(english)
    assert ENGLISH_DATE.search(english) and not SPANISH_DATE.search(english)


def test_the_spanish_profile_dates_its_claims_sources_and_last_sighting(client):
    html = client.get("/therapists/test:ipt?lang=es", headers=HTML).text
    # The fixture's claims are dated 2026-10-01; its sources read ten days ago.
    assert "verificado el 1 de octubre de 2026" in html  # Aetna's directory, a badge
    assert ", declarado por el propio profesional el 1 de octubre de 2026</span>" in html
    assert re.search(rf"Visto por última vez en una fuente: <strong>{SPANISH_DATE.pattern}</strong>",
                     html)
    assert re.search(rf'<td class="date" data-label="Leído el">{SPANISH_DATE.pattern}</td>', html)
    english = client.get("/therapists/test:ipt", headers=HTML).text
    assert "checked on October 1, 2026" in english
    assert re.search(rf'<td class="date" data-label="Read on">{ENGLISH_DATE.pattern}</td>', english)


def test_the_spanish_profile_names_the_licensing_state_in_spanish(client):
    assert "<dt>Con licencia en</dt><dd>Nueva York</dd>" in \
        client.get("/therapists/test:ipt?lang=es", headers=HTML).text
    assert "<dt>Licensed in</dt><dd>New York</dd>" in client.get("/therapists/test:ipt", headers=HTML).text


def test_the_state_select_and_its_chip_speak_the_pages_language(client):
    spanish = client.get("/?near=10001&state=ny&lang=es", headers=HTML).text
    assert '<option value="NY" selected>Nueva York</option>' in spanish
    assert '<option value="NC">Carolina del Norte</option>' in spanish
    assert re.search(r">Estado: Nueva York <span", spanish)
    english = client.get("/?near=10001&state=ny", headers=HTML).text
    assert '<option value="NY" selected>New York</option>' in english
    assert re.search(r">State: New York <span", english)
    # A state the vocabulary does not know is shown as typed (escaped), as before.
    odd = client.get("/?near=10001&state=%3Cb%3E&lang=es", headers=HTML).text
    assert "<b>" not in odd and "&lt;b&gt;" in odd


def test_the_spanish_state_list_is_in_spanish_alphabetical_order():
    vocabs = load_vocabularies()
    names = [name for _, name in state_choices(vocabs, page_text("es"))]
    states, territories = names[:51], names[51:]
    assert states[:6] == ["Alabama", "Alaska", "Arizona", "Arkansas", "California", "Carolina del Norte"]
    assert states.index("Georgia") < states.index("Hawái") < states.index("Idaho")
    assert states.index("Nueva York") < states.index("Nuevo Hampshire") < states.index("Ohio")
    assert territories == ["Puerto Rico", "Guam", "Islas Vírgenes de los Estados Unidos", "Samoa Americana",
                           "Islas Marianas del Norte"]
    # English keeps the vocabulary's own order.
    assert state_choices(vocabs) == [(t.slug, t.label) for t in vocabs.state.terms]
