"""Distances in words: one formatter for the compare sheet, the referral packet
and (see README) the search results, so "less than 0.1 mi" never prints as "0.0 mi".
"""

from __future__ import annotations

from search_api.printables.wording import load_content


def distance_text(miles: float | None, lang: str = "en") -> str:
    """"less than 0.1 mi", "2.4 mi", "12 mi", "2,461 mi"; "" when the distance is unknown.

    Under ten miles a tenth of a mile matters (walking, a bus stop); beyond,
    whole miles, grouped by thousands as the fees are ("$1,200"). Below a tenth,
    rounding would print "0.0", which reads as "here".
    """
    if miles is None:
        return ""
    content = load_content(lang)
    if miles < 0.1:
        return content.t("less_than_miles", value="0.1")
    return content.t("miles", value=f"{miles:.1f}" if miles < 10 else f"{miles:,.0f}")
