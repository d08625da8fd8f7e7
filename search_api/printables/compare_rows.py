"""The compare sheet's table rows as printed: a fact row too tall for part of a page is cut
into parts, each a row of its own that repeats the label ("Insurance (continued)").

A table row is never split across pages (print.css), so a row taller than the space left
moves on whole: five candidates who each list a dozen insurers made an insurance row taller
than a page, and page 1 ended half empty under the first five facts. Cut into parts of at
most `MAX_ROW_SHARE` of a page, the row goes on over the page foot like a run of ordinary
rows, and each page's part is labelled. Rows shorter than that are left whole.

Heights are estimated from the text, in CSS pixels, for the page compare.html sets (letter
landscape, 12 mm margins) and print.css's fonts (DejaVu Sans) and widths. The estimate errs
tall, and the share leaves room for its error: a part moved on whole still leaves most of the
page used. The sheet itself (its JSON, the phone's cards) keeps each row whole.
"""

from __future__ import annotations

from dataclasses import dataclass

from search_api.printables.compare import Cell, CellItem, CompareSheet
from search_api.printables.provenance import MAX_AGE_DAYS
from search_api.printables.wording import ChecklistContent, load_content

# A part of a cut row is at most this share of a page's height.
MAX_ROW_SHARE = 0.3
PAGE_HEIGHT = 725.0  # 8.5 in less two 12 mm margins, in CSS px
TABLE_WIDTH = 965.0  # 11 in less two 12 mm margins
LABEL_SHARE = 0.17  # the row labels' column (table.compare-table tbody th)
CELL_SIDES = 11.0  # a cell's padding and border, left and right
CELL_ENDS = 8.0  # ... top and bottom
ITEM_GAP = 4.0  # between two items of a cell (.item + .item)
LINE = 1.35  # print.css's line height
# (font size in px, average advance of a character in em, words wrapping included)
TEXT = (12.0, 0.58)  # 9pt: a fact, its provenance (8.5pt) and what others say share its lines
TAG = (10.67, 0.75)  # 8pt bold capitals: the "please confirm" tag
TAG_BOX = 6.0  # the tag's border and padding, and its line's room below the baseline


@dataclass(frozen=True)
class PrintedRow:
    """One row of the printed table: a sheet row, or one part of a cut one."""

    id: str  # the sheet row's id; a continuation's adds "-continued-<n>"
    kind: str
    label: str
    cells: list[Cell]
    continued: bool = False  # a later part: its cells that have run out stay blank
    continues: bool = False  # another part follows
    tall: bool = False  # one item alone is taller than a part may be: this part may break


def column_width(candidates: int) -> float:
    """The width of a candidate's cell's text, in px."""
    return TABLE_WIDTH * (1 - LABEL_SHARE) / candidates - CELL_SIDES


def line_count(text: str, per_line: int) -> int:
    """Lines `text` takes at `per_line` characters a line, wrapped between words (a word
    longer than a line breaks anywhere, as print.css lets it)."""
    lines, used = 1, 0
    for word in text.split():
        need = len(word) + (1 if used else 0)
        if used and used + need > per_line:
            lines, used, need = lines + 1, 0, len(word)
        used += need
        while used > per_line:
            lines, used = lines + 1, used - per_line
    return lines


def _lines_of(text: str, width: float, font: tuple[float, float]) -> float:
    size, advance = font
    return line_count(text, max(1, int(width // (size * advance)))) * size * LINE


def item_height(item: CellItem, width: float, content: ChecklistContent,
                max_age_days: int = MAX_AGE_DAYS) -> float:
    """How tall one fact of a cell prints (what _macros.html's fact_items writes), its tag
    naming `max_age_days` as the printed one does."""
    parts = [item.text, item.provenance or ""]
    parts += [other.says(content) for other in item.others]
    height = sum(_lines_of(part, width, TEXT) for part in parts if part)
    tag = content.flag(item.confirm, item.old, item.disputed, max_age_days)
    if tag:
        height += _lines_of(tag.upper(), width, TAG) + TAG_BOX
    return height


def _parts(cells: list[Cell], width: float, limit: float, content: ChecklistContent,
           max_age_days: int) -> list[tuple[list[Cell], bool]]:
    """The cells cut into parts no taller than `limit` (each with whether one of its items
    alone is taller), or the cells whole when they fit."""
    heights = [[item_height(item, width, content, max_age_days) + ITEM_GAP for item in cell.items]
               for cell in cells]
    if max((sum(h) for h in heights), default=0) + CELL_ENDS <= limit:
        return [(cells, False)]
    parts = []
    starts = [0] * len(cells)
    while any(start < len(cell.items) for start, cell in zip(starts, cells, strict=True)):
        part, tall = [], False
        for column, cell in enumerate(cells):
            start = end = starts[column]
            used = CELL_ENDS
            # Each cell gives the part as many items as fit, and always at least one.
            while end < len(cell.items) and (end == start or used + heights[column][end] <= limit):
                used += heights[column][end]
                end += 1
            tall = tall or used > limit
            part.append(Cell(items=cell.items[start:end]))
            starts[column] = end
        parts.append((part, tall))
    return parts


def printed_rows(sheet: CompareSheet) -> list[PrintedRow]:
    """The rows compare.html prints in its table, tall fact rows cut into parts."""
    content = load_content(sheet.lang)
    width = column_width(len(sheet.candidates))
    limit = MAX_ROW_SHARE * PAGE_HEIGHT
    rows = []
    for row in sheet.rows:
        if row.kind != "fact":
            rows.append(PrintedRow(row.id, row.kind, row.label, row.cells))
            continue
        parts = _parts(row.cells, width, limit, content, sheet.stale_after_days)
        for number, (cells, tall) in enumerate(parts):
            rows.append(PrintedRow(
                id=f"{row.id}-continued-{number}" if number else row.id, kind=row.kind,
                label=content.t("row_continued", label=row.label) if number else row.label,
                cells=cells, continued=number > 0, continues=number < len(parts) - 1, tall=tall))
    return rows
