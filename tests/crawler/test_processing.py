"""Checking a crawled listing dict before it is normalized (crawler/processing.py)."""

from __future__ import annotations

from crawler.processing import DESCRIPTION_MAX, validate


def _item(description: str) -> dict:
    return {"id": "directory:long-page", "kind": "individual", "name": "Wren Example",
            "description": description}


def test_an_overlong_description_is_shortened_not_the_listing_dropped():
    words = "Long prose about grief and anxiety work. " * 1000  # about 41,000 characters
    listing, _ = validate(_item(words))
    assert len(listing.description) <= DESCRIPTION_MAX
    assert listing.description.endswith("…") and words.startswith(listing.description[:-1])
    assert listing.description[-2] != " "  # cut at a word boundary, no trailing space


def test_a_description_within_the_limit_is_kept_as_it_is():
    text = "x" * DESCRIPTION_MAX
    assert validate(_item(text))[0].description == text
