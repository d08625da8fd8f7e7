"""'Did you mean' suggestions for unknown filter values."""

import pytest

from therapist_finder.vocab import Vocabularies


@pytest.mark.parametrize(
    ("facet", "raw", "expected"),
    [
        ("insurance", "aetan", "aetna"),
        ("insurance", "cigan", "cigna"),
        ("insurance", "humanna", "humana"),
        ("specialty", "ansiety", "anxiety"),
        ("specialty", "depresion", "depression"),
        ("approach", "emdrr", "emdr"),
        ("format", "coupels", "couples"),
        ("age_group", "teenz", "teens"),
        ("language", "spanich", "es"),
    ],
)
def test_best_suggestion(vocabs: Vocabularies, facet: str, raw: str, expected: str) -> None:
    assert vocabs[facet].suggest(raw)[0] == expected


def test_limit_and_uniqueness(vocabs: Vocabularies) -> None:
    found = vocabs["specialty"].suggest("anxiety", limit=5)
    assert 1 <= len(found) <= 5
    assert len(found) == len(set(found))
    assert all(vocabs["specialty"].get(slug) for slug in found)
    assert vocabs["specialty"].suggest("anxiety", limit=1) == ["anxiety"]


@pytest.mark.parametrize("raw", ["", "   ", "qqqqqqqq"])
def test_nothing_to_suggest(vocabs: Vocabularies, raw: str) -> None:
    assert vocabs["insurance"].suggest(raw) == []
