"""Reading a search filter's value strictly: one value, never a value turned around.

Vocabulary.normalize is made for crawled text, where "BCBS of Texas PPO" must find
its payer inside a longer string. A filter typed by a person is read the same way,
except where that reading would search for something else than was asked:

- "aetna or cigna", "LCSW LPC", "NY,CA" for the one state: more than one value;
- "not male", "sin español": a value to leave out, which no filter does.

Both are a 422 naming the parameter, with what to send instead; before, the first
value found was searched for alone, and "not male" found the men.
"""

from __future__ import annotations

import re

from therapist_finder.errors import InvalidQuery
from therapist_finder.vocab.vocabulary import Vocabulary

# Words that turn a value around, in the languages the vocabularies read (English, Spanish),
# standing alone: "non-directive" and "non-binary" are names, not negations.
_NEGATION = re.compile(
    r"(?<![\w-])(not|no|non|without|except|excluding|exclude|sin|excepto|salvo|ni)(?![\w-])")
# What joins two values in a phrase ("aetna or cigna", "LCSW/LPC", "depresión y ansiedad").
_JOINS = re.compile(r"\s*(?:,|;|/|\+|&|\bor\b|\band\b|\by\b|\bo\b|\be\b|\bu\b)\s*")


def refuse_loose(vocab: Vocabulary, param: str, raw: str, slug: str, *, repeatable: bool = True) -> None:
    """InvalidQuery when `raw`, read as `slug`, joins values ("aetna or cigna") or negates one
    ("not male"). A value that is a term's own name ("PTSD and trauma") is never refused, nor
    one naming a product of two words ("Molina Medicaid"): only a joining word splits."""
    if vocab.exact(raw) is not None:
        return
    text = raw.casefold()
    pieces = [piece for piece in _JOINS.split(text) if piece.strip()]
    if len(pieces) > 1:
        found = list(dict.fromkeys(vocab.normalize(piece) for piece in pieces))
        if None not in found and len(found) > 1:
            labels = ", ".join(vocab.labels[s] for s in found)  # type: ignore[index]
            how = (f"separate them with commas ({param}={','.join(found)}): a listing with any of"  # type: ignore[arg-type]
                   " them matches" if repeatable else f"{param} takes one value")
            raise InvalidQuery(param, f"{param}: '{raw}' names {len(found)} values ({labels}); {how}",
                               found if repeatable else [], reason="several")  # type: ignore[arg-type]
    negated = {match.group(1) for match in _NEGATION.finditer(text)}
    if negated and not negated <= {word for phrase in vocab.phrases(slug) for word in vocab.tokens(phrase)}:
        raise InvalidQuery(param, f"{param}: '{raw}' asks to leave a value out, which filters do not do;"
                                  f" give the values to keep ({param}=...)", reason="negated")
