"""Free text in Spanish, and phrases that hold another facet's word: what
`text_query` requires of a listing."""

from __future__ import annotations

import pytest

from therapist_finder.search_params import text_query
from therapist_finder.vocab import load_vocabularies

VOCABS = load_vocabularies()


def required(q: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(facet, slug) of each vocabulary term, and the plain words, q requires."""
    text = text_query(q, VOCABS)
    if text is None:
        return [], []
    terms = [text.term_of(i) for i in range(len(text.groups))]
    named = [(term[0], term[1][0]) for term in terms if term is not None]
    words = [group[0] for group, term in zip(text.groups, terms, strict=True) if term is None]
    return named, words


@pytest.mark.parametrize(("spanish", "english"), [
    ("terapeuta para ansiedad", "therapist for anxiety"),
    ("consejero para depresión posparto", "counselor for postpartum depression"),
    ("consejera para depresion posparto", "counselor for postpartum depression"),
    ("psicóloga que acepte Medicaid", "psychologist who accepts Medicaid"),
    ("psicologa que acepte Medicaid", "psychologist who accepts Medicaid"),
    ("psicólogos que aceptan Medicaid", "psychologists who accept Medicaid"),
    ("ayuda con el duelo", "help with grief"),
    ("doctora para TOC cerca de mí", "doctor for OCD near me"),
    ("una terapeuta con terapia cognitivo-conductual", "a therapist with cognitive behavioral therapy"),
    ("terapia familiar para adolescentes", "family therapy for teens"),
    ("terapia de pareja en español cerca de mí", "couples therapy in Spanish near me"),
    ("terapeuta que habla español", "therapist who speaks Spanish"),
])
def test_a_spanish_sentence_requires_what_its_english_one_does(spanish, english):
    assert required(spanish) == required(english)
    assert required(spanish) != ([], [])


@pytest.mark.parametrize("q", ["terapeuta cerca de mí", "terapeuta cerca de mi", "un proveedor de terapia",
                               "busco una psicóloga", "necesito ayuda", "consejería"])
def test_only_generic_spanish_words_leave_nothing_to_search(q):
    assert text_query(q, VOCABS) is None


@pytest.mark.parametrize(("q", "named", "words"), [
    # Words that carry meaning stay: a concern or an approach as its term,
    # even when its phrase is made of generic words ("terapia de juego"); a
    # format, an age group or a language as text in any of its names, as the
    # English word is.
    ("terapia de pareja en español cerca de mí", [], [{"pareja", "couples"}, {"español", "spanish"}]),
    ("terapia para la familia", [], [{"familia", "family"}]),
    ("terapia familiar para adolescentes", [("approach", "family-systems")], [{"adolescentes", "teens"}]),
    ("consejero para el duelo", [("specialty", "grief")], []),
    ("terapia de juego para niños", [("approach", "play-therapy")], [{"niños", "children"}]),
    ("trastorno de ansiedad", [("specialty", "anxiety")], []),
    ("terapia de Willowmere", [], [{"willowmere"}]),
])
def test_spanish_words_that_carry_meaning_are_kept(q, named, words):
    text = text_query(q, VOCABS)
    plain = [set(group) for i, group in enumerate(text.groups) if text.term_of(i) is None]
    assert required(q)[0] == named
    assert len(plain) == len(words) and all(w <= group for w, group in zip(words, plain, strict=True))


@pytest.mark.parametrize(("q", "named", "words"), [
    # One phrase of the approach, not also the concern "trauma" and the stray
    # word "informed" (the old text kept all three, and found almost nothing).
    ("trauma-informed", [("approach", "trauma-informed")], []),
    ("trauma informed therapist", [("approach", "trauma-informed")], []),
    ("trauma-focused CBT", [("approach", "tf-cbt")], []),
    ("trauma-informed therapist for PTSD", [("specialty", "ptsd"), ("approach", "trauma-informed")], []),
    ("terapia informada en trauma", [("approach", "trauma-informed")], []),
    ("informado sobre el trauma para TEPT", [("specialty", "ptsd"), ("approach", "trauma-informed")], []),
    # Apart, each word still names its own term.
    ("CBT for trauma", [("specialty", "ptsd"), ("approach", "cbt")], []),
    ("anxiety,Willowmere", [("specialty", "anxiety")], ["willowmere"]),
])
def test_the_longest_phrase_wins_across_concerns_and_approaches(q, named, words):
    assert required(q) == (named, words)
