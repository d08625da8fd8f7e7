"""Steps of the keyboard-only path through the search page, shared by the browser tests."""

from __future__ import annotations

import re
from urllib.parse import quote_plus


def tab_to(page, selector: str, limit: int = 40) -> int:
    """Press Tab until the focus is on `selector`: how many presses it took (at most `limit`)."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return presses
    raise AssertionError(f"{selector} not reachable with {limit} presses of Tab")


def search_from_the_keyboard(page, words: str, place: str) -> None:
    """From the focused search field: type `words`, Tab to "Near", type `place`, press Enter,
    and wait for the results' address to carry both."""
    assert page.evaluate("document.activeElement.id") == "f-q"
    page.keyboard.type(words)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "f-near"
    page.keyboard.type(place)
    page.keyboard.press("Enter")
    q, near = re.escape(f"q={quote_plus(words)}"), re.escape(f"near={quote_plus(place)}")
    page.wait_for_url(re.compile(f"{q}.*{near}|{near}.*{q}"))
