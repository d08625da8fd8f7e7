"""The span after which a fact is old: the app's setting, judged and worded one way.

The printables said "over six months old" and judged 180 days whatever
THERAPIST_FINDER_STALE_AFTER_DAYS was (it also decides which listings a search hides).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from search_api.printables.facts import listing_facts
from search_api.printables.provenance import MAX_AGE_DAYS, age_text, is_old, needs_confirmation
from search_api.printables.wording import load_content
from search_api.web.badges import accepting_badge, fee_badge, is_stale
from search_api.web.listing_view import listing_view
from tests.utils.factories import make_listing
from therapist_finder.settings import Settings
from therapist_finder.vocab import load_vocabularies

TODAY = date(2026, 11, 26)
DAY_120 = TODAY - timedelta(days=120)


def test_the_default_is_the_settings_default():
    assert MAX_AGE_DAYS == Settings().stale_after_days == 180


@pytest.mark.parametrize(
    ("days", "en", "es"),
    [
        (180, "six months", "seis meses"),  # the default keeps its everyday words
        (90, "90 days", "90 días"),  # never "three months": 90 days is not always three months
        (1, "1 day", "1 día"),
        (365, "a year", "un año"),
        (730, "2 years", "2 años"),
        (400, "400 days", "400 días"),
    ],
)
def test_age_text(days, en, es):
    assert (age_text(days), age_text(days, "es")) == (en, es)
    assert load_content("en").age(days) == en and load_content("es").age(days) == es


@pytest.mark.parametrize(
    ("lang", "days", "tag"),
    [
        ("en", 180, "please confirm: over six months old"),
        ("en", 90, "please confirm: over 90 days old"),
        ("es", 180, "confirmar: tiene más de seis meses"),
        ("es", 90, "confirmar: tiene más de 90 días"),
        ("en", 365, "please confirm: sources disagree, over a year old"),
    ],
)
def test_the_tag_names_the_span_it_was_judged_by(lang, days, tag):
    disputed = days == 365
    assert load_content(lang).flag(True, old=True, disputed=disputed, max_age_days=days) == tag


def test_a_fact_is_old_past_the_span_given():
    assert is_old(DAY_120, TODAY, 90) and not is_old(DAY_120, TODAY)
    assert is_old(DAY_120, TODAY, 119) and not is_old(DAY_120, TODAY, 120)  # "over", not "at"
    assert needs_confirmation("payer_directory", DAY_120, TODAY, 90)
    assert not needs_confirmation("payer_directory", DAY_120, TODAY)
    assert is_stale(DAY_120, TODAY, 90) and not is_stale(DAY_120, TODAY)


def _listing():
    said = {"basis": "provider_reported", "source": "fixture", "observed_at": DAY_120.isoformat()}
    return make_listing("p", fees={"session_min": 90}, accepting_new_clients=True,
                        insurance=[{"payer": "aetna", "basis": "payer_directory",
                                    "observed_at": DAY_120.isoformat()}],
                        attributions={"fees": said, "accepting_new_clients": said},
                        last_seen_at=TODAY.isoformat())


@pytest.mark.parametrize(("days", "old"), [(90, True), (180, False)])
def test_a_page_and_a_printout_judge_a_claim_by_the_same_span(days, old):
    listing, vocabs = _listing(), load_vocabularies()
    facts = {f.id: f for f in listing_facts(listing, vocabs, load_content("en"), TODAY, days)}
    view = listing_view(listing, vocabs, today=TODAY, stale_after_days=days)
    assert [facts[i].old for i in ("accepting_new_clients", "session_fee", "insurance:aetna")] == [old] * 3
    assert (view.accepting.stale, view.fee_stale, view.insurance[0].stale) == (old, old, old)
    assert accepting_badge(listing, TODAY, max_age_days=days).stale is old
    assert fee_badge(listing, TODAY, max_age_days=days).stale is old
