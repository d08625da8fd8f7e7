"""Hints: filters and spellings the free text suggests (never applied by themselves)."""

from __future__ import annotations

import pytest

from therapist_finder.search_hints import apply_hint, count_hints, search_hints
from therapist_finder.search_params import SearchParams
from therapist_finder.vocab import load_vocabularies

VOCABS = load_vocabularies()


def hints(**params):
    return [(h.param, h.value, h.q) for h in search_hints(SearchParams(**params), VOCABS)]


@pytest.mark.parametrize("q, expected", [
    ("aetna", [("insurance", "aetna", None)]),
    ("Aetna anxiety", [("insurance", "aetna", "anxiety")]),
    ("spanish speaking therapist", [("language", "es", None)]),  # filler goes with the filter
    ("Spanish-speaking grief counselor", [("language", "es", "grief"), ("language", "es", "grief counselor"),
                                          ("license_type", "counselor", "Spanish-speaking grief")]),
    ("aetna insurance anxiety", [("insurance", "aetna", "anxiety")]),
    ("in-network with cigna for ocd", [("insurance", "cigna", "with for ocd")]),
    ("LCSW", [("license_type", "clinical-social-worker", None)]),
    ("couples", [("format", "couples", None)]),
    ("teens", [("age_group", "teens", None)]),
    ("bcbs texas", [("insurance", "hcsc", None)]),
    ("sliding scale", [("sliding_scale", "true", None)]),
    ("cheap grief counseling", [("sliding_scale", "true", "grief counseling")]),
    ("online IPT", [("telehealth", "true", "IPT")]),
    ("free consultation", [("free_consultation", "true", None)]),
    ("depresson", [("q", "depression", "depression")]),
    # Two letters swapped, the commonest slip, which the strict typo match never guesses.
    ("greif", [("q", "grief", "grief")]),
    ("anxeity", [("q", "anxiety", "anxiety")]),
    ("greif counseling", [("q", "grief counseling", "grief counseling")]),
    # Real words a letter or a swap away from a term's word are left alone.
    ("morning appointments", []), ("brief therapy", []), ("danger", []), ("raging", []),
    ("trains", []), ("sorry", []), ("queen", []), ("dancer", []), ("sheep", []),
    ("amuse", []), ("angel", []), ("rambling", []), ("boarding school", []), ("image", []),
    ("me duele", []),
    ("woman therapist", []),  # "woman" is a gender term: never respelled "women"
    # In the language typed: the closest word of the term, not its English label.
    ("depresón", [("q", "depresión", "depresión")]),
    ("trastorno bipolr", [("q", "trastorno bipolar", "trastorno bipolar")]),
    ("ansiedd social", [("q", "ansiedad social", "ansiedad social")]),
    # A word that names nothing alone takes the term's shortest phrase holding it.
    ("reltionship", [("q", "relationship issues", "relationship issues")]),
    ("diaéctica", [("q", "terapia dialéctica conductual", "terapia dialéctica conductual")]),
    ("postpartum depresson", []),  # the text names a concern already: no spelling hint
    ("depresion", []),  # Spanish, and a concern the text search finds: nothing to respell
    # Words asking for a provider do not stay in the text: alone, they would find nothing.
    ("therapist who takes aetna", [("insurance", "aetna", None)]),
    ("counselors that accept aetna", [("insurance", "aetna", None)]),
    ("psychotherapist with Aetna for anxiety", [("insurance", "aetna", "with for anxiety")]),
    ("terapeuta que acepta aetna", [("insurance", "aetna", None)]),
    ("terapeuta con seguro médico Aetna", [("insurance", "aetna", None)]),
    ("terapeuta para ansiedad que acepta aetna", [("insurance", "aetna", "ansiedad")]),
    ("trastorno de ansiedad con aetna", [("insurance", "aetna", "trastorno de ansiedad")]),  # one phrase
    ("terapia de juego con aetna", [("insurance", "aetna", "terapia de juego")]),
    ("terapeuta que habla español", [("language", "es", None)]),
    ("niños", [("age_group", "children", None)]),
    ("terapia de pareja", [("format", "couples", None)]),
    ("Quillfeather", []),  # a name: nothing to suggest
    ("", []),
])
def test_hints_from_text(q, expected):
    assert hints(q=q) == expected


@pytest.mark.parametrize("q, expected", [
    ("que acepte Aetna", [("insurance", "aetna", None)]),
    ("tengo aseguranza Medicaid", [("insurance", "medicaid", None)]),
    ("seguro Medicaid", [("insurance", "medicaid", None)]),
    ("habla español", [("language", "es", None)]),
    ("psicóloga que acepte Medicaid", [("insurance", "medicaid", None), ("insurance", "medicaid", None),
                                       ("license_type", "psychologist", "Medicaid")]),
    ("consejero para depresión posparto", [("license_type", "counselor", "depresión posparto")]),
    ("terapia en línea para ansiedad", [("telehealth", "true", "ansiedad")]),
    ("terapia presencial", [("in_person", "true", None)]),
    ("escala móvil", [("sliding_scale", "true", None)]),
    ("consulta gratis", [("free_consultation", "true", None)]),
    ("acepta nuevos pacientes", [("accepting_new", "true", None)]),
    # A filter phrase left in the text is kept whole ("en línea", not "línea").
    ("psicólogo en línea con Medicaid", [("insurance", "medicaid", None),
                                         ("insurance", "medicaid", "en línea"),
                                         ("license_type", "psychologist", "en línea con Medicaid")]),
])
def test_hints_from_spanish_text(q, expected):
    assert hints(q=q) == expected


