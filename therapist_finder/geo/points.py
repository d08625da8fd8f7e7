"""A resolved place: coordinates plus how precise they are and what they name."""

from __future__ import annotations

from pydantic import BaseModel, Field


class NearbyPlace(BaseModel):
    """The ZIP whose centroid is nearest a searched point, and how far it is."""

    city: str
    state: str
    postal_code: str
    distance_mi: float

    @property
    def label(self) -> str:
        """'Haverstraw, NY 10927'."""
        return f"{self.city}, {self.state} {self.postal_code}"

    @property
    def town(self) -> str:
        """'Haverstraw, NY'."""
        return f"{self.city}, {self.state}"


class GeoPoint(BaseModel):
    """Coordinates in degrees with a human label (e.g. 'New York, NY 10001').

    `nearby` is set for coordinates a person gave (`near=lat,lon`, `lat`/`lon`)
    when a ZIP centroid is close enough to name them by.
    """

    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    label: str | None = None
    precision: str | None = None
    state: str | None = None
    nearby: NearbyPlace | None = None
