"""The search page's results are their own region after the search form, not part of it.

Inside the form landmark a screen reader announced every result as part of
"Search therapists". The results now follow the form; what the results offer
(the shortlist toggles, paging) must still work from there without JavaScript,
and the form's hidden inputs must still carry the shortlist into a new search.
In the real Chromium against the real uvicorn (conftest's fixtures).
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

# Named controls no form would submit (the results' controls sit outside the form).
ORPHAN_CONTROLS_JS = """() => [...document.querySelectorAll('input, select, textarea, button')]
    .filter(el => el.name && !el.form).map(el => el.outerHTML)"""


def test_results_are_a_region_after_the_form_and_the_shortlist_works_from_there(nojs_page):
    page = nojs_page
    page.goto("/?near=10001&limit=2")
    form = page.get_by_role("form", name="Search therapists")
    results = page.get_by_role("main").get_by_role("region", name=re.compile(r"^4 listings within"))
    expect(results).to_be_visible()
    # Not inside the form landmark, in the DOM or in what assistive technology is given;
    # the filters are.
    expect(form.get_by_role("region")).to_have_count(0)
    assert "listings within" not in form.aria_snapshot()
    expect(form.get_by_role("checkbox", name=re.compile(r"^Aetna"))).to_be_visible()
    assert page.evaluate(ORPHAN_CONTROLS_JS) == []

    # Without JavaScript the toggle in the result reloads the page with the pick carried.
    first = results.locator(".result-list > li").first
    name = first.locator(".card-title a").inner_text()
    first.get_by_role("link", name=re.compile(r"^Add to shortlist")).click()
    page.wait_for_url(re.compile(r"shortlist="))
    expect(first.get_by_role("link", name=re.compile(r"^On your shortlist"))).to_contain_text(name)
    expect(page.get_by_role("link", name=re.compile(r"^Shortlist"))).to_have_text("Shortlist (1)")

    # The paging link (in the results) and a new search from the form both keep it.
    results.get_by_role("link", name="Next page").click()
    page.wait_for_url(re.compile(r"cursor="))
    expect(page.get_by_role("link", name=re.compile(r"^Shortlist"))).to_have_text("Shortlist (1)")
    form.get_by_role("checkbox", name=re.compile(r"^Aetna")).check()
    form.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"insurance=aetna"))
    assert "shortlist=" in page.url
    expect(page.get_by_role("main").get_by_role("region", name=re.compile(r"^3 listings"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"^Shortlist"))).to_have_text("Shortlist (1)")
    expect(page.get_by_role("link", name=re.compile(r"^On your shortlist"))).to_contain_text(name)
    assert page.log.blocked == []
