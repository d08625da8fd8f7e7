"""Build the referral packet: the listings a coordinator picked, plus the checklist.

The packet describes a client only through the request (place, concerns,
insurance, a note); none of it is stored or logged.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field, field_validator

from search_api.printables.checklist import Checklist, ChecklistParams, Topic, build_checklist
from search_api.printables.contact import ListingContact, contact_fields, round_miles
from search_api.printables.csv_safe import to_csv
from search_api.printables.facts import KnownFact, listing_facts, nearest_location, unlisted_fact
from search_api.printables.params import PickedListingsParams
from search_api.printables.place import printed_place
from search_api.printables.provenance import MAX_AGE_DAYS
from search_api.printables.units import distance_text
from search_api.printables.wording import ChecklistContent, Lang, load_content
from therapist_finder.geo.points import GeoPoint
from therapist_finder.schema import Listing
from therapist_finder.vocab import Vocabularies

MAX_REFERRALS = 20
# What pydantic's bool took for `checklist` before it could say short or full.
_TRUE = frozenset({"1", "t", "true", "y", "yes", "on"})
_FALSE = frozenset({"0", "f", "false", "n", "no", "off"})
DESCRIPTION_CHARS = 400


class ReferralParams(PickedListingsParams):
    """Query parameters of GET /v1/referrals."""

    MIN_IDS = 1
    MAX_IDS = MAX_REFERRALS

    note: str | None = Field(None, max_length=1000,
                             description="printed on the packet, never stored")
    checklist: Literal["short", "full", "none"] = Field(
        "full", description="append the consultation checklist, short or full, or none"
                            " (true and false, the older values, mean full and none)")
    lang: Lang = "en"
    format: Literal["html", "pdf", "csv", "json"] = "html"


    @field_validator("checklist", mode="before")
    @classmethod
    def _yes_no(cls, value: object) -> object:
        """true/false (what the parameter took before a short checklist existed) still work."""
        said = value.strip().lower() if isinstance(value, str) else value
        if value is True or said in _TRUE:
            return "full"
        if value is False or said in _FALSE:
            return "none"
        return value


class ReferralEntry(ListingContact):
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    distance_mi: float | None = None
    distance: str | None = None  # in words, from the unrounded distance ("less than 0.1 mi")
    last_seen: date | None = None  # when any source last saw it (`Listing.last_seen`)
    description: str | None = None  # the listing's own words, shortened
    facts: list[KnownFact]
    # Plain values a spreadsheet sorts and filters on (the CSV's last columns): the least
    # a client might pay (as `max_fee` reads it), whether taking clients, and for each of
    # the client's insurers who says the listing takes it (its best basis), if anyone.
    lowest_fee: float | None = None
    accepting_now: bool | None = None
    takes: dict[str, str] = Field(default_factory=dict)
    # The plain columns keep the worded cells' caution: a claim past the staleness window
    # says so ("yes, per the insurer's directory (over six months old)").
    takes_old: list[str] = Field(default_factory=list)
    accepting_old: bool = False
    # Sources disagree (the listing's conflicts): the plain columns say so too.
    takes_disputed: list[str] = Field(default_factory=list)
    accepting_disputed: bool = False


class ReferralPacket(BaseModel):
    lang: Lang
    title: str
    intro: str
    generated_on: date
    place: str | None = None
    stale_after_days: int = MAX_AGE_DAYS  # a fact dated longer ago is `old` (the app's setting)
    note: str | None = None
    entries: list[ReferralEntry]
    checklist: Checklist | None = None
    insurance: list[Topic] = Field(default_factory=list)  # the client's insurers, if given


def shorten(text: str | None, limit: int = DESCRIPTION_CHARS) -> str | None:
    """Whitespace collapsed, cut at a word boundary with an ellipsis past `limit`."""
    if not text:
        return None
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


# The fact kinds listed after insurance (facts.listing_facts's order).
_AFTER_INSURANCE = ("sessions", "formats", "approaches", "languages", "license", "gender", "specialties")


def _entry(listing: Listing, point: GeoPoint | None, vocabs: Vocabularies, lang: str,
           today: date, payers: list[Topic], stale_after_days: int) -> ReferralEntry:
    content = load_content(lang)
    miles, loc = nearest_location(listing, point)
    facts = listing_facts(listing, vocabs, content, today, stale_after_days)
    if not any(f.kind == "accepting_new_clients" for f in facts):
        # Whether anyone is taking clients is the first thing a referral is about:
        # say it is not listed (as the compare sheet does) rather than leave it out.
        facts.insert(0, unlisted_fact("accepting_new_clients", "accepting", content))
    # The client's insurers that the listing does not list, after the ones it does (the
    # compare sheet's "Takes Aetna?" row says the same): silence would read as "not asked".
    listed = {c.payer for c in listing.insurance}
    position = next((i for i, f in enumerate(facts) if f.kind in _AFTER_INSURANCE), len(facts))
    facts[position:position] = [
        unlisted_fact("insurance", "insurance", content, fid=f"insurance:{p.slug}", label=p.label)
        for p in payers if p.slug not in listed]
    return ReferralEntry(
        lowest_fee=listing.fees.lowest, accepting_now=listing.accepting_new_clients,
        takes={p.slug: _best_basis(listing, p.slug) for p in payers},
        takes_old=_payers_where(facts, payers, "old"),
        accepting_old=any(f.kind == "accepting_new_clients" and f.old for f in facts),
        takes_disputed=_payers_where(facts, payers, "disputed"),
        accepting_disputed=any(f.kind == "accepting_new_clients" and f.disputed for f in facts),
        **contact_fields(listing, loc), city=loc.city if loc else None,
        state=loc.state if loc else None, postal_code=loc.postal_code if loc else None,
        distance_mi=round_miles(miles), distance=distance_text(miles, lang) or None,
        last_seen=listing.last_seen(), description=shorten(listing.description),
        facts=facts)


def _payers_where(facts: list[KnownFact], payers: list[Topic], flag: str) -> list[str]:
    """The client's payers one of whose insurance facts has `flag` ("old", "disputed") set."""
    flagged = {f.id.split(":")[1] for f in facts if f.kind == "insurance" and getattr(f, flag)}
    return [p.slug for p in payers if p.slug in flagged]


