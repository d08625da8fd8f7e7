"""The printed compare sheet keeps every word inside its own column.

A "PLEASE CONFIRM: OVER SIX MONTHS OLD" tag that could not wrap ran into the
next column (3 candidates: over "Aetna"; 5: unreadable). These tests lay the
sheet out with the real renderer (WeasyPrint, as the PDF is made) and in
Chromium's print layout, and check box by box that nothing leaves its cell
and no two pieces of text overlap.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from search_api.printables.render import layout
from tests.search_api.printables.conftest import MANHATTAN, TODAY, client_over, pdf_text
from tests.utils.factories import claim, make_listing, north_of

OLD = "2026-01-15"  # more than six months before TODAY: every fact wants confirming
IDS = [f"test:stale{i}" for i in range(5)]
EPS = 0.5  # points: rounding in the layout engine


def stale_listings():
    seen = {"source": "calmharbor", "url": None, "fetched_at": OLD}
    told = {"basis": "provider_reported", "source": "calmharbor", "observed_at": OLD}
    return [
        make_listing(
            f"stale{i}", north_of(*MANHATTAN, 0.02 + i), name=f"Stale Listing Number {i}",
            credentials=["LCSW-R"], license_states=["NY"], telehealth=True, in_person=True,
            accepting_new_clients=True, approaches=["ipt", "cbt"], formats=["individual"],
            insurance=[claim("aetna", "provider_reported", OLD),
                       claim("medicaid", "payer_directory", OLD),
                       claim("cigna", "facility_locator", OLD)],
            fees={"session_min": 120, "sliding_scale": True, "sliding_scale_min": 40,
                  "sliding_scale_max": 90, "free_consultation": True},
            sources=[seen], last_seen_at=OLD,
            attributions={"accepting_new_clients": told, "fees": told})
        for i in range(5)
    ]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    yield from client_over(tmp_path_factory, "layout", stale_listings())


def sheet_html(client, count: int) -> str:
    resp = client.get("/v1/compare", params={"ids": ",".join(IDS[:count]), "near": "10001",
                                             "insurance": "aetna", "format": "html"})
    assert resp.status_code == 200
    return resp.text


def _walk(box):
    yield box
    for child in getattr(box, "children", None) or ():
        yield from _walk(child)


def _rect(box) -> tuple[float, float, float, float]:
    x, y = box.border_box_x(), box.border_box_y()
    return x, y, x + box.border_width(), y + box.border_height()


def layout_problems(html: str) -> list[str]:
    """Text that leaves its table cell, or overlaps other text, in WeasyPrint's layout."""
    from weasyprint.formatting_structure import boxes

    problems = []
    # `_page_box` is WeasyPrint's laid-out tree for a page (what it paints into the PDF).
    for number, page in enumerate(layout(html).pages, 1):
        root = page._page_box
        for cell in (b for b in _walk(root) if isinstance(b, boxes.TableCellBox)):
            left, _, right, _ = _rect(cell)
            for box in _walk(cell):
                if isinstance(box, boxes.TextBox | boxes.InlineBlockBox):
                    x0, _, x1, _ = _rect(box)
                    if x0 < left - EPS or x1 > right + EPS:
                        text = getattr(box, "text", None) or "inline block"
                        problems.append(f"page {number}: {text!r} leaves its cell "
                                        f"({x0:.1f}-{x1:.1f} outside {left:.1f}-{right:.1f})")
        texts = [(b.text, _rect(b)) for b in _walk(root)
                 if isinstance(b, boxes.TextBox) and b.text.strip()]
        for i, (text_a, a) in enumerate(texts):
            for text_b, b in texts[i + 1:]:
                if min(a[2], b[2]) - max(a[0], b[0]) > EPS and \
                        min(a[3], b[3]) - max(a[1], b[1]) > EPS:
                    problems.append(f"page {number}: {text_a!r} overlaps {text_b!r}")
    return problems


@pytest.mark.parametrize("count", [3, 5])
def test_printed_compare_sheet_text_stays_in_its_column(client, count):
    html = sheet_html(client, count)
    assert html.count("please confirm: over six months old") >= 5 * count
    assert layout_problems(html) == []


def test_the_layout_check_catches_a_tag_that_cannot_wrap(client):
    """The old stylesheet (a tag kept on one line) fails the same check."""
    html = sheet_html(client, 5).replace(
        "</style>", ".confirm { display: inline; white-space: nowrap; }</style>", 1)
    problems = layout_problems(html)
    assert any("CONFIRM" in p.upper() or "inline block" in p for p in problems), problems[:3]


def test_five_column_compare_pdf_prints_every_tag(client):
    resp = client.get("/v1/compare", params={"ids": ",".join(IDS), "near": "10001",
                                             "format": "pdf"})
    assert resp.status_code == 200 and resp.headers["content-type"] == "application/pdf"
    flat = " ".join(pdf_text(resp.content).split())
    assert flat.count("PLEASE CONFIRM: OVER SIX MONTHS OLD") >= 5 * 5
    assert "less than 0.1 mi" in flat and "0.0 mi" not in flat


def test_browser_print_layout_keeps_tags_in_their_cells(client, browser):
    """The same sheet in Chromium's print layout (what "Print" in a browser gives)."""
    html = sheet_html(client, 5)
    # Letter landscape less the 12 mm margins, in CSS pixels.
    page = browser.new_page(viewport={"width": 965, "height": 700})
    try:
        page.route("**/*", lambda route: route.abort())  # the sheet loads nothing
        page.set_content(html)
        page.emulate_media(media="print")
        # The table's tags: the phone's cards (same tags) are not printed.
        outside = page.evaluate("""() => [...document.querySelectorAll('.compare-table .confirm')]
            .filter(tag => {
                const t = tag.getBoundingClientRect();
                const c = tag.closest('td').getBoundingClientRect();
                return t.left < c.left - 0.5 || t.right > c.right + 0.5;
            }).length""")
        tags = page.locator(".compare-table .confirm").count()
        assert page.locator(".compare-cards").is_hidden()
    finally:
        page.close()
    assert tags >= 25 and outside == 0


def test_compare_sheet_words_distances_like_the_results(client):
    html = sheet_html(client, 2)
    row = re.search(r'id="row-distance">(.*?)</tr>', html, re.S)[1]
    assert "less than 0.1 mi" in row and "1.0 mi" in row and "0.0 mi" not in row
    assert date.fromisoformat(OLD) < TODAY
