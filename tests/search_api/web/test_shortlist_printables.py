"""The shortlist's printable forms POST: a note or a concern never enters an address.

Page tests through TestClient, and one run in the real Chromium against a real
uvicorn: the referral packet opens as a page whose address has no query, its
PDF download (a POST form, allowed by the page's CSP) works, and its back link
returns to the shortlist.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

NOTE = "Prefers evening appointments"


def _form(html: str, action: str) -> str:
    match = re.search(rf'<form method="(\w+)" action="{action}"[^>]*>(.*?)</form>', html, re.S)
    assert match, f"no form for {action}"
    assert match[1] == "post", f"{action} form uses {match[1]}"
    return match[2]


def test_shortlist_printable_forms_post(client):
    html = client.get("/shortlist?ids=test:ipt,test:cbt").text
    compare = _form(html, "/v1/compare")
    referral = _form(html, "/v1/referrals")
    assert 'name="concern"' in compare and 'name="concern"' in referral
    # The compare sheet may show part of the list; its back link returns to all of it.
    assert re.findall(r'name="shortlist" value="([^"]*)"', compare) == ["test:ipt", "test:cbt"]
    assert 'method="get"' not in html.split('<section class="printables"', 1)[1]


def test_note_field_warns_against_identifying_details(client):
    referral = _form(client.get("/shortlist?ids=test:ipt").text, "/v1/referrals")
    hint = re.search(r'<p class="hint" id="([^"]+)">([^<]*)</p>', referral)
    assert hint and "names, dates of birth" in hint[2]
    note = re.search(r"<textarea [^>]*>", referral)[0]
    assert f'aria-describedby="{hint[1]}"' in note and 'autocomplete="off"' in note
    assert 'name="near"' in referral and 'autocomplete="off"' in referral


def test_referral_packet_from_the_shortlist_in_a_browser(page, artifacts):
    page.goto("/shortlist?ids=test:ipt&ids=test:cbt")
    form = page.locator("form[action='/v1/referrals']")
    form.get_by_label("Note for the client (optional)").fill(NOTE)
    form.get_by_label("Help wanted with (optional)").select_option("anxiety")
    form.get_by_role("button", name="Open referral packet as a page").click()
    page.wait_for_url(re.compile(r"/v1/referrals$"))  # no query: nothing in the history
    expect(page.get_by_role("heading", name="Referral list")).to_be_visible()
    expect(page.locator(".coordinator-note")).to_contain_text(NOTE)
    page.screenshot(path=artifacts / "referral-packet.png", full_page=True)

    with page.expect_response(lambda r: r.url.endswith("/v1/referrals")
                              and r.request.method == "POST") as info:
        page.get_by_role("button", name="Open PDF").click()
    response = info.value
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert "Prefers+evening" in (response.request.post_data or "")
    assert not [m for m in page.log.console_errors if "Content Security Policy" in m]

    page.goto("/shortlist?ids=test:ipt&ids=test:cbt")
    form = page.locator("form[action='/v1/referrals']")
    form.get_by_role("button", name="Open referral packet as a page").click()
    page.wait_for_url(re.compile(r"/v1/referrals$"))
    page.get_by_role("link", name="Back to your shortlist").click()
    page.wait_for_url(re.compile(r"/shortlist\?ids=test%3Aipt&ids=test%3Acbt$"))
    expect(page.locator(".shortlist > li")).to_have_count(2)
