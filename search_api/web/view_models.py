"""Turn listings and search results into what the templates show.

Templates only print strings from here (Jinja2 escapes them); every label
comes from the vocabularies and every claim carries its provenance badge.
Nothing here builds HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import quote, urlencode, urlsplit

from search_api.web.badges import (
    as_date,
    describe_basis,
    describe_claim,
    insurance_claim,
    is_stale,
    iso,
)
from therapist_finder.geo.distance import haversine_mi
from therapist_finder.schema import Fees, Listing, Location
from therapist_finder.store.query import FLAGS
from therapist_finder.vocab import FACETS, Vocabularies

FACET_LEGENDS = {
    "insurance": "Insurance",
    "specialty": "Helps with",
    "approach": "Approach",
    "format": "Session format",
    "age_group": "Ages",
    "language": "Language",
    "license_type": "License",
}
FLAG_LABELS = {
    "accepting_new": "Accepting new clients",
    "telehealth": "Telehealth (video or phone)",
    "in_person": "In person",
    "sliding_scale": "Sliding scale",
    "free_consultation": "Free consultation",
}
PRECISION_NOTES = {
    "postal_code": "approximate location (ZIP code area)",
    "city": "approximate location (city)",
}
# Facet options shown before "more" (the rest sit in a <details>).
TOP_OPTIONS = 6


@dataclass
class Badge:
    """One claim and who vouches for it."""

    text: str
    basis_text: str
    kind: str  # css modifier: directory | self | locator | unknown
    stale: bool = False
    checked_on: str = ""  # ISO date
    slug: str = ""
    sep: str = ", "  # between the claim and its provenance

    @property
    def full(self) -> str:
        return f"{self.text}{self.sep}{self.basis_text}" if self.basis_text else self.text


_KIND = {"payer_directory": "directory", "provider_reported": "self", "facility_locator": "locator"}


def label(vocabs: Vocabularies, facet: str, slug: str) -> str:
    """The vocabulary's display label (the slug itself if the vocabulary lost it)."""
    vocab = vocabs.state if facet == "state" else vocabs[facet]
    term = vocab.get(slug)
    return term.label if term else slug


def money(amount: float, currency: str = "USD") -> str:
    text = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
    return f"${text}" if currency == "USD" else f"{text} {currency}"


def _range(low: float | None, high: float | None, currency: str) -> str:
    if low is not None and high is not None and low != high:
        return f"{money(low, currency)}–{money(high, currency)}"
    if low is not None:
        return money(low, currency) if high is not None else f"from {money(low, currency)}"
    if high is not None:
        return f"up to {money(high, currency)}"
    return ""


def fee_parts(fees: Fees) -> list[str]:
    """['$150 a session', 'sliding scale $40–$90', 'free consultation'] (may be empty)."""
    parts: list[str] = []
    session = _range(fees.session_min, fees.session_max, fees.currency)
    if session:
        parts.append(f"{session} a session")
    if fees.sliding_scale:
        span = _range(fees.sliding_scale_min, fees.sliding_scale_max, fees.currency)
        parts.append(f"sliding scale {span}" if span else "sliding scale available")
    elif fees.sliding_scale is False:
        parts.append("no sliding scale")
    if fees.free_consultation:
        parts.append("free consultation")
    return parts


def fee_text(fees: Fees) -> str:
    parts = fee_parts(fees)
    if not parts:
        return "Fees not listed"
    text = "; ".join(parts)
    return text[0].upper() + text[1:]


def distance_text(miles: float | None) -> str:
    if miles is None:
        return ""
    if miles < 0.1:
        return "less than 0.1 mi"
    if miles < 10:
        return f"{miles:.1f} mi"
    return f"{miles:.0f} mi"


