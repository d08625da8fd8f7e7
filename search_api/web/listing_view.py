"""Turn a listing into what a result card, a profile or a shortlist row shows.

Templates only print strings from here (Jinja2 escapes them); every label
comes from the vocabularies and every claim carries its provenance badge, in
the page's language (`text.PageText`). Nothing here builds HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import partial
from urllib.parse import quote, urlsplit

from search_api.printables.contact import phone_text
from search_api.printables.facts import credentials, listing_facts, own_description, vouched
from search_api.printables.provenance import MAX_AGE_DAYS, date_text, describe_basis
from search_api.web.badges import (
    Badge,
    accepting_badge,
    fee_badge,
    insurance_badges,
    is_stale,
    iso,
)
from search_api.web.formatting import distance_text, fee_text, safe_url, tel_href
from search_api.web.text import ENGLISH_TEXT, PageText
from therapist_finder.geo.distance import haversine_mi
from therapist_finder.schema import Listing, Location
from therapist_finder.source_names import source_label, urls_by_source
from therapist_finder.vocab import Vocabularies

# What the profile calls each listing field, for the values no vocabulary knew
# (`listing.unmapped`, keyed by field name); a field not named here shows as it is stored.
UNMAPPED_LABELS = {
    "specialties": "Helps with",
    "approaches": "Approaches",
    "formats": "Session formats",
    "age_groups": "Ages",
    "languages": "Languages",
    "insurance": "Insurance",
    "fees": "Fees",
    "gender": "Gender",
    "credentials": "Credentials",
    "license_types": "License types",
    "license_states": "Licensed in",
    "npi": "NPI",
}
PRECISION_NOTES = {
    # Printed in brackets after the address: no brackets of their own.
    "postal_code": "approximate location: the ZIP code's area",
    "city": "approximate location: the city",
}


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


def place_view(loc: Location, distance_mi: float | None = None, text: PageText = ENGLISH_TEXT) -> PlaceView:
    city_state = ", ".join(p for p in (loc.city, loc.state) if p)
    if loc.postal_code:
        city_state = f"{city_state} {loc.postal_code}".strip()
    return PlaceView(address=loc.address or "", city_state=city_state, lat=loc.lat, lon=loc.lon,
                     note=text(PRECISION_NOTES.get(loc.precision or "", "")),
                     distance=distance_text(distance_mi, text.lang))


@dataclass
class SourceView:
    source: str  # the id ("plannet")
    label: str  # what a person reads ("insurer directory at fhir.example-health.test")
    url: str | None
    raw_url: str | None
    fetched: str  # in the page's language
    fetched_iso: str


@dataclass
class ClaimView:
    """One source's word in the "Sources disagree" box, with its "(may be out of date)"."""

    text: str  # the claim with who says so and when ("No, self-reported on 2026-01-02, ...")
    stale: bool = False  # its date is past the staleness setting: the badges' rule


@dataclass
class DisputeView:
    """A fact the listing's sources disagree about: the value shown, then each other's."""

    claim: ClaimView
    others: list[ClaimView] = field(default_factory=list)  # "another source says: ..."
    label: str = ""  # what is disputed ("Accepting new clients", "Aetna"), for a card's caution

    @property
    def text(self) -> str:
        """The whole entry as one phrase, without the stale notes (the template adds them)."""
        return "; ".join(c.text for c in (self.claim, *self.others))


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
    fee_stale: bool  # the fees' date is past the staleness setting: "(may be out of date)"
    insurance: list[Badge]
    insurance_plans: list[list[str]]  # per claim, as `insurance`
    accepting: Badge
    modes: list[str]
    telehealth: bool
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
    last_seen: str  # in the page's language
    last_seen_iso: str
    last_seen_stale: bool
    unmapped: list[tuple[str, list[str]]]
    markers: list[PlaceView] = field(default_factory=list)
    # Facts its sources disagree about, each with what every source says (and when).
    disputes: list[DisputeView] = field(default_factory=list)
    # Who vouches for what the listing works with (concerns, approaches, languages) and for
    # its qualifications, and when: as the printables word it ("from the listing, last seen
    # November 20, 2026, sources: ..."), so the profile dates these facts too.
    focus_basis: str = ""
    qualifications_basis: str = ""
    # Who the listing is, where sources disagree, by field: its label in the page's language
    # and what each source says ({"npi": ("NPI", "1777777770 (NPI Registry, ...); ...")}).
    identity_disputes: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def caution_labels(self) -> list[str]:
        """What a card's "Sources disagree:" names: the facts', then NPI and kind."""
        labels = [d.label for d in self.disputes] + [label for label, _ in self.identity_disputes.values()]
        return list(dict.fromkeys(labels))


