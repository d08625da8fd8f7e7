"""Move a sample listing's dates so the demo looks the same on any day.

The bundled demo data was dated when it was generated. Shifting every date by
the days since then keeps each claim's age (fresh, old, stale) as it was meant,
instead of letting the whole demo drift into "stale" as time passes.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import partial

# The day the bundled demo dataset treats as "today".
DEMO_AS_OF = date(2026, 11, 1)


def _shift(value: str, delta: timedelta) -> str:
    if "T" in value:
        return (datetime.fromisoformat(value) + delta).isoformat()
    return (date.fromisoformat(value) + delta).isoformat()


def shift_dates(data: dict, delta: timedelta) -> dict:
    """A copy of a listing dict with every date moved by `delta`."""
    out = dict(data)
    if out.get("last_seen_at"):
        out["last_seen_at"] = _shift(out["last_seen_at"], delta)
    out["sources"] = [{**s, "fetched_at": _shift(s["fetched_at"], delta)} for s in out.get("sources", [])]
    out["insurance"] = [
        {**c, "observed_at": _shift(c["observed_at"], delta)} for c in out.get("insurance", [])
    ]
    out["attributions"] = {
        k: {**a, "observed_at": _shift(a["observed_at"], delta)}
        for k, a in out.get("attributions", {}).items()
    }
    return out


def demo_dates_for(today: date | None = None):
    """A line transform for the demo: dates as if generated `today`."""
    # A partial, not a lambda: import workers in other processes must pickle it.
    return partial(shift_dates, delta=(today or date.today()) - DEMO_AS_OF)