def safe_url(url: str | None) -> str | None:
    """The URL if it is a plain http(s) link, else None (never a javascript: link)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url.strip()


def tel_href(phone: str | None) -> str | None:
    if not phone:
        return None
    digits = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    return f"tel:{digits}" if len(digits.lstrip("+")) >= 7 else None


@dataclass
class PlaceView:
    address: str
    city_state: str
    lat: float | None
    lon: float | None
    note: str
    distance: str = ""

    @property
    def one_line(self) -> str:
        return ", ".join(p for p in (self.address, self.city_state) if p)


def place_view(loc: Location, distance_mi: float | None = None) -> PlaceView:
    city_state = ", ".join(p for p in (loc.city, loc.state) if p)
    if loc.postal_code:
        city_state = f"{city_state} {loc.postal_code}".strip()
    return PlaceView(address=loc.address or "", city_state=city_state, lat=loc.lat, lon=loc.lon,
                     note=PRECISION_NOTES.get(loc.precision or "", ""),
                     distance=distance_text(distance_mi))


@dataclass
class SourceView:
    source: str
    url: str | None
    raw_url: str | None
    fetched: str
    fetched_iso: str


@dataclass
class ListingView:
    """Everything a result card, a profile or a shortlist row shows about a listing."""

    id: str
    name: str
    href: str
    kind: str
    kind_label: str
    credentials: str
    distance: str
    distance_mi: float | None
    place: PlaceView | None
    places: list[PlaceView]
    fee_text: str
    fee_basis: str
    fee_kind: str
    insurance: list[Badge]
    insurance_plans: dict[str, list[str]]
    accepting: Badge
    modes: list[str]
    specialties: list[str]
    approaches: list[str]
    formats: list[str]
    age_groups: list[str]
    languages: list[str]
    license_types: list[str]
    license_states: list[str]
    npi: str | None
    gender: str
    phone: str | None
    phone_href: str | None
    website: str | None
    website_text: str | None
    description: str
    summary: str
    sources: list[SourceView]
    last_seen: str
    last_seen_iso: str
    last_seen_stale: bool
    unmapped: list[tuple[str, list[str]]]
    markers: list[PlaceView] = field(default_factory=list)


def _accepting_badge(listing: Listing, today: date) -> Badge:
    value = listing.accepting_new_clients
    text = {True: "Accepting new clients", False: "Not accepting new clients"}.get(
        value, "New-client status not stated")
    att = listing.attributions.get("accepting_new_clients")
    if value is None:
        return Badge(text=text, basis_text="", kind="unknown")
    if att is None:
        return Badge(text=text, basis_text=describe_basis(None, _seen(listing)), kind="unknown")
    return Badge(text=text, basis_text=describe_basis(att.basis, att.observed_at),
                 kind=_KIND.get(att.basis, "unknown"), stale=is_stale(att.observed_at, today),
                 checked_on=att.observed_at.isoformat(),
                 sep=" " if att.basis == "payer_directory" else ", ")


def _fee_basis(listing: Listing, seen: date | None) -> tuple[str, str]:
    """Who vouches for the fees: their attribution, else the listing as last seen."""
    if not fee_parts(listing.fees):
        return "", "unknown"
    att = listing.attributions.get("fees")
    if att is not None:
        return describe_basis(att.basis, att.observed_at), _KIND.get(att.basis, "unknown")
    return describe_basis(None, seen), "unknown"


def _seen(listing: Listing) -> date | None:
    """When any source last saw the listing."""
    days = [as_date(s.fetched_at) for s in listing.sources]
    if listing.last_seen_at is not None:
        days.append(as_date(listing.last_seen_at))
    return max(days) if days else None


def _summary(text: str, limit: int = 220) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + "…"


def listing_view(listing: Listing, vocabs: Vocabularies, *, distance_mi: float | None = None,
                 point: tuple[float, float] | None = None, today: date | None = None) -> ListingView:
    """Display data for one listing; `point` orders its locations by distance."""
    today = today or date.today()
    located = [(loc, haversine_mi(point[0], point[1], loc.lat, loc.lon)
                if point and loc.has_point else None) for loc in listing.locations]
    if point:
        located.sort(key=lambda pair: (pair[1] is None, pair[1] or 0.0))
    places = [place_view(loc, dist) for loc, dist in located]
    insurance = [
        Badge(text=label(vocabs, "insurance", c.payer),
              basis_text=describe_claim(insurance_claim(c.basis), c.basis, c.observed_at),
              kind=_KIND.get(c.basis, "unknown"), stale=is_stale(c.observed_at, today),
              checked_on=c.observed_at.isoformat(), slug=c.payer, sep=": ")
        for c in listing.insurance
    ]
    plans: dict[str, list[str]] = {}
    for c in listing.insurance:
        if c.plans:
            plans.setdefault(label(vocabs, "insurance", c.payer), []).extend(c.plans)
    modes = []
    if listing.in_person:
        modes.append("In person")
    if listing.telehealth:
        modes.append("Telehealth")
    seen = _seen(listing)
    fee_basis, fee_kind = _fee_basis(listing, seen)
    website = safe_url(listing.website)
    sources = [SourceView(source=s.source, url=safe_url(s.url), raw_url=s.url,
                          fetched=iso(s.fetched_at), fetched_iso=iso(s.fetched_at))
               for s in listing.sources]
    unmapped = [(FACET_LEGENDS.get(k, k.replace("_", " ").capitalize()), v)
                for k, v in sorted(listing.unmapped.items()) if v]
    return ListingView(
        id=listing.id,
        name=listing.name,
        href=f"/therapists/{quote(listing.id, safe=':@')}",
        kind=listing.kind,
        kind_label="Practice or facility" if listing.kind == "organization" else "Individual therapist",
        credentials=", ".join(listing.credentials),
        distance=distance_text(distance_mi),
        distance_mi=distance_mi,
        place=places[0] if places else None,
        places=places,
        fee_text=fee_text(listing.fees),
        fee_basis=fee_basis,
        fee_kind=fee_kind,
        insurance=insurance,
        insurance_plans=plans,
        accepting=_accepting_badge(listing, today),
        modes=modes,
        specialties=[label(vocabs, "specialty", s) for s in listing.specialties],
        approaches=[label(vocabs, "approach", s) for s in listing.approaches],
        formats=[label(vocabs, "format", s) for s in listing.formats],
        age_groups=[label(vocabs, "age_group", s) for s in listing.age_groups],
        languages=[label(vocabs, "language", s) for s in listing.languages],
        license_types=[label(vocabs, "license_type", s) for s in listing.license_types],
        license_states=[label(vocabs, "state", s) for s in listing.license_states],
        npi=listing.npi,
        gender=(listing.gender or "").capitalize(),
        phone=listing.phone,
        phone_href=tel_href(listing.phone),
        website=website,
        website_text=urlsplit(website).netloc if website else None,
        description=listing.description or "",
        summary=_summary(listing.description or ""),
        sources=sources,
        last_seen=iso(seen),
        last_seen_iso=iso(seen),
        last_seen_stale=is_stale(seen, today),
        unmapped=unmapped,
        markers=[p for p in places if p.lat is not None],
    )


# -- the search page ----------------------------------------------------------


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    checked: bool
    input_id: str


@dataclass
class FacetGroup:
    name: str
    legend: str
    top: list[FacetOption]
    more: list[FacetOption]

    @property
    def empty(self) -> bool:
        return not self.top and not self.more


@dataclass
class FlagOption:
    name: str
    label: str
    count: int | None
    value: bool | None  # what the current search asks for


@dataclass
class ActiveFilter:
    text: str
    remove_href: str


def _input_id(facet: str, value: str) -> str:
    safe = "".join(ch if ch.isalnum() else "-" for ch in value)
    return f"f-{facet}-{safe}"


def facet_groups(facets: dict[str, dict[str, int]], selected: dict[str, list[str]],
                 vocabs: Vocabularies) -> list[FacetGroup]:
    """Checkbox groups: selected values first, then by count; zero counts hidden."""
    groups = []
    for facet in FACETS:
        counts = facets.get(facet, {})
        chosen = selected.get(facet, [])
        values = list(dict.fromkeys([*chosen, *counts]))
        options = [FacetOption(value=v, label=label(vocabs, facet, v), count=counts.get(v, 0),
                               checked=v in chosen, input_id=_input_id(facet, v))
                   for v in values if v in chosen or counts.get(v, 0) > 0]
        options.sort(key=lambda o: (not o.checked, -o.count, o.label.casefold()))
        cut = max(TOP_OPTIONS, sum(o.checked for o in options))
        groups.append(FacetGroup(name=facet, legend=FACET_LEGENDS[facet], top=options[:cut],
                                 more=options[cut:]))
    return groups


def flag_options(facets: dict[str, dict[str, int]], values: dict[str, bool | None]) -> list[FlagOption]:
    return [FlagOption(name=f, label=FLAG_LABELS[f], count=facets.get(f, {}).get("true"),
                       value=values.get(f)) for f in FLAGS]


def query_string(items: list[tuple[str, str]]) -> str:
    return urlencode(items)


def without(items: list[tuple[str, str]], key: str, value: str | None = None) -> str:
    """The search URL with one parameter (or one of its values) removed, from page one."""
    kept = [(k, v) for k, v in items
            if k != "cursor" and not (k == key and (value is None or v == value))]
    return "/?" + urlencode(kept) if kept else "/"


def active_filters(items: list[tuple[str, str]], selected: dict[str, list[str]],
                   raw_by_slug: dict[tuple[str, str], str], vocabs: Vocabularies) -> list[ActiveFilter]:
    """A removable chip for each filter in force (not for q/near/sort/limit)."""
    out: list[ActiveFilter] = []
    for facet in FACETS:
        for slug in selected.get(facet, []):
            raw = raw_by_slug.get((facet, slug), slug)
            out.append(ActiveFilter(f"{FACET_LEGENDS[facet]}: {label(vocabs, facet, slug)}",
                                    without(items, facet, raw)))
    keys = dict(items)
    for flag in FLAGS:
        if flag in keys:
            said = {"true": "yes", "false": "no"}.get(keys[flag].strip().lower(), keys[flag])
            out.append(ActiveFilter(f"{FLAG_LABELS[flag]}: {said}", without(items, flag)))
    if "state" in keys:
        out.append(ActiveFilter(f"State: {keys['state']}", without(items, "state")))
    if "max_fee" in keys:
        out.append(ActiveFilter(f"At most ${keys['max_fee']} a session", without(items, "max_fee")))
    return out


def radius_text(miles: float) -> str:
    number = f"{miles:g}"
    return f"{number} mile" if number == "1" else f"{number} miles"
