"""From what a person asked for (API query string, CLI flags) to a SearchQuery.

Both the API and the CLI validate with `SearchParams` and resolve with
`build_query`, so they accept and reject exactly the same input.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache
from itertools import groupby
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from therapist_finder.errors import InvalidQuery
from therapist_finder.filter_values import refuse_loose
from therapist_finder.geo.resolve import PlaceResolver
from therapist_finder.store.query import MAX_RADIUS_MI, SearchQuery, TextQuery, decode_cursor
from therapist_finder.vocab import FACETS, Vocabularies
from therapist_finder.vocab.matching import END
from therapist_finder.vocab.text import strip_accents

# Words that ask for a provider, or join the words that matter ("a therapist
# for anxiety near me", "psicóloga que acepte Medicaid"): required in the
# text, they would find only the descriptions that happen to repeat them.
# Compared without accents ("psicologa", "mí"). Vocabulary phrases are found
# before these are dropped, so "terapia de juego" and "duelo" still count.
STOPWORDS = frozenset(
    "a an and the of for in on with to by at or near me my who that takes take accepting accept accepts "
    "therapist therapists therapy counselor counselors counseling counsellor counsellors provider providers "
    "help doctor doctors psychologist psychologists psychotherapist psychotherapists"
    # Spanish
    " al de del el la las lo los un una unos unas y e o u en con para por que quien quienes mi mis"
    " cerca ayuda busco necesito terapeuta terapeutas psicoterapeuta psicoterapeutas terapia terapias"
    " psicoterapia psicologo psicologa psicologos psicologas consejero consejera consejeros consejeras"
    " consejeria proveedor proveedora proveedores doctora doctores doctoras medico medica medicos"
    " profesional profesionales especialista especialistas acepta acepte aceptan acepten aceptando"
    " habla hable hablan hablen speaks".split()
)
# The free text's own facets: their phrases are matched as vocabulary terms.
TEXT_FACETS = ("specialty", "approach")
# Facets the stores do not match by mention; q matches a term of theirs as
# text by any of its phrases, so "adolescentes" finds the descriptions that
# say "teens" as "teens" does (their hints offer the filter as well).
SYNONYM_FACETS = ("format", "age_group", "language")
_SCANNED = (*TEXT_FACETS, *SYNONYM_FACETS)
# q is cut into pieces at characters that always separate vocabulary tokens,
# so each token can be traced back to the words typed.
_PIECE = re.compile(r"[^\s\-\u2010-\u2015/]+")


def _facet_field(facet: str, what: str, most: int = 20) -> Any:
    """A repeatable facet filter's field, documented with where its values come from."""
    return Field(default_factory=list, max_length=most, description=(
        f"repeatable; {what}. Several values: any of them (OR); different filters: all of "
        f"them (AND). Accepted values: GET /v1/vocabularies, under '{facet}', by slug, label "
        "or synonym; an unknown value is a 422 with the closest ones"))


