"""CSV that is safe to open in a spreadsheet.

Spreadsheets treat a cell that starts with =, +, -, @ (and, in some,
a tab or carriage return) as a formula: a listing named
`=HYPERLINK("http://evil.example", "click")` must stay text. Such cells get
a leading apostrophe, the usual neutralization (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value: object) -> str:
    """One cell as text that no spreadsheet will evaluate."""
    if value is None:
        return ""
    if isinstance(value, bool):
        text = "yes" if value else "no"
    else:
        text = str(value)
    # Numbers are written by us (distances); anything else starting like a formula is quoted.
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return text
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A CSV document (RFC 4180 quoting, CRLF line ends) with every cell neutralized.

    Starts with a UTF-8 byte order mark so spreadsheet programs read accents right.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([neutralize(h) for h in header])
    for row in rows:
        writer.writerow([neutralize(cell) for cell in row])
    return "\ufeff" + buffer.getvalue()
