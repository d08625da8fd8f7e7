"""Asking a store the contract's questions the way the API does (through build_query)."""

from __future__ import annotations

from tests.utils.factories import ORIGIN
from therapist_finder.geo.resolve import PlaceResolver
from therapist_finder.search_params import SearchParams, build_query
from therapist_finder.vocab import load_vocabularies

LATLON = {"lat": ORIGIN[0], "lon": ORIGIN[1]}


def run(store, **params):
    query = build_query(SearchParams(**params), load_vocabularies(), PlaceResolver())
    return store.search(query)


def ids(result) -> list[str]:
    return [hit.listing.id.removeprefix("test:") for hit in result.results]


def all_pages(store, limit: int, **params) -> list[str]:
    seen, cursor = [], None
    for _ in range(100):
        result = run(store, limit=limit, **({"cursor": cursor} if cursor else {}), **params)
        seen += ids(result)
        cursor = result.next_cursor
        if cursor is None:
            return seen
    raise AssertionError("paging did not end")