class SearchParams(BaseModel):
    """The search contract's parameters as a person types them."""

    model_config = ConfigDict(extra="forbid")

    near: str | None = Field(None, max_length=200, description=(
        "where to search from: a 5-digit ZIP (10001), a city with its state (Austin, TX) or "
        "'lat,lon' (40.75,-73.99), all resolved offline. Other text (a street address) is "
        "sent to the online geocoder when the server has one configured, else a 422. Or "
        "give lat and lon"))
    lat: float | None = Field(None, ge=-90, le=90, allow_inf_nan=False,
                              description="latitude of the point to search from (with lon)")
    lon: float | None = Field(None, ge=-180, le=180, allow_inf_nan=False,
                              description="longitude of the point to search from (with lat)")
    radius_mi: float = Field(25.0, gt=0, le=MAX_RADIUS_MI, allow_inf_nan=False,
                             description=f"miles from the place, at most {MAX_RADIUS_MI:g}")
    state: str | None = Field(None, max_length=40, description=(
        "a state (NY, or New York): listings licensed in it or with an office in it (with "
        "telehealth=true: those offering video sessions; a license in the client's state is "
        "what lets a therapist see them by video, so ask)"))
    insurance: list[str] = _facet_field(
        "insurance", "an insurer: a slug, name or brand (aetna, BCBS of Texas, Medicaid)")
    specialty: list[str] = _facet_field(
        "specialty", "a concern the therapist works with (depression, postpartum, grief)")
    approach: list[str] = _facet_field(
        "approach", "a therapy approach (ipt, CBT, EMDR); a family such as IPT includes its variants")
    format: list[str] = _facet_field("format", "individual, group, couples or family")
    age_group: list[str] = _facet_field("age_group", "children, teens, adults or older adults")
    language: list[str] = _facet_field(
        "language", "a language sessions can be held in (es, Spanish, Español)")
    license_type: list[str] = _facet_field("license_type", "a license (psychologist, LCSW, LMFT)")
    gender: list[str] = _facet_field("gender", "the therapist's gender as the listing states it", most=5)
    accepting_new: bool | None = Field(None, description="true: only listings taking new clients")
    telehealth: bool | None = Field(None, description="true: offers sessions by video; false: does not")
    in_person: bool | None = Field(None, description="true: sees clients in person; false: does not")
    sliding_scale: bool | None = Field(None, description="true: has a sliding scale")
    free_consultation: bool | None = Field(None, description="true: offers a free first consultation")
    max_fee: float | None = Field(None, ge=0, le=100000, allow_inf_nan=False, description=(
        "dollars: the session fee, or the sliding scale's lowest rate, is at most this"))
    q: str | None = Field(None, max_length=200, description=(
        "free text over names, descriptions and the labels and synonyms of specialties and "
        "approaches; a vocabulary term (\"grief\") also finds listings tagged with it"))
    include_stale: bool = Field(False, description=(
        "true: also listings no source has seen within the staleness window (hidden by default)"))
    sort: Literal["distance", "relevance", "name", "fee"] | None = Field(
        None,
        description=(
            "distance (the default with a location), relevance (the default with q and no location), "
            "name, or fee: the lowest known fee first (the fee max_fee filters on), listings with no "
            "known fee last, ties by distance when a location is given, then by id"
        ),
    )
    limit: int = Field(20, ge=1, le=100, description="results per page, 1 to 100")
    cursor: str | None = Field(None, max_length=2000, description=(
        "the previous page's next_cursor, with the same other parameters"))

    @field_validator("near", mode="before")
    @classmethod
    def _blank_near_is_none(cls, value: Any) -> Any:
        """`near=` and `near=%20` alike mean no place (the second was a 422, "near is empty")."""
        return None if isinstance(value, str) and not value.strip() else value

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
        if flag := _flag_asked(raw):  # format=online: what telehealth=true asks
            raise InvalidQuery(facet, f"{facet}: '{raw}' is not a {facet} value; for it, use {flag}=true")
        hints = vocab.suggest(raw)
        hint = f"; did you mean: {', '.join(hints)}" if hints else ""
        raise InvalidQuery(facet, f"{facet}: unknown value '{raw}'{hint}", hints)
    refuse_loose(vocab, facet, raw, slug)
    return slug


def _flag_asked(raw: str) -> str | None:
    """The yes/no filter whose everyday phrase `raw` is ("online", "sliding scale"), if any."""
    from therapist_finder.search_hints import FLAG_PHRASES  # it imports this module

    said = " ".join(raw.casefold().split())
    return next((flag for flag, phrases in FLAG_PHRASES.items() if said in phrases), None)


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


class TermSpan(NamedTuple):
    """A vocabulary term named in free text, at tokens [start, stop)."""

    facet: str
    slug: str
    start: int
    stop: int
    chars: tuple[int, int]  # where its words are in the text (whole pieces)


