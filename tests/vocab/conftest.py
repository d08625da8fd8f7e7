"""Shared fixtures for the vocabulary tests."""

import pytest

from therapist_finder.vocab import Vocabularies, load_vocabularies


@pytest.fixture(scope="session")
def vocabs() -> Vocabularies:
    return load_vocabularies()
