"""How a printable breaks into pages, read from WeasyPrint's layout (what the PDF prints).

`page_problems` lists what a reader would notice on paper: a table row cut in two by a
page break, a heading left alone at the foot of a page, and a page left mostly blank
although what follows did not ask for a new page (a block that could not be split moved
on whole).
"""

from __future__ import annotations

from dataclasses import dataclass

from search_api.printables.render import layout

HEADINGS = {"h1", "h2", "h3", "h4", "caption"}
FORCED = {"page", "left", "right", "recto", "verso"}


@dataclass
class Page:
    number: int
    fill: float  # how far down the page's content area the last text reaches (0 to 1)
    rows: set  # the body <tr> elements with a box on this page (a repeated <thead> is fine)
    last_text: str
    last_tags: tuple[str, ...]  # the elements around the page's last text, innermost first
    forced_start: bool  # the page's first text sits in a box that asks for a new page


def _walk(box, ancestors=()):
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.MarginBox):  # the page counter, not the page's content
        return
    yield box, ancestors
    for child in getattr(box, "children", None) or ():
        yield from _walk(child, ancestors + (box,))


def pages(html: str) -> list[Page]:
    from weasyprint.formatting_structure import boxes

    found = []
    for number, page in enumerate(layout(html).pages, 1):
        root = page._page_box  # the laid-out tree WeasyPrint paints into the PDF
        top, height = root.content_box_y(), root.height
        texts, rows = [], set()
        for box, ancestors in _walk(root):
            if isinstance(box, boxes.TableRowBox) and \
                    not any(getattr(a, "element_tag", None) == "thead" for a in ancestors):
                rows.add(box.element)
            if isinstance(box, boxes.TextBox) and box.text.strip():
                texts.append((box.position_y, box.position_y + box.height, box.text, ancestors))
        if not texts:
            found.append(Page(number, 0.0, rows, "", (), False))
            continue
        _, bottom, text, ancestors = max(texts, key=lambda t: t[1])
        first = min(texts, key=lambda t: t[0])[3]
        tags = tuple(t for t in (getattr(a, "element_tag", None) for a in reversed(ancestors)) if t)
        forced = any(a.style["break_before"] in FORCED for a in first if hasattr(a, "style"))
        found.append(Page(number, (bottom - top) / height, rows, text, tags, forced))
    return found


def page_problems(html: str, min_fill: float = 0.5) -> list[str]:
    problems = []
    laid_out = pages(html)
    for page, following in zip(laid_out, laid_out[1:], strict=False):
        split = page.rows & following.rows
        if split:
            problems.append(f"page {page.number}: {len(split)} table row(s) continue on the next page")
        heading = next((t for t in page.last_tags[:3] if t in HEADINGS), None)
        if heading:
            problems.append(f"page {page.number}: ends with a heading <{heading}> {page.last_text!r}")
        if page.fill < min_fill and not following.forced_start:
            problems.append(f"page {page.number}: only {page.fill:.0%} used, then a new page")
    return problems
