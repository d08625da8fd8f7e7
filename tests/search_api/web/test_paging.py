"""Pages of results: numbers that continue, the range line, and the way back."""

from __future__ import annotations

import re

import pytest

from search_api.web.paging import MAX_PREV, Paging, paging_links, range_text, read_paging

NAMES = re.compile(r'class="card-title"><span class="num" aria-hidden="true">(\d+)</span> '
                   r'<a [^>]*>([^<]+)</a>')


def _follow(client, html: str, rel: str):
    link = re.search(rf'href="([^"]+)" rel="{rel}"', html)
    assert link, f"no {rel} link"
    resp = client.get(link.group(1).replace("&amp;", "&"))
    assert resp.status_code == 200
    return resp.text


def _page(html: str) -> list[tuple[str, str]]:
    return NAMES.findall(html)


def test_numbers_markers_and_range_continue_across_pages(client):
    # Six listings, two a page: three pages.
    one = client.get("/", params={"sort": "name", "limit": 2}).text
    assert [n for n, _ in _page(one)] == ["1", "2"]
    assert '<ol class="result-list">' in one  # page one needs no start
    assert "Showing 1–2 of 6" in one
    assert 'rel="prev"' not in one and "First page" not in one

    two = _follow(client, one, "next")
    assert '<ol class="result-list" start="3">' in two
    assert [n for n, _ in _page(two)] == ["3", "4"]
    assert re.findall(r'data-n="(\d+)"', two) == ["3"]  # the telehealth-only listing has no marker
    assert "Showing 3–4 of 6" in two
    assert "First page" not in two  # on page two, "Previous page" is the first page
    back = _follow(client, two, "prev")
    assert _page(back) == _page(one)

    three = _follow(client, two, "next")
    assert '<ol class="result-list" start="5">' in three
    assert [n for n, _ in _page(three)] == ["5", "6"]
    assert re.findall(r'data-n="(\d+)"', three) == ["5", "6"]
    assert "Showing 5–6 of 6" in three
    assert 'rel="next"' not in three
    assert _page(_follow(client, three, "prev")) == _page(two)
    first = re.search(r'href="([^"]+)">First page', three).group(1).replace("&amp;", "&")
    assert "cursor" not in first and "prev=" not in first and "start=" not in first
    assert _page(client.get(first).text) == _page(one)
    # All six, each once.
    names = [name for page in (one, two, three) for _, name in _page(page)]
    assert len(set(names)) == 6


def test_a_single_page_has_no_range_line_or_paging(client):
    html = client.get("/", params={"near": "10001"}).text
    assert "Showing" not in html
    assert 'class="paging"' not in html


def test_damaged_paging_values_never_break_the_page(client):
    one = client.get("/", params={"sort": "name", "limit": 2}).text
    nxt = re.search(r'href="([^"]+)" rel="next"', one).group(1).replace("&amp;", "&")
    for extra in ("&start=abc", "&start=-4", "&start=99999999999", "&prev=%3Cscript%3E",
                  "&prev=" + "A" * 3000):
        resp = client.get(nxt.replace("&start=3", "") + extra)
        assert resp.status_code == 200, extra
        assert "<script>" not in resp.text.replace('<script src="', "")
    # Unknown start: no numbers claimed, still a way back.
    unknown = client.get(nxt.replace("&start=3", "")).text
    assert "start=" not in re.search(r'<ol class="result-list"[^>]*>', unknown).group(0)
    assert "Showing 2 of 6" in unknown and 'rel="prev"' in unknown
    # A bad cursor is a plain message with a link to the first page.
    bad = client.get("/", params={"sort": "name", "limit": 2, "cursor": "garbage", "start": "3"})
    assert bad.status_code == 422
    assert "Go to the first page of results" in bad.text
    assert 'href="/?sort=name&amp;limit=2">Go to the first page' in bad.text


@pytest.mark.parametrize(
    ("start", "shown", "total", "text"),
    [(1, 20, 645, "Showing 1–20 of 645"), (21, 20, 645, "Showing 21–40 of 645"),
     (641, 5, 645, "Showing 641–645 of 645"), (1201, 1, 1201, "Showing 1,201 of 1,201"),
     (1, 4, 4, ""), (1, 0, 0, ""), (None, 20, 645, "Showing 20 of 645")],
)
def test_range_text(start, shown, total, text):
    assert range_text(start, shown, total) == text


def test_read_paging_is_lenient():
    assert read_paging([("start", "21"), ("prev", "abc")], has_cursor=False) == Paging(1, [])
    assert read_paging([("start", "21"), ("prev", "abc_-9")], has_cursor=True) == Paging(21, ["abc_-9"])
    assert read_paging([("start", "0")], has_cursor=True).start is None
    assert read_paging([("prev", "a b")], has_cursor=True).prev == []
    assert read_paging([("prev", "c")] * (MAX_PREV + 1), has_cursor=True).prev == []


def test_the_way_back_is_capped_but_first_page_always_works():
    base = [("near", "10001")]
    cursors = [f"c{i}" for i in range(MAX_PREV)]
    deep = paging_links(base, Paging(start=241, prev=cursors), "now", "after", 20, 20)
    assert deep.next.count("prev=") == MAX_PREV  # the oldest one dropped
    assert "prev=c0" not in deep.next and "prev=now" in deep.next
    assert deep.previous.startswith("/?near=10001&cursor=c9&start=221")
    assert deep.first == "/?near=10001"
    # Back where the chain was cut: only "First page".
    cut = paging_links(base, Paging(start=101, prev=[]), "c4", "c5", 20, 20)
    assert cut.previous is None and cut.first == "/?near=10001"


@pytest.mark.parametrize("start", ["²", "①", "1²", "٣"])
def test_digits_int_refuses_are_ignored_not_a_500(start):
    assert read_paging([("start", start)], has_cursor=True).start is None
