"""The body of each contract module's `make_store` fixture (see contract.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from tests.utils.stores import loaded
from therapist_finder.vocab import Vocabularies, load_vocabularies

StoreFactory = Callable[[list[Any]], Any]


def store_factory(open_empty: Callable[[Vocabularies], Any]) -> Iterator[StoreFactory]:
    """Yield `factory(listings)`: a store from `open_empty`, loaded with those listings.

    Use as `yield from store_factory(...)` in a fixture: every store the test
    made is closed when the fixture ends.
    """
    stores = []

    def factory(listings):
        store = loaded(open_empty(load_vocabularies()), listings)
        stores.append(store)
        return store

    yield factory
    for store in stores:
        store.close()
