"""Every dated claim a page shows is judged stale by one rule, the printables' own.

A tester found a stale listing (no source had seen it for over 180 days) whose profile and
result card said "Accepting new clients, from the listing, last seen ..." and "Fees: $80 a
session (from the listing, last seen ...)" with no "(may be out of date)", while its Aetna
badge, with the same date, had it and the printed checklist marked the same facts "please
confirm: over six months old". A claim with no attribution of its own was never judged.

Pages use the real date (`date.today()`), so the listings' dates are relative to it.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from search_api.printables.provenance import date_text
from tests.search_api.web.conftest import MANHATTAN
from tests.utils.factories import claim, make_listing, north_of
from tests.utils.html import paragraph as _paragraph
from tests.utils.html import visible_text as _text
from tests.utils.stores import app_over
from therapist_finder.vocab import load_vocabularies

HTML = {"accept": "text/html"}
TODAY = date.today()
OLD = (TODAY - timedelta(days=300)).isoformat()  # past the 180 days: stale
RECENT = (TODAY - timedelta(days=10)).isoformat()
STALE_NOTE = {"en": "(may be out of date)", "es": "(puede estar desactualizado)"}


def _read(day: str) -> dict:
    return {"last_seen_at": day, "sources": [{"source": "fixture", "url": None, "fetched_at": day}]}


def stale_listings():
    near = north_of(*MANHATTAN, 1)
    return [
        # The tester's listing: nothing attributed, everything as last seen, long ago.
        make_listing("stale", near, name="Ottoline Vexley", license_states=["NY"],
                     insurance=[claim("aetna", "payer_directory", OLD)], fees={"session_min": 80},
                     accepting_new_clients=True, **_read(OLD)),
        # Seen lately, but the fees and the new-client status were vouched for long ago.
        make_listing("old-claims", near, name="Perpetua Lindqvist", license_states=["NY"],
                     fees={"session_min": 95}, accepting_new_clients=False,
                     attributions={k: {"basis": "provider_reported", "source": "fixture",
                                       "observed_at": OLD}
                                   for k in ("fees", "accepting_new_clients")},
                     **_read(RECENT)),
        # Seen lately: nothing is out of date.
        make_listing("fresh", near, name="Ignatius Borrowdale", license_states=["NY"],
                     insurance=[claim("aetna", "payer_directory", RECENT)], fees={"session_min": 120},
                     accepting_new_clients=True, **_read(RECENT)),
        # An old `last_seen_at` but a source read it lately: the listing is not stale (the
        # search's rule, `Listing.last_seen`), on the page and on the printout alike.
        make_listing("reread", near, name="Marisol Quennell", license_states=["NY"],
                     fees={"session_min": 110}, accepting_new_clients=True,
                     last_seen_at=OLD,
                     sources=[{"source": "fixture", "url": None, "fetched_at": RECENT}]),
    ]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    yield from app_over(tmp_path_factory.mktemp("stale-badges") / "stale.db", stale_listings())




def profile(client, key: str, lang: str) -> str:
    page = client.get(f"/therapists/test:{key}", params={"lang": lang}, headers=HTML)
    assert page.status_code == 200
    return page.text


def card(client, name: str, lang: str) -> str:
    """The result card of `name` on a search that includes stale listings."""
    page = client.get("/", params={"near": "10001", "include_stale": "true", "lang": lang},
                      headers=HTML)
    assert page.status_code == 200
    cards = re.findall(r'<li class="card".*?</article>', page.text, re.S)
    (found,) = [c for c in cards if name in c]
    return found


LANGS = pytest.mark.parametrize("lang", ["en", "es"])


@LANGS
def test_an_old_new_client_status_may_be_out_of_date_on_the_profile(client, lang):
    # unattributed, as last seen long ago (was never judged); attributed long ago (always was)
    for key in ("stale", "old-claims"):
        accepting = _paragraph(profile(client, key, lang), "accepting")
        assert "badge-stale" in accepting, key
        assert _text(accepting).endswith(STALE_NOTE[lang]), key


@LANGS
def test_the_stale_listings_card_warns_about_each_dated_claim(client, lang):
    html = card(client, "Ottoline Vexley", lang)
    accepting = _paragraph(html, "accepting")
    assert "badge-stale" in accepting and _text(accepting).endswith(STALE_NOTE[lang])
    # ...as its insurance badge, with the same date, always did
    (aetna,) = re.findall(r'<ul class="badges".*?</ul>', html, re.S)
    assert STALE_NOTE[lang] in _text(aetna)


@LANGS
@pytest.mark.parametrize("key", ["stale", "old-claims"])
def test_old_fees_may_be_out_of_date_on_the_profile(client, key, lang):
    fees = _text(_paragraph(profile(client, key, lang), "fees"))
    assert fees.endswith(STALE_NOTE[lang]), fees


@LANGS
def test_the_stale_listings_card_warns_about_its_fees(client, lang):
    fees = _text(_paragraph(card(client, "Ottoline Vexley", lang), "fees"))
    assert fees.endswith(STALE_NOTE[lang]), fees


def checklist_facts(client, key: str, lang: str) -> dict[str, dict]:
    resp = client.get("/v1/checklist", params={"therapist_id": f"test:{key}", "lang": lang})
    assert resp.status_code == 200
    return {f["kind"]: f for f in resp.json()["known_facts"]}


@LANGS
def test_the_profile_and_the_checklist_date_and_judge_each_claim_alike(client, lang):
    """The page's "(may be out of date)" and the printout's "over six months old" agree,
    and both cite the same date for it."""
    for key, stale in (("stale", True), ("old-claims", True), ("fresh", False), ("reread", False)):
        html = profile(client, key, lang)
        facts = checklist_facts(client, key, lang)
        for css_class, kind in (("accepting", "accepting_new_clients"), ("fees", "session_fee")):
            shown = _text(_paragraph(html, css_class))
            assert date_text(date.fromisoformat(facts[kind]["observed_at"]), lang) in shown
            assert facts[kind]["old"] is stale, (key, kind)
            assert (STALE_NOTE[lang] in shown) is stale, (key, css_class)
        assert ("badge-stale" in html) is stale, key


def test_every_badge_judges_the_date_it_cites():
    """The badges' own helpers: a badge's "stale" comes from the date its words cite."""
    from search_api.printables.provenance import date_text
    from search_api.web.badges import accepting_badge, fee_badge, insurance_badges

    vocabs = load_vocabularies()
    by_key = {listing.id.removeprefix("test:"): listing for listing in stale_listings()}
    for key, stale in (("stale", True), ("old-claims", True), ("fresh", False), ("reread", False)):
        listing = by_key[key]
        badges = [accepting_badge(listing, TODAY), fee_badge(listing, TODAY),
                  *insurance_badges(listing, vocabs, TODAY)]
        for badge in badges:
            assert badge is not None and badge.stale is stale, (key, badge)
            assert badge.checked_on == (OLD if stale else RECENT)
            assert date_text(date.fromisoformat(OLD if stale else RECENT)) in badge.basis_text
