"""A place with few listings near it points to the state's listings that offer video sessions."""

from __future__ import annotations

import re

NOTE = re.compile(r'<p class="note video-in-state">(.*?) <a href="([^"]*)">(.*?)</a></p>', re.S)


def _note(client, **params):
    page = client.get("/", params=params).text
    found = NOTE.search(page)
    return (found.group(1), found.group(2).replace("&amp;", "&"), found.group(3)) if found else None


def test_few_listings_near_a_place_lead_to_the_state_by_video(client):
    """Near Buffalo, NY nothing is within 25 miles; widening the radius was the only
    advice. New York's listings offering video are a client's real choice."""
    said, href, link = _note(client, near="14201", language="en")
    assert said.startswith("Video sessions: ")
    assert said.endswith(" licensed in or with an office in New York.")
    assert href == "/?language=en&state=NY&telehealth=true" and link.startswith("See them")
    count = int(re.search(r"(\d+) listing", said).group(1))
    followed = client.get(href).text
    assert re.search(rf'<h2 id="results-heading">{count} listings?</h2>', followed)
    spanish, _, link = _note(client, near="14201", lang="es")
    assert spanish.startswith("Sesiones por video: ") and spanish.endswith("en Nueva York.")
    assert link.startswith("Verlos")


def test_no_note_where_the_search_rules_it_out(client):
    assert _note(client, near="14201", telehealth="false") is None  # no video wanted
    assert _note(client, near="14201", state="NJ") is None  # a state chosen already
    assert _note(client, q="anxiety") is None  # no place
