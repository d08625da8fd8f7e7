"""The pages in a real headless Chromium against a real uvicorn on 127.0.0.1.

Requests to any other host (the map tiles, once asked for) are aborted and
recorded: the pages must work without them and make none unasked.
Screenshots go to test-artifacts/web/.
"""

from __future__ import annotations

import io
import re

from playwright.sync_api import expect

from tests.search_api.web.conftest import XSS_NAME
from tests.search_api.web.keyboard import search_from_the_keyboard, tab_to


def _csp_violations(page) -> list[str]:
    return [m for m in page.log.console_errors if "Content Security Policy" in m]


def test_search_with_filters_facets_and_map(page, artifacts):
    page.goto("/")
    expect(page.get_by_role("heading", name="Find a therapist")).to_be_visible()
    page.get_by_label("Near").fill("10001")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url(re.compile(r"near=10001"))
    assert "lat=" not in page.url and "max_fee=" not in page.url  # blank fields left out
    expect(page.locator("#results-heading")).to_have_text(re.compile(r"^4 listings within 25 miles"))

    # A facet: a real checkbox with its count; applying it narrows the list.
    aetna = page.get_by_role("checkbox", name=re.compile(r"^Aetna 3"))
    aetna.check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"insurance=aetna"))
    expect(page.locator("#results-heading")).to_have_text(re.compile(r"^3 listings"))
    expect(page.get_by_role("checkbox", name=re.compile(r"^Aetna"))).to_be_checked()
    first = page.locator(".result-list > li").first
    expect(first).to_contain_text("Orla Quillfeather")
    expect(first).to_contain_text("0.5 mi")
    expect(first).to_contain_text("in network per the insurer's directory, checked on October 1, 2026")
    expect(first.locator(".fees")).to_have_text(
        "Fees: $150 a session; sliding scale $40–$90; free consultation (self-reported on October 1, 2026)")

    # A flag filter too, then the untrusted name is shown as text and runs nothing.
    page.get_by_role("checkbox", name=re.compile(r"^Accepting new clients")).check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"accepting_new=true"))
    expect(page.locator("#results-heading")).to_have_text(re.compile(r"^1 listing "))
    page.goto("/?near=10001")
    expect(page.get_by_role("link", name=XSS_NAME, exact=True)).to_be_visible()
    assert page.log.dialogs == []

    # The map shows every result's marker with no street map: nothing asked of another host.
    map_box = page.locator("#results-map")
    expect(map_box).to_be_visible()
    expect(map_box.locator(".tf-pin:not(.tf-pin-place)")).to_have_count(4)
    expect(page.locator("[data-map-note]")).to_contain_text("Only the numbered markers are shown")
    assert page.log.blocked == []  # no tiles, fonts, scripts or trackers from anywhere else
    page.screenshot(path=artifacts / "search-desktop.png", full_page=True)

    # The street map only when asked, for this page view; its Referer is this
    # site's address alone (OpenStreetMap requires one), never the search.
    show = page.get_by_role("button", name="Show street map — loads map images from OpenStreetMap")
    expect(show).to_be_visible()
    show.click()
    expect(map_box).to_have_attribute("data-tiles-failed", "true")
    expect(page.locator("[data-map-note]")).to_contain_text("could not load")
    assert page.log.blocked and all(url.startswith("https://tile.openstreetmap.org/")
                                    for url in page.log.blocked), page.log.blocked
    origin = page.evaluate("location.origin") + "/"
    referers = [headers.get("referer") for headers in page.log.blocked_headers]
    assert referers and all(referer == origin for referer in referers), referers
    expect(page.get_by_role("button", name="Hide street map")).to_be_visible()
    assert not _csp_violations(page), page.log.console_errors
    page.reload()  # nothing remembered: markers only again
    expect(page.get_by_role("button", name=re.compile(r"^Show street map"))).to_be_visible()
    asked = len(page.log.blocked)
    page.wait_for_timeout(300)
    assert len(page.log.blocked) == asked

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/?near=10001&insurance=aetna")
    expect(page.locator(".result-list > li")).to_have_count(3)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"horizontal scrolling on a phone ({width}px)"
    # On a phone the filters fold away under their heading once there are results.
    expect(page.get_by_role("heading", name=re.compile(r"^Filters"))).to_be_visible()
    expect(page.get_by_role("checkbox", name=re.compile(r"^Aetna"))).to_be_hidden()
    page.get_by_text("Show or hide the filters").click()
    expect(page.get_by_role("checkbox", name=re.compile(r"^Aetna"))).to_be_visible()
    page.screenshot(path=artifacts / "search-mobile.png", full_page=True)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.emulate_media(media="print")
    expect(page.locator("#search-form .filters")).to_be_hidden()
    expect(page.locator("#results-map")).to_be_hidden()
    expect(page.locator(".result-list > li").first).to_be_visible()
    page.screenshot(path=artifacts / "search-print.png", full_page=True)


