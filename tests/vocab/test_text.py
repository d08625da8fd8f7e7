"""vocab/text.py: the letter fold that the text indexes and name keys share."""

from __future__ import annotations

import unicodedata

import pytest

from therapist_finder.store.sqlite.rows import name_key
from therapist_finder.vocab.text import LETTER_FOLDS, fold_letters


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("S\u00f8ren \u00d8stergaard", "Soren Ostergaard"),
        ("\u0141ukasz \u0142\u00f3d\u017a", "Lukasz l\u00f3d\u017a"),  # only the stroke: accents stay
        ("\u00c6gir \u00e6sir \u0152uvre \u0153il", "Aegir aesir Oeuvre oeil"),
        ("Stra\u00dfe STRA\u1e9eE", "Strasse STRASSE"),
        ("\u00deora \u00fe\u00f3r \u00d0\u00f3ra \u00f0\u00e1 \u0110or\u0111e",
         "Thora th\u00f3r D\u00f3ra d\u00e1 Dorde"),
        ("Kad\u0131k\u00f6y", "Kadik\u00f6y"),
        ("plain ASCII, kept as is", "plain ASCII, kept as is"),
        ("", ""),
    ],
)
def test_fold_letters(raw, folded):
    assert fold_letters(raw) == folded


def test_every_folded_letter_is_one_removing_accents_does_not_reach():
    for code, plain in LETTER_FOLDS.items():
        letter = chr(code)
        bare = "".join(c for c in unicodedata.normalize("NFKD", letter) if not unicodedata.combining(c))
        assert not bare.isascii(), letter  # a stroke or a ligature, not an accent
        assert plain.isascii() and plain.isalpha(), letter


def test_precomposed_accented_forms_fold_as_their_letters_do():
    assert fold_letters("S\u01ffren \u01fcgir \u01e3") == "Soren Aegir ae"
    assert fold_letters(unicodedata.normalize("NFC", "S\u00f8\u0301ren")) == "Soren"


def test_name_keys_fold_the_same_letters():
    assert name_key("  S\u00d8REN   \u0141ukasz Stra\u00dfe ") == "soren lukasz strasse"


def test_one_slip_finds_a_single_word_term_only_when_the_slip_is_unambiguous():
    from therapist_finder.vocab import load_vocabularies

    specialty = load_vocabularies()["specialty"]
    assert specialty.respell("greif") == "grief" and specialty.respell("anxeity") == "anxiety"
    assert specialty.respell("grie") is None  # too short to guess
    assert specialty.normalize("greif") is None  # normalizing never guesses this far
    assert specialty.normalize("post-partum") == specialty.normalize("post partum") == "perinatal-depression"
