"""`therapist-finder stats` for someone at a terminal: how fresh and complete
the directory is, in sections of aligned counts with their share of all listings.

It reads the dict `Store.stats()` returns (the same dict `--json` prints).
"""

from __future__ import annotations

from typing import Any

TOP = 10  # states and payers shown; --json lists every one


def _share(count: int, total: int) -> str:
    if not total:
        return ""
    # Never rounded to none or to all of them when it is neither.
    if 0 < count * 1000 < total:
        return "<0.1%"
    if 0 < (total - count) * 1000 < total:
        return ">99.9%"
    return f"{100 * count / total:.1f}%"


def _listings(count: int) -> str:
    return f"{count:,} listing{'' if count == 1 else 's'}"


def count_rows(rows: list[tuple[str, int]], total: int) -> list[str]:
    """'  label   count  share' lines, labels and numbers each in one column."""
    if not rows:
        return []
    label_width = max(len(label) for label, _ in rows)
    count_width = max(len(f"{count:,}") for _, count in rows)
    return [
        f"  {label:<{label_width}}  {count:>{count_width},}  {_share(count, total):>6}".rstrip()
        for label, count in rows
    ]


def _stale_line(freshness: dict[str, Any], total: int) -> str:
    days, stale = freshness["stale_after_days"], freshness["stale"]
    if not stale:
        return f"No listing has gone unseen by every source for over {days} days: searches hide none."
    return (
        f"{_listings(stale)} ({_share(stale, total)}) not seen by any source for over {days} days:"
        " hidden from searches (include_stale shows them)."
    )


def _freshness(freshness: dict[str, Any], total: int) -> list[str]:
    within = freshness["seen_within_days"]
    rows = [(f"seen within {days} days", count) for days, count in within.items()]
    rows.append((f"stale (unseen over {freshness['stale_after_days']} days)", freshness["stale"]))
    rows.append(("no date from any source", freshness["never_seen"]))
    lines = [f"Freshness (as of {freshness['today']})", *count_rows(rows, total)]
    if freshness["oldest_seen"] is not None:
        lines.append(f"  last seen between {freshness['oldest_seen']} and {freshness['newest_seen']}")
    return [*lines, "", _stale_line(freshness, total)]


def _completeness(completeness: dict[str, Any], total: int, title: str = "Completeness") -> list[str]:
    accepting = completeness["accepting_new_clients"]
    rows = [
        ("accepting new clients", accepting["yes"]),
        ("not accepting new clients", accepting["no"]),
        ("accepting new clients unknown", accepting["unknown"]),
        ("list any insurance", completeness["with_insurance"]),
        ("state a fee", completeness["with_fee"]),
        ("offer a sliding scale", completeness["sliding_scale"]),
        ("offer telehealth", completeness["telehealth"]),
        ("have an office on the map", completeness["located"]),
        ("have no office on the map", completeness["not_located"]),
    ]
    return [title, *count_rows(rows, total)]


def _top(title: str, counts: dict[str, int], total: int, noun: str) -> list[str]:
    if not counts:
        return [title, f"  no {noun}s"]
    shown = list(counts.items())[:TOP]
    lines = [f"{title} (top {len(shown)} of {len(counts)})" if len(counts) > TOP else title]
    lines += count_rows(shown, total)
    if len(counts) > TOP:
        lines.append(f"  and {len(counts) - TOP} more {noun}s (--json lists all)")
    return lines


def stats_report(stats: dict[str, Any], payer_labels: dict[str, str] | None = None) -> str:
    """The whole report, one section after another; payers are shown by
    their `payer_labels` (slug -> label) where there is one."""
    total = stats["listings"]
    kinds = ", ".join(f"{count:,} {kind}" for kind, count in stats["by_kind"].items())
    head = [
        f"Store: {stats['store']}",
        _listings(total) + (f" ({kinds})" if kinds else "") + f", {stats['locations']:,} offices on the map",
    ]
    if not total:
        return "\n".join([*head, "Nothing to count yet: load listings with 'therapist-finder index FILE'."])
    coverage = stats["coverage"]
    labels = payer_labels or {}
    # These sections count every listing, the stale ones too, while searches
    # hide the stale ones: say so, or a state's count disagrees with its search.
    stale = stats["freshness"]["stale"]
    scope = f" (stale listings included: {stale:,})" if stale else ""
    by_payer = {labels.get(slug, slug): count for slug, count in coverage["by_insurance"].items()}
    sections = [
        head,
        _freshness(stats["freshness"], total),
        _completeness(stats["completeness"], total, f"Completeness{scope}"),
        _top(f"Listings per state{scope}", coverage["by_state"], total, "state"),
        _top(f"Listings per insurance payer{scope}", by_payer, total, "payer"),
    ]
    return "\n\n".join("\n".join(lines) for lines in sections)
