"""Encoding listings into the rows the SQLite store writes."""

from __future__ import annotations

from tests.utils.factories import make_listing
from therapist_finder.store.sqlite.rows import topics_text
from therapist_finder.vocab import load_vocabularies


def test_topics_text_names_labels_in_order_and_keeps_an_unknown_slug():
    vocabs = load_vocabularies()
    listing = make_listing("t", specialties=["grief", "not-a-term"], approaches=["ipt"])
    grief, ipt = vocabs["specialty"].get("grief").label, vocabs["approach"].get("ipt").label
    assert topics_text(listing, vocabs) == f"{grief} · not-a-term · {ipt}"
    assert topics_text(make_listing("u", specialties=[], approaches=[]), vocabs) == ""
