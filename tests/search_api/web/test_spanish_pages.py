"""The pages in Spanish (`lang=es`): every English UI string translated, every link and
form keeping the language, the switch to the other language, and no cookie.

The check for leftovers is built from the English pages themselves: each text node
and each label-like attribute an English page shows, less the listings' own data
(names, places, descriptions, vocabulary labels with no Spanish label), must be gone
from the same page in Spanish. So a string added to a template without a translation
fails here.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import expect

from search_api.printables.wording import load_content
from search_api.web.listing_view import listing_view
from search_api.web.text import page_text
from tests.search_api.web import test_accessibility
from tests.search_api.web.conftest import web_listings
from therapist_finder.normalize import normalize_listing
from therapist_finder.vocab import FACETS, load_vocabularies

HTML = {"accept": "text/html"}
assert_accessible = test_accessibility.assert_accessible
axe_page = test_accessibility.axe_page  # the fixture: a page whose CSP lets axe-core in
PAGES = [
    "/",
    "/?near=10001&q=psychologist&insurance=aetna&limit=2",  # hints, a chip, paging, the map
    "/?near=10001&q=grief+spanish",  # a hint that keeps words as text
    "/?near=10001&insurance=aetna&telehealth=true&state=NY&max_fee=200",  # every kind of chip
    "/?near=10001&radius_mi=lots&max_fee=-3",  # the error summary
    "/?near=Nowheresville%2C+ZZ",
    "/?near=10001&q=zzzqqxxvv",  # no results
    "/?near=40.7485,-73.9966&insurance=aetna",  # a coordinate search: "your point near …"
    "/?near=14201",  # few listings near: the state's video sessions
    "/?near=Houston",  # a city without its state: the suggestions
    "/?near=123+Main+St%2C+Houston%2C+TX",  # a pasted street address
    "/?near=31.00,-104.50",  # a point far from any town
    "/therapists/test:ipt?insurance=aetna&specialty=anxiety",
    "/therapists/test:org",
    "/therapists/test:tele",
    "/therapists/test:xss",
    "/shortlist?ids=test:ipt&ids=test:cbt&ids=test:gone&near=10001&insurance=aetna",
    "/shortlist?ids=test:ipt",
    "/shortlist?ids=" + ",".join(["test:ipt", *(f"test:n{i}" for i in range(22))]),  # over 20
    "/shortlist",
    "/therapists/test:nobody",  # 404
    "/no/such/page",  # 404
    "/shortlist?ids=test:ipt&name=x",  # 422
]
LABEL_ATTRS = ("aria-label", "placeholder", "title", "alt")
# The same in both languages: the site's name, the other language's own name (the switch
# and the printables' language choice), an identifier, and words Spanish spells alike.
SAME_IN_BOTH = {"Therapist Finder", "English", "Español", "NPI", "No", "Error 404", "Error 422"}


class PageParts(HTMLParser):
    """Text nodes, label-like attributes, links and forms of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.links: list[dict[str, str]] = []
        self.forms: list[dict] = []
        self.lang = ""
        self.script_text: dict[str, str] = {}
        self._select: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        self.texts += [a[name].strip() for name in LABEL_ATTRS if a.get(name, "").strip()]
        if tag == "html":
            self.lang = a.get("lang", "")
        if tag == "body" and a.get("data-ui-text"):
            self.script_text = json.loads(a["data-ui-text"])
            self.texts += list(self.script_text.values())
        if tag == "a":
            self.links.append(a)
        if tag == "form":
            self.forms.append({**a, "fields": []})
        if tag == "input" and self.forms:
            self.forms[-1]["fields"].append((a.get("name", ""), a.get("value", ""), "selected"))
        if tag == "select" and self.forms:
            self._select = {"name": a.get("name", ""), "first": None, "chosen": None}
        if tag == "option" and self._select is not None:
            value = a.get("value", "")
            self._select["first"] = value if self._select["first"] is None else self._select["first"]
            if "selected" in a:
                self._select["chosen"] = value

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None and self.forms:
            s = self._select
            chosen = s["chosen"] if s["chosen"] is not None else s["first"]
            self.forms[-1]["fields"].append((s["name"], chosen, "selected"))
            self._select = None

    def handle_data(self, data):
        text = " ".join(data.split())
        if text:
            self.texts.append(text)


def parts(html: str) -> PageParts:
    parser = PageParts()
    parser.feed(html)
    return parser


