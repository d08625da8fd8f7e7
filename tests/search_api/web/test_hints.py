"""Filters the search box's words suggest, as links on the results page."""

from __future__ import annotations

import html
import re

from search_api.web.hints import hint_links
from therapist_finder.search_hints import SearchHint, search_hints
from therapist_finder.search_params import SearchParams
from therapist_finder.vocab import load_vocabularies

HTML = {"accept": "text/html"}


def _hint_anchors(page: str) -> list[tuple[str, str]]:
    box = page[page.index('<div class="hints"'):]
    box = box[:box.index("</div>")]
    return [(html.unescape(href), text) for href, text in re.findall(r'<a href="([^"]+)">([^<]+)</a>', box)]


def test_a_payer_typed_into_the_search_box_is_offered_as_its_filter(client):
    page = client.get("/", params={"near": "10001", "q": "aetna"}, headers=HTML).text
    assert "Did you mean" in page
    (href, text), = _hint_anchors(page)
    assert text == "Filter by insurance: Aetna"
    assert "q=" not in href and "insurance=aetna" in href and "near=10001" in href
    followed = client.get(href, headers=HTML).text
    assert "Orla Quillfeather" in followed


def test_a_misspelled_concern_is_offered_spelled_right(client):
    page = client.get("/", params={"near": "10001", "q": "depresson"}, headers=HTML).text
    (href, text), = _hint_anchors(page)
    assert text == "Search for “depression”" and "q=depression" in href


def test_no_hint_box_without_text(client):
    assert '<div class="hints"' not in client.get("/", params={"near": "10001"}, headers=HTML).text


def test_links_keep_the_rest_of_the_search_and_drop_relevance_without_text():
    hint = SearchHint(param="telehealth", value="true", label="Telehealth", words="online", q=None, total=1)
    items = [("near", "10001"), ("q", "online"), ("sort", "relevance"), ("shortlist", "test:a")]
    params = SearchParams(near="10001", q="online", sort="relevance")
    (link,) = hint_links([hint], params, items)
    assert link.href == "/?near=10001&shortlist=test%3Aa&telehealth=true"
    assert (link.text, link.count) == ("Show only: Telehealth", "1 listing")


def test_a_combined_hint_links_to_all_its_filters_at_once():
    params = SearchParams(near="10001", q="aetna cigna spanish online")
    hint = search_hints(params, load_vocabularies())[0]
    (link,) = hint_links([hint.model_copy(update={"total": 3})], params, [("near", "10001"), ("q", params.q)])
    assert link.href == "/?near=10001&insurance=aetna&insurance=cigna&language=es&telehealth=true"
    assert link.text == "Filter by insurance: Aetna or Cigna, language: Spanish, telehealth"


def test_every_page_shows_the_crisis_line(client):
    for path in ("/", "/shortlist", "/therapists/test:ipt", "/therapists/test:nobody"):
        page = client.get(path, headers=HTML).text
        assert 'href="tel:988"' in page and "Suicide &amp; Crisis Lifeline" in page, path
        # Texting is a way of its own to reach 988, often the only one someone can take.
        texting = 'Call or <a href="sms:988" aria-label="text 988">text</a> <a href="tel:988">988</a>'
        assert texting in page, path
