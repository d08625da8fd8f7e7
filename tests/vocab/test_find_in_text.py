"""Picking vocabulary terms out of free text (search queries, bios)."""

import pytest

from therapist_finder.vocab import Vocabularies

QUERY = "I want interpersonal therapy for postpartum depression"


def test_issue_example(vocabs: Vocabularies) -> None:
    assert vocabs["approach"].find_in_text(QUERY) == ["ipt"]
    assert vocabs["specialty"].find_in_text(QUERY) == ["perinatal-depression"]


@pytest.mark.parametrize(
    ("facet", "text", "expected"),
    [
        ("specialty", "Help with depression and anxiety", ["depression", "anxiety"]),
        ("specialty", "grief after a divorce", ["grief", "life-transitions"]),
        ("specialty", "social anxiety, then more social anxiety", ["social-anxiety"]),
        ("approach", "Trained in trauma-focused CBT and EMDR.", ["tf-cbt", "emdr"]),
        ("approach", "I offer group IPT on Tuesdays", ["group-ipt"]),
        ("approach", "I act out when stressed", []),  # everyday word, not ACT
        ("approach", "ACT and DBT informed", ["act", "dbt"]),
        ("format", "Individual and couples sessions", ["individual", "couples"]),
        ("insurance", "We take Aetna, BCBS of Texas and Medicaid.", ["aetna", "hcsc", "medicaid"]),
        ("insurance", "Anthem Blue Cross accepted", ["anthem"]),
        ("language", "Sessions in English or Español", ["en", "es"]),
        ("age_group", "Works with teens and older adults", ["teens", "older-adults"]),
        ("state", "An office in Albany, NY", ["NY"]),
        ("state", "I miss my family", []),
        ("state", "Jackson, Miss. or Portland, OR", ["MS", "OR"]),
        ("specialty", "Kids with ADD", ["adhd"]),
        ("specialty", "I add notes to my journal", []),
        ("specialty", "", []),
    ],
)
def test_find_in_text(vocabs: Vocabularies, facet: str, text: str, expected: list[str]) -> None:
    vocab = vocabs.state if facet == "state" else vocabs[facet]
    assert vocab.find_in_text(text) == expected
