"""The printables' header on a phone: the name, then the back link and downloads.

A tester opened a Spanish referral page on a 390 px phone: the header's flex row squeezed
"THERAPIST FINDER" onto two lines and ran "← Volver a su lista de candidatos" straight into
it ("THERAPIST← Volver…"). The links now wrap under the name when they do not fit beside it.
Checked in real Chromium; a screenshot is saved in test-artifacts/printables/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "printables"
PAGES = {"referrals": ("/v1/referrals", {"ids": "test:ipt,test:cbt"}),
         "compare": ("/v1/compare", {"ids": "test:ipt,test:cbt"}),
         "checklist": ("/v1/checklist", {"therapist_id": "test:ipt"})}

HEAD = """() => {
    const brand = document.querySelector('.page-head .brand');
    const nav = document.querySelector('.page-head nav');
    const lines = document.createRange();
    lines.selectNodeContents(brand);
    const b = brand.getBoundingClientRect(), n = nav.getBoundingClientRect();
    return {brandLines: lines.getClientRects().length, brand: [b.left, b.top, b.right, b.bottom],
            nav: [n.left, n.top, n.right, n.bottom],
            overflow: document.documentElement.scrollWidth - window.innerWidth};
}"""


def head_layout(browser, html: str, width: int, screenshot: Path | None = None) -> dict:
    page = browser.new_page(viewport={"width": width, "height": 700})
    try:
        page.route("**/*", lambda route: route.abort())  # the page loads nothing
        page.set_content(html)
        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot))
        return page.evaluate(HEAD)
    finally:
        page.close()


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("name", list(PAGES))
def test_the_header_stacks_on_a_phone_and_shares_a_line_on_a_wide_screen(client, browser, name,
                                                                        lang):
    path, params = PAGES[name]
    resp = client.get(path, params={**params, "lang": lang, "format": "html"})
    assert resp.status_code == 200
    shot = ARTIFACTS / f"{name}-{lang}-phone.png" if lang == "es" else None
    phone = head_layout(browser, resp.text, 390, shot)
    left, top, right, bottom = phone["brand"]
    nav_left, nav_top, _, _ = phone["nav"]
    assert phone["brandLines"] == 1, phone  # "THERAPIST FINDER" on one line
    # The links start below the name, or clearly beside it: never run into it.
    assert nav_top >= bottom - 0.5 or nav_left >= right + 8, phone
    assert phone["overflow"] <= 0, phone
    wide = head_layout(browser, resp.text, 1024)
    assert wide["brandLines"] == 1
    assert wide["nav"][1] < wide["brand"][3] and wide["nav"][0] >= wide["brand"][2] + 8, wide
