"""In Chromium: the filters' sticky "Apply filters" bar never covers the control
that has the keyboard focus (WCAG 2.4.11, Focus Not Obscured), on a phone or a desktop."""

from __future__ import annotations

import pytest

# Whether the focused element (or its label) is what shows at its own centre.
FOCUS_SHOWN = """() => {
    const e = document.activeElement, r = e.getBoundingClientRect();
    const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
    const top = document.elementFromPoint(x, y);
    const shown = !!top && (top === e || e.contains(top) || top.contains(e)
        || (e.labels && [...e.labels].some(l => l.contains(top))));
    return {id: e.id || e.textContent.trim().slice(0, 40), shown,
            over: top ? top.className || top.tagName : null};
}"""


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 700}])
def test_tabbing_through_the_filters_never_hides_the_focus_under_the_bar(page, viewport):
    page.set_viewport_size(viewport)
    page.goto("/?near=10001&radius_mi=100")
    fold = page.locator("details[data-filters]")
    if fold.get_attribute("open") is None:
        page.locator("details[data-filters] > summary").click()
    page.locator("details[data-filters] input").first.focus()
    hidden, seen = [], 0
    for _ in range(80):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_SHOWN)
        seen += 1
        if not state["shown"]:
            hidden.append(state)
        if state["id"] in ("Apply filters", "Clear all"):
            break
    assert seen > 10  # the filters were walked through
    assert hidden == []
