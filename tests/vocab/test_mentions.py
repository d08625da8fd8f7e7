"""One scan for several vocabularies finds what each would find alone."""

import random
import re

import pytest

from therapist_finder.vocab import Vocabularies
from therapist_finder.vocab.mentions import MentionScanner
from therapist_finder.vocab.text import CLINICAL_REWRITES, tokenize

TEXTS = [
    "I want interpersonal therapy for postpartum depression",
    "Trained in trauma-focused CBT and EMDR; helps teens with social anxiety.",
    "I act out when stressed",  # everyday word: not ACT
    "ACT and DBT informed, for grief after a divorce",
    "Kids with ADD, or adults who add notes to a journal",
    "Terapia interpersonal en español: depresión, ansiedad",
    "",
    "Group IPT, then maintenance IPT (IPT-M) for bipolar disorder w/ IPSRT",
]


@pytest.mark.parametrize("text", TEXTS)
def test_same_as_each_vocabulary_alone(vocabs: Vocabularies, text: str) -> None:
    found = vocabs.scanner("specialty", "approach").find(text)
    assert found == [vocabs["specialty"].find_in_text(text), vocabs["approach"].find_in_text(text)]


def test_same_on_generated_prose(vocabs: Vocabularies) -> None:
    """Random phrases of both vocabularies glued with filler words."""
    rng = random.Random(3)
    phrases = [p for f in ("specialty", "approach") for s in vocabs[f].slugs() for p in vocabs[f].phrases(s)]
    scanner = vocabs.scanner("specialty", "approach")
    for _ in range(300):
        words = rng.sample(phrases, 6) + rng.sample(["with", "and", "a", "act", "add", "the", "we"], 3)
        rng.shuffle(words)
        text = " ".join(words)
        alone = [vocabs[facet].find_in_text(text) for facet in ("specialty", "approach")]
        assert scanner.find(text) == alone


def test_refuses_vocabularies_that_tokenize_differently(vocabs: Vocabularies) -> None:
    with pytest.raises(ValueError, match="tokenize"):
        MentionScanner([vocabs["specialty"], vocabs["insurance"]])


def test_scanner_is_shared(vocabs: Vocabularies) -> None:
    assert vocabs.scanner("specialty", "approach") is vocabs.scanner("specialty", "approach")


@pytest.mark.parametrize("seed", range(5))
def test_ascii_word_split_matches_the_regex_rule(seed: int) -> None:
    """The fast ASCII path splits exactly where the plain rule would."""
    rng = random.Random(seed)
    alphabet = "abcXYZ019 -_.,;:'`&+/()\t\n"
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        folded = re.sub(r"['`]", "", text.lower()).replace("&", " and ").replace("+", " ")
        words = [w for w in re.split(r"[^a-z0-9]+", folded) if w]
        tokens = [t for w in words for t in CLINICAL_REWRITES.get(w, (w,))]
        expected = tuple(t for t in tokens if t not in {"of", "the", "and", "for"})
        assert tokenize(text, CLINICAL_REWRITES) == expected
