"""Therapist Finder core: listing schema, vocabularies, geocoding and the store.

Both the crawler and the search API import this package; it imports neither.
"""

__version__ = "0.1.0"
