"""The words a page shows, in its language.

Templates and view code write English (`text("Find a therapist")`); a Spanish
page looks each string up in `text_es.SPANISH`, keyed by that English. A
missing translation shows the English, and the Spanish pages' tests fail on
it. Vocabulary labels come in Spanish from the printables' own translations
(`checklist.es.yaml`'s `labels`, the one place they are kept) so a page and a
printout name a concern alike; state names too ("Nueva York"). Insurer brand
names stay as the vocabulary has them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

from markupsafe import Markup

from search_api.printables.wording import ChecklistContent, load_content
from search_api.web.language import ENGLISH, SPANISH
from search_api.web.text_es import SPANISH as SPANISH_TEXT
from therapist_finder.vocab import Vocabularies


@dataclass(frozen=True)
class PageText:
    """One language's strings: call it with the English text (and {placeholders})."""

    lang: str = ENGLISH
    table: Mapping[str, str] = field(default_factory=dict)

    def __call__(self, english: str, **values: object) -> str:
        text = self.table.get(english, english)
        return text.format(**values) if values else text

    def strong(self, english: str, value: str) -> Markup:
        """The text with `value` (escaped, like the rest) set in <strong> where {value} stands:
        "<strong>2.4 mi</strong> away" reads "a <strong>2.4 mi</strong>" in Spanish."""
        before, _, after = self(english).partition("{value}")
        return Markup("{}<strong>{}</strong>{}").format(before, value, after)

    @property
    def content(self) -> ChecklistContent:
        """The printables' wording in this language (badges, distances, the crisis line)."""
        return load_content(self.lang)

    def noun(self, count: int | float | str, one: str, many: str | None = None) -> str:
        """'listing' for 1, 'listings' otherwise, each in this language.

        `count` may be the text of a form value ("1", "25"): only exactly one is singular.
        """
        return self(one if _is_one(count) else (many or one + "s"))

    def counted(self, count: int | float | str, one: str, many: str | None = None) -> str:
        """'1 mile', '20 listings', '1,645 listings': the number and its noun."""
        return f"{self.number(count)} {self.noun(count, one, many)}"

    def agreeing(self, count: int | float | str, english: str, /, **values: object) -> str:
        """`english` (a phrase about `count` things) with its words agreeing with the count.

        English words around a number rarely change ("1 listing found", "3 listings
        found"), but Spanish participles and verbs do ("1 anuncio encontrado", "se muestra
        1 de 4"): a language gives the singular under the key "<english> #one".
        """
        key = f"{english}{ONE}"
        if _is_one(count) and key in self.table:
            return self.table[key].format(**values)
        return self(english, **values)

    @staticmethod
    def number(count: int | float | str) -> str:
        """A count as both languages' pages write it (US and US-Spanish alike group thousands
        with a comma: "1,645"); text from a form ("2.5") is shown as it was typed."""
        return f"{count:,}" if isinstance(count, int) and not isinstance(count, bool) else str(count)

    def label(self, vocabs: Vocabularies, facet: str, slug: str) -> str:
        """A vocabulary value's label in this language (the English label where none exists,
        the slug itself if the vocabulary lost it)."""
        vocab = vocabs.state if facet == "state" else vocabs[facet]
        return self.own_label(facet, slug, vocab.labels[slug])

    def choices(self, vocabs: Vocabularies, facet: str) -> list[tuple[str, str]]:
        """(slug, label) for every value of `facet`, for a printable form's select."""
        return [(t.slug, self.own_label(facet, t.slug, t.label)) for t in vocabs[facet].terms]

    def own_label(self, facet: str, slug: str, english: str) -> str:
        """`english`, the vocabulary's label for `slug`, in this language where a translation exists."""
        if self.lang == ENGLISH:
            return english
        return self.content.labels.get(facet, {}).get(slug) or english


def _is_one(count: int | float | str) -> bool:
    try:
        return float(count) == 1
    except (TypeError, ValueError):
        return False


# The suffix of a singular variant's key (`PageText.agreeing`).
ONE = " #one"
# English words change with a count less often than Spanish ones, but some do.
ENGLISH_SINGULARS = {"{count} more options" + ONE: "{count} more option"}
ENGLISH_TEXT = PageText(table=ENGLISH_SINGULARS)


@cache
def page_text(lang: str) -> PageText:
    if lang == SPANISH:
        return PageText(SPANISH, SPANISH_TEXT)
    return ENGLISH_TEXT
