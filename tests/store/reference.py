"""A brute-force reference for the search contract (README, "Search contract").

Deliberately simple and slow: every question is answered by walking the whole
list of listings in plain Python, one rule of the README at a time, with no
bitsets, no spatial index and no text index. It shares nothing with the
stores' code but the Listing model and the vocabularies' parent links.
test_differential.py asks the stores and this module the same random
questions and expects the same answers.

It takes the search parameters as a person gives them (the names of
`SearchParams`), but only in canonical form: vocabulary slugs (not labels or
synonyms), 2-letter state codes, `lat`/`lon` (not `near`). The listings must
already be normalized (every facet value a slug), as the indexer stores them.

Free text (`q`) is modelled only in a restricted form whose meaning can be
stated exactly: one or more plain words, each of which must occur as a whole
word (case-insensitive) in the listing's name or description; words AND-ed.
That is what both stores do for words that are not vocabulary terms, not
stopwords, carry no diacritics, are not inflected forms of one another (both
stores stem) and are not joined to other words by '_' (the stores' tokenizers
disagree about '_'). The caller must only pass such words. Relevance order
(bm25) is not modelled: with sort=relevance only the set of results is known.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from therapist_finder.schema import Listing
from therapist_finder.vocab import Vocabularies

# Elasticsearch's mean Earth radius (6,371,008.7714 m) in statute miles (1,609.344 m),
# the one the project uses (therapist_finder/geo/distance.py; a test checks they agree).
EARTH_RADIUS_MI = 6371008.7714 / 1609.344
STALE_AFTER_DAYS = 180  # THERAPIST_FINDER_STALE_AFTER_DAYS' default

# Contract parameter -> the Listing field holding its values.
FACET_FIELDS = {
    "insurance": None,  # the payers of the insurance claims
    "specialty": "specialties",
    "approach": "approaches",
    "format": "formats",
    "age_group": "age_groups",
    "language": "languages",
    "license_type": "license_types",
    "gender": None,  # single-valued
}
FACETS = tuple(FACET_FIELDS)
FLAGS = ("accepting_new", "telehealth", "in_person", "sliding_scale", "free_consultation")


def haversine_mi(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in miles (haversine formula)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlam = math.radians(lat2 - lat1), math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlam / 2) ** 2
    return 2 * EARTH_RADIUS_MI * math.asin(min(1.0, math.sqrt(a)))


def nearest_office(listing: Listing, lat: float, lon: float) -> tuple[float, tuple[float, float]] | None:
    """(miles, (lat, lon)) of the listing's nearest located office; None without one."""
    best = None
    for loc in listing.locations:
        if loc.lat is None or loc.lon is None:
            continue
        miles = haversine_mi(lat, lon, loc.lat, loc.lon)
        if best is None or miles < best[0]:
            best = (miles, (loc.lat, loc.lon))
    return best


def facet_values(listing: Listing, facet: str) -> set[str]:
    """The slugs a listing itself names for one facet."""
    if facet == "insurance":
        return {claim.payer for claim in listing.insurance}
    if facet == "gender":
        return {listing.gender} if listing.gender else set()
    return set(getattr(listing, FACET_FIELDS[facet]))


def with_broader(values: set[str], facet: str, vocabs: Vocabularies) -> set[str]:
    """The values plus every broader value of theirs: a listing naming group
    IPT offers IPT, one naming an Anthem plan takes "any BCBS plan". Values
    outside the vocabulary are not filterable and are left out."""
    vocab = vocabs[facet]
    out: set[str] = set()
    for value in values:
        if value in vocab:
            out.add(value)
            out.update(vocab.ancestors(value))
    return out


def flag_value(listing: Listing, flag: str) -> bool | None:
    return {
        "accepting_new": listing.accepting_new_clients,
        "telehealth": listing.telehealth,
        "in_person": listing.in_person,
        "sliding_scale": listing.fees.sliding_scale,
        "free_consultation": listing.fees.free_consultation,
    }[flag]


def within_fee(listing: Listing, max_fee: float) -> bool:
    """"The session fee or the sliding-scale minimum is at or under it."

    The session fee is its lower end when a range is given. A sliding-scale
    minimum counts unless the listing says it has no sliding scale
    (sliding_scale=false): see the report on this ambiguity in
    test_differential.py.
    """
    fees = listing.fees
    if fees.session_min is not None and fees.session_min <= max_fee:
        return True
    sliding_min = fees.sliding_scale_min if fees.sliding_scale is not False else None
    return sliding_min is not None and sliding_min <= max_fee


def lowest_fee(listing: Listing) -> float:
    """The fee sort's key: the least of the fees `within_fee` looks at (so a
    listing sorts by the very fee max_fee finds it by); infinity when there
    is none, which puts listings with no known fee last."""
    fees = listing.fees
    known = [fees.session_min]
    if fees.sliding_scale is not False:
        known.append(fees.sliding_scale_min)
    return min((fee for fee in known if fee is not None), default=math.inf)


