"""Listing factories for tests: small, explicit, clearly fictional."""

from __future__ import annotations

import math
from typing import Any

from therapist_finder.geo.distance import EARTH_RADIUS_MI
from therapist_finder.schema import Listing

ORIGIN = (40.0, -100.0)  # open country in Kansas/Nebraska: nothing real is implied


def north_of(lat: float, lon: float, miles: float) -> tuple[float, float]:
    """The point `miles` due north (along the meridian: distance is exact)."""
    return lat + math.degrees(miles / EARTH_RADIUS_MI), lon


def make_listing(key: str, at: tuple[float, float] | None = ORIGIN, **fields: Any) -> Listing:
    """A valid individual listing; `at=None` gives it no location."""
    data: dict[str, Any] = {
        "id": f"test:{key}",
        "kind": "individual",
        "name": fields.pop("name", f"Test Person {key}"),
        "license_states": ["KS"],
        "languages": ["en"],
    }
    if at is not None:
        data["locations"] = [{"city": "Testville", "state": "KS", "lat": at[0], "lon": at[1]}]
    data.update(fields)
    return Listing.model_validate(data)


def claim(payer: str, basis: str = "provider_reported", observed_at: str = "2026-10-01") -> dict:
    return {"payer": payer, "plans": [], "basis": basis, "observed_at": observed_at}
