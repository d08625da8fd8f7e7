"""In Chromium: the search's choices reach the printable forms, and the compare sheet fits a phone.

The same real uvicorn and Chromium as test_browser.py (requests to other hosts
are aborted and recorded). Screenshots go to test-artifacts/web/.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}
SEARCH = "near=10001&insurance=aetna&specialty=anxiety"
ALL_IDS = "test:ipt,test:cbt,test:xss,test:org,test:far"

# For each compare-sheet name: its computed `hyphens`, whether it fits its box, and the
# words split over two lines (a word broken mid-word has one client rect per line).
NAMES_JS = """sel => [...document.querySelectorAll(sel)].map(el => {
    const node = [...el.childNodes].find(n => n.nodeType === Node.TEXT_NODE && n.data.trim());
    const broken = [];
    for (const m of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        if (range.getClientRects().length > 1) broken.push(m[0]);
    }
    return {name: node.data, hyphens: getComputedStyle(el).hyphens, broken,
            fits: el.scrollWidth <= el.clientWidth};
})"""


def _width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def _names(page, selector: str = ".compare-card .card-name") -> list[dict]:
    return page.evaluate(NAMES_JS, selector)


def _assert_fits_a_phone(page, what: str) -> None:
    assert _width(page) <= 390, f"{what}: {_width(page)}px wide on a 390px phone"
    expect(page.locator(".compare-table")).to_be_hidden()
    names = _names(page)
    assert names, what
    for name in names:
        assert name["hyphens"] != "auto" and name["fits"] and not name["broken"], (what, name)


def test_search_choices_reach_the_checklist_and_the_compare_sheet(page, artifacts):
    # Two picks from one search, then a narrower search.
    page.goto("/?near=10001&insurance=aetna")
    page.get_by_role("button", name=re.compile(r"^Add to shortlist.*Orla Quillfeather")).click()
    page.get_by_role("button", name=re.compile(r"^Add to shortlist.*Wren Thistledown")).click()
    page.goto("/?" + SEARCH)
    page.get_by_role("link", name="Wren Thistledown Counseling Collective", exact=True).click()
    page.wait_for_url(re.compile(r"/therapists/test:org\?" + SEARCH + "$"))
    form = page.locator("form[action='/v1/checklist']")
    expect(form.get_by_label("Your insurance (optional)")).to_have_value("aetna")
    expect(form.get_by_label("What you would like help with (optional)")).to_have_value("anxiety")

    # The header's Shortlist link: the list kept by the script, and the search for its forms.
    page.get_by_role("link", name=re.compile(r"^Shortlist")).click()
    page.wait_for_url(re.compile(r"/shortlist\?ids=test%3Aipt&ids=test%3Aorg&" + SEARCH + "$"))
    page.goto("/?" + SEARCH)
    page.get_by_role("link", name=re.compile(r"^Shortlist")).click()
    page.wait_for_url(re.compile(r"/shortlist\?ids=test%3Aipt&ids=test%3Aorg&" + SEARCH + "$"))
    compare = page.locator("form[action='/v1/compare']")
    expect(compare.get_by_label("Distances from (optional)")).to_have_value("10001")
    expect(compare.get_by_label("Client's insurance (optional)")).to_have_value("aetna")
    expect(compare.get_by_label("Help wanted with (optional)")).to_have_value("anxiety")
    referral = page.locator("form[action='/v1/referrals']")
    expect(referral.get_by_label("Client's insurance (optional)")).to_have_value("aetna")
    page.screenshot(path=artifacts / "shortlist-prefilled.png", full_page=True)

    # Sent as they are (by POST: the sheet's address has no query), on a phone.
    page.set_viewport_size(PHONE)
    compare.get_by_role("button", name="Open compare sheet as a page").click()
    page.wait_for_url(re.compile(r"/v1/compare$"))
    card = page.locator(".compare-card").first
    expect(card.locator("dt", has_text="Distance from New York, NY")).to_be_visible()
    expect(card.locator("dt", has_text="Takes Aetna?")).to_be_visible()
    expect(page.locator(".topics")).to_have_text("Your concerns: Anxiety")
    expect(page.locator(".compare-card")).to_have_count(3)  # two candidates and the questions
    _assert_fits_a_phone(page, "compare sheet from the shortlist")
    page.screenshot(path=artifacts / "compare-mobile.png", full_page=True)
    assert page.log.blocked == []


def test_compare_sheet_on_a_phone_stacks_cards_and_prints_a_table(page, artifacts):
    page.set_viewport_size(PHONE)
    for ids, lang in ((ALL_IDS[:17], "en"), (ALL_IDS, "en"), (ALL_IDS, "es")):
        page.goto(f"/v1/compare?ids={ids}&{SEARCH.replace('specialty', 'concern')}&lang={lang}"
                  "&format=html")
        _assert_fits_a_phone(page, f"{ids} {lang}")
    expect(page.locator(".compare-card .card-name")).to_have_count(5)

    # The check has teeth: the table's narrow columns break "Quillfeather" mid-word.
    page.add_style_tag(content="table.compare-table { display: table !important; }")
    assert any(n["broken"] for n in _names(page, ".compare-table thead th")), _names(
        page, ".compare-table thead th")

    # Paper, and the PDF made from it, keep the table.
    page.goto(f"/v1/compare?ids={ALL_IDS[:17]}&near=10001&format=html")
    page.emulate_media(media="print")
    expect(page.locator(".compare-table")).to_be_visible()
    expect(page.locator(".compare-cards")).to_be_hidden()
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(page.locator(".compare-table")).to_be_visible()
    expect(page.locator(".compare-cards")).to_be_hidden()


def test_without_javascript_the_search_reaches_the_shortlist_forms(nojs_page, artifacts):
    page = nojs_page
    page.goto("/?" + SEARCH + "&sort=name")
    page.get_by_role("link", name=re.compile(r"^Add to shortlist.*Wren Thistledown")).click()
    page.get_by_role("link", name=re.compile(r"^Add to shortlist.*Fenwick")).click()
    page.get_by_role("link", name=re.compile(r"^Shortlist")).click()
    page.wait_for_url(re.compile(r"/shortlist\?ids=test%3Aorg&ids=test%3Axss&" + SEARCH + "$"))
    referral = page.locator("form[action='/v1/referrals']")
    expect(referral.get_by_label("Distances from (optional)")).to_have_value("10001")
    expect(referral.get_by_label("Client's insurance (optional)")).to_have_value("aetna")
    expect(referral.get_by_label("Help wanted with (optional)")).to_have_value("anxiety")
    page.screenshot(path=artifacts / "shortlist-prefilled-nojs.png", full_page=True)

    # A profile opened from the list starts its checklist with the same choices.
    page.get_by_role("link", name="Wren Thistledown Counseling Collective", exact=True).click()
    expect(page.get_by_label("Your insurance (optional)")).to_have_value("aetna")
    expect(page.get_by_label("What you would like help with (optional)")).to_have_value("anxiety")
    page.go_back()
    page.locator("form[action='/v1/referrals']").get_by_role(
        "button", name="Open referral packet as a page").click()
    page.wait_for_url(re.compile(r"/v1/referrals$"))  # sent by POST, not in the address
    expect(page.locator("main")).to_contain_text("4.0 mi")  # the pre-filled place was used
    assert page.log.blocked == []
