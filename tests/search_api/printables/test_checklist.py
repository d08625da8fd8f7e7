"""The checklist builder: parameters (+ a listing) in, a Checklist out."""

from __future__ import annotations

import pytest

from search_api.printables.checklist import ChecklistParams, build_checklist
from tests.search_api.printables.conftest import TODAY, printable_listings
from therapist_finder.errors import InvalidQuery
from therapist_finder.normalize import normalize_listing


@pytest.fixture(scope="module")
def listings(vocabs):
    return {item.id: normalize_listing(item, vocabs) for item in printable_listings()}


def build(vocabs, listing=None, **params):
    return build_checklist(ChecklistParams(**params), vocabs, listing=listing, today=TODAY)


GENERAL = ["consultation", "fees", "insurance", "sliding-scale", "length", "after",
           "confidentiality", "format", "approach", "qualifications", "experience",
           "references", "medication", "homework", "decision"]


@pytest.mark.parametrize(
    ("params", "added"),
    [
        ({}, []),
        ({"concern": ["postpartum"]}, ["concern-perinatal-depression"]),
        ({"concern": ["Eating disorders"]}, ["concern-eating-disorders"]),
        # Narrower concerns use their parent's set, once.
        ({"concern": ["anorexia", "bulimia"]}, ["concern-eating-disorders"]),
        ({"concern": ["PTSD", "bipolar"]}, ["concern-ptsd", "concern-bipolar-disorder"]),
        ({"concern": ["ptsd,grief"]}, ["concern-ptsd", "concern-grief"]),
        # A concern without its own set gets the generic questions, with its label.
        ({"concern": ["insomnia"]}, ["concern-insomnia"]),
        ({"insurance": ["Aetna"]}, ["insurer-aetna"]),
        ({"insurance": ["aetna", "BCBS of Texas"]}, ["insurer-aetna", "insurer-hcsc"]),
    ],
)
def test_sections_added_by_parameters(vocabs, params, added):
    checklist = build(vocabs, **params)
    ids = [s.id for s in checklist.sections]
    assert [i for i in ids if i not in GENERAL] == added
    assert [i for i in ids if i in GENERAL] == GENERAL
    if "concern" in params:
        assert ids.index(added[0]) == ids.index("consultation") + 1


def test_generic_concern_questions_name_the_concern(vocabs):
    section = build(vocabs, concern=["insomnia"]).sections[1]
    assert section.kind == "concern"
    assert "Insomnia and sleep" in section.title
    assert all("Insomnia and sleep" in q.text for q in section.questions)


def test_crisis_note_on_suicidal_thoughts(vocabs):
    section = next(s for s in build(vocabs, concern=["suicidal thoughts"]).sections
                   if s.kind == "concern")
    assert "988" in section.note


@pytest.mark.parametrize(
    ("params", "param", "hint"),
    [
        ({"concern": ["ansiety"]}, "concern", "anxiety"),
        ({"concern": ["xyzzy-nothing"]}, "concern", None),
        ({"insurance": ["Aetan"]}, "insurance", "aetna"),
    ],
)
def test_unknown_values_are_invalid_queries(vocabs, params, param, hint):
    with pytest.raises(InvalidQuery) as err:
        build(vocabs, **params)
    assert err.value.param == param
    if hint:
        assert hint in err.value.suggestions


def test_known_facts_carry_basis_date_and_confirm_flags(vocabs, listings):
    checklist = build(vocabs, listing=listings["test:ipt"])
    facts = {f.id: f for f in checklist.known_facts}
    expectations = {
        # id: (basis, observed_at, self_reported, old, confirm)
        "insurance:aetna": ("payer_directory", "2026-10-01", False, False, False),
        "insurance:medicaid": ("provider_reported", "2026-10-01", True, False, True),
        "insurance:cigna": ("payer_directory", "2026-01-15", False, True, True),
        "accepting_new_clients": ("provider_reported", "2026-03-01", True, True, True),
        "sliding_scale": ("provider_reported", "2026-10-01", True, False, True),
        "approaches": (None, "2026-10-20", False, False, True),
    }
    for fid, (basis, when, self_reported, old, confirm) in expectations.items():
        fact = facts[fid]
        assert (fact.basis, str(fact.observed_at), fact.self_reported, fact.old, fact.confirm) \
            == (basis, when, self_reported, old, confirm), fid
    assert facts["insurance:aetna"].description == \
        "Aetna: in network per the insurer's directory, checked on October 1, 2026"
    # Self-reported: the listing takes the plan; only the insurer can say "in network".
    assert facts["insurance:medicaid"].value == "Takes this insurance"
    assert facts["insurance:medicaid"].description == \
        "Medicaid: takes this insurance, self-reported on October 1, 2026"
    assert facts["sliding_scale"].description == \
        "Sliding scale $40–$90, self-reported on October 1, 2026, source: test"
    assert facts["approaches"].value == \
        "Interpersonal psychotherapy (IPT), Maintenance interpersonal psychotherapy (IPT-M)"


