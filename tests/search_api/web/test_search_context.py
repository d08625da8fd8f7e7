"""The search's insurer, concern and place pre-fill the printable forms on later pages.

Profile and Shortlist links from the results carry `near`, `insurance` and
`specialty` (a profile's form uses the last two; all three lead its "Back to
search" to the same search). They only pre-select the forms: unknown values
are not selected and never an error, and the forms still POST.
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest

from search_api.web.search_context import SearchContext
from search_api.web.shortlist_links import ShortlistLinks
from therapist_finder.vocab import load_vocabularies

SEARCH = {"near": "10001", "insurance": "aetna", "specialty": "anxiety"}


@pytest.fixture(scope="module")
def vocabs():
    return load_vocabularies()


def _select(html: str, select_id: str) -> str:
    """The value of the selected option of a select ('' when none is)."""
    body = re.search(rf'<select id="{select_id}"[^>]*>(.*?)</select>', html, re.S)
    assert body, select_id
    chosen = re.findall(r'<option value="([^"]*)" selected>', body[1])
    assert len(chosen) <= 1
    return chosen[0] if chosen else ""


def _input(html: str, input_id: str) -> str | None:
    tag = re.search(rf'<input [^>]*id="{input_id}"[^>]*>', html)
    assert tag, input_id
    value = re.search(r'value="([^"]*)"', tag[0])
    return unescape(value[1]) if value else None


def _query(href: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(unescape(href)).query)


def _header_shortlist(html: str) -> tuple[str, str]:
    link = re.search(r'<a href="([^"]*)" data-shortlist-link="([^"]*)"', html)
    return unescape(link[1]), unescape(link[2])


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([("insurance", "aetna"), ("specialty", "anxiety")], ("", "aetna", "anxiety")),
        # What the search accepts: labels, synonyms, comma lists (the first known value wins).
        ([("insurance", "Aetna"), ("specialty", "postpartum")], ("", "aetna", "perinatal-depression")),
        ([("insurance", "no-such-plan,cigna"), ("insurance", "aetna")], ("", "cigna", "")),
        ([("insurance", "no-such-plan"), ("specialty", "x" * 5000)], ("", "", "")),
        ([("near", "  Houston,   TX "), ("near", "10001")], ("Houston, TX", "", "")),
        ([("near", "10001\x00"), ("near", "x" * 201)], ("", "", "")),
    ],
)
def test_read_keeps_only_known_values(vocabs, items, expected):
    chosen = SearchContext.read(items, vocabs)
    assert (chosen.near, chosen.insurance, chosen.specialty) == expected


def test_links_carry_what_each_page_needs(vocabs):
    chosen = SearchContext.read(list(SEARCH.items()), vocabs)
    assert SearchContext.read(list(SEARCH.items()), vocabs, near=False).near == ""
    sl = ShortlistLinks(["test:ipt"], "/", context=chosen)
    assert _query(sl.profile_href("/therapists/test:cbt")) == [
        *SEARCH.items(), ("shortlist", "test:ipt")]
    assert sl.back_href == "/?near=10001&insurance=aetna&specialty=anxiety&shortlist=test%3Aipt"
    assert sl.page_href == "/shortlist?ids=test%3Aipt&near=10001&insurance=aetna&specialty=anxiety"
    assert sl.context_query == "near=10001&insurance=aetna&specialty=anxiety"
    assert ShortlistLinks().page_href == "/shortlist" and ShortlistLinks().context_query == ""


def test_results_link_profiles_and_the_shortlist_with_the_search(client):
    html = client.get("/", params={**SEARCH, "insurance": "aetna,cigna", "shortlist": "test:ipt"}).text
    profiles = {unescape(h) for h in re.findall(r'<h3 [^>]*><span [^>]*>\d+</span> <a href="([^"]+)"', html)}
    assert profiles and all(_query(h)[:3] == list(SEARCH.items()) for h in profiles), profiles
    href, search = _header_shortlist(html)
    assert _query(href) == [("ids", "test:ipt"), ("near", "10001"), ("insurance", "aetna"),
                            ("specialty", "anxiety")]
    assert search == "near=10001&insurance=aetna&specialty=anxiety"  # for site.js


def test_a_place_the_search_could_not_find_is_not_carried(client):
    resp = client.get("/", params={**SEARCH, "near": "99999"})
    assert resp.status_code == 422
    assert _header_shortlist(resp.text)[1] == "insurance=aetna&specialty=anxiety"  # no near
    plain = client.get("/", params={"q": "anxiety"}).text  # no search choices at all
    assert _header_shortlist(plain) == ("/shortlist", "")


def test_profile_checklist_form_starts_with_the_search(client):
    html = client.get("/therapists/test:org", params={**SEARCH, "shortlist": "test:ipt"}).text
    form = re.search(r'<form method="post" action="/v1/checklist"[^>]*>(.*?)</form>', html, re.S)[1]
    assert _select(form, "c-insurance") == "aetna" and _select(form, "c-concern") == "anxiety"
    # Adding to the shortlist (without JavaScript) reloads the profile with them still chosen.
    toggle = re.search(r'shortlist-btn" href="([^"]+)"', html)[1]
    assert _query(toggle) == [*SEARCH.items(), ("shortlist", "test:ipt"), ("shortlist", "test:org")]
    assert _query(_header_shortlist(html)[0]) == [("ids", "test:ipt"), *SEARCH.items()]
    plain = client.get("/therapists/test:org").text
    assert _select(plain, "c-insurance") == "" and _select(plain, "c-concern") == ""


@pytest.mark.parametrize("query", [
    {"insurance": "no-such-plan", "specialty": "nothing-known"},
    {"insurance": "<script>", "specialty": "\x00", "near": '"><b>x'},
    {"insurance": "x" * 3000, "specialty": ["a", "b", "c"]},
])
def test_unknown_values_are_simply_not_chosen(client, query):
    for path in ("/therapists/test:org", "/shortlist?ids=test:ipt&ids=test:org"):
        resp = client.get(path, params=query)
        assert resp.status_code == 200, path
        body = resp.text.split("</head>", 1)[1]
        assert "<script>" not in body and "<b>" not in body
        assert " selected>" not in body


def test_shortlist_forms_start_with_the_search(client):
    html = client.get("/shortlist", params={"ids": ["test:ipt", "test:org"], **SEARCH}).text
    for prefix in ("cmp", "ref"):
        assert _input(html, f"{prefix}-near") == "10001"
        assert _select(html, f"{prefix}-insurance") == "aetna"
        assert _select(html, f"{prefix}-concern") == "anxiety"
    # The forms still POST, with no query in their action: what is sent stays out of addresses.
    assert re.findall(r'<form method="(\w+)" action="(/v1/\w+)"', html) == [
        ("post", "/v1/compare"), ("post", "/v1/referrals")]
    # Profiles open with the insurer and concern; removing one keeps them all.
    profile = unescape(re.search(r'<a href="(/therapists/test:ipt[^"]*)"', html)[1])
    assert _query(profile)[:3] == list(SEARCH.items())
    remove = unescape(re.search(r'href="([^"]+)" data-shortlist-remove="test:ipt"', html)[1])
    assert _query(remove) == [("ids", "test:org"), *SEARCH.items()]
    # The link to share is the list alone.
    share = re.search(r'data-shortlist-self>([^<]*)</a>', html)[1]
    assert share.endswith("/shortlist?ids=test%3Aipt&amp;ids=test%3Aorg")


def test_a_place_from_the_address_is_escaped(client):
    html = client.get("/shortlist", params={"ids": "test:ipt", "near": '"><img src=x onerror=alert(1)>'}).text
    assert _input(html, "ref-near") == '"><img src=x onerror=alert(1)>'
    assert "<img src=x" not in html


def test_other_shortlist_parameters_are_still_refused(client):
    resp = client.get("/shortlist", params={"ids": "test:ipt", "near": "10001", "note": "x"})
    assert resp.status_code == 422 and "unknown parameter 'note'" in unescape(resp.text)