def _summary(text: str, limit: int = 220) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + "…"


def _places(listing: Listing, point: tuple[float, float] | None, text: PageText) -> list[PlaceView]:
    """The listing's places; nearest first when there is a `point`."""
    located = [(loc, haversine_mi(point[0], point[1], loc.lat, loc.lon)
                if point and loc.has_point else None) for loc in listing.locations]
    if point:
        located.sort(key=lambda pair: (pair[1] is None, pair[1] or 0.0))
    return [place_view(loc, dist, text) for loc, dist in located]


def _insurance_plans(listing: Listing) -> list[list[str]]:
    """Each insurance claim's own plans, in the order of its badge: two sources' claims
    about one insurer keep their plans apart (a self-reported plan must not appear on
    the row the insurer's directory vouches for)."""
    return [list(c.plans) for c in listing.insurance]


def _modes(listing: Listing, text: PageText) -> list[str]:
    modes = []
    if listing.in_person:
        modes.append(text("In person"))
    if listing.telehealth:
        modes.append(text("Telehealth"))
    return modes


def _sources(listing: Listing, lang: str) -> list[SourceView]:
    return [SourceView(source=s.source, label=source_label(s.source, s.url, lang=lang), url=safe_url(s.url),
                       raw_url=s.url, fetched=date_text(s.fetched_at, lang), fetched_iso=iso(s.fetched_at))
            for s in listing.sources]


def _unmapped(listing: Listing, text: PageText) -> list[tuple[str, list[str]]]:
    return [(text(UNMAPPED_LABELS[k]) if k in UNMAPPED_LABELS else k.replace("_", " ").capitalize(), v)
            for k, v in sorted(listing.unmapped.items()) if v]


def _disputes(listing: Listing, vocabs: Vocabularies, today: date, text: PageText,
              max_age_days: int) -> list[DisputeView]:
    """What the sources of a merged listing disagree about, worded as the
    printables word it ("Yes, self-reported on ...; another source says: No, ...").

    Each claim keeps its own "(may be out of date)": an old claim from another source
    would otherwise read as current as the badge above it, whose date is judged.
    """
    if not listing.conflicts:  # nearly every listing: skip building its facts
        return []
    content = text.content
    facts = listing_facts(listing, vocabs, content, today, max_age_days)
    return [DisputeView(claim=ClaimView(own_description(fact, content), fact.old),
                        others=[ClaimView(content.t("other_says", claim=o.description), o.old)
                                for o in fact.others],
                        label=fact.label)
            for fact in facts if fact.disputed]


# Identity fields whose disagreements a page shows (merge/claims.CONFLICT_FIELDS records them).
# Gender is left out on purpose: a registry's record may predate a transition, and a public
# "sources disagree" about it could out someone. The listing shows the newest value a source
# gave, as the therapist describes themselves.
IDENTITY_LABELS = {"npi": "NPI", "kind": "Individual or practice"}


def _provenance(listing: Listing, kind: str, lang: str) -> str:
    """Who vouches for the listing's facts of `kind`, and when (printables' `vouched`)."""
    basis, sources, observed = vouched(listing, kind)
    return describe_basis(basis, observed, lang=lang, source=sources,
                          source_urls=urls_by_source(listing.sources))


