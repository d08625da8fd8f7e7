"""Named helpers that turn raw strings from sources into canonical listing values.

Shared by the crawler's pipelines and the NPPES file importer. Each helper
returns None (or an empty result) when the text holds nothing usable, and
never raises on bad input.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import phonenumbers
from price_parser import Price

from therapist_finder.vocab import Vocabularies

US_REGIONS = {"US", "PR", "GU", "VI", "AS", "MP", "UM"}
_MINUTES = re.compile(r"\b\d{1,3}\s*-?\s*(?:min(?:ute)?s?|hours?|hrs?)\b", re.I)
_RANGE_SPLIT = re.compile(r"\s*(?:-|–|—|\bto\b)\s*", re.I)
_CLAUSES = re.compile(r"[;\n|]|,\s|\.\s")
# A single amount that is only one end of the range.
_FROM = re.compile(r"\b(from|starting at|starts at|starting from|desde|a partir de)\b|\d\s*\+")
_UP_TO = re.compile(r"\b(up to|at most|no more than|hasta)\b")  # not "max": "max 50 min" is a length
_AMOUNT = re.compile(r"\$?\s?\d[\d,]*(?:\.\d{1,2})?")


def clean_phone(raw: str | None, region: str = "US") -> str | None:
    """US numbers in national format ("(212) 555-0147"), others in E.164; None if not a number."""
    if not raw or not str(raw).strip():
        return None
    digits = str(raw).replace("-", "").replace(" ", "")
    if len(digits) == 10 and digits.isdigit() and digits[0] not in "01" and digits[3] not in "01":
        return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"  # the common case, without parsing
    try:
        number = phonenumbers.parse(str(raw), region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    if number.country_code == 1 and len(str(number.national_number)) != 10:
        return None  # a 7-digit local number without its area code is not dialable
    if phonenumbers.region_code_for_number(number) in US_REGIONS or number.country_code == 1:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def clean_state(raw: str | None, vocabs: Vocabularies) -> str | None:
    """A 2-letter state code from a code or a name ("New York", "N.Y."), else None."""
    if not raw or not str(raw).strip():
        return None
    return vocabs.state.normalize(str(raw))


def clean_postal_code(raw: str | None) -> str | None:
    """A 5-digit ZIP from "10001", "10001-1234" or "100011234"; None otherwise."""
    digits = re.sub(r"[\s-]", "", str(raw or ""))
    if re.fullmatch(r"\d{9}", digits) or re.fullmatch(r"\d{5}", digits):
        return digits[:5]
    if re.fullmatch(r"\d{8}", digits):  # ZIP+4 whose leading zero was lost in a spreadsheet
        return "0" + digits[:4]
    return None


def clean_location(raw: dict[str, Any], vocabs: Vocabularies) -> dict[str, Any] | None:
    """A Location dict from a raw one, or None when it is not a US address.

    Registry data often carries a wrong country code on a US address, so an
    address whose state and ZIP are American is kept whatever the country says.
    """
    state = clean_state(raw.get("state"), vocabs)
    postal = clean_postal_code(raw.get("postal_code"))
    country = str(raw.get("country") or "US").strip().upper()
    if country not in US_REGIONS and not (state and postal):
        return None
    out = {k: raw.get(k) for k in ("address", "city", "lat", "lon", "precision")
           if raw.get(k) not in (None, "")}
    if out.get("city"):
        out["city"] = str(out["city"]).strip().title() if str(out["city"]).isupper() else out["city"]
    out.update(state=state, postal_code=postal)
    if not (out.get("address") or out.get("city") or postal or "lat" in out):
        return None
    return out


# A number no fee is written as: a minus sign (not a range's dash, which follows
# a number) or an exponent. Such a clause is left unread rather than misread:
# "-$150" read as 150, and "$1e309" as 1.
_NOT_A_FEE = re.compile(r"(?:^|[^\d\s])\s*-\s*\$?\s*\d|\$\s*-\s*\d|\d[eE][+-]?\d")


def _amounts(clause: str) -> list[float]:
    values: list[float] = []
    if _NOT_A_FEE.search(_MINUTES.sub(" ", clause)):
        return values
    for piece in _RANGE_SPLIT.split(_MINUTES.sub(" ", clause)):
        if not _AMOUNT.search(piece):
            continue
        price = Price.fromstring(piece)
        if price.amount is not None and Decimal(0) <= price.amount <= Decimal(100000):
            values.append(float(price.amount))
    return values


def parse_fees(text: str | None) -> dict[str, Any]:
    """Fees fields from free text such as "$150/session; sliding scale $60-$120".

    Returns a dict for `Listing.fees` (empty when nothing was found).
    """
    fees: dict[str, Any] = {}
    if not text:
        return fees
    session: list[float] = []
    sliding: list[float] = []
    starting: list[float] = []  # "from $120", "$120+"
    up_to: list[float] = []  # "up to $200"
    for clause in _CLAUSES.split(str(text)):
        low = clause.lower()
        if "consult" in low and ("free" in low or "complimentary" in low or "no charge" in low):
            fees["free_consultation"] = True
            continue
        if "sliding" in low or "reduced" in low or "income-based" in low:
            negated = re.search(r"\bno\b|\bnot\b|n't", low) is not None
            fees["sliding_scale"] = not negated
            if not negated:
                sliding += _amounts(clause)
            continue
        amounts = _amounts(clause)
        said = _MINUTES.sub(" ", low)  # "max 50 min" is a session's length, not a fee limit
        if len(amounts) == 1 and _FROM.search(said):
            starting.append(amounts[0])
        elif len(amounts) == 1 and _UP_TO.search(said):
            up_to.append(amounts[0])
        else:
            session += amounts
    if session:  # every amount named widens the range ("$150; couples from $180": 150-180)
        fees.update(session_min=min(session + starting), session_max=max(session + up_to + starting))
    elif starting or up_to:  # one end of the range only: never copied to the other
        fees.update(session_min=min(starting) if starting else None,
                    session_max=max(up_to) if up_to else None)
    if sliding:
        fees.update(sliding_scale_min=min(sliding), sliding_scale_max=max(sliding))
    return fees
