"""Reading rendered pages in tests as a reader sees them."""

from __future__ import annotations

import re
from html import unescape


def visible_text(html: str) -> str:
    """A page or fragment's text without tags, entities decoded, spaces collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def paragraph(html: str, css_class: str) -> str:
    """The first <p class="css_class"> of `html`, as HTML."""
    found = re.search(rf'<p class="{css_class}">(.*?)</p>', html, re.S)
    assert found, css_class
    return found.group(1)
