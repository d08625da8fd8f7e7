"""What a tester found on the running pages: Spanish labels left in English, tables and the
sort select that did not fit, credentials said twice, and the wording around a search.

The layout checks run in real Chromium against a real uvicorn over a store of one made-up
listing built to provoke them: a source URL with no place to break, a Spanish insurance table
with stale claims, "PHD" and "PhD" from two sources, and values no vocabulary knew.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import expect

from search_api.app import create_app
from tests.search_api.web.conftest import MANHATTAN, fresh_page, serve
from tests.utils.factories import claim, make_listing, north_of
from tests.utils.html import visible_text as _text
from tests.utils.stores import sqlite_store
from therapist_finder.settings import Settings

HTML = {"accept": "text/html"}
# No hyphen, slash or dot for a line to break at after the host: only `overflow-wrap` can.
LONG_URL = "https://registry.example/" + "Practitionerrecordnumber" * 12
OLD = "2024-01-05"  # long enough ago that every claim is "(may be out of date)"
PROFILE = "/therapists/test:fit"


def fit_listing():
    seen = (date.today() - timedelta(days=10)).isoformat()
    return make_listing(
        "fit", north_of(*MANHATTAN, 1), name="Desmond Achterberg", credentials=["PHD", "PhD", "LCSW"],
        license_states=["NY"], last_seen_at=OLD,
        insurance=[claim("aetna", "payer_directory", OLD), claim("medicaid", "provider_reported", OLD),
                   claim("cigna", "payer_directory", OLD)],
        sources=[{"source": "nppes", "url": LONG_URL, "fetched_at": seen},
                 {"source": "plannet", "url": "https://fhir.example-health.test/Practitioner/1",
                  "fetched_at": seen}],
        unmapped={"approaches": ["Relapse prevention"], "fees": ["Cash or self-payment"],
                  "npi": ["1234567890"], "specialties": ["Life transitions"], "languages": ["Klingon"]})


@pytest.fixture(scope="module")
def fit_app(tmp_path_factory):
    for store in sqlite_store(tmp_path_factory.mktemp("fit") / "fit.db", [fit_listing()]):
        yield create_app(Settings(store="sqlite:///unused.db"), store=store)


@pytest.fixture(scope="module")
def fit_client(fit_app):
    with TestClient(fit_app) as client:
        yield client


@pytest.fixture(scope="module")
def fit_server(fit_app):
    yield from serve(fit_app)


@pytest.fixture()
def fit_page(browser, fit_server):
    """A fresh page on this module's server (see conftest's `fresh_page`)."""
    yield from fresh_page(browser, fit_server)



def _unmapped_box(html: str) -> list[tuple[str, str]]:
    """(label, values) of the "Also listed, in the source's own words" box: the sources section's list."""
    box = html[html.index('id="h-sources"'):]
    box = box[box.index("<dl"):]
    box = box[:box.index("</dl>")]
    return [(_text(dt), _text(dd)) for dt, dd in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", box, re.S)]


# 1. The source's own words: each field named as the profile names it, in the page's language.

@pytest.mark.parametrize(("lang", "labels"), [
    ("en", ["Approaches", "Fees", "Languages", "NPI", "Helps with"]),
    ("es", ["Enfoques", "Tarifas", "Idiomas", "NPI", "Trabaja con"]),
])
def test_unmapped_values_are_labelled_in_the_page_language(fit_client, lang, labels):
    html = fit_client.get(PROFILE, params={"lang": lang}, headers=HTML).text
    box = _unmapped_box(html)
    assert [name for name, _ in box] == labels
    assert ("NPI", "1234567890") in box and box[1][1] == "Cash or self-payment"


# 2 and 3. Tables fit their column and the page: a long URL wraps, a phone's table stacks.

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  if (document.documentElement.scrollWidth > width) out.push('page ' + document.documentElement.scrollWidth);
  for (const el of document.querySelectorAll('main *')) {
    if (el.closest('.leaflet-container, .visually-hidden')) continue;
    const box = el.getBoundingClientRect();
    if (box.width && (box.right > width + 0.5 || box.left < -0.5)) out.push(el.tagName + ' ' + box.right);
    if (el.matches('.table-wrap, table') && el.scrollWidth > el.clientWidth + 1) {
      out.push(el.className + ' scrolls ' + el.scrollWidth + ' > ' + el.clientWidth);
    }
  }
  return out;
}"""


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_profile_tables_fit_the_screen(fit_page, width, lang):
    fit_page.set_viewport_size({"width": width, "height": 900})
    fit_page.goto(f"{PROFILE}?lang={lang}")
    expect(fit_page.locator(".stale-note").first).to_be_visible()
    assert fit_page.evaluate(OVERFLOW) == []
    # The date column is on screen, beside (or, on a phone, under) the long address.
    read_on = fit_page.locator("#h-sources ~ .table-wrap tbody tr").first.locator("td").last
    box = read_on.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= width
    # as each reader writes it
    date = r"[A-Z][a-z]+ \d{1,2}, \d{4}" if lang == "en" else r"\d{1,2} de [a-z]+ de \d{4}"
    assert re.fullmatch(r".*" + date, read_on.inner_text(), re.S)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_printed_profile_keeps_the_sources_dates_on_the_paper(fit_page, lang):
    fit_page.set_viewport_size({"width": 700, "height": 1000})  # about an A4 page's printable width
    fit_page.goto(f"{PROFILE}?lang={lang}")
    fit_page.emulate_media(media="print")
    assert fit_page.evaluate(OVERFLOW) == []
    for wrap in fit_page.locator(".table-wrap").all():
        assert wrap.evaluate("e => getComputedStyle(e).overflowX") == "visible"  # nothing cut off


# 4. The sort select is wide enough for every choice, in both languages.

SELECT_ROOM = """() => {
  const select = document.querySelector('#f-sort');
  const width = select.getBoundingClientRect().width;
  return [...select.options].map(option => {
    const probe = select.cloneNode(false);
    probe.removeAttribute('id');
    probe.removeAttribute('name');
    probe.style.width = 'auto';
    probe.appendChild(option.cloneNode(true));
    select.parentNode.appendChild(probe);
    const needed = probe.getBoundingClientRect().width;
    probe.remove();
    return [option.text, needed <= width + 0.5, needed, width];
  });
}"""


@pytest.mark.parametrize("width", [1024, 1280, 1440])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_sort_select_shows_its_whole_choice(page, width, lang):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/?near=10001&sort=fee&lang={lang}")
    clipped = [row for row in page.evaluate(SELECT_ROOM) if not row[1]]
    assert clipped == []
    chosen = page.locator("#f-sort").evaluate("s => s.options[s.selectedIndex].text")
    assert chosen == {"en": "Lowest fee first", "es": "Tarifa más baja primero"}[lang]


# 5. Credentials each once, wherever the name is shown.

def test_credentials_are_each_shown_once(fit_client):
    pages = [fit_client.get(PROFILE, headers=HTML).text,
             fit_client.get("/", params={"near": "10001"}, headers=HTML).text,
             fit_client.get("/shortlist", params={"ids": "test:fit"}, headers=HTML).text]
    for html in pages:
        assert '<span class="cred">, PhD, LCSW</span>' in html
        assert "PHD" not in html


# 6. The wording: questions closed, one listing not "sorted", a fee sort's blanks, no echo.

@pytest.mark.parametrize(("lang", "heading"), [("en", "Did you mean?"), ("es", "¿Quiso decir?")])
def test_the_hint_heading_is_a_whole_question(client, lang, heading):
    html = client.get("/", params={"near": "10001", "q": "aetna", "lang": lang}, headers=HTML).text
    shown = re.search(r'<p id="hints-heading">(.*?)</p>', html, re.S)
    assert shown and _text(shown.group(1)) == heading
    assert "¿Quiso decir:" not in html.split('id="results"')[1]


@pytest.mark.parametrize(("params", "lang", "line"), [
    ({"near": "10001"}, "en", "Sorted by distance."),
    ({"near": "10001"}, "es", "Ordenados por distancia."),
    ({"near": "10001", "sort": "fee"}, "en",
     "Sorted by fee, lowest first; listings without a fee come last."),
    ({"near": "10001", "sort": "fee"}, "es",
     "Ordenados por tarifa, de menor a mayor; los anuncios sin tarifa van al final."),
    ({"near": "10001", "accepting_new": "true", "insurance": "aetna"}, "en", None),  # one listing
    ({"near": "10001", "accepting_new": "true", "insurance": "aetna"}, "es", None),
    ({"near": "10001", "q": "zzzqqxxvv"}, "en", None),  # none
    ({"near": "10001", "q": "zzzqqxxvv"}, "es", None),
])
def test_the_sorted_line_only_where_there_is_an_order(client, params, lang, line):
    html = client.get("/", params={**params, "lang": lang}, headers=HTML).text
    sorted_line = re.search(r'<p class="sorted">(.*?)</p>', html, re.S)
    assert (_text(sorted_line.group(1)) if sorted_line else None) == line


@pytest.mark.parametrize("lang", ["en", "es"])
def test_no_profile_section_repeats_its_heading_as_its_first_label(fit_client, lang):
    html = fit_client.get(PROFILE, params={"lang": lang}, headers=HTML).text
    for section in re.findall(r"<section.*?</section>", html, re.S):
        heading = re.search(r"<h2[^>]*>(.*?)</h2>", section, re.S)
        first = re.search(r"<dt>(.*?)</dt>", section)
        if heading and first:
            assert _text(heading.group(1)) != _text(first.group(1)), section[:200]


@pytest.mark.parametrize(("lang", "title"), [("en", "A JavaScript library for interactive maps"),
                                             ("es", "Una biblioteca de JavaScript para mapas interactivos")])
def test_leaflet_attribution_speaks_the_page_language(page, lang, title):
    page.goto(f"/?near=10001&lang={lang}")
    expect(page.locator("[data-map-ready]")).to_be_visible()
    expect(page.locator('.leaflet-control-attribution a[href="https://leafletjs.com"]')).to_have_attribute(
        "title", title)
