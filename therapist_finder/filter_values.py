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

from therapist_finder.errors import InvalidQuery
from therapist_finder.vocab.vocabulary import Vocabulary

# Words that turn a value around, in the languages the vocabularies read (English, Spanish).
NEGATIONS = frozenset({"not", "no", "non", "without", "except", "excluding", "exclude", "sin",
                       "excepto", "salvo", "ni"})


def refuse_loose(vocab: Vocabulary, param: str, raw: str, slug: str, *, repeatable: bool = True) -> None:
    """InvalidQuery when `raw`, read as `slug`, names more than one value or negates one."""
    found = vocab.find_in_text(raw)
    if len(found) > 1:
        labels = ", ".join(vocab.labels[s] for s in found)
        how = (f"separate them with commas ({param}={','.join(found)}): a listing with any of them"
               " matches" if repeatable else f"{param} takes one value")
        raise InvalidQuery(param, f"{param}: '{raw}' names {len(found)} values ({labels}); {how}",
                           found if repeatable else [])
    said = set(vocab.tokens(raw)) & NEGATIONS
    if said and not said <= {word for phrase in vocab.phrases(slug) for word in vocab.tokens(phrase)}:
        raise InvalidQuery(param, f"{param}: '{raw}' asks to leave a value out, which filters do not do;"
                                  f" give the values to keep ({param}=...)")
