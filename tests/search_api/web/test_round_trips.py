"""What survives a round trip between pages: the shortlist and the search's place, insurer
and concern, with JavaScript and without; and the tester's other findings on the same
pages (hints that keep words, one listing, every search problem at once, printed links).

TestClient over the real app and store, and Chromium (conftest.py) for what a browser does.
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import expect

from tests.search_api.web.test_printable_back_language import post
from tests.search_api.web.test_spanish_pages import parts

HTML = {"accept": "text/html"}
SEARCH = [("near", "10001"), ("insurance", "aetna"), ("specialty", "anxiety")]
PICKED = [("shortlist", "test:ipt"), ("shortlist", "test:cbt")]
ES = [("lang", "es")]


def _query(href: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(unescape(href)).query)


def _link(html: str, text: str) -> str:
    """The href of the one link whose text (markup left out) is `text`."""
    anchors = re.findall(r'<a [^>]*?href="([^"]*)"[^>]*>(.*?)</a>', html, re.S)
    found = [unescape(href) for href, inner in anchors
             if " ".join(re.sub(r"<[^>]+>", "", unescape(inner)).split()) == text]
    assert len(found) == 1, (text, found)
    return found[0]


def _brand(html: str) -> str:
    return unescape(re.search(r'<a class="brand" href="([^"]*)"', html)[1])


def _get(client, path: str, items: list[tuple[str, str]]) -> str:
    resp = client.get(path, params=items, headers=HTML)
    assert resp.status_code == 200, (path, items)
    return resp.text


# -- 1. the shortlist and the search survive "Back to search" and the brand link ----------


def test_the_shortlists_back_to_search_returns_to_the_search_with_the_list(client):
    html = _get(client, "/shortlist", [("ids", "test:ipt"), ("ids", "test:cbt"), *SEARCH, *ES])
    back = _link(html, "Volver a la búsqueda")
    assert urlsplit(back).path == "/"
    assert _query(back) == [*SEARCH, *PICKED, *ES]
    search = _get(client, "/", _query(back))
    assert 'id="f-near" name="near" value="10001"' in search
    assert _link(search, "Lista de candidatos (2)").startswith("/shortlist?ids=test%3Aipt&ids=test%3Acbt")


def test_a_profiles_back_to_search_keeps_the_search_and_the_list(client):
    results = _get(client, "/", [*SEARCH, *PICKED, *ES])
    profile = unescape(re.search(r'<h3 [^>]*><span [^>]*>\d+</span> <a href="(/therapists/test:org[^"]*)"',
                                 results)[1])
    assert _query(profile) == [*SEARCH, *PICKED, *ES]  # the place rides along for the way back
    html = _get(client, urlsplit(profile).path, _query(profile))
    assert _query(_link(html, "← Volver a la búsqueda")) == [*SEARCH, *PICKED, *ES]
    # The profile's Shortlist link and, from it, the shortlist's forms start with the place too.
    shortlist = _get(client, "/shortlist", _query(_link(html, "Lista de candidatos (2)")))
    assert 'id="cmp-near" name="near" maxlength="200" placeholder="Código postal, o ciudad y estado" ' \
           'autocomplete="off" value="10001"' in shortlist


@pytest.mark.parametrize("path", ["/", "/?near=10001", "/therapists/test:ipt", "/therapists/test:nobody",
                                  "/?near=99999"])
def test_the_brand_link_keeps_the_shortlist(client, path):
    resp = client.get(path, params=[*PICKED, *ES], headers=HTML)
    assert _query(_brand(resp.text)) == [*PICKED, *ES], path
    assert urlsplit(_brand(resp.text)).path == "/"


def test_the_shortlists_brand_link_keeps_the_list(client):
    html = _get(client, "/shortlist", [("ids", "test:ipt"), ("ids", "test:cbt")])
    assert _brand(html) == "/?shortlist=test%3Aipt&shortlist=test%3Acbt"


def test_the_checklist_form_carries_the_shortlist_to_the_printable(client):
    html = _get(client, "/therapists/test:ipt", [*SEARCH, *PICKED, *ES])
    (form,) = [f for f in parts(html).forms if f.get("action") == "/v1/checklist"]
    fields = [(name, value) for name, value, _ in form["fields"] if name]
    assert [f for f in fields if f[0] == "shortlist"] == PICKED
    answer = post(client, "/v1/checklist", fields + [("format", "html")], HTML)
    assert answer.status_code == 200
    back = unescape(re.search(r'<a href="([^"]+)"><span aria-hidden="true">← </span>', answer.text)[1])
    # The printable's back link keeps the list (by its ids) and the page's language.
    kept = [v for k, v in _query(back) if k in ("ids", "shortlist")]
    assert kept == ["test:ipt", "test:cbt"] and ("lang", "es") in _query(back), back


def test_the_checklists_back_link_returns_to_the_profile_with_the_shortlist(client):
    html = _get(client, "/therapists/test:ipt", [*PICKED])
    (form,) = [f for f in parts(html).forms if f.get("action") == "/v1/checklist"]
    fields = [(name, value) for name, value, _ in form["fields"] if name]
    answer = post(client, "/v1/checklist", fields + [("format", "html")], HTML)
    back = unescape(re.search(r'<a href="([^"]+)"><span aria-hidden="true">← </span>', answer.text)[1])
    assert back == "/therapists/test:ipt?shortlist=test%3Aipt&shortlist=test%3Acbt"


def test_without_javascript_the_search_and_the_list_survive_the_round_trips(nojs_page):
    page = nojs_page
    page.goto("/?near=10001&insurance=aetna&specialty=anxiety&lang=es")
    page.get_by_role("link", name=re.compile(r"^Añadir a la lista de candidatos.*Wren Thistledown")).click()
    page.get_by_role("link", name=re.compile(r"^Añadir a la lista de candidatos.*Fenwick")).click()
    page.get_by_role("link", name=re.compile(r"^Lista de candidatos")).click()
    expect(page.locator(".shortlist > li")).to_have_count(2)
    page.get_by_role("link", name="Volver a la búsqueda", exact=True).click()
    expect(page.get_by_label("Cerca de")).to_have_value("10001")
    expect(page.get_by_role("checkbox", name=re.compile(r"^Aetna"))).to_be_checked()
    expect(page.get_by_role("link", name=re.compile(r"^Lista de candidatos"))).to_have_text(
        "Lista de candidatos (2)")
    # A profile's "Back to search" too, and the brand link keeps the list.
    page.get_by_role("link", name="Wren Thistledown Counseling Collective", exact=True).click()
    page.get_by_role("link", name="Volver a la búsqueda").click()
    expect(page.get_by_label("Cerca de")).to_have_value("10001")
    expect(page.get_by_role("link", name=re.compile(r"^Lista de candidatos"))).to_have_text(
        "Lista de candidatos (2)")
    page.get_by_role("link", name="Therapist Finder").click()
    expect(page.get_by_role("link", name=re.compile(r"^Lista de candidatos"))).to_have_text(
        "Lista de candidatos (2)")
    assert page.log.blocked == []


def test_with_javascript_the_shortlists_back_to_search_keeps_the_search(page):
    page.goto("/?near=10001&insurance=aetna&specialty=anxiety")
    page.get_by_role("button", name=re.compile(r"^Add to shortlist.*Wren Thistledown")).click()
    page.get_by_role("link", name=re.compile(r"^Shortlist")).click()
    page.wait_for_url(re.compile(r"/shortlist\?"))
    page.get_by_role("link", name="Back to search", exact=True).click()
    page.wait_for_url(re.compile(r"/\?near=10001&insurance=aetna&specialty=anxiety"))
    expect(page.get_by_label("Near")).to_have_value("10001")
    expect(page.get_by_role("link", name=re.compile(r"^Shortlist"))).to_have_text("Shortlist (1)")


# -- 2. a hint that keeps words says so -------------------------------------------------


@pytest.mark.parametrize(("lang", "said"), [
    ([], "Filter by language: Spanish, searching for “grief”"),
    (ES, "Filtrar por idioma: Español, buscando “grief”"),
])
def test_a_filter_hint_that_keeps_words_says_so(client, lang, said):
    html = _get(client, "/", [("near", "10001"), ("q", "grief spanish"), *lang])
    box = html[html.index('<div class="hints"'):]
    box = box[:box.index("</div>")]
    anchors = re.findall(r'<a href="([^"]+)">([^<]+)</a>', box)
    hints = [(unescape(href), unescape(text)) for href, text in anchors]
    assert [text for _, text in hints] == [said]
    assert ("q", "grief") in _query(hints[0][0]) and ("language", "es") in _query(hints[0][0])


# -- 4. one listing, one option -----------------------------------------------------------


@pytest.mark.parametrize(("lang", "one", "many"), [
    ([], "For referral staff: this option with its contacts", "these 1 options"),
    (ES, "Para el personal de derivación: esta opción con sus contactos", "estas 1 opciones"),
])
def test_a_shortlist_of_one_says_one_option(client, lang, one, many):
    html = _get(client, "/shortlist", [("ids", "test:ipt"), *lang])
    assert one in html and many not in html
    two = _get(client, "/shortlist", [("ids", "test:ipt"), ("ids", "test:cbt"), *lang])
    assert ("these 2 options" if not lang else "estas 2 opciones") in two


# -- 5. every problem of a search at once ---------------------------------------------------


def test_the_search_error_page_lists_every_problem(client):
    resp = client.get("/", params={"near": "Atlántida", "lang": "es", "max_fee": "abc"}, headers=HTML)
    assert resp.status_code == 422
    summary = unescape(resp.text[resp.text.index('<div class="error-summary"'):])
    summary = summary[:summary.index("</div>")]
    assert "Lo máximo que puedo pagar por sesión ($)" in summary
    assert "Cerca de: no encontramos ese lugar." in summary
    # Each message names its field, for the summary's links and aria-describedby.
    assert 'id="f-near" name="near"' in resp.text
    assert re.search(r'id="f-near"[^>]*aria-invalid="true"', resp.text)
    assert re.search(r'id="f-max_fee"[^>]*aria-invalid="true"', resp.text)


def test_a_bad_place_and_a_bad_filter_value_are_both_reported(client):
    resp = client.get("/", params={"near": "zzzzz", "insurance": "cignaa", "radius_mi": "lots"}, headers=HTML)
    assert resp.status_code == 422
    text = unescape(resp.text)
    assert "Within: choose a distance" in text
    assert "Near: we couldn't find that place." in text
    assert "Insurance: we don't recognize “cignaa”" in text
    # A rule across fields is checked once the fields are valid, and reported then.
    resp = client.get("/", params={"max_fee": "abc", "lat": "5"}, headers=HTML)
    assert "Most I can pay per session ($): enter an amount" in unescape(resp.text)
    assert "Latitude and Longitude: fill in both, or leave both blank." in unescape(resp.text)
    # A check that fails only because a refused field was left out is not a problem of its
    # own: without its refused Latitude, a distance sort would have no place.
    resp = client.get("/", params={"lat": "abc", "lon": "-73.99", "sort": "distance"}, headers=HTML)
    assert resp.status_code == 422
    assert "to sort by distance" not in unescape(resp.text)


# -- 3. on paper, only addresses someone can use ---------------------------------------------


def test_printed_pages_spell_out_websites_but_not_the_sites_own_links(page):
    after = "el => getComputedStyle(el, '::after').content"
    nothing = ("none", "normal", '""')
    page.goto("/?near=10001&insurance=aetna&lang=es")
    page.emulate_media(media="print")
    names = page.locator(".card-title a")
    assert names.count() > 0 and all(name.evaluate(after) in nothing for name in names.all())
    page.goto("/shortlist?ids=test:ipt&ids=test:cbt")
    page.emulate_media(media="print")
    names = page.locator(".card-title a")
    assert names.count() == 2 and all(name.evaluate(after) in nothing for name in names.all())
    page.goto("/therapists/test:ipt")
    page.emulate_media(media="print")
    website = page.locator("a.external", has_text="orlaquillfeather.example")
    assert "https://orlaquillfeather.example" in website.evaluate(after)


# -- 6. a printable's header on a phone ------------------------------------------------------


def test_a_printables_header_fits_a_phone(page, artifacts):
    """The brand and the back link each keep their own words (it read "THERAPIST← Volver…")."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/shortlist?ids=test:ipt&ids=test:cbt&lang=es")
    page.get_by_role("button", name="Abrir la lista de derivación como página").click()
    page.wait_for_url(re.compile(r"/v1/referrals$"))
    brand, back = page.evaluate("""() => [document.querySelector('.page-head .brand'),
                                          document.querySelector('.page-head a[href]')]
        .map(el => { const r = el.getBoundingClientRect();
                     return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; })""")
    line = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.page-head .brand'))"
                         ".lineHeight) || 20")
    assert brand["bottom"] - brand["top"] <= line * 1.5, brand  # "Therapist Finder" on one line
    apart = brand["right"] <= back["left"] or back["top"] >= brand["bottom"] or back["bottom"] <= brand["top"]
    assert apart, (brand, back)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=artifacts / "referrals-phone-header.png")
