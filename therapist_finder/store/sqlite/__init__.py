"""Embedded SQLite store (default): see store.py."""

from therapist_finder.store.sqlite.store import SqliteStore

__all__ = ["SqliteStore"]
