"""Accessibility of every kind of page, checked by axe-core in the real Chromium.

Each page is loaded from the real uvicorn (conftest's fixtures, as in
test_browser.py), axe-core (node_modules/axe-core, installed by `npm ci`) is
injected and run with the WCAG 2.0 and 2.1 A and AA rules, and no violation of
impact "serious" or "critical" may remain, nor any of axe's landmark and
heading rules (STRUCTURE_RULES). A keyboard path is checked too: Tab from the
top reaches the skip link first, the search is sent with Enter, every control
Tab reaches shows where the focus is, and a search's problems can be reached
and fixed from the keyboard.

The pages' Content-Security-Policy allows no inline script, so these browser
contexts bypass it to inject axe; nothing else about the pages changes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.search_api.web.conftest import fresh_page
from tests.search_api.web.keyboard import search_from_the_keyboard, tab_to

AXE = Path(__file__).resolve().parents[3] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

# axe's best-practice rules for landmarks and headings (not WCAG failures as such, so mostly
# "moderate"): none of them may be broken either, whatever the impact.
STRUCTURE_RULES = ["region", "landmark-one-main", "landmark-unique", "landmark-no-duplicate-banner",
                   "landmark-no-duplicate-contentinfo", "landmark-banner-is-top-level",
                   "landmark-main-is-top-level", "landmark-contentinfo-is-top-level",
                   "page-has-heading-one", "heading-order", "empty-heading", "skip-link"]

RUN_AXE = """async ([tags, extra]) => {
    const rules = Object.fromEntries(extra.map(id => [id, {enabled: true}]));
    const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, rules,
                                            resultTypes: ['violations']});
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        targets: v.nodes.map(n => n.target.join(' ')),
        summary: v.nodes.length ? v.nodes[0].failureSummary : ''}));
}"""

# What has focus now, and how it is drawn.
FOCUS_JS = """() => {
    const e = document.activeElement;
    const s = getComputedStyle(e);
    const box = e.getBoundingClientRect();
    const text = (e.textContent || e.value || '').trim().slice(0, 50);
    return {what: e.tagName + (e.id ? '#' + e.id : '') + ' ' + text,
            outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
            shadow: s.boxShadow !== 'none', shown: box.width > 0 && box.height > 0};
}"""


@pytest.fixture()
def axe_page(browser, live_server):
    """A page (see conftest's `fresh_page`) whose CSP lets the test inject axe-core."""
    if not AXE.is_file():
        pytest.skip("axe-core is not installed (npm ci --ignore-scripts)")
    yield from fresh_page(browser, live_server, bypass_csp=True)


def load(page, url: str, status: int) -> None:
    """Open `url`, which must answer `status` (the error pages are checked as pages too)."""
    response = page.goto(url)
    assert response is not None and response.status == status, (url, response and response.status)


@contextmanager
def on_a_phone(page) -> Iterator[None]:
    """The page at a phone's size for the block, then back at the desktop's."""
    page.set_viewport_size(PHONE)
    try:
        yield
    finally:
        page.set_viewport_size(DESKTOP)


def axe_violations(page) -> list[dict]:
    """The violations of WCAG 2.0/2.1 A and AA rules and STRUCTURE_RULES on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE, [WCAG_TAGS, STRUCTURE_RULES])


def assert_accessible(page, what: str) -> None:
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING or v["id"] in STRUCTURE_RULES]
    lines = [f"- {v['id']} ({v['impact']}, {len(v['targets'])} nodes): {v['help']}\n    "
             + "\n    ".join(v["targets"][:4]) + f"\n    {v['summary']}" for v in blocking]
    assert not blocking, f"{what} ({page.url}):\n" + "\n".join(lines)


def test_search_pages(axe_page):
    page = axe_page
    page.goto("/")
    expect(page.get_by_role("heading", name="Find a therapist")).to_be_visible()
    assert_accessible(page, "home and search form")

    # Results with facets, a filter chip, a hint ("psychologist" is also a license type),
    # paging and the map.
    page.goto("/?near=10001&q=psychologist&insurance=aetna&limit=2")
    expect(page.locator(".hints")).to_be_visible()
    expect(page.locator(".chips")).to_be_visible()
    expect(page.locator(".result-list > li")).to_have_count(2)
    expect(page.locator("[data-map-ready]")).to_be_visible()
    assert_accessible(page, "results with facets and hints")
    # The street map asked for (its tiles are aborted): Leaflet's own controls too;
    # one listing added to the shortlist (a toggle button now).
    page.get_by_role("button", name=re.compile(r"^Show street map")).click()
    expect(page.get_by_role("button", name="Hide street map")).to_be_visible()
    page.locator(".result-list .shortlist-btn").first.click()
    expect(page.locator(".result-list .shortlist-btn").first).to_have_attribute("aria-pressed", "true")
    assert_accessible(page, "results with the street map and a shortlisted listing")
    page.get_by_role("link", name="Next page").click()
    page.wait_for_url(re.compile(r"cursor="))
    assert_accessible(page, "second page of results")

    # On a phone the filters fold away; colours and names must hold there too.
    with on_a_phone(page):
        page.goto("/?near=10001&insurance=aetna")
        assert_accessible(page, "results on a phone")

    page.goto("/?near=10001&q=zzzqqxxvv")
    expect(page.locator("#results-heading")).to_have_text(re.compile(r"^0 listings"))
    assert_accessible(page, "no results")

    # Bad parameters: the form again, with the error summary.
    load(page, "/?near=10001&radius_mi=lots&max_fee=-3", 422)
    expect(page.locator("#error-summary")).to_be_visible()
    assert_accessible(page, "search with bad parameters")
    load(page, "/?near=Nowheresville%2C+ZZ", 422)
    assert_accessible(page, "search for a place that is not known")


def test_profile_and_error_pages(axe_page):
    page = axe_page
    page.goto("/therapists/test:ipt?insurance=aetna")
    expect(page.get_by_role("heading", level=1)).to_have_text("Orla Quillfeather, LCSW")
    assert_accessible(page, "profile")
    # The checklist form's HTML page (the profile's button), in Spanish too.
    page.get_by_role("button", name="Open checklist as a page").click()
    page.wait_for_url(re.compile(r"/v1/checklist$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page, "checklist page")
    page.goto("/v1/checklist?therapist_id=test:ipt&lang=es&format=html")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    assert_accessible(page, "checklist page in Spanish")

    with on_a_phone(page):  # the tables scroll sideways on a phone
        page.goto("/therapists/test:ipt")
        assert_accessible(page, "profile on a phone")

    # Untrusted text and no map; an organization; telehealth only.
    for listing_id in ("test:xss", "test:org", "test:tele"):
        page.goto(f"/therapists/{listing_id}")
        assert_accessible(page, f"profile of {listing_id}")

    load(page, "/therapists/test:nobody", 404)
    expect(page.get_by_role("heading", name="No such listing")).to_be_visible()
    assert_accessible(page, "error page (unknown listing)")
    load(page, "/no/such/page", 404)
    assert_accessible(page, "error page (unknown address)")
    load(page, "/v1/checklist?therapist_id=test:nobody&format=html", 404)
    assert_accessible(page, "printables' error page")


def test_shortlist_and_its_printables(axe_page):
    page = axe_page
    page.goto("/shortlist")
    expect(page.get_by_role("heading", name="Your shortlist")).to_be_visible()
    assert_accessible(page, "empty shortlist")

    page.goto("/shortlist?ids=test:ipt&ids=test:cbt&ids=test:xss&near=10001&insurance=aetna")
    expect(page.locator(".shortlist > li")).to_have_count(3)
    assert_accessible(page, "shortlist")
    with on_a_phone(page):
        assert_accessible(page, "shortlist on a phone")

    page.get_by_role("button", name="Open compare sheet as a page").click()
    page.wait_for_url(re.compile(r"/v1/compare$"))
    expect(page.locator(".compare-table")).to_be_visible()
    assert_accessible(page, "compare sheet page")
    with on_a_phone(page):  # the phone's cards instead of the table
        expect(page.locator(".compare-cards")).to_be_visible()
        assert_accessible(page, "compare sheet page on a phone")

    page.go_back()
    page.get_by_label("Note for the client (optional)").fill("Call after 5 pm.")
    page.get_by_role("button", name="Open referral packet as a page").click()
    page.wait_for_url(re.compile(r"/v1/referrals$"))
    assert_accessible(page, "referral packet page")

    # A list from a link that is not the saved one: the page asks before replacing it.
    page.goto("/shortlist?ids=test:org")
    expect(page.get_by_role("button", name="Keep my saved shortlist")).to_be_visible()
    assert_accessible(page, "shortlist from a link, with its question")


def test_keyboard_path_and_visible_focus(axe_page):
    page = axe_page
    page.goto("/")

    def focused(what: str = "") -> dict:
        state = page.evaluate(FOCUS_JS)
        assert state["shown"] and (state["outline"] or state["shadow"]), (what, state)
        return state

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('.skip-link, #f-q')"), \
        page.evaluate("document.activeElement.outerHTML")
    focused("the skip link")
    # The skip link moves focus to the main content; the search field follows.
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    tab_to(page, "#f-q", limit=10)
    focused("the search field")
    search_from_the_keyboard(page, "anxiety", "10001")
    expect(page.locator("#results-heading")).to_have_text(re.compile(r"^3 listings"))

    # Every control Tab reaches on the results page shows where the focus is, from the
    # skip links through the filters, the map and the results to the footer.
    seen: list[str] = []
    for _ in range(120):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.body"):
            break  # past the last control
        seen.append(focused(f"after {seen[-1] if seen else 'the page loaded'}")["what"])
    for control in ("Apply filters", "Show street map", "View profile"):
        assert any(control in s for s in seen), (control, seen)

    # The street map's opt-in button works from the keyboard and says which map it changes.
    show = page.get_by_role("button", name=re.compile(r"^Show street map"))
    expect(show).to_have_attribute("aria-controls", "results-map")
    show.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Hide street map")).to_be_focused()

    # A facet is ticked and applied with the keyboard alone.
    page.get_by_role("checkbox", name=re.compile(r"^Aetna")).focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Apply filters").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"insurance=aetna"))
    expect(page.locator("#results-heading")).to_have_text(re.compile(r"^2 listings"))

    # A search with a problem: its summary has the focus; its link takes the focus to the
    # field, which names the problem as its description.
    load(page, "/?near=10001&max_fee=lots", 422)
    assert page.evaluate("document.activeElement.id") == "error-summary"
    focused("the error summary")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    fee = page.locator("#f-max_fee")
    expect(fee).to_be_focused()
    expect(fee).to_have_attribute("aria-invalid", "true")
    expect(fee).to_have_accessible_description(re.compile(r"enter an amount of 0 or more"))
    expect(page.locator("#f-near")).to_have_accessible_description(
        "A 5-digit ZIP, or a city and state, like Portland, OR.")
