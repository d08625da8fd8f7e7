"""Build the compare sheet: two to five candidates side by side.

Fact rows come from the directory (each cell with its provenance and a
"please confirm" flag); question rows and the pros/cons rows are left blank
for the client to fill in during and after each consultation.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from search_api.printables.checklist import Topic, resolve_slugs
from search_api.printables.contact import ListingContact, contact_fields, round_miles
from search_api.printables.facts import (
    KnownFact,
    OtherClaim,
    listing_facts,
    nearest_location,
    vocab_label,
)
from search_api.printables.params import PickedListingsParams, ids_field
from search_api.printables.place import printed_place
from search_api.printables.provenance import MAX_AGE_DAYS
from search_api.printables.units import distance_text
from search_api.printables.wording import Lang, load_content
from therapist_finder.geo.points import GeoPoint
from therapist_finder.schema import Listing
from therapist_finder.vocab import Vocabularies


class CompareParams(PickedListingsParams):
    """Query parameters of GET /v1/compare."""

    MIN_IDS = 2
    MAX_IDS = 5

    ids: list[str] = ids_field(50)
    lang: Lang = "en"
    format: Literal["html", "pdf", "json"] = "html"


class CellItem(BaseModel):
    text: str
    provenance: str | None = None
    confirm: bool = False
    old: bool = False
    disputed: bool = False  # sources disagree: `others` says what the other sources say
    others: list[OtherClaim] = Field(default_factory=list)


class Cell(BaseModel):
    items: list[CellItem] = Field(default_factory=list)  # empty: unknown, or a blank to fill


class Row(BaseModel):
    id: str
    kind: Literal["fact", "question", "blank"]
    label: str
    cells: list[Cell]


class Candidate(ListingContact):
    distance_mi: float | None = None
    distance: str | None = None  # in words, from the unrounded distance ("less than 0.1 mi")


class CompareSheet(BaseModel):
    lang: Lang
    title: str
    intro: str
    generated_on: date
    place: str | None = None
    stale_after_days: int = MAX_AGE_DAYS  # a fact dated longer ago is `old` (the app's setting)
    concerns: list[Topic] = Field(default_factory=list)
    insurance: list[Topic] = Field(default_factory=list)
    candidates: list[Candidate]
    rows: list[Row]


FACT_ROWS: tuple[tuple[str, str], ...] = (
    # (fact kind, ui label key)
    ("accepting_new_clients", "accepting"),
    ("sessions", "sessions"),
    ("session_fee", "fee"),
    ("sliding_scale", "sliding_scale"),
    ("free_consultation", "free_consultation"),
    ("insurance", "insurance"),
    ("formats", "formats"),
    ("approaches", "approaches"),
    ("languages", "languages"),
    ("license", "license"),
    ("gender", "gender"),  # "Not listed" where the listing does not say, like every other row
)
KEY_ROWS = ("start", "fee_for_me", "sessions_plan", "after_therapy", "confidentiality",
            "training", "experience", "homework", "medication", "references")


def _item(fact: KnownFact, text: str | None = None) -> CellItem:
    return CellItem(text=text or fact.value, provenance=fact.provenance, confirm=fact.confirm,
                    old=fact.old, disputed=fact.disputed, others=list(fact.others))


def candidate(listing: Listing, point: GeoPoint | None, lang: str = "en") -> Candidate:
    miles, loc = nearest_location(listing, point)
    return Candidate(**contact_fields(listing, loc), distance_mi=round_miles(miles),
                     distance=distance_text(miles, lang) or None)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def build_compare(params: CompareParams, listings: list[Listing], vocabs: Vocabularies, *,
                  point: GeoPoint | None = None, today: date,
                  stale_after_days: int = MAX_AGE_DAYS) -> CompareSheet:
    """The sheet for these listings, in the order given; facts are old past `stale_after_days`."""
    content = load_content(params.lang)
    concerns = resolve_slugs(params.concern, vocabs, "specialty", "concern")
    payers = resolve_slugs(params.insurance, vocabs, "insurance", "insurance")
    candidates = [candidate(listing, point, params.lang) for listing in listings]
    facts = [listing_facts(listing, vocabs, content, today, stale_after_days) for listing in listings]
    rows: list[Row] = []

    if point is not None:
        cells = [Cell(items=[CellItem(text=c.distance)]) if c.distance else
                 Cell(items=[CellItem(text=content.t("no_location"))]) for c in candidates]
        rows.append(Row(id="distance", kind="fact",
                        label=content.t("distance_from", place=printed_place(point, content)),
                        cells=cells))
    for kind, label_key in FACT_ROWS:
        cells = []
        for listing_facts_ in facts:
            if kind == "insurance":
                items = [_item(f, f"{f.label}: {_lower_first(f.value)}") for f in listing_facts_
                         if f.kind == "insurance"]
            else:
                items = [_item(f) for f in listing_facts_ if f.kind == kind]
            cells.append(Cell(items=items))
        rows.append(Row(id=kind, kind="fact", label=content.t(label_key), cells=cells))
    position = _index_after(rows, "insurance")
    for payer in payers:
        label = vocab_label(vocabs, content, "insurance", payer)
        cells = []
        for listing_facts_ in facts:
            # The same fact as the insurance row: "in network" only per the insurer's directory.
            fact = next((f for f in listing_facts_ if f.id == f"insurance:{payer}"), None)
            cells.append(Cell(items=[_item(fact) if fact else
                                     CellItem(text=content.t("not_listed"), confirm=True)]))
        rows.insert(position, Row(id=f"your-insurance-{payer}", kind="fact",
                                  label=content.t("your_insurance", payer=label), cells=cells))
        position += 1
    contact = []
    for c in candidates:
        items = [CellItem(text=t) for t in (c.phone, c.website, c.address) if t]
        contact.append(Cell(items=items))
    rows.append(Row(id="contact", kind="fact", label=content.t("contact"), cells=contact))

    blank = [Cell() for _ in candidates]
    key_rows = content.group("key_rows")
    for key in KEY_ROWS:
        rows.append(Row(id=f"ask-{key}", kind="question", label=key_rows[key], cells=blank))
    for slug in concerns:
        label = vocab_label(vocabs, content, "specialty", slug)
        rows.append(Row(id=f"ask-concern-{slug}", kind="question",
                        label=content.t("concern_row", label=label), cells=blank))
    for key in ("pros", "cons", "overall"):
        rows.append(Row(id=key, kind="blank", label=content.t(key), cells=blank))

    return CompareSheet(
        lang=params.lang, title=content.t("compare"), intro=content.t("compare_intro"),
        generated_on=today, place=printed_place(point, content), stale_after_days=stale_after_days,
        concerns=[Topic(slug=s, label=vocab_label(vocabs, content, "specialty", s))
                  for s in concerns],
        insurance=[Topic(slug=p, label=vocab_label(vocabs, content, "insurance", p))
                   for p in payers],
        candidates=candidates, rows=rows)


def _index_after(rows: list[Row], row_id: str) -> int:
    for i, row in enumerate(rows):
        if row.id == row_id:
            return i + 1
    return len(rows)
