"""Listing -> engine document -> listing, and the document's searchable fields."""

from __future__ import annotations

from tests.utils.factories import claim, make_listing
from therapist_finder.store.search_engine import mapping
from therapist_finder.store.search_engine.documents import DocumentEncoder, listing_from_source
from therapist_finder.vocab import load_vocabularies


def encoder() -> DocumentEncoder:
    return DocumentEncoder(load_vocabularies())


def test_document_fields_and_round_trip():
    listing = make_listing(
        "doc",
        name="  Ada  Brook ",
        insurance=[claim("aetna"), claim("aetna", "payer_directory")],
        approaches=["cbt", "not-a-slug"],
        license_states=["NY"],
        accepting_new_clients=False,
        fees={"session_min": 120, "sliding_scale_min": 45},
        last_seen_at="2026-10-02",
        sources=[{"source": "nppes", "fetched_at": "2026-11-01"}],
    )
    listing.locations.append(listing.locations[0].model_copy(update={"lat": 41.0, "state": "NE"}))
    doc = encoder().document(listing, indexed_at="2026-11-26T00:00:00+00:00")
    assert doc["id"] == "test:doc" and doc["name_key"] == "ada brook"
    assert doc["insurance"] == ["aetna"]
    assert doc["approach"] == ["cbt"]  # values outside the vocabularies are not counted
    assert doc["state"] == ["KS", "NE", "NY"]
    assert doc["accepting_new"] is False and "telehealth" not in doc  # unknown stays absent
    assert doc["sliding_scale"] is True
    assert doc["fees"]["lowest"] == 45
    assert doc["locations"] == [{"lat": 40.0, "lon": -100.0}, {"lat": 41.0, "lon": -100.0}]
    assert doc["location_count"] == 2
    assert doc["offices"] == [{"point": p} for p in doc["locations"]]
    assert doc["last_seen"] == "2026-11-01"
    # Text fields hold FTS5's unicode61 tokens (lowercased, folded, split at punctuation).
    assert "cognitive behavioral therapy cbt" in doc["topics"] and doc["name"] == "ada brook"
    assert "cbt" in doc["mentions"]["approach"]  # a listing's own tags count as mentions
    assert listing_from_source(doc) == listing


def test_document_fields_match_the_strict_mapping():
    doc = encoder().document(
        make_listing("m", fees={"session_min": 90}, telehealth=True, last_seen_at="2026-01-01")
    )
    properties = mapping.mappings()["properties"]
    assert set(doc) <= set(properties)
    assert set(doc["fees"]) <= set(properties["fees"]["properties"])
    assert properties["doc"] == {"type": "object", "enabled": False}
    assert mapping.mappings()["dynamic"] == "strict"


def test_mentions_are_the_embedded_stores_mention_terms():
    vocabs = load_vocabularies()
    listing = make_listing(
        "men",
        name="O'Brien Dana",
        description="I help adults with PTSD, using Cognitive Behavioral Therapy.",
        specialties=["grief", "not-a-slug"],
    )
    doc = DocumentEncoder(vocabs).document(listing)
    found = vocabs.scanner("specialty", "approach").find(f"{listing.name}. {listing.description}")
    assert doc["mentions"]["specialty"] == list(dict.fromkeys(["grief", *found[0]]))
    assert "cbt" in doc["mentions"]["approach"] and set(found[1]) <= set(doc["mentions"]["approach"])
    assert doc["name"] == "o brien dana"


def test_bulk_action_has_stable_id():
    action = encoder().action(make_listing("s"), "listings-x")
    assert (action["_op_type"], action["_index"], action["_id"]) == (
        "index",
        "listings-x",
        "test:s",
    )


def test_templates_are_versioned_and_derived_from_the_alias():
    name, body = mapping.index_template("tf_test")
    assert name == "tf_test-template"
    assert body["index_patterns"] == ["tf_test-*"]
    assert body["composed_of"] == ["tf_test-settings", "tf_test-mappings"]
    assert body["version"] == mapping.template_version() >= 1
    parts = mapping.component_templates("tf_test")
    assert all(part["version"] == body["version"] for part in parts.values())
    analysis = parts["tf_test-settings"]["template"]["settings"]["analysis"]
    assert "synonym" not in str(analysis)  # synonyms are expanded by the application
