"""Printed pages break where a reader expects: no half-empty first page, no row cut in two.

A checklist for a listing with many insurers printed its title alone on page 1: the
"what the directory knows" box was kept whole, could not fit under the title, and moved
on (then split anyway), and one of its rows was cut in two across pages. The referral
packet kept each listing whole too, so the coordinator's note got a page of its own and
long listings left most of a page blank. A compare sheet of five candidates who each list
a dozen insurers kept its insurance row whole: taller than a page, it moved on and left page 1
half empty. These tests lay the pages out with WeasyPrint (as the PDF is made) and read where
each page ends, and print some in Chromium too.
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
# Fourteen insurers: five candidates' insurance row is three pages tall.
MANY_PAYERS = PAYERS + ["unitedhealthcare", "molina", "centene", "kaiser-permanente", "florida-blue",
                        "highmark"]
TALL_IDS = ",".join(f"test:tall{i}" for i in range(5))
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
    # Five candidates listing fewer insurers each, down to two: the later parts of the
    # insurance row have blank cells for the candidates whose list has ended.
    tall = [
        make_listing(f"tall{i}", north_of(*MANHATTAN, 0.2 + i), name=f"Perpetua Ravensworth {i}",
                     accepting_new_clients=True, license_states=["NY"], approaches=["cbt"],
                     insurance=[{**claim(p, "provider_reported", OLD), "source": "directory:calmharbor"}
                                for p in MANY_PAYERS[:14 - 3 * i]],
                     sources=[{"source": "directory:calmharbor", "fetched_at": OLD,
                               "url": f"https://www.calmharbor.example/therapists/pr-{i}/"}])
        for i in range(5)
    ]
    return many + few + tall


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


def post_compare(client, ids: str, lang: str = "en") -> str:
    resp = client.post("/v1/compare", data={"ids": ids, "format": "html", "lang": lang})
    assert resp.status_code == 200
    return resp.text


@pytest.mark.parametrize(("lang", "continued"), [("en", "Insurance (continued)"),
                                                 ("es", "Seguro médico (continuación)")])
def test_compare_sheet_with_a_tall_insurance_row_fills_its_pages(client, lang, continued):
    html = post_compare(client, TALL_IDS, lang)
    laid_out = pages(html)
    assert len(laid_out) >= 4  # the row runs over pages
    # Every page but the last is at least 70% used (page 1 was 44%), and no row is cut in two.
    assert page_problems(html, min_fill=0.7) == []
    # The insurance row starts on page 1, under the first facts, and goes on in parts,
    # each labelled: a page that starts in the middle of the row says what the row is.
    ids = [{row.get("id", "") for row in page.rows} for page in laid_out]
    assert {"row-accepting_new_clients", "row-insurance"} <= ids[0]
    for on_page in ids[1:]:
        insurance = sorted(i for i in on_page if i.startswith("row-insurance"))
        assert not insurance or all(i.startswith("row-insurance-continued-") for i in insurance)
    assert html.count(f'<th scope="row">{continued}</th>') >= 10
    # Only the tall row was cut; parts whose candidate's list has ended stay blank.
    cut = re.findall(r'id="row-([a-z_-]+)-continued-\d+"', html)
    assert set(cut) == {"insurance"}
    last = html[html.rindex('<tr class="row-fact row-continued'):]
    last = last[:last.index("</tr>")]
    assert last.count("takes this insurance" if lang == "en" else "acepta este seguro") == 1
    assert "unknown" not in last


def test_ordinary_compare_rows_are_never_cut(client):
    for ids in ("test:tall4,test:few0", "test:few0,test:few1,test:few2"):  # two insurers at most
        html = post_compare(client, ids)
        assert re.search(r'id="row-[^"]*-continued-', html) is None
        assert "<th scope=\"row\">Insurance</th>" in html
        assert page_problems(html) == []


def _browser_print(browser, html: str) -> list[tuple[str, float]]:
    """Each page as Chromium prints it ("Print" in a browser): its text, and how far down its
    content area (letter, 12 mm margins as on the compare sheet) its lowest text reaches."""
    page = browser.new_page()
    try:
        page.route("**/*", lambda route: route.abort())  # printables load nothing
        page.set_content(html)
        page.emulate_media(media="print")
        pdf = page.pdf(prefer_css_page_size=True)
    finally:
        page.close()
    return [_text_and_fill(sheet) for sheet in PdfReader(io.BytesIO(pdf)).pages]


def _text_and_fill(sheet, margin: float = 34.0) -> tuple[str, float]:
    """A PDF page's text, and how far down the area inside `margin` (12 mm) its text reaches."""
    height = float(sheet.mediabox.height)
    baselines = []  # PDF y grows upwards

    def visit(text, cm, tm, *_):
        y = cm[5] + tm[5] * cm[3]
        if text.strip() and margin < y < height - margin:  # not the page number
            baselines.append(y)

    text = " ".join((sheet.extract_text(visitor_text=visit) or "").split())
    lowest = min(baselines, default=height - margin)
    return text, (height - margin - lowest) / (height - 2 * margin)


def _browser_pages(browser, html: str) -> list[str]:
    """The text of each page as Chromium prints the page."""
    return [text for text, _ in _browser_print(browser, html)]


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


def test_browser_print_of_a_tall_compare_row_fills_its_pages(client, browser):
    """In Chromium, too, the tall insurance row starts on page 1, and no page but the last
    is left half empty (page 1 was 43% used)."""
    printed = _browser_print(browser, post_compare(client, TALL_IDS))
    assert "Insurance Aetna: takes this insurance" in printed[0][0]
    assert [round(fill, 2) for _, fill in printed[:-1] if fill < 0.7] == []
    for text, _ in printed[1:4]:  # pages in the middle of the row start with a labelled part
        assert re.match(r"(\d+ / \d+ )?(Perpetua Ravensworth \d )+Insurance \(continued\)",
                        text), text[:200]
