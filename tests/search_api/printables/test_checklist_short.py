"""The short consultation checklist (`length=short`), and the referral packet's choice of it."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from search_api.printables.checklist import ChecklistParams, build_checklist
from search_api.printables.checklist_short import (
    CONCERN_QUESTIONS,
    CONFIRM_KINDS,
    INSURER_QUESTIONS,
    SHORT_QUESTIONS,
    _is_safety,
)
from search_api.printables.wording import LANGS, load_content
from tests.search_api.printables.conftest import TODAY, post_ok, printable_listings
from therapist_finder.normalize import normalize_listing
from therapist_finder.schema import Listing


@pytest.fixture(scope="module")
def orla(vocabs):
    return normalize_listing(printable_listings()[0], vocabs)


def build(vocabs, listing=None, **params):
    return build_checklist(ChecklistParams(**params), vocabs, listing=listing, today=TODAY)


def question_ids(checklist) -> list[str]:
    return [q.id for s in checklist.sections for q in s.questions]


@pytest.mark.parametrize("lang", LANGS)
def test_every_short_question_exists_in_each_language(lang):
    ids = {f"{s.id}-{q.id}" for s in load_content(lang).sections for q in s.questions}
    assert SHORT_QUESTIONS <= ids


def test_short_general_questions_are_exactly_the_chosen_ones(vocabs):
    full, short = build(vocabs), build(vocabs, length="short")
    assert full.length == "full" and short.length == "short"
    assert set(question_ids(short)) == SHORT_QUESTIONS
    # In the full checklist's order, and sections left without a question are dropped.
    assert question_ids(short) == [i for i in question_ids(full) if i in SHORT_QUESTIONS]
    assert "after" in [s.id for s in full.sections] and "after" not in [s.id for s in short.sections]
    assert len(question_ids(short)) < len(question_ids(full)) / 2


@pytest.mark.parametrize("lang", LANGS)
def test_short_intro_says_it_is_short(vocabs, lang):
    short, full = build(vocabs, length="short", lang=lang), build(vocabs, lang=lang)
    assert short.intro == f"{full.intro} {load_content(lang).t('short_intro')}"


def test_concern_and_insurer_sections_keep_their_first_questions(vocabs):
    params = {"concern": ["perinatal depression", "suicidal thoughts"], "insurance": ["aetna"]}
    full, short = build(vocabs, **params), build(vocabs, length="short", **params)
    for section in full.sections:
        if section.kind not in ("concern", "insurer"):
            continue
        kept = next(s for s in short.sections if s.id == section.id)
        keep = CONCERN_QUESTIONS if section.kind == "concern" else INSURER_QUESTIONS
        safety = [q for q in section.questions[keep:] if _is_safety(section.id, q.id)]
        assert kept.questions == section.questions[:keep] + safety
        # What the section holds besides questions stays: the crisis line, the call record.
        assert (kept.note, kept.record, kept.intro) == (section.note, section.record, section.intro)
    crisis = next(s for s in short.sections if s.id == "concern-suicidal-thoughts")
    assert "988" in crisis.note


def test_short_confirm_asks_about_cost_access_and_the_clients_insurers(vocabs, orla):
    full = build(vocabs, orla, insurance=["aetna", "UnitedHealthcare"])
    short = build(vocabs, orla, insurance=["aetna", "UnitedHealthcare"], length="short")
    confirm = {q.id for q in next(s for s in full.sections if s.kind == "confirm").questions}
    kept = {q.id for q in next(s for s in short.sections if s.kind == "confirm").questions}
    facts = {f.id: f for f in full.known_facts}
    expected = {
        f"confirm-{fid}" for fid, fact in facts.items()
        if f"confirm-{fid}" in confirm and (fact.kind in CONFIRM_KINDS or fid == "insurance:aetna")
    } | {"confirm-insurance:unitedhealthcare"}  # named by the client, not listed: asked
    assert kept == expected
    # Cigna and Medicaid, which the client did not name, are left to the full checklist.
    assert {"confirm-insurance:cigna", "confirm-insurance:medicaid"} <= confirm - kept
    # The box of what the directory knows is the same: it is reference, not questions.
    assert short.known_facts == full.known_facts and short.known == full.known


def test_short_confirm_keeps_what_sources_dispute(vocabs, orla):
    # Whether sessions are by video, and whether Cigna (not the client's insurer) is taken.
    disputed = Listing.model_validate({**orla.model_dump(), "conflicts": [
        {"field": "telehealth", "claims": [
            {"value": True, "source": "a", "basis": "payer_directory", "observed_at": "2026-10-01"},
            {"value": False, "source": "b", "basis": "provider_reported", "observed_at": "2026-09-01"}]},
        {"field": "insurance.cigna", "claims": [
            {"value": True, "source": "a", "basis": "payer_directory", "observed_at": "2026-10-01"},
            {"value": False, "source": "b", "basis": "provider_reported", "observed_at": "2026-09-01"}]}]})
    facts = {f.id: f for f in build(vocabs, disputed).known_facts}
    assert facts["sessions"].disputed and facts["insurance:cigna"].disputed
    short = build(vocabs, disputed, length="short")
    kept = {q.id for q in next(s for s in short.sections if s.kind == "confirm").questions}
    assert {"confirm-sessions", "confirm-insurance:cigna"} <= kept
    assert "confirm-insurance:medicaid" not in kept


def test_short_pdf_is_shorter(client):
    pages = {}
    for length in ("short", "full"):
        pdf = post_ok(client, "/v1/checklist", therapist_id="test:ipt", length=length, format="pdf",
                      concern="grief", insurance="aetna").content
        pages[length] = len(PdfReader(io.BytesIO(pdf)).pages)
    assert pages["short"] < pages["full"] * 0.7, pages


def test_length_is_checked(client):
    resp = client.get("/v1/checklist", params={"length": "tiny"})
    assert resp.status_code == 422
    assert "length" in resp.text
    page = client.post("/v1/checklist", data={"length": "tiny", "format": "html"})
    assert page.status_code == 422
    assert "Length: choose one of the options offered." in page.text


@pytest.mark.parametrize(("value", "expected"), [
    ("short", "short"), ("full", "full"), ("true", "full"), ("none", None), ("false", None),
    # What the parameter took as a yes/no before (pydantic's bool).
    ("t", "full"), ("Y", "full"), ("on", "full"), ("f", None), ("N", None), ("0", None)])
def test_referral_packet_appends_the_chosen_checklist(client, value, expected):
    packet = client.get("/v1/referrals", params={"ids": "test:ipt", "checklist": value, "format": "json"})
    assert packet.status_code == 200, packet.text[:300]
    checklist = packet.json()["checklist"]
    assert (checklist and checklist["length"]) == expected


def test_forms_offer_the_short_version_first(client):
    profile = client.get("/therapists/test:ipt").text
    assert '<select id="c-length" name="length"><option value="short">' in profile
    shortlist = client.get("/shortlist", params={"ids": "test:ipt,test:cbt"}).text
    assert '<select id="ref-checklist" name="checklist"><option value="short">' in shortlist


@pytest.mark.parametrize("concern", ["depression", "perinatal depression", "PTSD", "bipolar",
                                     "relationship conflict", "suicidal thoughts", "substance use",
                                     "eating disorders"])
@pytest.mark.parametrize("lang", LANGS)
def test_safety_and_crisis_questions_survive_the_short_version(vocabs, concern, lang):
    full = build(vocabs, concern=[concern], lang=lang)
    short = build(vocabs, concern=[concern], lang=lang, length="short")
    section = next(s for s in full.sections if s.kind == "concern")
    safety = [q.id for q in section.questions if _is_safety(section.id, q.id)]
    assert safety, section.id  # each of these concerns has one
    assert set(safety) <= set(question_ids(short))
    # And the general question on what to do in a crisis between sessions.
    assert "homework-between-sessions" in question_ids(short)


def test_a_second_claim_about_the_client_s_insurer_is_still_asked(vocabs, orla):
    """Two claims about one payer make the second fact's id 'insurance:aetna:2'."""
    old_own_word = {"payer": "aetna", "plans": [], "basis": "provider_reported", "observed_at": "2025-01-05"}
    twice = Listing.model_validate({**orla.model_dump(), "insurance": [
        *[c.model_dump() for c in orla.insurance], old_own_word]})
    facts = [f.id for f in build(vocabs, twice).known_facts if f.kind == "insurance"]
    assert "insurance:aetna:2" in facts
    short = build(vocabs, twice, insurance=["aetna"], length="short")
    kept = {q.id for q in next(s for s in short.sections if s.kind == "confirm").questions}
    assert "confirm-insurance:aetna:2" in kept
