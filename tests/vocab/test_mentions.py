"""One scan for several vocabularies finds what each would find alone."""

import multiprocessing
import pickle
import random
import re
from concurrent.futures import ProcessPoolExecutor

import pytest

from therapist_finder.vocab import Term, Vocabularies, Vocabulary
from therapist_finder.vocab.matching import scan
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


# -- the automaton against the token trie it replaced ----------------------------

CLINICAL = ("specialty", "approach", "format", "age_group")  # "family therapy" is in two of them
FILLER = ["with", "and", "the", "a", "I", "act", "add", "did", "therapy", "in", "or", "me", "family", "w/"]
PUNCTUATION = ["", "", "", ",", ".", ";", " -", " (", ")", "/", "!", "&"]


def _trie_find(vocabularies: list[Vocabulary], text: str) -> list[list[str]]:
    """What `MentionScanner.find` returned before the automaton: one walk of a shared token trie."""
    if not text:
        return [[] for _ in vocabularies]
    trie: dict = {}
    for group, vocab in enumerate(vocabularies):
        vocab.add_to_trie(trie, group)
    matches = scan(vocabularies[0].tokens(text), trie, text, len(vocabularies))
    return [list(dict.fromkeys(m.slug for m in group)) for group in matches]


def _spellings(vocabs: Vocabularies) -> list[str]:
    """Labels and synonyms as written (capitals make strict phrases count), and
    their token windows, which overlap whole phrases only partly."""
    spellings = [s for f in CLINICAL for t in vocabs[f] for s in (t.label, *t.synonyms, t.label.lower())]
    windows = []
    for spelling in spellings:
        words = spelling.split()
        windows += [" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)]
    return spellings + windows


def test_same_as_the_token_trie_on_generated_prose(vocabs: Vocabularies, monkeypatch) -> None:
    vocabularies = [vocabs[f] for f in CLINICAL]
    trie: dict = {}
    for group, vocab in enumerate(vocabularies):
        vocab.add_to_trie(trie, group)
    scanner = MentionScanner(vocabularies)
    general = []  # texts whose choice needed the general rule, not the one-pass shortcut
    longest_first = MentionScanner._longest_first

    def counted(self, group: int, joined: str, text: str) -> list[str]:
        general.append(text)
        return longest_first(self, group, joined, text)

    monkeypatch.setattr(MentionScanner, "_longest_first", counted)
    rng = random.Random(11)
    spellings = _spellings(vocabs)
    for _ in range(3000):
        parts = rng.choices(spellings, k=rng.randint(0, 8)) + rng.choices(FILLER, k=rng.randint(0, 6))
        rng.shuffle(parts)
        if parts and rng.random() < 0.2:
            parts += parts[: rng.randint(1, len(parts))]  # repeated mentions
        text = " ".join(p + rng.choice(PUNCTUATION) for p in parts)
        tokens = vocabularies[0].tokens(text)
        expected = scan(tokens, trie, text, len(vocabularies)) if text else [[]] * len(vocabularies)
        assert scanner.find(text) == [list(dict.fromkeys(m.slug for m in g)) for g in expected], text
    assert len(general) > 50  # both ways of choosing were exercised


# -- edge cases, on small made-up vocabularies ------------------------------------


def _vocab(name: str, **phrases: str) -> Vocabulary:
    return Vocabulary(name, [Term(slug, label) for slug, label in phrases.items()])


@pytest.fixture(scope="module")
def pair() -> list[Vocabulary]:
    first = _vocab(
        "first",
        ab="alpha beta",
        a="alpha",
        bcd="beta gamma delta",
        e="epsilon",
        de="delta epsilon",
        act="ACT",
        actx="act extra long",
        one="one",
        three="one two three",
    )
    second = _vocab("second", bg="beta gamma", g="gamma", six="alpha beta gamma delta epsilon zeta")
    return [first, second]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", [[], []]),
        ("... !!! , -- ()", [[], []]),  # no tokens at all
        ("the and of", [[], []]),  # stopwords only
        ("alpha", [["a"], []]),
        ("beta", [[], []]),
        ("alpha alpha alpha", [["a"], []]),  # repeated token, one slug
        ("alpha beta", [["ab"], []]),  # the longer phrase beats its prefix
        ("Alpha, and beta!", [["ab"], []]),  # punctuation and stopwords between words
        ("epsilon then alpha beta, epsilon", [["e", "ab"], []]),  # order of first appearance
        ("alpha beta gamma", [["ab"], ["bg"]]),  # vocabularies choose independently
        # Longest first, then what is left: "alpha beta" loses to "beta gamma delta", "alpha" fits.
        ("alpha beta gamma delta epsilon", [["a", "bcd", "e"], ["bg"]]),
        ("alpha beta gamma delta epsilon zeta", [["a", "bcd", "e"], ["six"]]),
        ("beta gamma delta epsilon", [["bcd", "e"], ["bg"]]),
        ("gamma delta epsilon", [["de"], ["g"]]),
        ("one two", [["one"], []]),
        ("one two three one", [["three", "one"], []]),
        ("I act out", [[], []]),  # everyday word: only as spelled in the vocabulary
        ("ACT helps", [["act"], []]),
        ("we act extra long, ACT", [["actx", "act"], []]),
    ],
)
def test_edge_cases(pair: list[Vocabulary], text: str, expected: list[list[str]]) -> None:
    assert MentionScanner(pair).find(text) == expected
    assert _trie_find(pair, text) == expected


def test_one_match_spanning_several_runs() -> None:
    """A match found after "alpha" and "beta" ("alpha beta gamma") swallows both."""
    vocab = _vocab("v", a="alpha", b="beta", abc="alpha beta gamma", bcd="beta gamma delta")
    scanner = MentionScanner([vocab])
    for text, expected in [
        ("alpha beta gamma", ["abc"]),
        ("alpha beta gamma delta", ["abc"]),  # as long as "beta gamma delta", and leftmost
        ("gamma alpha beta gamma", ["abc"]),
        ("beta gamma delta alpha beta", ["bcd", "a", "b"]),
    ]:
        assert scanner.find(text) == [expected] == _trie_find([vocab], text), text


def test_more_words_then_more_characters_then_leftmost() -> None:
    vocab = _vocab("v", left="ab c", right="c dd", longer="c ddd", words="x y ab", chars="ab cccccccccc")
    scanner = MentionScanner([vocab])
    for text, expected in [
        ("ab c dd", "left"),
        ("ab c ddd", "longer"),
        ("x y ab cccccccccc", "words"),
    ]:
        assert scanner.find(text) == [[expected]] == _trie_find([vocab], text), text


def test_empty_vocabulary() -> None:
    scanner = MentionScanner([Vocabulary("none", [])])
    assert scanner.find("anything at all") == [[]]


def test_pickles_and_works_in_a_fresh_process(vocabs: Vocabularies) -> None:
    """Import workers may get a scanner by pickle, or build their own."""
    scanner = vocabs.scanner("specialty", "approach")
    copy = pickle.loads(pickle.dumps(scanner))
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        remote = list(pool.map(scanner.find, TEXTS))
    assert [copy.find(t) for t in TEXTS] == remote == [scanner.find(t) for t in TEXTS]
