"""Settings, read from the environment when first asked for (never at import).

`get_settings()` is cached; tests call `get_settings.cache_clear()` or build a
`Settings` directly and hand it to the code under test.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import lru_cache

from pydantic import BaseModel, Field

DEFAULT_STORE = "sqlite:///./data/directory.db"
USER_AGENT = "TherapistFinderBot/0.1 (+https://github.com/therapist-finder/therapist-finder)"


class Settings(BaseModel):
    """Everything that can differ between a laptop, CI and a deployment."""

    store: str = DEFAULT_STORE
    # Online geocoder for street addresses, e.g. "nominatim" or
    # "nominatim:https://nominatim.example.org"; None keeps geocoding offline.
    geocoder: str | None = None
    user_agent: str = USER_AGENT
    geocoder_min_delay_s: float = Field(1.0, ge=0)
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Build settings from THERAPIST_FINDER_* variables."""
        env = os.environ if environ is None else environ
        fields = {
            "store": "THERAPIST_FINDER_STORE",
            "geocoder": "THERAPIST_FINDER_GEOCODER",
            "user_agent": "THERAPIST_FINDER_USER_AGENT",
            "geocoder_min_delay_s": "THERAPIST_FINDER_GEOCODER_MIN_DELAY",
            "host": "THERAPIST_FINDER_HOST",
            "port": "THERAPIST_FINDER_PORT",
        }
        values = {name: env[var] for name, var in fields.items() if env.get(var)}
        return cls.model_validate(values)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (cached; clear the cache to re-read)."""
    return Settings.from_environ()
