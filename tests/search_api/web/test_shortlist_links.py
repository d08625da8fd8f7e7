"""The shortlist without JavaScript: the address carries every id picked so far."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

from search_api.printables.params import MAX_SHORTLIST, read_ids
from search_api.web.shortlist_links import ShortlistLinks


def _add_href(html: str, listing_id: str) -> str:
    link = re.search(rf'<a class="btn btn-secondary shortlist-btn" href="([^"]+)" '
                     rf'data-shortlist-id="{re.escape(listing_id)}"', html)
    assert link, listing_id
    return link.group(1).replace("&amp;", "&")


def _carried(href: str) -> list[str]:
    return [v for k, v in parse_qsl(urlsplit(href).query) if k == "shortlist"]


def _header_shortlist(html: str) -> str:
    return re.search(r'<a href="([^"]*)" data-shortlist-link', html).group(1).replace("&amp;", "&")


def test_adding_two_from_the_results_keeps_both(client):
    page = client.get("/", params={"near": "10001", "sort": "name"}).text
    first = _add_href(page, "test:ipt")
    assert urlsplit(first).path == "/" and first.endswith("#r-3")  # back to the same card
    assert _carried(first) == ["test:ipt"]

    page = client.get(first).text  # the same results, Orla now on the list
    assert "On your shortlist ✓ (remove)" in page
    assert '(<span data-shortlist-count>1</span>)' in page
    second = _add_href(page, "test:cbt")
    assert _carried(second) == ["test:ipt", "test:cbt"]
    assert "near=10001" in second and "sort=name" in second  # the search is kept

    page = client.get(second).text
    shortlist = _header_shortlist(page)
    # The search's place goes along, for the shortlist's compare and referral forms.
    assert shortlist == "/shortlist?ids=test%3Aipt&ids=test%3Acbt&near=10001"
    listed = client.get(shortlist).text
    assert "Orla Quillfeather" in listed and "Bram Ambervale" in listed

    # Pressing it again takes it out.
    removed = _add_href(page, "test:ipt")
    assert _carried(removed) == ["test:cbt"]


def test_the_list_travels_through_search_paging_filters_and_profiles(client):
    page = client.get("/", params={"sort": "name", "limit": 2, "shortlist": ["test:ipt", "test:far"]}).text
    # Hidden fields keep it through a new search or "Apply filters".
    assert '<input type="hidden" name="shortlist" value="test:ipt">' in page
    assert '<input type="hidden" name="shortlist" value="test:far">' in page
    nxt = re.search(r'href="([^"]+)" rel="next"', page).group(1).replace("&amp;", "&")
    assert _carried(nxt) == ["test:ipt", "test:far"]
    profile = re.search(r'<a href="(/therapists/test:xss[^"]*)"', page).group(1).replace("&amp;", "&")
    assert _carried(profile) == ["test:ipt", "test:far"]
    assert re.search(r'href="/\?shortlist=test%3Aipt&amp;shortlist=test%3Afar" '
                     r'class="btn btn-secondary">Clear all', page)

    # On a profile: adding keeps the others, and the way back to search keeps all.
    html = client.get(profile).text
    assert _carried(_add_href(html, "test:xss")) == ["test:ipt", "test:far", "test:xss"]
    back = re.search(r'<a href="([^"]+)" data-back-link>', html).group(1).replace("&amp;", "&")
    assert back == "/?shortlist=test%3Aipt&shortlist=test%3Afar"

    # Chips and "did you mean" keep it too.
    chips = client.get("/", params={"near": "10001", "insurance": "aetna", "shortlist": "test:ipt"}).text
    assert 'href="/?near=10001&amp;shortlist=test%3Aipt">Insurance: Aetna' in chips
    typo = client.get("/", params={"insurance": "Aetan", "shortlist": "test:ipt"}).text
    assert re.search(r'<a href="[^"]*shortlist=test%3Aipt[^"]*">Aetna</a>', typo)


def test_a_shortlist_alone_is_not_a_search(client):
    page = client.get("/", params={"shortlist": "test:ipt"})
    assert page.status_code == 200
    assert "Start a search" in page.text


def test_the_shortlist_page_links_keep_the_list(client):
    html = client.get("/shortlist", params={"ids": ["test:ipt", "test:cbt"]}).text
    assert 'href="/therapists/test:ipt?shortlist=test%3Aipt&amp;shortlist=test%3Acbt"' in html
    assert 'href="/?shortlist=test%3Aipt&amp;shortlist=test%3Acbt"' in html  # the header's Search


def test_a_full_list_does_not_grow():
    ids = [f"test:n{i}" for i in range(MAX_SHORTLIST + 5)]
    links = ShortlistLinks(read_ids(ids), "/", [("near", "10001")])
    assert links.count == MAX_SHORTLIST and links.full
    assert links.toggle_href("test:new") == links.page_href  # opens the list instead
    assert len(_carried(links.toggle_href("test:n0"))) == MAX_SHORTLIST - 1
    assert read_ids(["a,b", " a ", "", "x" * 300, "c"]) == ["a", "b", "c"]


def test_a_full_list_says_so_on_the_page(client):
    ids = ["test:ipt"] + [f"test:n{i}" for i in range(MAX_SHORTLIST - 1)]
    html = client.get("/", params={"near": "10001", "shortlist": ids}).text
    assert "Shortlist full: open it" in html
    assert _add_href(html, "test:cbt").startswith("/shortlist?ids=test%3Aipt&ids=test%3An0")


def test_a_damaged_link_is_called_not_valid_not_a_listing_that_left(client):
    page = client.get("/shortlist", params={"ids": ["a/b", "x\ny"]})
    assert page.status_code == 422
    assert "This shortlist link is not valid" in page.text
    assert "is not a listing id" in page.text and "no longer in the directory" not in page.text
