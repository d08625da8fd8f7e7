"""Printed pages break where a reader expects: no half-empty first page, no row cut in two.

A checklist for a listing with many insurers printed its title alone on page 1: the
"what the directory knows" box was kept whole, could not fit under the title, and moved
on (then split anyway), and one of its rows was cut in two across pages. The referral
packet kept each listing whole too, so the coordinator's note got a page of its own and
long listings left most of a page blank. These tests lay the pages out with WeasyPrint
(as the PDF is made) and read where each page ends.
"""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from search_api.printables.render import layout
from tests.search_api.printables.conftest import MANHATTAN, client_over
from tests.search_api.printables.pagination import page_problems, pages
from tests.utils.factories import claim, make_listing, north_of

OLD = "2026-03-01"  # more than six months before TODAY
PAYERS = ["aetna", "cigna", "humana", "medicaid", "medicare", "oscar", "anthem", "tricare"]
APPROACHES = ["ipt", "cbt", "dbt", "act", "emdr", "psychodynamic", "family-systems", "integrative"]
DESCRIPTION = ("Works with adults and teens on depression, anxiety, grief and life changes, in "
               "person and by video, with evening hours twice a week. " * 4)


def listings():
    told = {"basis": "provider_reported", "source": "calmharbor", "observed_at": OLD}
    many = [
        make_listing(
            f"many{i}", north_of(*MANHATTAN, 0.3 + i), name=f"Wilhelmina Featherstonehaugh {i}",
            credentials=["LCSW-R", "PhD"], license_states=["NY", "NJ", "CT"],
            license_types=["clinical-social-worker"], telehealth=True, in_person=True,
            accepting_new_clients=True, approaches=APPROACHES, formats=["individual", "group"],
            languages=["en", "es", "fr"], specialties=["depression", "anxiety", "grief"],
            insurance=[claim(p, "provider_reported", OLD) for p in PAYERS],
            fees={"session_min": 160, "session_max": 220, "sliding_scale": True,
                  "sliding_scale_min": 40, "sliding_scale_max": 90, "free_consultation": True},
            description=DESCRIPTION, phone="(212) 555-0150", website="https://wf.example",
            last_seen_at="2026-10-20", attributions={"accepting_new_clients": told, "fees": told})
        for i in range(2)
    ]
    few = [
        make_listing(f"few{i}", north_of(*MANHATTAN, 1.5 + i), name=f"Bram Ambervale {i}",
                     approaches=["cbt"], license_states=["NY"], phone="(212) 555-0160")
        for i in range(3)
    ]
    return many + few


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    yield from client_over(tmp_path_factory, "pagination", listings())


def checklist_html(client, lang="en") -> str:
    resp = client.post("/v1/checklist", data={"therapist_id": "test:many0", "concern": "depression",
                                              "insurance": "aetna", "lang": lang, "format": "html"})
    assert resp.status_code == 200
    return resp.text


def packet_html(client, lang="en") -> str:
    ids = "test:many0,test:few0,test:many1,test:few1,test:few2"
    resp = client.post("/v1/referrals", data={
        "ids": ids, "near": "10001", "insurance": "aetna", "lang": lang, "format": "html",
        "note": "Prefers evening appointments.\nAsk about the deductible."})
    assert resp.status_code == 200
    return resp.text


@pytest.mark.parametrize("lang", ["en", "es"])
def test_checklist_for_a_listing_with_many_facts_breaks_cleanly(client, lang):
    html = checklist_html(client, lang)
    assert html.count('<tr class="needs-confirm">') >= 15  # a box longer than a page
    assert page_problems(html) == []


@pytest.mark.parametrize("lang", ["en", "es"])
def test_referral_packet_breaks_cleanly(client, lang):
    assert page_problems(packet_html(client, lang)) == []


def test_the_page_check_catches_the_old_stylesheet(client):
    """Keeping whole boxes taller than the space left (and letting rows split) fails the check."""
    old = (".known, li.referral { break-inside: avoid; } "
           "table.facts tr { break-inside: auto; } .referral-head { break-after: auto; }")
    problems = page_problems(checklist_html(client).replace("</style>", old + "</style>", 1))
    assert any("only" in p and "used" in p for p in problems), problems
    packet = page_problems(packet_html(client).replace("</style>", old + "</style>", 1))
    assert any("only" in p and "used" in p for p in packet), packet


