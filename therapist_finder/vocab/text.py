"""Turn raw strings into comparable token sequences.

Vocabulary phrases and incoming raw values go through the same pipeline, so
"Blue Cross & Blue Shield of Texas", "BCBS of Texas" and "bcbs texas" all end
up as the same tokens. Keeping the rules here, away from the lookup tables,
means a rule change is one edit that applies to both sides.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from itertools import filterfalse

# Words that carry no meaning in a payer, concern or approach name; dropping
# them lets "Blue Cross and Blue Shield of Texas" equal "Blue Cross Blue Shield
# Texas". Short words that do carry meaning ("a" in "IPT-A") are kept.
STOPWORDS = frozenset({"of", "the", "and", "for"})
_IS_STOPWORD = STOPWORDS.__contains__

# Rewrites that are safe in every vocabulary: spelling variants and expansions
# whose meaning never depends on the facet.
COMMON_REWRITES: dict[str, tuple[str, ...]] = {
    "bcbs": ("blue", "cross", "blue", "shield"),
    "bluecross": ("blue", "cross"),
    "blueshield": ("blue", "shield"),
    "healthcare": ("health", "care"),
    "psychotherapy": ("therapy",),
    "psychotherapies": ("therapy",),
    "therapies": ("therapy",),
    "counselling": ("counseling",),
    "behaviour": ("behavior",),
    "behavioural": ("behavioral",),
    "centred": ("centered",),
    "paediatric": ("pediatric",),
}

# "tx" means "therapy" to clinicians but "Texas" to payers and states, and
# "W." is West in "W. Va.", so these only apply to the clinical vocabularies.
CLINICAL_REWRITES: dict[str, tuple[str, ...]] = {
    **COMMON_REWRITES,
    "tx": ("therapy",),
    "w": ("with",),  # "w/"
}

# Acronyms and abbreviations that are also everyday English words. In free
# text ("I act out", "I miss home") they only count when spelled exactly as in
# the vocabulary (usually in capitals); raw facet values are not affected.
EVERYDAY_WORDS = frozenset(
    {
        "act", "add", "bed", "did", "met", "ma", "me", "am", "so", "it", "he",
        "in", "or", "ok", "hi", "oh", "pa", "la", "mo", "ga", "va", "de", "md",
        "id", "co", "al", "ia", "ks", "mi", "pe", "se", "ed", "miss", "ill",
        "wash", "ore", "mass", "del", "conn", "cal", "ind", "ala", "tenn",
        "mich", "minn", "mont", "neb", "nev", "penn", "tex", "wis", "wyo",
        "ariz", "colo", "fla", "kan", "okla", "calif", "mit", "ipc", "hap",
        "hip", "cps", "sud", "ba", "aa", "gad", "odd", "scan", "mac", "as",
        "ne", "ms", "ut", "mt", "vi",
    }
)

_APOSTROPHES = re.compile(r"['\u2019\u02bc`´]")
# Every ASCII byte that is not a lowercase letter or digit becomes a space:
# bytes.translate plus split is about 4x faster than a regex split.
_ASCII_WORD_BYTES = bytes(c if chr(c).islower() or chr(c).isdigit() else 32 for c in range(128)) + bytes(
    [32] * 128
)


# Latin letters that Unicode does not decompose into a base letter and an
# accent, so neither NFKD nor FTS5's remove_diacritics touches them: "Søren"
# would not be found by "soren", nor "Łukasz" by "lukasz". Both cases are
# listed because the full-text indexes see text before lowercasing it; "ß"
# is "ss" as casefold() makes it.
LETTER_FOLDS = str.maketrans({
    "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D",
    "þ": "th", "Þ": "Th", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ı": "i",
    "ß": "ss", "ẞ": "SS",
    # The same letters with an accent, precomposed: unicode61 keeps these whole too.
    "ǿ": "o", "Ǿ": "O", "ǽ": "ae", "Ǽ": "Ae", "ǣ": "ae", "Ǣ": "Ae",
})


# str.translate with a dict looks up every character (5 us for a topics
# line, whose " · " makes it non-ASCII); a regex finds the rare text that
# holds one of these letters at a tenth of that.
_FOLDABLE = re.compile("[" + "".join(map(chr, LETTER_FOLDS)) + "]")


def fold_letters(text: str) -> str:
    """`text` with the letters of LETTER_FOLDS spelled in plain Latin letters."""
    if text.isascii() or _FOLDABLE.search(text) is None:
        return text
    return text.translate(LETTER_FOLDS)


def strip_accents(text: str) -> str:
    """Drop combining marks ("Tiếng Việt" -> "Tieng Viet"); other scripts stay."""
    if text.isascii():  # the common case, and by far the cheapest
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", kept)


def _split(text: str) -> list[str]:
    """Split casefolded text into words: letters, digits and combining marks."""
    if text.isascii():
        return text.encode().translate(_ASCII_WORD_BYTES).decode().split()
    # Devanagari vowel signs and similar marks are not `\w`, so a plain regex
    # would cut "हिन्दी" apart; classify characters by Unicode category instead.
    chars = [c if unicodedata.category(c)[0] in "LNM" else " " for c in text]
    return "".join(chars).split()


def tokenize(
    text: str,
    rewrites: Mapping[str, tuple[str, ...]] = COMMON_REWRITES,
    accents: bool = False,
) -> tuple[str, ...]:
    """Casefold, unify punctuation, rewrite abbreviations and drop stopwords.

    With ``accents=False`` diacritics are removed as well; callers compare both
    forms so scripts where marks matter (Vietnamese, Hebrew) still match.
    """
    if text.isascii():
        # Every import tokenizes every description: for ASCII, NFKC changes
        # nothing, casefold is lower, no accent can be stripped, and "&" and
        # "+" split words as any punctuation does ("and" is a stopword).
        folded = text.lower()
        if "'" in folded or "`" in folded:
            folded = folded.replace("'", "").replace("`", "")
        words = folded.encode().translate(_ASCII_WORD_BYTES).decode().split()
    else:
        folded = _APOSTROPHES.sub("", unicodedata.normalize("NFKC", text).casefold())
        folded = folded.replace("&", " and ").replace("+", " ")
        words = _split(folded if accents else strip_accents(folded))
    if rewrites.keys().isdisjoint(words):  # most prose: one C-level pass
        return tuple(filterfalse(_IS_STOPWORD, words))
    rewritten = [token for word in words for token in rewrites.get(word, (word,))]
    return tuple(filterfalse(_IS_STOPWORD, rewritten))


def phrase_key(
    text: str,
    rewrites: Mapping[str, tuple[str, ...]] = COMMON_REWRITES,
    accents: bool = False,
) -> str:
    """The space-joined tokens of `text`: the form lookup tables are keyed by."""
    return " ".join(tokenize(text, rewrites, accents))


def slug_key(text: str) -> str:
    """Loose form of a slug: "TF_CBT", "tf cbt" and "tf-cbt" compare equal."""
    return re.sub(r"[\s_]+", "-", text.strip().casefold())
