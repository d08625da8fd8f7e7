"""A tall compare row is cut into labelled parts: nothing lost, every part short enough.

The parts' heights are estimated from the text; these tests hold the estimate to what
WeasyPrint really lays out, for two to five candidates and both languages.
"""

from __future__ import annotations

import pytest

from search_api.printables.compare import CompareParams, build_compare
from search_api.printables.compare_rows import (
    MAX_ROW_SHARE,
    PAGE_HEIGHT,
    column_width,
    item_height,
    line_count,
    printed_rows,
)
from search_api.printables.render import layout, render_html
from search_api.printables.wording import load_content
from tests.search_api.printables.conftest import MANHATTAN, TODAY
from tests.utils.factories import claim, make_listing, north_of

OLD = "2026-03-01"
PAYERS = ["aetna", "cigna", "humana", "medicaid", "medicare", "oscar", "anthem", "tricare",
          "unitedhealthcare", "molina", "centene", "kaiser-permanente"]
SITE = {"source": "directory:calmharbor", "fetched_at": OLD,
        "url": "https://www.calmharbor.example/therapists/x/"}


@pytest.mark.parametrize(
    ("text", "per_line", "lines"),
    [
        ("", 10, 1),
        ("short", 10, 1),
        ("exactly ten", 11, 1),
        ("two words", 5, 2),
        ("a b c d e f", 3, 3),  # "a b", "c d", "e f"
        ("abcdefghijklmnopqrstuvwxy", 10, 3),  # one word longer than a line breaks anywhere
        ("ab abcdefghijklmnopqrst", 10, 3),  # "ab", then the long word on two more
        ("  spaces   collapse  ", 20, 1),
    ],
)
def test_line_count(text, per_line, lines):
    assert line_count(text, per_line) == lines


def candidates(count: int, payers: int):
    """`count` fictional candidates; the first lists `payers` insurers, each next one three fewer."""
    return [
        make_listing(f"c{i}", north_of(*MANHATTAN, 0.5 + i), name=f"Ottoline Brackenbury {i}",
                     accepting_new_clients=True, sources=[SITE],
                     insurance=[claim(p, "provider_reported", OLD)
                                for p in PAYERS[:max(0, payers - 3 * i)]])
        for i in range(count)
    ]


def sheet_of(listings, vocabs, lang="en"):
    params = CompareParams(ids=[listing.id for listing in listings], lang=lang)
    return build_compare(params, listings, vocabs, today=TODAY)


@pytest.mark.parametrize("count", [2, 3, 5])
def test_a_cut_row_keeps_every_item_in_order(vocabs, count):
    sheet = sheet_of(candidates(count, 12), vocabs)
    content = load_content("en")
    rows = printed_rows(sheet)
    parts = [r for r in rows if r.id == "insurance" or r.id.startswith("insurance-continued-")]
    assert len(parts) > 1
    whole = next(r for r in sheet.rows if r.id == "insurance")
    for column, cell in enumerate(whole.cells):
        assert [item for part in parts for item in part.cells[column].items] == cell.items
    assert [p.label for p in parts] == ["Insurance"] + ["Insurance (continued)"] * (len(parts) - 1)
    assert [(p.continued, p.continues) for p in parts] == \
        [(False, True)] + [(True, True)] * (len(parts) - 2) + [(True, False)]
    width = column_width(count)
    for part in parts:
        tallest = max(sum(item_height(i, width, content) for i in c.items) for c in part.cells)
        assert tallest <= MAX_ROW_SHARE * PAGE_HEIGHT and not part.tall
    # The other rows are the sheet's own, uncut.
    others = [r for r in rows if r not in parts]
    assert [(r.id, r.label, r.cells) for r in others] == \
        [(r.id, r.label, r.cells) for r in sheet.rows if r.id != "insurance"]


def test_one_item_taller_than_a_part_may_break(vocabs):
    """An insurer listed with forty plans cannot be cut between items: its part may break."""
    plans = [f"Example Health Plan Number {n} (fictional)" for n in range(40)]
    listings = candidates(3, 1)
    listings[0] = listings[0].model_copy(update={"insurance": [
        listings[0].insurance[0].model_copy(update={"plans": plans})]})
    sheet = sheet_of(listings, vocabs)
    assert [r.id for r in printed_rows(sheet) if r.tall] == ["insurance"]
    html = render_html("compare.html", "en", today=TODAY, page_title="x", sheet=sheet)
    assert 'class="row-fact row-tall" id="row-insurance"' in html


def _row_heights(html: str) -> dict[str, float]:
    """Each table row's height in WeasyPrint's layout (CSS px), by its id."""
    from weasyprint.formatting_structure import boxes

    heights: dict[str, float] = {}

    def walk(box):
        if isinstance(box, boxes.TableRowBox) and box.element.get("id"):
            heights[box.element.get("id")] = heights.get(box.element.get("id"), 0) + box.height
        for child in getattr(box, "children", None) or ():
            walk(child)

    document = layout(html)
    for page in document.pages:
        walk(page._page_box)
    return heights


@pytest.mark.parametrize(("count", "lang"), [(2, "en"), (3, "es"), (4, "en"), (5, "es")])
def test_printed_parts_are_as_short_as_estimated(vocabs, count, lang):
    """Moved on whole, a part leaves at most MAX_ROW_SHARE of a page blank: the estimate errs
    tall, so no part prints taller than that."""
    sheet = sheet_of(candidates(count, 12), vocabs, lang)
    html = render_html("compare.html", lang, today=TODAY, page_title="x", sheet=sheet)
    page_height = layout(html).pages[0]._page_box.height
    heights = _row_heights(html)
    parts = {k: v for k, v in heights.items() if k.startswith("row-insurance")}
    assert len(parts) > 1
    assert max(parts.values()) <= MAX_ROW_SHARE * page_height, parts
