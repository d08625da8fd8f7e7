"""Spanish names of the terms people search by: each one is the intended term,
with or without accents, in the search box and in descriptions."""

from __future__ import annotations

import pytest

from therapist_finder.search_params import text_query
from therapist_finder.vocab import Vocabularies

# (facet, what a person types, the term it names). The Spanish printables
# (search_api/printables/content/checklist.es.yaml) use the same words.
SPANISH = [
    ("specialty", "ansiedad", "anxiety"),
    ("specialty", "trastorno de ansiedad generalizada", "anxiety"),
    ("specialty", "depresión", "depression"),
    ("specialty", "depresion", "depression"),
    ("specialty", "DEPRESIÓN", "depression"),
    ("specialty", "depresión posparto", "perinatal-depression"),
    ("specialty", "depresion postparto", "perinatal-depression"),
    ("specialty", "depresión perinatal", "perinatal-depression"),
    ("specialty", "posparto", "perinatal-depression"),
    ("specialty", "trastorno bipolar", "bipolar-disorder"),
    ("specialty", "distimia", "dysthymia"),
    ("specialty", "ansiedad social", "social-anxiety"),
    ("specialty", "trastorno de pánico", "panic"),
    ("specialty", "TOC", "ocd"),
    ("specialty", "trastorno obsesivo-compulsivo", "ocd"),
    ("specialty", "trauma", "ptsd"),
    ("specialty", "TEPT", "ptsd"),
    ("specialty", "estrés postraumático", "ptsd"),
    ("specialty", "estres postraumatico", "ptsd"),
    ("specialty", "anorexia", "anorexia"),
    ("specialty", "anorexia nerviosa", "anorexia"),
    ("specialty", "bulimia", "bulimia"),
    ("specialty", "atracones", "binge-eating"),
    ("specialty", "trastorno por atracón", "binge-eating"),
    ("specialty", "consumo de sustancias", "substance-use"),
    ("specialty", "adicciones", "substance-use"),
    ("specialty", "adicción", "substance-use"),
    ("specialty", "duelo", "grief"),
    ("specialty", "divorcio", "life-transitions"),
    ("specialty", "jubilación", "life-transitions"),
    ("specialty", "jubilacion", "life-transitions"),
    ("specialty", "relaciones", "relationship-conflict"),
    ("specialty", "problemas de pareja", "relationship-conflict"),
    ("specialty", "habilidades sociales", "social-skills"),
    ("specialty", "TDAH", "adhd"),
    ("specialty", "estrés", "stress"),
    ("specialty", "estres", "stress"),
    ("specialty", "autoestima", "self-esteem"),
    ("approach", "terapia cognitivo-conductual", "cbt"),
    ("approach", "terapia cognitivo conductual", "cbt"),
    ("approach", "TCC", "cbt"),
    ("approach", "terapia dialéctico-conductual", "dbt"),
    ("approach", "terapia dialectico conductual", "dbt"),
    ("approach", "TDC", "dbt"),
    ("approach", "psicoterapia interpersonal", "ipt"),
    ("approach", "terapia interpersonal", "ipt"),
    ("approach", "terapia familiar", "family-systems"),
    ("approach", "terapia psicodinámica", "psychodynamic"),
    ("approach", "psicodinamica", "psychodynamic"),
    ("approach", "EMDR", "emdr"),
    ("format", "individual", "individual"),
    ("format", "terapia individual", "individual"),
    ("format", "grupo", "group"),
    ("format", "grupal", "group"),
    ("format", "pareja", "couples"),
    ("format", "terapia de pareja", "couples"),
    ("format", "familia", "family"),
    ("age_group", "niños", "children"),
    ("age_group", "ninos", "children"),
    ("age_group", "adolescentes", "teens"),
    ("age_group", "adultos", "adults"),
    ("age_group", "adultos mayores", "older-adults"),
    ("age_group", "personas mayores", "older-adults"),
    ("license_type", "psicólogo", "psychologist"),
]
TEXT_FACETS = ("specialty", "approach")


@pytest.mark.parametrize(("facet", "word", "slug"), SPANISH)
def test_a_spanish_name_normalizes_to_its_term(vocabs: Vocabularies, facet: str, word: str,
                                               slug: str) -> None:
    assert vocabs[facet].normalize(word) == slug


@pytest.mark.parametrize(("facet", "word", "slug"), SPANISH)
def test_a_spanish_name_is_found_in_a_description(vocabs: Vocabularies, facet: str, word: str,
                                                   slug: str) -> None:
    assert vocabs[facet].find_in_text(f"Atiendo en español: {word}.") == [slug]


@pytest.mark.parametrize(("facet", "word", "slug"), [s for s in SPANISH if s[0] in TEXT_FACETS])
def test_a_spanish_name_in_q_is_the_term_with_no_word_left_over(vocabs: Vocabularies, facet: str,
                                                                 word: str, slug: str) -> None:
    """Every word of it is taken by the term: a left-over word would have to
    appear in the description too, and "depresion" would find nothing."""
    text = text_query(word, vocabs)
    assert text is not None
    assert text.terms[0] == (facet, [slug, *vocabs[facet].descendants(slug)])
    assert len(text.groups) == 1
    # The term's group holds its English names, so both languages find the same listings.
    assert vocabs[facet].get(slug).label.lower() in text.groups[0]


@pytest.mark.parametrize(("spanish", "english"), [("ansiedad", "anxiety"), ("posparto", "postpartum"),
                                                   ("duelo", "grief"), ("TCC", "CBT")])
def test_spanish_and_english_q_ask_for_the_same_terms(vocabs: Vocabularies, spanish: str,
                                                      english: str) -> None:
    assert text_query(spanish, vocabs).terms == text_query(english, vocabs).terms


def test_a_spanish_description_mentions_its_concerns_and_approaches(vocabs: Vocabularies) -> None:
    text = ("Psicóloga bilingüe. Ofrezco terapia cognitivo-conductual (TCC) y psicoterapia "
            "interpersonal para la depresión posparto, la ansiedad y el duelo.")
    specialties, approaches = vocabs.scanner("specialty", "approach").find(text)
    assert specialties == ["perinatal-depression", "anxiety", "grief"]
    assert approaches == ["cbt", "ipt"]


@pytest.mark.parametrize("text", ["A quick tip: familiar faces help", "Individual sessions for adults"])
def test_english_prose_does_not_read_as_spanish_terms(vocabs: Vocabularies, text: str) -> None:
    found = [vocabs[f].find_in_text(text) for f in TEXT_FACETS]
    assert found == [[], []]
