"""Stores loaded with factory listings, the way the indexer would load them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from therapist_finder.normalize import normalize_listing
from therapist_finder.store.sqlite import SqliteStore
from therapist_finder.vocab import load_vocabularies


def loaded(store: Any, listings: Iterable[Any]) -> Any:
    """`store`, rebuilt with `listings` normalized against the packaged vocabularies."""
    vocabs = load_vocabularies()
    store.rebuild(normalize_listing(item, vocabs) for item in listings)
    return store


def sqlite_store(path: Path, listings: Iterable[Any]) -> Iterator[SqliteStore]:
    """For `yield from` in a fixture: a full-snapshot SQLite store, closed afterwards."""
    store = loaded(SqliteStore(path, snapshot_mode="full"), listings)
    yield store
    store.close()


def app_over(path: Path, listings: Iterable[Any], **settings: Any) -> Iterator[Any]:
    """For `yield from` in a fixture: a TestClient of the real app (started) over a
    SQLite store holding only `listings`; `settings` override the app's defaults
    (`stale_after_days=90`), as THERAPIST_FINDER_* variables would."""
    from fastapi.testclient import TestClient

    from search_api.app import create_app
    from therapist_finder.settings import Settings

    for store in sqlite_store(path, listings):
        app_settings = Settings(store="sqlite:///unused.db", **settings)
        with TestClient(create_app(app_settings, store=store)) as client:
            yield client