def listing_data() -> set[str]:
    """What the fixture listings themselves say (and the vocabulary labels that have no
    Spanish): these may stand on a Spanish page as they are."""
    vocabs = load_vocabularies()
    english, spanish = page_text("en"), page_text("es")
    data: set[str] = set()
    for facet in FACETS:
        for term in vocabs[facet].terms:
            if spanish.label(vocabs, facet, term.slug) == term.label:
                data.add(term.label)
    # Every state has its Spanish name ("New York" reads "Nueva York"): only a name the Spanish
    # table spells as English does ("Texas") may stand, never one the table lacks.
    same = {slug for slug, name in load_content("es").labels.get("state", {}).items()
            if vocabs.state.get(slug) and vocabs.state.get(slug).label == name}
    data |= {t.label for t in vocabs.state.terms if t.slug in same} | {t.slug for t in vocabs.state.terms}
    for raw in web_listings():
        listing = normalize_listing(raw, vocabs)
        view = listing_view(listing, vocabs, text=english)
        data |= {view.id, view.name, view.credentials, view.phone or "", view.website_text or "",
                 view.summary, view.description, *view.description.split("\n\n")}
        data |= {p for place in view.places for p in (place.one_line, place.city_state, place.address)}
        data |= {plan for plans in view.insurance_plans for plan in plans}
        data |= {s.raw_url or "" for s in view.sources} | {s.url or "" for s in view.sources}
        data |= {s.label for s in view.sources}  # a source with no name of its own: its id
    data.add("test:gone")  # an id the shortlist says is gone
    return {" ".join(d.split()) for d in data if d}


@pytest.fixture(scope="module")
def data() -> set[str]:
    return listing_data()


def spanish(url: str) -> str:
    return url + ("&" if "?" in url else "?") + "lang=es"


def _is_ui_text(text: str, data: set[str]) -> bool:
    if text in data or text in SAME_IN_BOTH or not any(ch.isalpha() for ch in text):
        return False
    if re.fullmatch(r"[\d.,]+ mi", text):  # distances: the printables' Spanish says "mi" too
        return False
    # A place the gazetteer names ("Houston, TX", a suggestion) or a listing id ("test:n3").
    if re.fullmatch(r"[A-Z][^,]*, [A-Z]{2}", text) or re.fullmatch(r"[a-z]+:[\w-]+", text):
        return False
    # A name or place with punctuation around it (", LCSW"), or a profile's title.
    return text.removesuffix(" · Therapist Finder").strip(" ,.:;()·—–-|") not in data


@pytest.mark.parametrize("url", PAGES)
def test_spanish_pages_leave_no_english_ui_text(client, data, url):
    english_page = client.get(url, headers=HTML)
    spanish_page = client.get(spanish(url), headers=HTML)
    assert spanish_page.status_code == english_page.status_code
    english, translated = parts(english_page.text), parts(spanish_page.text)
    assert english.lang == "en" and translated.lang == "es"
    ui = {t for t in english.texts if _is_ui_text(t, data)}
    assert len(ui) > 5, ui  # the check has something to check
    left = sorted(ui & set(translated.texts))
    assert not left, f"untranslated on {spanish(url)}: {left}"
    # The scripts get every string, in Spanish.
    assert translated.script_text.keys() == english.script_text.keys()
    assert all(translated.script_text[k] != english.script_text[k] for k in english.script_text
               if english.script_text[k] not in SAME_IN_BOTH)


def test_spanish_headings_labels_and_title(client):
    search = client.get("/?near=10001&lang=es", headers=HTML).text
    assert '<html lang="es">' in search
    assert "<h1>Buscar terapeuta</h1>" in search and ">¿Con qué desea ayuda?</label>" in search
    assert re.search(r"<title>\d anuncios encontrados · Buscar terapeuta · Therapist Finder</title>", search)
    profile = client.get("/therapists/test:ipt?lang=es", headers=HTML).text
    assert ">Disponibilidad y tarifas</h2>" in profile and ">Trabajador/a social clínico/a<" in profile
    assert "dentro de la red según el directorio de la aseguradora" in profile
    assert '<option value="es" lang="es" selected>Español</option>' in profile  # the checklist's language
    # The crisis line is the printables' Spanish one, its numbers still links.
    assert 'al <a href="tel:988">988</a>' in profile and '<a href="tel:911">911</a>' in profile
    texting = '<a href="sms:988" aria-label="envíe un mensaje de texto 988">envíe un mensaje de texto</a>'
    assert f"Llame o {texting} al" in profile
    shortlist = client.get("/shortlist?ids=test:ipt&lang=es", headers=HTML).text
    assert "<h1>Su lista de candidatos</h1>" in shortlist


def test_spanish_gender_labels_are_the_printables_own(client):
    """The gender labels come from checklist.es.yaml, the printables' Spanish, as every other
    vocabulary label does: the filter and the profile show them."""
    vocabs, content = load_vocabularies(), load_content("es")
    es = page_text("es")
    assert {slug: es.label(vocabs, "gender", slug) for slug in vocabs["gender"].slugs()} == \
        content.labels["gender"] == {"female": "Mujer", "male": "Hombre", "nonbinary": "No binario"}
    search = client.get("/?near=10001&lang=es", headers=HTML).text
    assert re.search(r'<label for="f-gender-female">Mujer <span class="count">', search)
    assert re.search(r'<label for="f-gender-male">Hombre <span class="count">', search)
    profile = client.get("/therapists/test:ipt?lang=es", headers=HTML).text
    assert "<dt>Género</dt><dd>Mujer</dd>" in profile


