"""Printing for people at a terminal: progress lines and result tables."""

from __future__ import annotations

import shlex
import shutil
import sys
import time
from datetime import date
from pathlib import Path

from therapist_finder.search_hints import SearchHint
from therapist_finder.store.query import SearchResult


class Progress:
    """A self-overwriting 'N done (rate/s)' line on stderr."""

    def __init__(self, label: str, stream=sys.stderr) -> None:
        self.label, self.stream = label, stream
        self.start = time.perf_counter()
        self.tty = stream.isatty()

    def __call__(self, done: int) -> None:
        rate = done / max(time.perf_counter() - self.start, 1e-9)
        line = f"{self.label}: {done:,} ({rate:,.0f}/s)"
        if self.tty:
            self.stream.write("\r" + line)
        elif done % 50_000 == 0:
            self.stream.write(line + "\n")
        self.stream.flush()

    def done(self) -> float:
        if self.tty:
            self.stream.write("\n")
        return time.perf_counter() - self.start


def not_a_file(path: Path) -> bool:
    """True, after printing the CLI's error, when `path` does not exist or is a directory."""
    if path.is_dir():
        print(f"error: {path} is a directory; give a file", file=sys.stderr)
        return True
    if path.exists():
        return False
    print(f"error: no such file: {path}", file=sys.stderr)
    return True


def shown(text: str) -> str:
    """`text` safe to print on a terminal: crawled and imported values are untrusted, and an
    escape sequence in one (ESC ] 0; ... BEL retitles a terminal) would run when printed.
    Each control character is written as its escape (\\x1b); a message's layout survives."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == "\n" else ch.encode("unicode_escape").decode("ascii")
                   for ch in text)


def _cell(value: object, width: int) -> str:
    text = "" if value is None else str(value)
    text = "".join(ch if ch.isprintable() else " " for ch in text)  # crawled text is untrusted
    return text[: width - 1] + "…" if len(text) > width else text.ljust(width)


def _amount(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def _money_range(low: float | None, high: float | None) -> str:
    """$90, $90-110, $90+ when there is no upper end, or up to $200 when there is no lower."""
    if low is None:
        return "" if high is None else f"up to ${_amount(high)}"
    if high is None:
        return f"${_amount(low)}+"
    return f"${_amount(low)}" if low == high else f"${_amount(low)}-{_amount(high)}"


def _fee(listing) -> str:
    """The session fee, then the sliding scale from its minimum: a table sorted
    by fee follows the lower of the two (the fee max_fee filters on)."""
    fees = listing.fees
    parts = []
    if fees.session_min is not None or fees.session_max is not None:
        parts.append(_money_range(fees.session_min, fees.session_max))
    if fees.sliding_scale:
        low = fees.sliding_scale_min
        parts.append("sliding" if low is None else f"sliding {_money_range(low, fees.sliding_scale_max)}")
    return " ".join(parts)


# Who vouches for a payer, shortest first: the surest basis of its claims.
_BASIS_TAGS = {"payer_directory": "dir", "facility_locator": "locator", "provider_reported": "self"}
LEGEND = ("tags: dir = insurer's directory, locator = SAMHSA locator, self = self-reported\n"
          "! = sources disagree; the listing's profile says what each says")


def _payer_tags(listing, labels: dict[str, str], first: list[str]) -> str:
    """"Aetna (dir), Cigna (self!)": each payer once, by label, the searched-for ones first."""
    bases: dict[str, list[str]] = {}
    for claim in listing.insurance:
        bases.setdefault(claim.payer, []).append(claim.basis)
    disputed = {c.field.removeprefix("insurance.") for c in listing.conflicts}
    ordered = dict.fromkeys([*(p for p in first if p in bases), *bases])
    return ", ".join(
        f"{labels.get(p, p)} ({next(tag for basis, tag in _BASIS_TAGS.items() if basis in bases[p])}"
        f"{'!' if p in disputed else ''})" for p in ordered)


def result_table(result: SearchResult, payer_labels: dict[str, str] | None = None,
                 first_payers: list[str] | None = None, width: int | None = None,
                 stale_before: date | None = None) -> str:
    """Results in columns that fit the terminal, two lines each: name, distance, city, fee
    and openings ("yes!" when sources disagree); then the listing id (for `remove` or
    /v1/therapists/{id}) and its payers by their labels ("Blue Cross Blue Shield") with who
    vouches for each, the searched-for ones (`first_payers`) first, so a cut list still
    shows them; a listing last seen before `stale_before` says since when. Then the total,
    the next cursor and what the tags mean."""
    labels = payer_labels or {}
    width = max(60, width or shutil.get_terminal_size((100, 24)).columns)
    cols = [("Name", 0), ("Miles", 6), ("City", 16), ("Fee", 24), ("New?", 4)]
    cols[0] = ("Name", width - sum(w for _, w in cols) - 2 * (len(cols) - 1) - 1)
    lines = ["  ".join(_cell(h, w) for h, w in cols).rstrip()]
    tagged = False
    for hit in result.results:
        li = hit.listing
        loc = li.locations[0] if li.locations else None
        city = f"{loc.city}, {loc.state}" if loc and loc.city else ""
        new = {True: "yes", False: "no", None: "?"}[li.accepting_new_clients]
        if any(c.field == "accepting_new_clients" for c in li.conflicts):
            new += "!"
        miles = f"{hit.distance_mi:.1f}" if hit.distance_mi is not None else ""
        row = [li.name, miles, city, _fee(li), new]
        lines.append("  ".join(_cell(v, w) for v, (_, w) in zip(row, cols, strict=True)).rstrip())
        seen = li.last_seen()
        old = stale_before is not None and seen is not None and seen < stale_before
        unseen = f" · not seen since {seen.isoformat()}" if old else ""  # type: ignore[union-attr]
        payers = _payer_tags(li, labels, first_payers or [])
        tagged = tagged or bool(payers) or new.endswith("!")
        second = f"    {li.id}{unseen}" + (f" · takes {payers}" if payers else "")
        lines.append(_cell(second, width - 1).rstrip())
    lines.append(f"{result.total:,} match(es)")
    if result.next_cursor:
        lines.append(f"next page: --cursor {result.next_cursor}")
    if tagged:
        lines.append(LEGEND)
    return "\n".join(lines)


def hint_lines(hints: list[SearchHint]) -> list[str]:
    """"Did you mean" lines, as the options that would run each suggested search."""
    lines = []
    for hint in hints:
        if hint.param == "q":
            option = f"-q {shlex.quote(hint.value)}"
        else:
            option = " ".join(f"--{f.param.replace('_', '-')} {shlex.quote(f.value)}" for f in hint.filters)
            option += f" -q {shlex.quote(hint.q)}" if hint.q else " (without -q)"
        found = "" if hint.total is None else f": {hint.total:,} match(es)"
        lines.append(f"did you mean {hint.label!r}? {option}{found}")
    return lines
