"""Session-wide test setup."""

from __future__ import annotations

import os
import shutil
import tempfile

_DATA_HOME = tempfile.mkdtemp(prefix="tf-test-data-")


def pytest_configure(config) -> None:
    """Keep every test, and every CLI it starts, out of the user's own data directory:
    a search-engine store's removal list lives there (Settings.removals)."""
    os.environ["XDG_DATA_HOME"] = _DATA_HOME


def pytest_unconfigure(config) -> None:
    shutil.rmtree(_DATA_HOME, ignore_errors=True)