def test_leaflet_zoom_buttons_speak_the_page_language(page):
    """Leaflet's own zoom controls get their titles and aria-labels from the page (map.js)."""
    for lang, names in (("es", ("Acercar", "Alejar")), ("en", ("Zoom in", "Zoom out"))):
        page.goto(f"/?near=10001&lang={lang}")
        expect(page.locator("[data-map-ready]")).to_be_visible()
        for selector, name in zip((".leaflet-control-zoom-in", ".leaflet-control-zoom-out"), names,
                                  strict=True):
            control = page.locator(selector)
            expect(control).to_have_attribute("title", name)
            expect(control).to_have_attribute("aria-label", name)
            expect(page.get_by_role("button", name=name, exact=True)).to_have_count(1)
        expect(page.locator(".leaflet-control-zoom a")).to_have_count(2)  # one zoom control only


def _same_site(href: str) -> bool:
    return href.startswith("/") and not href.startswith(("//", "/static/"))


def _query(href: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(href).query, keep_blank_values=True)


@pytest.mark.parametrize("url", PAGES)
def test_every_link_and_form_on_a_spanish_page_keeps_the_language(client, url):
    page = parts(client.get(spanish(url), headers=HTML).text)
    links = [a for a in page.links if _same_site(a.get("href", ""))]
    assert links
    for a in links:
        wanted = ("lang", "en") if "data-lang-switch" in a else ("lang", "es")
        items = _query(a["href"])
        assert wanted in items or (wanted == ("lang", "en") and not any(k == "lang" for k, _ in items)), a
        if "data-shortlist-link" in a:  # site.js builds the shortlist link from this
            assert ("lang", "es") in parse_qsl(a["data-shortlist-link"]), a
        if "data-lang-switch" not in a:
            assert ("lang", "es") in items, a
    for form in page.forms:
        assert ("lang", "es", "selected") in form["fields"], form


@pytest.mark.parametrize("url", [u for u in PAGES if "lang" not in u][:14])
def test_the_switch_leads_to_the_same_page_in_the_other_language(client, url):
    english = parts(client.get(url, headers=HTML).text)
    (to_spanish,) = [a for a in english.links if "data-lang-switch" in a]
    assert to_spanish["lang"] == "es" and to_spanish.get("href", "")
    href = to_spanish["href"]
    assert urlsplit(href).path == urlsplit(url).path
    assert _query(href) == _query(url) + [("lang", "es")]
    translated = parts(client.get(href, headers=HTML).text)
    assert translated.lang == "es"
    (back,) = [a for a in translated.links if "data-lang-switch" in a]
    assert back["lang"] == "en" and _query(back["href"]) == _query(url)
    assert urlsplit(back["href"]).path == urlsplit(url).path


def test_lang_is_not_a_search_setting(client):
    """lang=es alone is no search, and any other value is English."""
    start = client.get("/?lang=es", headers=HTML)
    assert start.status_code == 200 and ">Empiece una búsqueda</h2>" in start.text
    other = client.get("/?near=10001&lang=fr", headers=HTML)
    assert other.status_code == 200 and '<html lang="en">' in other.text


def test_spanish_pages_are_accessible_and_their_scripts_speak_spanish(axe_page):
    """axe-core on the Spanish search, profile and shortlist; what the scripts write is Spanish."""
    page = axe_page
    page.goto("/?near=10001&q=psychologist&insurance=aetna&limit=2&lang=es")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("[data-map-ready]")).to_be_visible()
    expect(page.locator("[data-map-note]").first).to_contain_text("Solo se muestran los marcadores numerados")
    assert_accessible(page, "Spanish results")
    page.get_by_role("button", name=re.compile(r"^Mostrar mapa de calles")).click()
    expect(page.get_by_role("button", name="Ocultar el mapa de calles")).to_be_visible()
    button = page.locator(".result-list .shortlist-btn").first
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(button).to_contain_text("En su lista de candidatos ✓")
    expect(page.locator("[data-announce]")).to_contain_text("se añadió a su lista de candidatos (1)")
    expect(page.locator("[data-shortlist-link]").first).to_have_attribute("href", re.compile(r"lang=es"))
    assert_accessible(page, "Spanish results with the street map and a shortlisted listing")

    page.goto("/therapists/test:ipt?lang=es")
    expect(page.get_by_role("heading", level=1)).to_have_text("Orla Quillfeather, LCSW")
    assert_accessible(page, "Spanish profile")
    page.get_by_role("button", name="Abrir la lista de preguntas como página").click()
    page.wait_for_url(re.compile(r"/v1/checklist$"))
    expect(page.locator("html")).to_have_attribute("lang", "es")  # the checklist came in Spanish

    page.goto("/shortlist?lang=es")  # the saved list (one listing): site.js keeps the language
    page.wait_for_url(re.compile(r"/shortlist\?ids=test%3Aipt.*lang=es|/shortlist\?ids=test:ipt.*lang=es"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Su lista de candidatos")
    assert_accessible(page, "Spanish shortlist")
    page.goto("/shortlist?ids=test:cbt&lang=es")  # a list from a link: the script asks, in Spanish
    question = page.locator("[data-shortlist-question]")
    expect(question).to_contain_text("Esta lista de candidatos viene de un enlace")
