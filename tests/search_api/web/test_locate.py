"""'Use my location' on the search page, in the real Chromium with Playwright's geolocation.

The browser is given a fixed fictional position (about 38 miles north of ZIP 10001, 2 miles
from the fixtures' far listing); the button puts it in "Near" rounded to 2 decimals (about
half a mile: the page's address is shared and printed) and sends the search to this site.
Denied, it says so in the page's language and sends nothing; without JavaScript there is no
button.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.search_api.web import test_accessibility
from tests.search_api.web.conftest import fresh_page

POSITION = {"latitude": 41.29841, "longitude": -73.99672}
ROUNDED = "41.30,-74.00"
DENIED = {"en": ("Use my location", "Your location was not shared."),
          "es": ("Usar mi ubicación", "No se compartió su ubicación.")}


@pytest.fixture()
def located_page(browser, live_server):
    """A page whose browser shares POSITION when asked."""
    yield from fresh_page(browser, live_server, geolocation=POSITION, permissions=["geolocation"])


@pytest.fixture()
def refusing_page(browser, live_server):
    """A page whose browser knows POSITION but was given no permission to share it (and whose
    CSP lets axe-core in)."""
    yield from fresh_page(browser, live_server, geolocation=POSITION, bypass_csp=True)


def test_use_my_location_searches_near_the_browser_position(located_page, artifacts):
    page = located_page
    page.goto("/?q=anxiety")
    page.get_by_role("button", name="Use my location").click()
    page.wait_for_url(re.compile(r"near=41\.30%2C-74\.00"))
    assert "lat=" not in page.url and "lon=" not in page.url
    assert "q=anxiety" in page.url  # the rest of the search kept
    # exact: the results region's name ("… of your point near …") has the word too.
    expect(page.get_by_label("Near", exact=True)).to_have_value(ROUNDED)
    # Only the far listing is near that point; the ones near ZIP 10001 are 34+ miles away.
    # The heading names the point by its nearest ZIP (10911, 0.6 miles off).
    expect(page.locator("#results-heading")).to_have_text(
        "1 listing within 25 miles of your point near Bear Mountain, NY")
    first = page.locator(".result-list > li").first
    expect(first).to_contain_text("Cassius Brindlewood")
    expect(first).to_contain_text("1.9 mi")  # from the rounded point
    assert page.log.blocked == []  # the position went nowhere but this site
    # A printed page names no point: its footer's address keeps the search, not the place.
    printed = page.locator(".print-only .url").text_content()
    assert "q=anxiety" in printed and "41.3" not in printed and "near=" not in printed
    page.screenshot(path=artifacts / "search-my-location.png", full_page=True)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_refused_location_is_said_politely_and_nothing_is_sent(refusing_page, lang):
    page = refusing_page
    url = "/?near=10001" + ("&lang=es" if lang == "es" else "")
    page.goto(url)
    button_name, message = DENIED[lang]
    button = page.get_by_role("button", name=button_name)
    expect(button).to_be_visible()
    expect(page.locator("#locate-hint")).to_be_visible()
    button.click()
    expect(page.locator("[data-locate-note]")).to_contain_text(message)
    expect(page.locator("[data-announce]")).to_contain_text(message)
    page.wait_for_timeout(300)
    assert page.url.endswith(url)  # no search sent
    expect(page.get_by_label(re.compile("^(Near|Cerca de)$"))).to_have_value("10001")
    expect(button).not_to_have_attribute("aria-disabled", "true")  # it may be pressed again
    if test_accessibility.AXE.is_file():
        test_accessibility.assert_accessible(page, "search page with the location refused")


def test_without_javascript_there_is_no_location_button(nojs_page):
    nojs_page.goto("/")
    expect(nojs_page.get_by_label("Near", exact=True)).to_be_visible()
    expect(nojs_page.get_by_role("button", name="Use my location")).to_have_count(0)
    expect(nojs_page.locator("#locate-hint")).to_be_hidden()


def test_the_pages_let_this_site_alone_ask_for_the_location(client):
    policy = client.get("/", headers={"accept": "text/html"}).headers["permissions-policy"]
    assert "geolocation=(self)" in policy and "camera=()" in policy