def build_referrals(params: ReferralParams, listings: list[Listing], vocabs: Vocabularies, *,
                    point: GeoPoint | None = None, today: date,
                    stale_after_days: int = MAX_AGE_DAYS) -> ReferralPacket:
    """The packet for these listings, in the order the coordinator gave them; facts are old
    past `stale_after_days`."""
    content = load_content(params.lang)
    checklist = build_checklist(
        ChecklistParams(concern=params.concern, insurance=params.insurance, lang=params.lang,
                        length="full" if params.checklist == "none" else params.checklist),
        vocabs, today=today, stale_after_days=stale_after_days)  # validates concern and insurance
    note = params.note.strip() if params.note else None
    return ReferralPacket(
        lang=params.lang, title=content.t("referrals"), intro=content.t("referrals_intro"),
        generated_on=today, place=printed_place(point, content), note=note or None,
        stale_after_days=stale_after_days,
        entries=[_entry(listing, point, vocabs, params.lang, today, checklist.insurance,
                        stale_after_days) for listing in listings],
        checklist=None if params.checklist == "none" else checklist, insurance=checklist.insurance)


# The surest basis first: a payer's own directory, then a locator, then the listing's word.
_BASES = ("payer_directory", "facility_locator", "provider_reported")


def _best_basis(listing: Listing, payer: str) -> str:
    found = {claim.basis for claim in listing.insurance if claim.payer == payer}
    return next((basis for basis in _BASES if basis in found), "not_listed")


CSV_COLUMNS = ("id", "name", "kind", "credentials", "phone", "website", "address", "city",
               "state", "postal_code", "distance_mi", "accepting", "sessions", "fee",
               "sliding_scale", "free_consultation", "insurance", "languages", "approaches",
               "formats", "last_seen")
# CSV column -> the fact kind it shows (value with provenance).
_FACT_COLUMNS = {"accepting": "accepting_new_clients", "sessions": "sessions",
                 "fee": "session_fee", "sliding_scale": "sliding_scale",
                 "free_consultation": "free_consultation", "languages": "languages",
                 "approaches": "approaches", "formats": "formats"}


def _csv_fact(fact: KnownFact, content: ChecklistContent, text: str, max_age_days: int) -> str:
    """One fact in a cell, with what other sources say and its "please confirm" tag,
    as on the printed sheets."""
    flag = content.flag(fact.confirm, fact.old, fact.disputed, max_age_days)
    return f"{text} [{flag}]" if flag else text


def _csv_text(fact: KnownFact, content: ChecklistContent) -> str:
    """"Yes (per the insurer's directory, ...; another source says: No, self-reported ...)"."""
    notes = [fact.provenance] if fact.provenance else []
    notes += [o.says(content) for o in fact.others]
    return f"{fact.value} ({'; '.join(notes)})" if notes else fact.value


def referrals_csv(packet: ReferralPacket) -> str:
    """One row per listing; headers in the packet's language; formula-safe.

    Distances stay numbers (a spreadsheet sorts them); the pages word them.
    """
    content = load_content(packet.lang)
    days = packet.stale_after_days  # what the "over ... old" tags name
    headers = content.group("csv")
    payers = packet.insurance
    rows = []
    for entry in packet.entries:
        by_kind: dict[str, list[KnownFact]] = {}
        for fact in entry.facts:
            by_kind.setdefault(fact.kind, []).append(fact)
        row: list[object] = []
        for column in CSV_COLUMNS:
            if column in _FACT_COLUMNS:
                facts = by_kind.get(_FACT_COLUMNS[column], [])
                row.append("; ".join(_csv_fact(f, content, _csv_text(f, content), days) for f in facts))
            elif column == "insurance":
                row.append("; ".join(_csv_fact(f, content, f.description, days)
                                     for f in by_kind.get("insurance", [])))
            elif column == "kind":
                row.append(content.t("kind_organization") if entry.kind == "organization"
                           else content.t("therapist"))
            elif column == "credentials":
                row.append(", ".join(entry.credentials))
            elif column == "last_seen":
                row.append(entry.last_seen.isoformat() if entry.last_seen else "")
            else:
                row.append(getattr(entry, column))
        yes_no = {True: content.t("answer_yes").lower(), False: content.t("answer_no").lower(), None: ""}
        old = f" ({content.t('old', age=content.age(days))})"
        disagree = f" ({content.t('disagree')})"
        fee = entry.lowest_fee
        said = entry.accepting_now is not None
        accepting = (yes_no[entry.accepting_now] + (old if entry.accepting_old and said else "")
                     + (disagree if entry.accepting_disputed else ""))
        row += [int(fee) if fee is not None and fee.is_integer() else fee, accepting]
        row += [headers[entry.takes[p.slug]] + (old if p.slug in entry.takes_old else "")
                + (disagree if p.slug in entry.takes_disputed else "") for p in payers]
        rows.append(row)
    plain = [headers["lowest_fee"], headers["accepting_now"]]
    plain += [headers["takes"].format(payer=p.label) for p in payers]
    return to_csv([headers[c] for c in CSV_COLUMNS] + plain, rows)
