"""Filters, and spellings, a person may have meant by words in the free text.

People type "aetna", "spanish", "LCSW" or "sliding scale" into the search
box. Those words name a filter, and a text search for them finds only the
descriptions that happen to repeat them, often none. A hint offers the
filter instead, or the vocabulary's spelling of a misspelled concern
("depresson"). Hints never change what a search returns: the person decides.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError, model_validator
from rapidfuzz import fuzz

from therapist_finder.errors import InvalidQuery
from therapist_finder.geo.resolve import PlaceResolver
from therapist_finder.search_params import STOPWORDS, TEXT_FACETS, SearchParams, build_query, term_spans
from therapist_finder.store.base import Store
from therapist_finder.vocab import Vocabularies
from therapist_finder.vocab.fuzzy import SHORT_WORD
from therapist_finder.vocab.text import strip_accents

MAX_HINTS = 3
# Facets the free text does not search by itself (specialties and approaches
# it does, through their labels and synonyms).
HINT_FACETS = ("insurance", "language", "license_type", "format", "age_group")
# Yes/no filters and the everyday phrases that ask for them.
FLAG_PHRASES: dict[str, tuple[str, ...]] = {
    "sliding_scale": ("sliding scale", "sliding fee", "low cost", "low fee", "reduced fee",
                      "affordable", "cheap", "inexpensive",
                      "escala móvil", "escala movil", "tarifa reducida", "bajo costo", "barato", "barata",
                      "económico", "economico", "económica", "economica"),
    "telehealth": ("telehealth", "teletherapy", "online", "virtual", "video", "remote",
                   "telesalud", "teleterapia", "en línea", "en linea", "por video", "videollamada"),
    "free_consultation": ("free consultation", "free consult", "free call",
                          "consulta gratis", "consulta gratuita"),
    "in_person": ("in person", "in office", "face to face", "en persona", "presencial"),
    "accepting_new": ("accepting new clients", "accepting new patients", "taking new clients",
                      "new clients", "new patients",
                      "nuevos pacientes", "pacientes nuevos", "nuevos clientes", "clientes nuevos"),
}
FLAG_LABELS = {
    "sliding_scale": "Sliding scale",
    "telehealth": "Telehealth",
    "free_consultation": "Free consultation",
    "in_person": "In person",
    "accepting_new": "Accepting new clients",
}
# Misspellings are only looked up for concerns and approaches, the words the
# text search itself understands.
SPELLING_FACETS = ("specialty", "approach")
MIN_MISSPELLED = 5


class HintFilter(BaseModel):
    """One more filter a combined hint sets."""

    param: str
    value: str
    label: str


class SearchHint(BaseModel):
    """One suggestion: set `param` to `value` (a slug, "true", or new text for `q`),
    and each filter in `also`."""

    param: str
    value: str
    label: str
    words: str  # the words of q that suggested it
    q: str | None  # q without those words (the text to keep when taking a filter hint)
    total: int | None = None  # listings the suggested search finds, when counted
    # Every filter the suggested search sets: `param` and `value` alone, or
    # for a combined hint ("aetna spanish") each filter the text names. None
    # for a spelling hint.
    filters: list[HintFilter] = []

    @model_validator(mode="after")
    def _own_filter(self) -> SearchHint:
        if not self.filters and self.param != "q":
            self.filters = [HintFilter(param=self.param, value=self.value, label=self.label)]
        return self


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    words = r"[\s-]+".join(re.escape(w) for w in phrase.split())
    return re.compile(rf"(?<!\w){words}(?!\w)", re.IGNORECASE)


def _find(text: str, phrases: list[str], vocabs: Vocabularies | None) -> re.Match[str] | None:
    """The first of `phrases` (longest first) in `text`; with `vocabs`, only
    where it is not part of a longer concern or approach: "child" in
    "child-centered play therapy" names no age group, and taken out it
    would leave "-centered play therapy", which names no approach."""
    terms = None
    for phrase in sorted(phrases, key=len, reverse=True):
        for found in _phrase_pattern(phrase).finditer(text):
            if vocabs is None:
                return found
            terms = terms if terms is not None else [
                span.chars for span in term_spans(text, vocabs)[0] if span.facet in TEXT_FACETS]
            if not any(start < found.end() and found.start() < stop and stop - start > len(found.group())
                       for start, stop in terms):
                return found
    return None


def _remove(text: str, phrases: list[str], vocabs: Vocabularies | None = None) -> tuple[str, str | None]:
    """`text` without the first of `phrases` found in it (see `_find`), and what was removed."""
    found = _find(text, phrases, vocabs)
    if found is None:
        return text, None
    return " ".join((text[: found.start()] + " " + text[found.end():]).split()), found.group(0)


# Words that come with a filter's own words ("Spanish-speaking", "Aetna
# insurance", "in network"): once the filter is taken they mean nothing, and
# left in the text they would match only descriptions that repeat them.
FILTER_FILLER = frozenset("speaking speaks speaker insurance insurer accepts accept accepted covered"
                          " coverage plan plans network innetwork".split()) | frozenset(
    # Who is asked for ("therapist who takes aetna", "terapeuta que acepta
    # aetna"): words the text search would look for in descriptions, but
    # that no concern or approach is named by. Compared without accents.
    "therapists counselors counsellors psychologists psychotherapist psychotherapists clinician"
    " clinicians doctors taking"
    " terapeuta terapeutas psicoterapeuta psicoterapeutas psicologo psicologa psicologos psicologas"
    " consejero consejera consejeros consejeras profesional profesionales especialista especialistas"
    " acepta acepte aceptan acepten aceptar aceptando que quien quienes busco necesito seguro seguros medico"
    " aseguradora aseguradoras aseguranza aseguranzas cobertura cubre cubra cubierto cubierta tengo tiene"
    " planes habla hable hablan hablen hablante hablantes idioma".split()
)
# Spanish words that join or introduce other words ("para ansiedad", "con
# seguro"). They are left out of a hint's text only at its ends, and only
# when that changes no concern or approach the text names: inside a phrase
# ("trastorno de ansiedad", "terapia de juego") they are part of it.
EDGE_WORDS = frozenset(
    "a al de del el la las los lo un una unos unas y e o u en con para por sin mi mis su sus cerca"
    " terapia terapias psicoterapia tratamiento".split()
)


def _fold(word: str) -> str:
    return strip_accents(re.sub(r"\W", "", word.casefold()))


def _named(vocabs: Vocabularies, text: str) -> list[list[str]]:
    """What the text names: terms of every facet, and yes/no filters ("en línea")."""
    named = [vocabs[facet].find_in_text(text) for facet in (*TEXT_FACETS, *HINT_FACETS)]
    return [*named, [flag for flag, phrases in FLAG_PHRASES.items() if _find(text, list(phrases), None)]]


def _leftover(text: str, vocabs: Vocabularies) -> str | None:
    """The text to keep, without filter filler words; None when only filler is left."""
    words = [strip_accents(w) for w in re.findall(r"\w+", text.casefold())]
    if all(w in STOPWORDS or w in FILTER_FILLER or w in EDGE_WORDS for w in words):
        return None
    kept = [w for w in text.split() if _fold(w) not in FILTER_FILLER]
    named = _named(vocabs, " ".join(kept))
    for end in (0, -1):  # the start, then the end
        while len(kept) > 1 and _fold(kept[end]) in EDGE_WORDS:
            shorter = kept[1:] if end == 0 else kept[:-1]
            if _named(vocabs, " ".join(shorter)) != named:
                break
            kept = shorter
    return " ".join(kept)


def _facet_hints(params: SearchParams, vocabs: Vocabularies, raw: str) -> list[SearchHint]:
    hints = []
    for facet in HINT_FACETS:
        vocab, chosen = vocabs[facet], set(getattr(params, facet))
        for slug in vocab.find_in_text(raw):
            if slug in chosen:
                continue
            term = vocab.get(slug)
            phrases = vocab.phrases(slug)
            rest, words = _remove(raw, phrases, vocabs)
            # "bcbs texas": matched as a whole, not by one phrase (unlike a phrase
            # that is there but part of a longer concern or approach).
            if words is None and _find(raw, phrases, None) is None and vocab.normalize(raw) == slug:
                rest, words = "", raw
            if term is None or words is None:
                continue
            hint = SearchHint(param=facet, value=slug, label=term.label, words=words,
                              q=_leftover(rest, vocabs))
            hints.append(hint)
    return hints


def _flag_hints(params: SearchParams, vocabs: Vocabularies, raw: str) -> list[SearchHint]:
    hints = []
    for flag, phrases in FLAG_PHRASES.items():
        if getattr(params, flag) is not None:
            continue
        rest, words = _remove(raw, list(phrases), vocabs)
        if words is not None:
            hints.append(SearchHint(param=flag, value="true", label=FLAG_LABELS[flag], words=words,
                                    q=_leftover(rest, vocabs)))
    return hints


def _spelling_hints(vocabs: Vocabularies, raw: str) -> list[SearchHint]:
    """A concern or approach a misspelled word stands for ("depresson")."""
    if any(vocabs[f].find_in_text(raw) for f in SPELLING_FACETS):
        return []  # the text already names one; leave the rest alone
    for word in re.findall(r"\w+", raw):
        if len(word) < MIN_MISSPELLED or _fold(word) in STOPWORDS or _fold(word) in _EVERYDAY:
            continue
        for facet in SPELLING_FACETS:
            slug = vocabs[facet].normalize(word) or (None if _names_a_term(vocabs, word)
                                                     else vocabs[facet].respell(word))
            term = vocabs[facet].get(slug) if slug else None
            phrases = vocabs[facet].phrases(slug) if slug else []
            spelled = {w for phrase in phrases for w in re.findall(r"\w+", phrase)}
            # A word the term's own phrases use ("dysthymia", "career") is spelled
            # right: the text search finds it already.
            if term is not None and word.casefold() not in spelled:
                # The term's own word closest to the typed one, in the typed
                # language: "depresón" -> "depresión", "bipolr" -> "bipolar"
                # (its English label would put English into a Spanish sentence).
                closest = max(sorted(spelled), key=lambda w: fuzz.ratio(word.casefold(), w.casefold()))
                if len(closest) != len(word) and min(len(closest), len(word)) < SHORT_WORD:
                    continue  # "danger" for anger, "raging" for aging: another word
                fixed = _respelled(raw, word, closest)
                if slug not in vocabs[facet].find_in_text(fixed):
                    # The word alone names nothing ("relationship" of "relationship
                    # conflict"): the shortest of the term's phrases that holds it does.
                    holding = [p for p in phrases if closest in re.findall(r"\w+", p)]
                    fixed = _respelled(raw, word, min(holding, key=len)) if holding else fixed
                return [SearchHint(param="q", value=fixed, label=term.label, words=word, q=fixed)]
    return []


# Everyday words a letter away from a term's word that the length rule lets through
# ("morning appointments" is not about mourning).
_EVERYDAY = frozenset({"morning", "mornings"})


def _names_a_term(vocabs: Vocabularies, word: str) -> bool:
    """Whether any vocabulary reads the word as a term of its own ("woman"): it is
    spelled right, whatever a swap of its letters would make of it."""
    return any(vocabs[facet].normalize(word) for facet in vocabs.keys())


def _respelled(raw: str, word: str, spelling: str) -> str:
    return re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", spelling, raw, count=1)


def _combined(raw: str, hints: list[SearchHint], vocabs: Vocabularies) -> SearchHint | None:
    """One hint taking every filter the text names at once ("aetna spanish"):
    each single one keeps the other's words as text, which few descriptions
    repeat, so on its own it would often find nothing."""
    if len(hints) < 2:
        return None
    rest, taken = raw, []
    for hint in hints:
        rest, words = _remove(rest, [hint.words], vocabs)
        if words is None:  # the words overlap another hint's: no clean split
            return None
        taken.append(words)
    first = hints[0]
    # Values of one filter are alternatives (any of them), filters all apply.
    by_param: dict[str, list[str]] = {}
    for hint in hints:
        by_param.setdefault(hint.param, []).append(hint.label)
    label = ", ".join(" or ".join(labels) for labels in by_param.values())
    return SearchHint(
        param=first.param, value=first.value, label=label,
        words=" ".join(taken), q=_leftover(rest, vocabs),
        filters=[one for hint in hints for one in hint.filters],
    )


def search_hints(params: SearchParams, vocabs: Vocabularies) -> list[SearchHint]:
    """Up to MAX_HINTS filters or spellings the free text suggests, best first:
    all the named filters together first, when the text names several."""
    raw = (params.q or "").strip()
    if not raw:
        return []
    found = _facet_hints(params, vocabs, raw) + _flag_hints(params, vocabs, raw)
    singles = [h for h in found if _allowed(params, h)]
    combined = _combined(raw, singles, vocabs)
    hints = ([combined] if combined and _allowed(params, combined) else []) + singles
    hints += [h for h in _spelling_hints(vocabs, raw) if _allowed(params, h)]
    return hints[:MAX_HINTS]


def _allowed(params: SearchParams, hint: SearchHint) -> bool:
    """Whether the suggested search passes the same checks as any search (a
    21st insurer, a respelled text over 200 characters do not)."""
    try:
        SearchParams.model_validate(apply_hint(params, hint).model_dump(exclude_defaults=True))
    except ValidationError:
        return False
    return True


def count_hints(hints: list[SearchHint], params: SearchParams,
                total_of: Callable[[SearchParams], int]) -> list[SearchHint]:
    """The hints with how many listings each suggested search finds. A hint
    whose search cannot run (an error in it) is left out, and so is one that
    finds nothing when another finds something."""
    counted = []
    for hint in hints:
        try:
            total = total_of(apply_hint(params, hint).model_copy(update={"limit": 1}))
        except InvalidQuery:
            continue
        counted.append(hint.model_copy(update={"total": total}))
    if any(hint.total for hint in counted):
        return [hint for hint in counted if hint.total]
    return counted


def counted_search_hints(params: SearchParams, vocabs: Vocabularies, store: Store,
                         resolver: PlaceResolver, stale_after_days: int) -> list[SearchHint]:
    """`search_hints`, each counted against the store (the API and the CLI)."""

    def total_of(other: SearchParams) -> int:
        query = build_query(other, vocabs, resolver, stale_after_days=stale_after_days)
        return store.search(query.model_copy(update={"facets": False})).total

    return count_hints(search_hints(params, vocabs), params, total_of)


def hint_updates(params: SearchParams, hint: SearchHint) -> dict[str, Any]:
    """The parameters the hint's search sets (None: left out); the API, the
    CLI and the page's links all change a search exactly this way."""
    if hint.param == "q":
        return {"q": hint.value}
    updates: dict[str, Any] = {}
    for one in hint.filters:
        current = updates.get(one.param, getattr(params, one.param))
        updates[one.param] = [*current, one.value] if isinstance(current, list) else True
    # With no text left there is nothing to rank by relevance.
    sort = params.sort if (params.sort != "relevance" or hint.q) else None
    return {**updates, "q": hint.q, "sort": sort}


def apply_hint(params: SearchParams, hint: SearchHint) -> SearchParams:
    """The search the hint suggests: its filter set, its words taken out of q."""
    return params.model_copy(update={**hint_updates(params, hint), "cursor": None})
