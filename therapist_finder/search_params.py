"""From what a person asked for (API query string, CLI flags) to a SearchQuery.

Both the API and the CLI validate with `SearchParams` and resolve with
`build_query`, so they accept and reject exactly the same input.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from therapist_finder.errors import InvalidQuery
from therapist_finder.geo.resolve import PlaceResolver
from therapist_finder.store.query import MAX_RADIUS_MI, SearchQuery, TextQuery, decode_cursor
from therapist_finder.vocab import FACETS, Vocabularies

STOPWORDS = frozenset(
    "a an and the of for in on with to by at or near me my who that takes take accepting "
    "therapist therapists therapy counselor counseling counsellor provider providers help "
    "doctor psychologist".split()
)


class SearchParams(BaseModel):
    """The search contract's parameters as a person types them."""

    model_config = ConfigDict(extra="forbid")

    near: str | None = Field(None, max_length=200)
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    radius_mi: float = Field(25.0, gt=0, le=MAX_RADIUS_MI)
    state: str | None = Field(None, max_length=40)
    insurance: list[str] = Field(default_factory=list, max_length=20)
    specialty: list[str] = Field(default_factory=list, max_length=20)
    approach: list[str] = Field(default_factory=list, max_length=20)
    format: list[str] = Field(default_factory=list, max_length=20)
    age_group: list[str] = Field(default_factory=list, max_length=20)
    language: list[str] = Field(default_factory=list, max_length=20)
    license_type: list[str] = Field(default_factory=list, max_length=20)
    gender: list[str] = Field(default_factory=list, max_length=5)
    accepting_new: bool | None = None
    telehealth: bool | None = None
    in_person: bool | None = None
    sliding_scale: bool | None = None
    free_consultation: bool | None = None
    max_fee: float | None = Field(None, ge=0, le=100000)
    q: str | None = Field(None, max_length=200)
    include_stale: bool = False
    sort: Literal["distance", "relevance", "name", "fee"] | None = Field(
        None,
        description=(
            "distance (the default with a location), relevance (the default with q and no location), "
            "name, or fee: the lowest known fee first (the fee max_fee filters on), listings with no "
            "known fee last, ties by distance when a location is given, then by id"
        ),
    )
    limit: int = Field(20, ge=1, le=100)
    cursor: str | None = Field(None, max_length=2000)

    @model_validator(mode="after")
    def _consistent(self) -> SearchParams:
        if (self.lat is None) != (self.lon is None):
            raise ValueError("lat and lon must be given together")
        if self.near and self.lat is not None:
            raise ValueError("give either near or lat and lon, not both")
        has_place = bool(self.near) or self.lat is not None
        if self.sort == "distance" and not has_place:
            raise ValueError("sort=distance needs a location: near, or lat and lon")
        if self.sort == "relevance" and not (self.q and self.q.strip()):
            raise ValueError("sort=relevance needs q")
        return self


def _slug(vocabs: Vocabularies, facet: str, raw: str) -> str:
    vocab = vocabs[facet]
    slug = vocab.normalize(raw)
    if slug is None:
        hints = vocab.suggest(raw)
        hint = f"; did you mean: {', '.join(hints)}" if hints else ""
        raise InvalidQuery(facet, f"{facet}: unknown value '{raw}'{hint}", hints)
    return slug


def _filter_values(vocabs: Vocabularies, facet: str, raws: list[str]) -> list[str]:
    slugs: list[str] = []
    for raw in raws:
        for part in raw.split(",") if "," in raw else [raw]:
            if not part.strip():
                continue
            slug = _slug(vocabs, facet, part)
            # Asking for a therapy means its variants too (IPT includes group IPT).
            for value in [slug, *vocabs[facet].descendants(slug)]:
                if value not in slugs:
                    slugs.append(value)
    return slugs


def text_query(raw: str, vocabs: Vocabularies) -> TextQuery | None:
    """Split free text into synonym groups (vocabulary phrases) and plain words."""
    rest = " " + raw.casefold() + " "
    groups: list[list[str]] = []
    terms: list[tuple[str, list[str]] | None] = []
    for facet in ("specialty", "approach"):
        vocab = vocabs[facet]
        for slug in vocab.find_in_text(raw):
            family = [slug, *vocab.descendants(slug)]
            phrases = [p for s in family for p in vocab.phrases(s)]
            groups.append(list(dict.fromkeys(phrases)))
            terms.append((facet, family))
            for phrase in sorted(vocab.phrases(slug), key=len, reverse=True):
                rest = re.sub(rf"(?<!\w){re.escape(phrase)}(?!\w)", " ", rest, flags=re.IGNORECASE)
    words = [w for w in re.findall(r"\w+", rest) if w not in STOPWORDS]
    groups += [[w] for w in words]
    terms += [None] * len(words)
    return TextQuery(raw=raw, groups=groups, terms=terms) if groups else None


def build_query(
    params: SearchParams,
    vocabs: Vocabularies,
    resolver: PlaceResolver,
    *,
    stale_after_days: int = 180,
    today: date | None = None,
) -> SearchQuery:
    """Resolve places, slugs and text; raise InvalidQuery naming the parameter."""
    point = None
    if params.near:
        point = resolver.resolve(params.near, "near")
    elif params.lat is not None and params.lon is not None:
        point = resolver.coordinates(params.lat, params.lon)
    state = None
    if params.state:
        state = vocabs.state.normalize(params.state)
        if state is None:
            raise InvalidQuery(
                "state", f"state: unknown state '{params.state}'; use a 2-letter code such as NY"
            )
    filters = {f: _filter_values(vocabs, f, getattr(params, f)) for f in FACETS}
    flags = {
        f: getattr(params, f)
        for f in ("accepting_new", "telehealth", "in_person", "sliding_scale", "free_consultation")
    }
    text = text_query(params.q, vocabs) if params.q and params.q.strip() else None
    sort = params.sort or ("distance" if point else "relevance" if text else "name")
    if sort == "relevance" and text is None:
        sort = "distance" if point else "name"
    return SearchQuery(
        point=point,
        radius_mi=params.radius_mi,
        state=state,
        filters={k: v for k, v in filters.items() if v},
        flags={k: v for k, v in flags.items() if v is not None},
        max_fee=params.max_fee,
        seen_since=None if params.include_stale else (today or date.today()) - timedelta(stale_after_days),
        text=text,
        sort=sort,
        limit=params.limit,
        cursor=decode_cursor(params.cursor) if params.cursor else None,
    )