@pytest.mark.parametrize("q, expected", [
    # A filter's word inside a longer concern or approach is part of that
    # phrase, not a filter: taking it out would leave "-centered play therapy".
    ("child-centered play therapy", []),
    ("parent-child interaction therapy", []),
    ("IPT for adolescents", []),
    ("psicoterapia interpersonal para adolescentes", []),
    ("video game addiction", []),
    # The same word on its own still is one.
    ("child-centered play therapy for my child",
     [("age_group", "children", "child-centered play therapy for my")]),
    ("video game addiction online", [("telehealth", "true", "video game addiction")]),
    ("family therapy", [("format", "family", None)]),  # as long as the approach's phrase: still offered
])
def test_a_word_inside_a_longer_concern_or_approach_is_not_a_filter(q, expected):
    assert hints(q=q) == expected


def test_filters_already_chosen_are_not_suggested_again():
    assert hints(q="aetna", insurance=["aetna"]) == []
    assert hints(q="online", telehealth=False) == []


def test_at_most_three_hints():
    assert len(hints(q="aetna cigna humana medicaid spanish")) == 3


def test_apply_hint_moves_the_words_into_the_filter():
    params = SearchParams(q="Aetna anxiety", sort="relevance", cursor="abc")
    hint = search_hints(params, VOCABS)[0]
    applied = apply_hint(params, hint)
    assert (applied.insurance, applied.q, applied.cursor) == (["aetna"], "anxiety", None)
    assert applied.sort == "relevance"
    only = SearchParams(q="aetna", sort="relevance")
    applied = apply_hint(only, search_hints(only, VOCABS)[0])
    assert (applied.q, applied.sort) == (None, None)  # nothing left to rank by relevance


def test_count_hints_runs_each_suggested_search():
    params = SearchParams(q="aetna online")
    seen = []

    def total_of(p):
        seen.append(p)
        return 5 if p.insurance and p.telehealth else 7 if p.insurance else 3

    counted = count_hints(search_hints(params, VOCABS), params, total_of)
    expected = [("Aetna, Telehealth", 5), ("Aetna", 7), ("Telehealth", 3)]
    assert [(h.label, h.total) for h in counted] == expected
    assert all(p.limit == 1 for p in seen)


def test_hints_finding_nothing_are_left_out_when_another_finds_something():
    params = SearchParams(q="aetna spanish")
    counted = count_hints(search_hints(params, VOCABS), params, lambda p: 4 if p.q is None else 0)
    assert [(h.label, h.total) for h in counted] == [("Aetna, Spanish", 4)]
    nothing = count_hints(search_hints(params, VOCABS), params, lambda p: 0)
    assert [h.total for h in nothing] == [0, 0, 0]  # every search finds nothing: say so


@pytest.mark.parametrize("q, label, filters, rest", [
    # Each single hint keeps the other's words as text, which few descriptions
    # repeat: the combined hint takes them all at once.
    ("aetna spanish", "Aetna, Spanish", [("insurance", "aetna"), ("language", "es")], None),
    ("Aetna or Cigna for grief", "Aetna or Cigna",
     [("insurance", "aetna"), ("insurance", "cigna")], "or for grief"),
    ("cheap online spanish therapist", "Spanish, Sliding scale, Telehealth",
     [("language", "es"), ("sliding_scale", "true"), ("telehealth", "true")], None),
])
def test_several_filters_named_in_the_text_come_first_as_one_hint(q, label, filters, rest):
    params = SearchParams(q=q, sort="relevance")
    first = search_hints(params, VOCABS)[0]
    assert (first.label, [(f.param, f.value) for f in first.filters], first.q) == (label, filters, rest)
    applied = apply_hint(params, first)
    for param, value in filters:
        chosen = getattr(applied, param)
        assert value in chosen if isinstance(chosen, list) else chosen is True
    assert applied.q == rest and applied.sort == ("relevance" if rest else None)


def test_a_single_filter_hint_lists_its_own_filter_and_a_spelling_hint_none():
    (aetna,) = search_hints(SearchParams(q="aetna"), VOCABS)
    assert [(f.param, f.value, f.label) for f in aetna.filters] == [("insurance", "aetna", "Aetna")]
    (spelling,) = search_hints(SearchParams(q="depresson"), VOCABS)
    assert spelling.filters == []


def test_hints_whose_search_would_be_refused_are_not_offered():
    assert hints(q="aetna", insurance=[f"payer-{i}" for i in range(20)]) == []  # a 21st insurer
    assert hints(q="postpartm zzzz") == [("q", "postpartum zzzz", "postpartum zzzz")]
    long_text = "postpartm " + "z" * 190  # respelled, it would pass the 200-character limit
    assert len(long_text) == 200 and hints(q=long_text) == []


@pytest.mark.parametrize("q", ["dysthymia", "career", "anxiety"])
def test_words_the_vocabulary_spells_this_way_get_no_spelling_hint(q):
    assert [h for h in hints(q=q) if h[0] == "q"] == []
