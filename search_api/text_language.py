"""Which language a listing's own text is in, for the `lang` attribute around it.

Descriptions come as their source wrote them, nearly always in English. On a Spanish
page a screen reader reads such text with a Spanish voice, and badly, unless the markup
says it is English (WCAG 3.1.2, language of parts). The guess counts common function
words of each language: enough to tell a paragraph's language, and it says nothing (no
attribute: the page's language applies) for text too short to tell.
"""

from __future__ import annotations

import re

from markupsafe import Markup

_FUNCTION_WORDS = {
    "en": frozenset("the and with of to in for is are who on my your you their they this that "
                    "from by as an at or be have has will can".split()),
    "es": frozenset("el la los las y con de del en para que un una es son por su sus al se lo "
                    "como más sin sobre también".split()),
}
_WORD = re.compile(r"[a-záéíóúüñ]+")
MIN_WORDS = 3  # function words found before the text counts as that language


def text_language(text: str | None) -> str | None:
    """"en" or "es" when `text` is clearly in that language, else None."""
    if not text:
        return None
    words = _WORD.findall(text.lower())
    counts = {lang: sum(word in vocab for word in words) for lang, vocab in _FUNCTION_WORDS.items()}
    (best, most), (_, other) = sorted(counts.items(), key=lambda item: -item[1])
    return best if most >= MIN_WORDS and most >= 2 * other else None


def lang_attr(text: str | None, page_lang: str) -> Markup:
    """' lang="en"' for text in another language than the page's, else nothing."""
    found = text_language(text)
    return Markup(f' lang="{found}"') if found and found != page_lang else Markup("")
