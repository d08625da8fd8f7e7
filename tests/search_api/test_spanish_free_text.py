"""Searching the API with sentences as people type them, in Spanish and in
English, over a real SQLite store of a few fictional listings."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from search_api.app import create_app
from tests.search_api.conftest import MANHATTAN
from tests.utils.factories import claim, make_listing, north_of
from therapist_finder.normalize import normalize_listing
from therapist_finder.settings import Settings
from therapist_finder.store.sqlite import SqliteStore
from therapist_finder.vocab import load_vocabularies


def listings():
    near = north_of(*MANHATTAN, 1)
    return [
        # Tagged trauma-informed; the description never says "trauma".
        make_listing("paced", near, name="Tamsin Velloway", approaches=["trauma-informed"],
                     description="Slow, paced sessions in a quiet office.", license_states=["NY"]),
        make_listing("worry", near, name="Idris Pellmarch", specialties=["anxiety"],
                     description="Calm, practical help for worry.", license_states=["NY"]),
        make_listing("newborn", near, name="Odile Fairwen", specialties=["perinatal-depression"],
                     license_types=["counselor"], license_states=["NY"]),
        make_listing("household", near, name="Wren Castellane", approaches=["family-systems"],
                     description="Sessions for teens and their parents.", license_states=["NY"]),
        make_listing("bilingual", near, name="Marisol Quintavale", license_types=["psychologist"],
                     languages=["en", "es"], insurance=[claim("medicaid")], license_states=["NY"]),
    ]


@pytest.fixture()
def client(tmp_path):
    vocabs = load_vocabularies()
    store = SqliteStore(tmp_path / "spanish.db", snapshot_mode="full")
    store.rebuild(normalize_listing(item, vocabs) for item in listings())
    settings = Settings(store=f"sqlite:///{tmp_path / 'spanish.db'}")
    with TestClient(create_app(settings, store=store)) as client:
        yield client
    store.close()


def search(client, q: str) -> dict:
    return client.get("/v1/therapists", params={"near": "10001", "q": q}).json()


def names(client, q: str) -> list[str]:
    return sorted(hit["name"] for hit in search(client, q)["results"])


@pytest.mark.parametrize(("spanish", "english", "found"), [
    ("terapeuta para ansiedad", "therapist for anxiety", ["Idris Pellmarch"]),
    ("consejera para depresión posparto", "counselor for postpartum depression", ["Odile Fairwen"]),
    ("terapia familiar para adolescentes", "family therapy for teens", ["Wren Castellane"]),
])
def test_a_spanish_sentence_finds_what_its_english_one_finds(client, spanish, english, found):
    assert names(client, english) == found
    assert names(client, spanish) == found


@pytest.mark.parametrize("q", ["trauma-informed", "trauma informed therapist", "terapeuta trauma-informed"])
def test_a_term_holding_another_terms_word_finds_its_listings(client, q):
    assert names(client, q) == ["Tamsin Velloway"]


@pytest.mark.parametrize("q", [
    "psicóloga que acepte Medicaid",
    "psicologa que hable español y acepte Medicaid",
    "psychologist who speaks Spanish and accepts Medicaid",
])
def test_the_first_hint_takes_the_filters_a_sentence_names_and_no_filler(client, q):
    first = search(client, q)["hints"][0]
    assert {(f["param"], f["value"]) for f in first["filters"]} >= {
        ("insurance", "medicaid"), ("license_type", "psychologist")}
    assert (first["q"], first["total"]) == (None, 1)
