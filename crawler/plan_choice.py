"""`-a plan=...` that names no plan in the directory: the closest plans it does list.

Scrapy-free (the spider calls it; tests call it directly). A plan is named by
its InsurancePlan id, but a user who mistypes one often half-remembers the
plan's name instead, so both the id and the name (and aliases) are compared.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process, utils

from crawler.parsers.fhir import as_list

# Suggestions below this score are noise ("plan-gold" is not like "Juniper Silver").
MIN_SCORE = 60
MAX_SUGGESTIONS = 3
# Text from the server goes into a log line and a terminal: one short line, without
# control characters (an escape sequence in a plan's name must not reach the terminal).
MAX_SHOWN = 80


def _short(value: object) -> str:
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in str(value)).split())
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN - 1] + "…"


def plan_label(plan: dict) -> str:
    """'plan-gold-ppo (Juniper Gold PPO 2026)': the id to pass, and the name it stands for."""
    name = plan.get("name")
    ident = _short(plan.get("id", ""))
    return f"{ident} ({_short(name)})" if isinstance(name, str) and name.strip() else ident


def closest_plans(asked: str, plans: list[dict]) -> list[str]:
    """Labels of the plans most like `asked`, best first (at most three; none when nothing is close)."""
    best: dict[str, float] = {}
    for plan in plans:
        names = [plan.get("id"), plan.get("name"), *as_list(plan.get("alias"))]
        texts = [n for n in names if isinstance(n, str | int) and str(n).strip()]
        found = process.extractOne(asked, [str(t) for t in texts], scorer=fuzz.WRatio,
                                   processor=utils.default_process)
        if found and found[1] >= MIN_SCORE:
            label = plan_label(plan)
            best[label] = max(found[1], best.get(label, 0))
    return sorted(best, key=lambda label: (-best[label], label))[:MAX_SUGGESTIONS]


def unknown_plan_message(asked: str, plans: list[dict], *, complete: bool = True) -> str:
    """One line for the end of the crawl: the plan asked for, and what the directory has instead.

    `complete` is False when only the first pages of the directory's plans were read.
    """
    message = f"the plan {_short(asked)!r} (-a plan=...) is not in this directory"
    if not plans:
        return message + (", which lists no InsurancePlan at all" if complete
                          else "; its list of plans could not be read to suggest one")
    suggestions = closest_plans(asked, plans)
    if suggestions:
        return message + "; closest plans: " + "; ".join(suggestions)
    some = "; ".join(plan_label(p) for p in plans[:MAX_SUGGESTIONS])
    more = " ..." if len(plans) > MAX_SUGGESTIONS or not complete else ""
    return message + f"; none is close to it. It lists {len(plans)}{'+' if not complete else ''}" \
        f" plan(s), e.g. {some}{more}"