@lru_cache(maxsize=4)
def _trie(vocabs: Vocabularies) -> dict:
    trie: dict = {}
    # Language phrases use no clinical rewrite ("tx", "w"), so one clinical
    # tokenization of q serves every facet.
    for group, facet in enumerate(_SCANNED):
        vocabs[facet].add_to_trie(trie, group)
    return trie


def _tokens(raw: str, vocabs: Vocabularies) -> list[tuple[str, re.Match[str]]]:
    """Each vocabulary token of `raw` with the piece of text it comes from."""
    vocab = vocabs[TEXT_FACETS[0]]
    return [(token, piece) for piece in _PIECE.finditer(raw) for token in vocab.tokens(piece.group())]


def term_spans(raw: str, vocabs: Vocabularies) -> tuple[list[TermSpan], list[tuple[str, re.Match[str]]]]:
    """The terms `raw` names (concerns, approaches, SYNONYM_FACETS), and its tokens.

    All facets compete at once: the longest phrase wins and no word counts
    twice, so "trauma-informed" is the approach alone, not also the concern
    "trauma" with a stray word "informed" (each vocabulary's own
    `find_in_text` would find both), and "IPT for adolescents" names no age group.
    """
    tokens, trie = _tokens(raw, vocabs), _trie(vocabs)
    candidates = []
    for start in range(len(tokens)):
        node, stop = trie.get(tokens[start][0]), start + 1
        while node is not None:
            for group, key, slug, strict in node.get(END, ()):
                if strict is None or strict.search(raw):
                    candidates.append((start - stop, -len(key), start, group, slug, stop))
            node = node.get(tokens[stop][0]) if stop < len(tokens) else None
            stop += 1
    taken = [False] * len(tokens)
    spans = []
    for _, _, start, group, slug, stop in sorted(candidates):
        if not any(taken[start:stop]):
            taken[start:stop] = [True] * (stop - start)
            chars = (tokens[start][1].start(), tokens[stop - 1][1].end())
            spans.append(TermSpan(_SCANNED[group], slug, start, stop, chars))
    return sorted(spans, key=lambda span: span.start), tokens


def _plain_words(tokens: list[tuple[str, re.Match[str]]], spans: list[TermSpan]) -> list[str]:
    """The words outside every term: as typed, or for a piece partly in one
    ("anxiety,Willowmere") its other tokens."""
    covered = {i for span in spans for i in range(span.start, span.stop)}
    words: list[str] = []
    for piece, group in groupby(range(len(tokens)), key=lambda i: tokens[i][1]):
        mine = list(group)
        if covered.isdisjoint(mine):
            # Lowercased as FTS5's unicode61 does, not case-folded: casefold makes
            # "Straße" "strasse", which no store's text holds. Combining marks stay
            # in their word: "İstanbul" lowers to "i" + a combining dot + "stanbul".
            words += re.findall(r"[\w\u0300-\u036f]+", piece.group().lower())
        else:
            words += [tokens[i][0] for i in mine if i not in covered]
    return words


def text_query(raw: str, vocabs: Vocabularies) -> TextQuery | None:
    """Split free text into synonym groups (vocabulary phrases) and plain words."""
    spans, tokens = term_spans(raw, vocabs)
    groups: list[list[str]] = []
    terms: list[tuple[str, list[str]] | None] = []
    for facet in _SCANNED:
        vocab = vocabs[facet]
        for slug in dict.fromkeys(span.slug for span in spans if span.facet == facet):
            family = [slug, *vocab.descendants(slug)]
            groups.append(list(dict.fromkeys(p for s in family for p in vocab.phrases(s))))
            terms.append((facet, family) if facet in TEXT_FACETS else None)
    words = [w for w in _plain_words(tokens, spans) if strip_accents(w) not in STOPWORDS]
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
        refuse_loose(vocabs.state, "state", params.state, state, repeatable=False)
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
