"""Settings, read from the environment when first asked for (never at import).

`get_settings()` is cached; tests call `get_settings.cache_clear()` or build a
`Settings` directly and hand it to the code under test.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from therapist_finder.errors import ConfigurationError

DEFAULT_STORE = "sqlite:///./data/directory.db"
DEFAULT_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
USER_AGENT = "TherapistFinderBot/0.1 (+https://github.com/therapist-finder/therapist-finder)"
# The environment variable each setting is read from.
ENVIRONMENT = {
    "store": "THERAPIST_FINDER_STORE",
    "geocoder": "THERAPIST_FINDER_GEOCODER",
    "user_agent": "THERAPIST_FINDER_USER_AGENT",
    "geocoder_min_delay_s": "THERAPIST_FINDER_GEOCODER_MIN_DELAY",
    "stale_after_days": "THERAPIST_FINDER_STALE_AFTER_DAYS",
    "host": "THERAPIST_FINDER_HOST",
    "port": "THERAPIST_FINDER_PORT",
    "tile_url": "THERAPIST_FINDER_TILE_URL",
    "removals_file": "THERAPIST_FINDER_REMOVALS",
    "public_url": "THERAPIST_FINDER_PUBLIC_URL",
}


class Settings(BaseModel):
    """Everything that can differ between a laptop, CI and a deployment."""

    store: str = DEFAULT_STORE
    # Online geocoder for street addresses, e.g. "nominatim" or
    # "nominatim:https://nominatim.example.org"; None keeps geocoding offline.
    geocoder: str | None = None
    user_agent: str = USER_AGENT
    geocoder_min_delay_s: float = Field(1.0, ge=0)
    # A listing no source has seen for this many days is stale: hidden from
    # default search results (include_stale=true shows it).
    stale_after_days: int = Field(180, ge=1, le=3650)
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    # Map tiles for the web pages ({z}/{x}/{y}, optional {s}); the tile host sees
    # which map area is viewed. An empty string turns tiles off (markers only).
    tile_url: str = Field(DEFAULT_TILE_URL, max_length=500)
    # Listings removed on request (`therapist-finder remove`), which imports and
    # crawls keep out (therapist_finder/removals.py); unset: see `removals`.
    removals_file: str | None = Field(None, min_length=1, max_length=1000)
    # The site's address as visitors reach it (https://find.example.org), for the absolute
    # links pages print (a shortlist's link, a printout's footer). Unset, they use the
    # request's Host header, which a client chooses: set it in any deployment.
    public_url: str | None = Field(None, max_length=300, pattern=r"^https?://[A-Za-z0-9.-]+(:\d{1,5})?(/[^\s]*)?$")

    @property
    def removals(self) -> str:
        """The removal list: THERAPIST_FINDER_REMOVALS, else removals.jsonl beside
        a SQLite store's file, else (a search-engine store) this user's data directory
        ($XDG_DATA_HOME, or ~/.local/share, /therapist-finder/removals.jsonl). Never a
        path relative to where a command runs: a crawl started elsewhere would read
        another list and bring back listings removed on request."""
        if self.removals_file:
            return self.removals_file
        if self.store.startswith("sqlite:///"):
            return str(Path(self.store.removeprefix("sqlite:///")).parent / "removals.jsonl")
        data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        return str(Path(data_home) / "therapist-finder" / "removals.jsonl")

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Build settings from THERAPIST_FINDER_* variables; ConfigurationError
        names each variable whose value is not acceptable, and why."""
        env = os.environ if environ is None else environ
        values = {name: env[var] for name, var in ENVIRONMENT.items() if env.get(var)}
        try:
            return cls.model_validate(values)
        except ValidationError as exc:
            problems = []
            for err in exc.errors():
                var = ENVIRONMENT.get(str(err["loc"][0]), str(err["loc"][0])) if err["loc"] else "settings"
                problems.append(f"{var}={env.get(var)!r}: {err['msg']}")
            raise ConfigurationError("bad environment variable: " + "; ".join(problems)) from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (cached; clear the cache to re-read)."""
    return Settings.from_environ()