def test_profile_page(page, artifacts):
    page.goto("/?near=10001")
    page.get_by_role("link", name="Orla Quillfeather", exact=True).click()
    page.wait_for_url(re.compile(r"/therapists/test:ipt\?near=10001$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Orla Quillfeather, LCSW")
    table = page.get_by_role("table").first
    expect(table).to_contain_text("in network per the insurer's directory, checked on October 1, 2026")
    expect(table).to_contain_text("takes this insurance, self-reported on October 1, 2026")
    expect(page.locator("#profile-map .tf-pin")).to_have_count(1)
    expect(page.get_by_role("button", name=re.compile(r"^Show street map"))).to_be_visible()
    assert page.log.blocked == []  # the area around the office is not sent anywhere unasked
    expect(page.get_by_role("button", name="Print checklist (PDF)")).to_be_visible()
    # "Back to search" returns to the results the profile was opened from.
    expect(page.locator("[data-back-link]")).to_have_attribute("href", "/?near=10001")
    assert not _csp_violations(page), page.log.console_errors
    page.screenshot(path=artifacts / "profile.png", full_page=True)

    page.goto("/therapists/test:nobody")
    expect(page.get_by_role("heading", name="No such listing")).to_be_visible()


def test_shortlist_to_compare_pdf(page, artifacts, live_server):
    page.goto("/?near=10001&sort=name")
    page.get_by_role("button", name=re.compile(r"^Add to shortlist.*Orla Quillfeather")).click()
    page.get_by_role("button", name=re.compile(r"^Add to shortlist.*Bram Ambervale")).click()
    expect(page.locator("[data-shortlist-id='test:cbt']")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("[data-shortlist-id='test:cbt']")).to_contain_text("On your shortlist")
    expect(page.locator("[data-shortlist-count]")).to_have_text("2")

    # The list survives a reload (localStorage) and the header link carries it.
    page.goto("/")
    page.get_by_role("link", name=re.compile(r"^Shortlist")).click()
    page.wait_for_url(re.compile(r"/shortlist\?ids=test%3Aipt&ids=test%3Acbt"))
    expect(page.locator(".shortlist > li")).to_have_count(2)
    page.screenshot(path=artifacts / "shortlist.png", full_page=True)

    # Removing one keeps the other; an empty /shortlist address shows the stored list.
    page.get_by_role("link", name=re.compile(r"^Remove\s+Bram Ambervale\s+from shortlist")).click()
    expect(page.locator(".shortlist > li")).to_have_count(1)
    page.goto("/shortlist")
    page.wait_for_url(re.compile(r"ids=test%3Aipt$"))
    page.goto("/shortlist?ids=test:ipt&ids=test:cbt")
    # Not the saved list: it asks before replacing it.
    page.get_by_role("button", name="Replace my saved shortlist with this one").click()
    expect(page.locator("[data-shortlist-count]")).to_have_text("2")

    form = page.locator("form[action='/v1/compare']")
    expect(form.get_by_role("checkbox")).to_have_count(2)
    form.get_by_label("Distances from (optional)").fill("10001")
    # Chromium shows a PDF inline rather than downloading it: read the response.
    # The form POSTs (the place and the concern stay out of the address).
    with page.expect_response(lambda r: r.url.endswith("/v1/compare")) as info:
        form.get_by_role("button", name="Compare sheet (PDF)").click()
    response = info.value
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    sent = response.request.post_data or ""
    assert "format=pdf" in sent and "insurance=" not in sent  # blanks left out
    # The viewer replaces the body it reports; send the same form again in this context.
    data = page.request.post(response.url, data=sent, headers={
        "content-type": "application/x-www-form-urlencoded"}).body()
    assert data.startswith(b"%PDF")
    (artifacts / "compare.pdf").write_bytes(data)
    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "Orla Quillfeather" in text and "Bram Ambervale" in text


def test_keyboard_only_search(page, artifacts):
    page.goto("/")
    assert tab_to(page, ".skip-link[href='#main']") == 1  # the skip link comes first
    tab_to(page, "#f-q", limit=9)  # past the skip links, the crisis line's three links, the header
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    search_from_the_keyboard(page, "anxiety", "10001")
    expect(page.locator("#results-heading")).to_have_text(re.compile(r"^3 listings"))

    # Skip straight to the results, then Tab to the first result and open it.
    assert tab_to(page, ".skip-link[href='#results']", limit=3) == 2
    page.keyboard.press("Enter")
    tab_to(page, ".result-list .card-title a")
    name = page.evaluate("document.activeElement.textContent")
    page.screenshot(path=artifacts / "keyboard-focus.png")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/therapists/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)


