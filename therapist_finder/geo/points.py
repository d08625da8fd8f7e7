"""A resolved place: coordinates plus how precise they are and what they name."""

from __future__ import annotations

from pydantic import BaseModel, Field


class GeoPoint(BaseModel):
    """Coordinates in degrees with a human label (e.g. 'New York, NY 10001')."""

    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    label: str | None = None
    precision: str | None = None
    state: str | None = None
