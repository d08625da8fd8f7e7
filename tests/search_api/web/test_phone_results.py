"""In Chromium: on a phone a search opens at its results; on a desktop at the top."""

from __future__ import annotations

PHONE = {"width": 390, "height": 844}


def _heading_top(page) -> float:
    return page.evaluate("document.getElementById('results-heading').getBoundingClientRect().top")


def test_a_search_on_a_phone_opens_at_its_results(page):
    page.set_viewport_size(PHONE)
    page.goto("/?near=10001")
    assert page.evaluate("window.scrollY") > 0
    assert -2 <= _heading_top(page) < PHONE["height"] / 2  # the results, not the form, fill the screen


def test_on_a_desktop_or_with_a_problem_the_page_opens_at_the_top(page):
    page.goto("/?near=10001")
    assert page.evaluate("window.scrollY") == 0
    page.set_viewport_size(PHONE)
    page.goto("/?near=99999")  # an error: its summary, at the top, takes the focus
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert page.evaluate("window.scrollY") < 400
