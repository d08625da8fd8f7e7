"""Name and contact keys used to decide whether two listings are one provider.

Matching is conservative: a false merge (two people shown as one) is worse
than a missed one, so every rule here errs towards keeping listings apart.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from nicknames import NickNamer
from rapidfuzz import fuzz

from therapist_finder.schema import Listing, Location

_TITLES = {"dr", "mr", "mrs", "ms", "mx", "miss", "prof", "rev"}
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
_ORG_NOISE = {"the", "llc", "pllc", "inc", "incorporated", "pc", "pa", "ltd", "corp",
              "corporation", "co", "company", "lp", "llp", "group", "and", "of"}
_CREDENTIAL_RE = re.compile(r"^(?:[a-z]{2,6}(?:-[a-z]{1,3})?)$")
_STREET_WORDS = {"street": "st", "avenue": "ave", "road": "rd", "boulevard": "blvd",
                 "suite": "ste", "drive": "dr", "lane": "ln", "place": "pl", "north": "n",
                 "south": "s", "east": "e", "west": "w", "floor": "fl", "court": "ct"}


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = text.replace("'", "")  # O'Brien and OBrien are one name
    return re.sub(r"[^a-z0-9,\s-]", " ", text.lower())


def person_key(name: str) -> tuple[str, str]:
    """(first, last) of a person's display name, titles/credentials/initials removed."""
    head = _plain(name).split(",")[0]  # "Jane Doe, LCSW" -> "Jane Doe"
    words = [w.strip("-") for w in head.split()]
    words = [w for w in words if w and w not in _TITLES and w not in _SUFFIXES and len(w) > 1]
    if not words:
        return ("", "")
    return (words[0], words[-1]) if len(words) > 1 else ("", words[0])


def org_key(name: str) -> str:
    """An organization name without legal suffixes and filler words."""
    words = _plain(name).replace(",", " ").split()
    return " ".join(w for w in words if w not in _ORG_NOISE)


def block_key(listing: Listing) -> str:
    """A cheap blocking key: last name for people, first significant word for organizations."""
    if listing.kind == "individual":
        return person_key(listing.name)[1]
    words = org_key(listing.name).split()
    return words[0] if words else ""


@lru_cache(maxsize=1)
def _nicknamer() -> NickNamer:
    return NickNamer()


def same_first_name(a: str, b: str) -> bool:
    """The same first name, spelled nearly alike, or a short form of the other
    ("Bob" and "Robert", "Liz" and "Elizabeth").

    Only a short name (four letters at most) counts as a nickname of a longer
    one, and only one hop: the nickname table also links full names that
    are different people ("Andrew" and "Andrea", "William" and "Wilma").
    """
    if fuzz.ratio(a, b) >= 90:
        return True
    short, full = sorted((a, b), key=len)
    return len(short) <= 4 and len(short) < len(full) and short in _nicknamer().nicknames_of(full)


def names_match(a: Listing, b: Listing) -> bool:
    """Same person (first and last name) or the same organization name."""
    if a.kind != b.kind:
        return False
    if a.kind == "individual":
        if a.gender and b.gender and a.gender != b.gender:
            return False  # "Sam" the nickname of both Samuel and Samantha
        (fa, la), (fb, lb) = person_key(a.name), person_key(b.name)
        return bool(la) and la == lb and bool(fa) and bool(fb) and same_first_name(fa, fb)
    ka, kb = org_key(a.name), org_key(b.name)
    return bool(ka) and fuzz.token_sort_ratio(ka, kb) >= 92


def phone_digits(phone: str | None) -> str | None:
    """The 10 digits of a North American number, without extension."""
    if not phone:
        return None
    digits = re.sub(r"\D", "", re.split(r"(?i)\s*(?:ext|x)\.?\s*\d", phone)[0])
    digits = digits[1:] if len(digits) == 11 and digits.startswith("1") else digits
    return digits if len(digits) == 10 else None


def address_key(address: str) -> str:
    """Address words normalized (Street->st, Suite->ste), punctuation removed."""
    words = _plain(address).replace(",", " ").replace("-", " ").split()
    return " ".join(_STREET_WORDS.get(w, w) for w in words)


def street_key(loc: Location) -> str:
    """`address_key` of a location's street address."""
    return address_key(loc.address or "")


def same_place(a: Location, b: Location) -> bool:
    """Same street address in the same ZIP (or city), tolerant of spelling."""
    if not (a.address and b.address):
        return False
    if a.postal_code and b.postal_code:
        if a.postal_code != b.postal_code:
            return False
    elif not (a.city and b.city and a.city.lower() == b.city.lower()):
        return False
    return fuzz.token_set_ratio(street_key(a), street_key(b)) >= 90


def contact_match(a: Listing, b: Listing) -> bool:
    """They share a phone number or a street address."""
    pa = {phone_digits(a.phone)} - {None}
    pb = {phone_digits(b.phone)} - {None}
    if pa & pb:
        return True
    return any(same_place(x, y) for x in a.locations for y in b.locations)


def _ids_by_source(listing: Listing) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for source in listing.sources:
        if source.listing_id:
            found.setdefault(source.source, set()).add(source.listing_id)
    return found


def listed_apart(a: Listing, b: Listing) -> bool:
    """Some source lists them as two providers: each carries that source's
    record, under different ids. A directory lists a person once, so "Mary"
    and "Marion" with one practice phone on one site are two people."""
    mine = _ids_by_source(a)
    for source, ids in _ids_by_source(b).items():
        if source in mine and mine[source].isdisjoint(ids):
            return True
    return False


def same_provider(a: Listing, b: Listing) -> bool:
    """The merge rule: same NPI; else no conflicting NPIs, no source listing
    them apart, same name and a shared contact."""
    if a.npi and b.npi:
        return a.npi == b.npi
    return not listed_apart(a, b) and names_match(a, b) and contact_match(a, b)
