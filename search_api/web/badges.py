"""Badge wording for the web pages, from the printables' shared provenance helper.

`search_api.printables.provenance` words a claim and who vouches for it the
same way in PDFs and pages: "in network per the insurer's directory, checked
on 2026-10-01"; "sliding scale $40–$90, self-reported on 2026-10-01".
"""

from __future__ import annotations

from datetime import date, datetime

from search_api.printables.provenance import as_date, describe_basis, describe_claim, is_old

__all__ = ["as_date", "describe_basis", "describe_claim", "insurance_claim", "iso", "is_stale"]


def iso(value: date | datetime | None) -> str:
    day = as_date(value)
    return day.isoformat() if day else ""


def is_stale(value: date | datetime | None, today: date) -> bool:
    return is_old(value, today)


def insurance_claim(basis: str) -> str:
    """The claim a payer entry makes, before its provenance."""
    return "in network" if basis == "payer_directory" else "takes this insurance"