def _identity_disputes(listing: Listing, text: PageText) -> dict[str, tuple[str, str]]:
    """For NPI and kind, what each source says, when they disagree (a referral checks the NPI)."""
    urls = urls_by_source(listing.sources)
    found: dict[str, tuple[str, str]] = {}
    for conflict in listing.conflicts:
        if conflict.field not in IDENTITY_LABELS:
            continue
        said = []
        for claim in conflict.claims:
            value = str(claim.value) if conflict.field == "npi" else text(
                "Practice or facility" if claim.value == "organization" else "Individual therapist")
            said.append(f"{value} ({source_label(claim.source, urls.get(claim.source), lang=text.lang)},"
                        f" {date_text(claim.observed_at, text.lang)})")
        found[conflict.field] = (text(IDENTITY_LABELS[conflict.field]), "; ".join(said))
    return found


def listing_view(listing: Listing, vocabs: Vocabularies, *, distance_mi: float | None = None,
                 point: tuple[float, float] | None = None, today: date | None = None,
                 text: PageText = ENGLISH_TEXT, stale_after_days: int = MAX_AGE_DAYS) -> ListingView:
    """Display data for one listing, in `text`'s language; `point` orders its locations by distance.

    A dated claim older than `stale_after_days` (the app's THERAPIST_FINDER_STALE_AFTER_DAYS,
    which pages pass) "may be out of date".
    """
    today = today or date.today()
    days = stale_after_days
    places = _places(listing, point, text)
    seen = listing.last_seen()
    fee = fee_badge(listing, today, text, days)
    label = partial(text.label, vocabs)
    website = safe_url(listing.website)
    return ListingView(
        id=listing.id,
        name=listing.name,
        href=f"/therapists/{quote(listing.id, safe=':@')}",
        kind=listing.kind,
        kind_label=text("Practice or facility" if listing.kind == "organization" else "Individual therapist"),
        # Each once: "PHD" from one source and "PhD" from another are one degree.
        credentials=", ".join(credentials(listing)),
        distance=distance_text(distance_mi, text.lang),
        distance_mi=distance_mi,
        place=places[0] if places else None,
        places=places,
        fee_text=fee_text(listing.fees, text),
        fee_basis=fee.basis_text if fee else "",
        fee_kind=fee.kind if fee else "unknown",
        fee_stale=fee.stale if fee else False,
        insurance=insurance_badges(listing, vocabs, today, text, days),
        insurance_plans=_insurance_plans(listing),
        accepting=accepting_badge(listing, today, text, days),
        modes=_modes(listing, text),
        telehealth=bool(listing.telehealth),
        specialties=[label("specialty", s) for s in listing.specialties],
        approaches=[label("approach", s) for s in listing.approaches],
        formats=[label("format", s) for s in listing.formats],
        age_groups=[label("age_group", s) for s in listing.age_groups],
        languages=[label("language", s) for s in listing.languages],
        license_types=[label("license_type", s) for s in listing.license_types],
        license_states=[label("state", s) for s in listing.license_states],
        npi=listing.npi,
        # The filter's own label ("Woman"), not the stored slug ("female").
        gender=label("gender", listing.gender) if listing.gender else "",
        phone=phone_text(listing.phone),
        phone_href=tel_href(listing.phone),
        website=website,
        website_text=urlsplit(website).netloc if website else None,
        description=listing.description or "",
        summary=_summary(listing.description or ""),
        sources=_sources(listing, text.lang),
        last_seen=date_text(seen, text.lang),
        last_seen_iso=iso(seen),
        last_seen_stale=is_stale(seen, today, days),
        unmapped=_unmapped(listing, text),
        disputes=_disputes(listing, vocabs, today, text, days),
        identity_disputes=_identity_disputes(listing, text),
        focus_basis=_provenance(listing, "specialties", text.lang),
        qualifications_basis=_provenance(listing, "license", text.lang),
        markers=[p for p in places if p.lat is not None],
    )
