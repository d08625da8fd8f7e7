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
])
def test_forged_cursors_are_refused(fields):
    with pytest.raises(InvalidQuery) as caught:
        decode_cursor(forged(**fields))
    assert caught.value.param == "cursor"


def test_nonfinite_keys_are_refused():
    token = base64.urlsafe_b64encode(
        b'{"sort":"distance","key":NaN,"id":"test:a","query_hash":"x"}').decode()
    with pytest.raises(InvalidQuery):
        decode_cursor(token)


@pytest.mark.parametrize("sort, key", [("distance", 0.0), ("relevance", -3.25), ("relevance", "offset:40"),
                                       ("name", "ada lovelace")])
def test_cursors_round_trip(sort, key):
    cursor = Cursor(sort=sort, key=key, id="test:a", query_hash="abc")
    assert decode_cursor(encode_cursor(cursor)) == cursor
