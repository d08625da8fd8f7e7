"""Cursors come back from clients: anything not made by a search is a 422, never a 500."""

from __future__ import annotations

import base64
import json

import pytest

from therapist_finder.errors import InvalidQuery
from therapist_finder.store.query import Cursor, decode_cursor, encode_cursor


def forged(**fields) -> str:
    data = {"sort": "distance", "key": 1.5, "id": "test:a", "query_hash": "0" * 16, **fields}
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


@pytest.mark.parametrize("fields", [
    {"key": "abc"},
    {"key": None},
    {"key": [1]},
    {"sort": "relevance", "key": None},
    {"sort": "name", "key": 1.5},
    {"sort": "name", "key": None},
    {"sort": "nearest"},
    {"id": 5},
    {"sort": "fee", "key": "cheap"},
    {"sort": "fee", "key": 80, "distance": "near"},
    {"sort": "fee", "key": 80, "distance": [1.5]},
])
def test_forged_cursors_are_refused(fields):
    with pytest.raises(InvalidQuery) as caught:
        decode_cursor(forged(**fields))
    assert caught.value.param == "cursor"


@pytest.mark.parametrize("raw", [
    b'{"sort":"distance","key":NaN,"id":"test:a","query_hash":"x"}',
    b'{"sort":"fee","key":Infinity,"id":"test:a","query_hash":"x"}',
    b'{"sort":"fee","key":80,"distance":NaN,"id":"test:a","query_hash":"x"}',
])
def test_nonfinite_keys_are_refused(raw):
    token = base64.urlsafe_b64encode(raw).decode()
    with pytest.raises(InvalidQuery):
        decode_cursor(token)


@pytest.mark.parametrize("sort, key, distance", [
    ("distance", 0.0, None), ("relevance", -3.25, None), ("relevance", "offset:40", None),
    ("name", "ada lovelace", None), ("fee", 59.99, None), ("fee", None, None),
    ("fee", 0.0, 2.9999973339745813), ("fee", None, 0.0),
])
def test_cursors_round_trip(sort, key, distance):
    cursor = Cursor(sort=sort, key=key, id="test:a", query_hash="abc", distance=distance)
    assert decode_cursor(encode_cursor(cursor)) == cursor


def test_only_a_cursor_with_a_distance_carries_one():
    # Cursors of the other sorts are the tokens they always were.
    plain = encode_cursor(Cursor(sort="name", key="ada", id="test:a", query_hash="abc"))
    assert b"distance" not in base64.urlsafe_b64decode(plain + "=" * (-len(plain) % 4))