def _headings(html: str) -> list[tuple[int, str]]:
    return [(int(level), re.sub(r"<[^>]+>", "", text))
            for level, text in re.findall(r"<h([1-6])\b[^>]*>(.*?)</h\1>", html, re.S)]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_referral_packet_has_one_h1_and_no_skipped_levels(client, lang):
    headings = _headings(packet_html(client, lang))
    assert [level for level, _ in headings].count(1) == 1 and headings[0][0] == 1
    for (before, _), (after, text) in zip(headings, headings[1:], strict=False):
        assert after <= before + 1, f"<h{after}> {text!r} follows an <h{before}>"
    start = next(i for i, (_, text) in enumerate(headings)
                 if text in ("Questions to ask each therapist", "Preguntas para cada terapeuta"))
    assert headings[start][0] == 2
    assert {level for level, _ in headings[start + 1:]} == {3}  # the checklist's sections


def _font_sizes(html: str, selector_tag: str) -> dict[str, float]:
    """Font size (px) of each heading of one tag, by its text, as WeasyPrint lays it out."""
    sizes: dict[str, float] = {}

    def walk(box):
        if getattr(box, "element_tag", None) == selector_tag:
            text = "".join(box.element.itertext()).strip()
            sizes.setdefault(text, box.style["font_size"])
        for child in getattr(box, "children", None) or ():
            walk(child)

    for page in layout(html).pages:
        walk(page._page_box)
    return sizes


def test_packet_checklist_headings_print_as_the_checklist_s_own(client):
    """Demoting the packet's second <h1> to an <h2> (and its sections to <h3>) changes no size."""
    packet = packet_html(client)
    alone = client.post("/v1/checklist", data={"insurance": "aetna", "format": "html"}).text
    title = _font_sizes(alone, "h1")["Questions to ask a therapist"]
    section = _font_sizes(alone, "h2")["Fees and payment"]
    assert _font_sizes(packet, "h2")["Questions to ask each therapist"] == title
    assert _font_sizes(packet, "h3")["Fees and payment"] == section
    assert _font_sizes(packet, "h3")["Calling your insurer: Aetna"] == section


@pytest.mark.parametrize("ids", ["test:many0,test:many1", "test:many0,test:many1,test:few0,"
                                 "test:few1,test:few2"])
def test_compare_sheet_keeps_the_decision_rows_together(client, ids):
    """Pros, cons and "my choice" are filled in together; "my choice" alone on the last page
    (as a two-column sheet printed it) reads as an afterthought."""
    html = post_compare(client, ids)
    rows = [{row.get("id") for row in page.rows} for page in pages(html)]
    holding = [i for i, on_page in enumerate(rows)
               if on_page & {"row-pros", "row-cons", "row-overall"}]
    assert len(holding) == 1, holding
    divider = [i for i, on_page in enumerate(rows) if None in on_page]  # the "Key questions" bar
    assert all("row-ask-start" in rows[i] for i in divider)


def post_compare(client, ids: str) -> str:
    resp = client.post("/v1/compare", data={"ids": ids, "format": "html"})
    assert resp.status_code == 200
    return resp.text


def _browser_pages(browser, html: str) -> list[str]:
    """The text of each page as Chromium prints the page ("Print" in a browser)."""
    page = browser.new_page()
    try:
        page.route("**/*", lambda route: route.abort())  # printables load nothing
        page.set_content(html)
        page.emulate_media(media="print")
        pdf = page.pdf(prefer_css_page_size=True)
    finally:
        page.close()
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def test_browser_print_breaks_cleanly_too(client, browser):
    """Chromium's print layout follows the same rules: the facts start on page 1, and the
    decision rows share a page."""
    checklist = _browser_pages(browser, checklist_html(client))
    assert "Fee per session" in checklist[0] and "Accepting new clients" in checklist[0]
    packet = _browser_pages(browser, packet_html(client))
    assert "Note from the person who prepared this list" in packet[0]
    assert "Wilhelmina Featherstonehaugh 0" in packet[0] and "Fee per session" in packet[0]
    sheet = _browser_pages(browser, post_compare(client, "test:many0,test:many1"))
    holding = [i for i, text in enumerate(sheet)
               if re.search(r"\b(Pros|Cons|My choice and why)\b", text)]
    assert len(holding) == 1, holding