def _stored(page) -> list[str]:
    return page.evaluate("JSON.parse(localStorage.getItem('therapist-finder:shortlist') || '[]')")


def test_a_shortlist_link_from_someone_else_asks_before_replacing(page, artifacts):
    page.goto("/?near=10001")
    page.get_by_role("button", name=re.compile(r"^Add to shortlist.*Orla Quillfeather")).click()
    assert _stored(page) == ["test:ipt"]

    # Someone sends a different list: shown, but the saved one is untouched until answered.
    page.goto("/shortlist?ids=test:cbt")
    question = page.get_by_role("region", name="Save this shortlist?")
    expect(question).to_contain_text("not the shortlist saved in this browser (1 listing)")
    expect(page.locator(".shortlist > li")).to_have_count(1)
    assert _stored(page) == ["test:ipt"]
    expect(page.locator("[data-shortlist-count]")).to_have_text("1")
    page.screenshot(path=artifacts / "shortlist-question.png", full_page=True)
    question.get_by_role("button", name="Keep my saved shortlist").click()
    expect(question).to_contain_text("Your saved shortlist was kept")
    assert _stored(page) == ["test:ipt"]
    # "Remove" on a list that is not the saved one leaves the saved one alone.
    page.reload()
    page.get_by_role("link", name=re.compile(r"^Remove\s+Bram Ambervale")).click()
    page.wait_for_url(re.compile(r"/shortlist$|/shortlist\?ids=test%3Aipt$"))
    assert _stored(page) == ["test:ipt"]

    # Asked again, and this time replaced.
    page.goto("/shortlist?ids=test:cbt&ids=test:org")
    page.get_by_role("button", name="Replace my saved shortlist with this one").click()
    assert _stored(page) == ["test:cbt", "test:org"]
    expect(page.locator("[data-shortlist-count]")).to_have_text("2")
    # The same list again (in any order) asks nothing; no browser dialogs were used.
    page.goto("/shortlist?ids=test:org&ids=test:cbt")
    expect(page.locator("[data-shortlist-question]")).to_have_count(0)
    assert page.log.dialogs == []


def test_without_javascript_the_shortlist_holds_several(nojs_page, artifacts):
    page = nojs_page
    page.goto("/?near=10001&sort=name")
    page.get_by_role("link", name=re.compile(r"^Add to shortlist.*Orla Quillfeather")).click()
    expect(page.get_by_role("link", name=re.compile(r"On your shortlist.*Orla Quillfeather"))).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^Add to shortlist.*Bram Ambervale")).click()
    # From a profile too.
    page.get_by_role("link", name="Wren Thistledown Counseling Collective", exact=True).click()
    page.get_by_role("link", name=re.compile(r"^Add to shortlist")).click()
    expect(page.get_by_role("link", name=re.compile(r"^Shortlist"))).to_have_text("Shortlist (3)")
    page.get_by_role("link", name="Back to search", exact=True).click()
    page.get_by_role("link", name=re.compile(r"^Shortlist")).click()
    # "Back to search" kept the search's place, which the Shortlist link carries for its forms.
    page.wait_for_url(re.compile(r"/shortlist\?ids=test%3Aipt&ids=test%3Acbt&ids=test%3Aorg&near=10001$"))
    expect(page.locator(".shortlist > li")).to_have_count(3)
    page.screenshot(path=artifacts / "shortlist-nojs.png", full_page=True)
    assert page.log.blocked == []


def test_page_two_numbers_continue_on_the_list_and_the_map(page):
    page.goto("/?sort=name&limit=2")
    page.get_by_role("link", name="Next page").click()
    expect(page.locator(".range")).to_have_text("Showing 3–4 of 6")
    expect(page.locator("ol.result-list")).to_have_attribute("start", "3")
    expect(page.locator("#results-map .tf-pin:not(.tf-pin-place)")).to_have_text(["3"])
    page.get_by_role("link", name="Previous page").click()
    expect(page.locator(".range")).to_have_text("Showing 1–2 of 6")


def test_error_messages_fit_a_phone(page, artifacts):
    page.set_viewport_size({"width": 390, "height": 844})
    for url in ["/?near=zzzzz", "/?near=" + "z" * 150, "/?insurance=" + "x" * 150,
                "/?max_fee=-5", "/?cursor=" + "A" * 300, "/therapists/test:" + "y" * 200]:
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{url[:40]}: {width}px wide on a 390px phone"
    page.goto("/?near=zzzzz")
    expect(page.get_by_role("alert")).to_contain_text(
        "Near: we couldn't find that place. Try a 5-digit ZIP or a city and state, like Portland, OR.")
    page.screenshot(path=artifacts / "error-mobile.png", full_page=True)