def test_confirm_section_asks_about_unvouched_facts_only(vocabs, listings):
    checklist = build(vocabs, listing=listings["test:ipt"], insurance=["humana", "aetna"])
    confirm = checklist.sections[0]
    assert confirm.id == "confirm" and checklist.therapist.name == "Orla Quillfeather"
    asked = {q.fact_id for q in confirm.questions}
    assert "insurance:medicaid" in asked and "accepting_new_clients" in asked
    assert "insurance:cigna" in asked  # old, even though the insurer's directory said so
    assert "insurance:aetna" not in asked  # recent and from the insurer: stands on its own
    sliding = next(q for q in confirm.questions if q.fact_id == "sliding_scale")
    assert "$40–$90" in sliding.text
    # A payer the client has that the listing does not mention: a note and a question.
    assert any("Humana" in n for n in checklist.known.notes)
    assert any(q.id == "confirm-insurance:humana" for q in confirm.questions)
    insurer = next(s for s in checklist.sections if s.id == "insurer-aetna")
    assert "Orla Quillfeather" in insurer.questions[0].text


def test_listing_without_facts_says_so(vocabs):
    from therapist_finder.schema import Listing

    bare = Listing(id="test:bare", kind="individual", name="Nell Bare")
    checklist = build(vocabs, listing=bare)
    assert checklist.known_facts == []
    assert checklist.known.notes == ["The directory has no details about this listing "
                                     "beyond its name."]
    assert checklist.sections[0].id == "consultation"


def test_spanish_checklist(vocabs, listings):
    checklist = build(vocabs, listing=listings["test:ipt"], concern=["posparto"],
                      insurance=["aetna"], lang="es")
    assert checklist.title == "Preguntas para hacerle a un terapeuta"
    facts = {f.id: f for f in checklist.known_facts}
    assert facts["insurance:aetna"].description.startswith(
        "Aetna: dentro de la red según el directorio de la aseguradora")
    assert facts["insurance:medicaid"].description.startswith("Medicaid: acepta este seguro, ")
    assert facts["formats"].value == "Individual, en grupo"
    titles = [s.title for s in checklist.sections]
    assert "Confirme lo que dice el directorio" in titles
    assert any("después del parto" in t for t in titles)
    insurer = next(s for s in checklist.sections if s.kind == "insurer")
    assert insurer.questions[0].text.startswith("¿Orla Quillfeather está dentro de la red")


def test_without_listing_insurer_questions_say_the_therapist(vocabs):
    checklist = build(vocabs, insurance=["aetna"], lang="es")
    insurer = next(s for s in checklist.sections if s.kind == "insurer")
    assert insurer.questions[0].text.startswith("¿El terapeuta está dentro")
    assert checklist.known is None and checklist.therapist is None


@pytest.mark.parametrize(("fees", "lang", "said"), [
    ({"session_min": 120}, "en", "from $120"),
    ({"session_max": 200}, "en", "up to $200"),
    ({"session_max": 200}, "es", "hasta $200"),
    ({"session_min": 150, "session_max": 150}, "en", "$150"),
])
def test_one_end_of_a_fee_range_is_printed_as_such(fees, lang, said):
    from datetime import date

    from search_api.printables.facts import listing_facts
    from search_api.printables.wording import load_content
    from tests.utils.factories import make_listing
    from therapist_finder.vocab import load_vocabularies

    facts = listing_facts(make_listing("fee", fees=fees), load_vocabularies(), load_content(lang),
                          date(2026, 11, 27))
    fee = next(f for f in facts if f.kind == "session_fee")
    assert fee.value.lower() == said.lower()