def last_seen(listing: Listing) -> date | None:
    """The newest day any source saw the listing (its last_seen_at included)."""
    days = [s.fetched_at for s in listing.sources]
    if listing.last_seen_at is not None:
        days.append(listing.last_seen_at)
    days = [d.date() if isinstance(d, datetime) else d for d in days]
    return max(days) if days else None


def states_of(listing: Listing) -> set[str]:
    """Where the provider is licensed or has an office."""
    return set(listing.license_states) | {loc.state for loc in listing.locations if loc.state}


def words_of(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


# Latin letters that Unicode does not decompose into a letter and an accent.
_BASE_LETTERS = {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i"}


def name_key(name: str) -> str:
    """The name sort's key: case and accents ignored ("Émile" with "Emile",
    "Ørjan" with "Orjan"), runs of spaces as one."""
    decomposed = unicodedata.normalize("NFKD", " ".join(name.casefold().split()))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(_BASE_LETTERS.get(c, c) for c in unicodedata.normalize("NFC", bare))


@dataclass
class Expected:
    """What the contract says a search returns, all pages at once."""

    ids: list[str]  # every match, in contract order (by id for sort=relevance)
    total: int
    # Per facet, each value's nonzero count; per flag, {"true": count}.
    facets: dict[str, dict[str, int]]
    sort: str
    order_known: bool  # False for relevance: only the set is known
    # With a location: each match's distance and its nearest office's point
    # (two listings at the very same point are an exact distance tie).
    distance: dict[str, float] = field(default_factory=dict)
    nearest: dict[str, tuple[float, float]] = field(default_factory=dict)


def search(
    listings: Sequence[Listing], params: Mapping[str, Any], vocabs: Vocabularies, today: date
) -> Expected:
    """Answer one search the slow, obvious way."""
    params = dict(params)
    unknown = set(params) - {
        "lat", "lon", "radius_mi", "state", *FACETS, *FLAGS, "max_fee", "q", "include_stale", "sort",
    }
    if unknown:
        raise ValueError(f"the reference does not model {sorted(unknown)}")
    point = (params["lat"], params["lon"]) if params.get("lat") is not None else None
    radius = params.get("radius_mi", 25.0)
    words = params.get("q", "").split() if params.get("q") else []
    sort = params.get("sort") or ("distance" if point else "relevance" if words else "name")
    seen_since = None if params.get("include_stale") else today - timedelta(days=STALE_AFTER_DAYS)

    # Filters that every facet count applies too.
    near: dict[str, tuple[float, tuple[float, float]]] = {}
    pool = []
    for listing in listings:
        if point is not None:
            found = nearest_office(listing, *point)
            if found is None or not found[0] <= radius:
                continue
            near[listing.id] = found
        if params.get("state") and params["state"] not in states_of(listing):
            continue
        if params.get("max_fee") is not None and not within_fee(listing, params["max_fee"]):
            continue
        if seen_since is not None and (seen := last_seen(listing)) is not None and seen < seen_since:
            continue  # an undated listing is never stale: there is no evidence
        if words:
            text = words_of(f"{listing.name} {listing.description or ''}")
            if not all(word.casefold() in text for word in words):
                continue
        pool.append(listing)

    # Facet and flag filters: OR within one, AND across; each can be left out
    # for its own facet's counts (disjunctive facets).
    expanded = {
        id(item): {facet: with_broader(facet_values(item, facet), facet, vocabs) for facet in FACETS}
        for item in pool
    }
    tests: dict[str, Any] = {}
    for facet in FACETS:
        wanted = set(params.get(facet) or ())
        if wanted:
            tests[facet] = lambda item, f=facet, w=wanted: bool(expanded[id(item)][f] & w)
    for flag in FLAGS:
        if params.get(flag) is not None:
            tests[flag] = lambda item, f=flag, v=params[flag]: flag_value(item, f) is v

    def passes(item: Listing, skip: str | None = None) -> bool:
        return all(test(item) for name, test in tests.items() if name != skip)

    facets: dict[str, dict[str, int]] = {}
    for facet in FACETS:
        counts: dict[str, int] = {}
        for item in pool:
            if passes(item, skip=facet):
                for value in expanded[id(item)][facet]:
                    counts[value] = counts.get(value, 0) + 1
        facets[facet] = counts
    for flag in FLAGS:
        facets[flag] = {"true": sum(1 for item in pool if passes(item, skip=flag) and flag_value(item, flag))}

    matches = [item for item in pool if passes(item)]
    # Sorts; ties are broken by id (a fee sort's by distance first, with a location).
    if sort == "distance":
        matches.sort(key=lambda item: (near[item.id][0], item.id))
    elif sort == "fee":
        matches.sort(key=lambda item: (lowest_fee(item), near[item.id][0] if point else 0.0, item.id))
    elif sort == "name":
        matches.sort(key=lambda item: (name_key(item.name), item.id))
    else:
        matches.sort(key=lambda item: item.id)
    return Expected(
        ids=[item.id for item in matches],
        total=len(matches),
        facets=facets,
        sort=sort,
        order_known=sort != "relevance",
        distance={item.id: near[item.id][0] for item in matches} if point else {},
        nearest={item.id: near[item.id][1] for item in matches} if point else {},
    )
