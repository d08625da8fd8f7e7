"""Great-circle distance in miles, the one formula every store agrees on.

The mean Earth radius matches Elasticsearch's (6,371,008.7714 m), so the
embedded store and the scale-out store draw the same radius boundary.
"""

from __future__ import annotations

import math

import numpy as np

EARTH_RADIUS_MI = 6371008.7714 / 1609.344


def haversine_mi(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance between two points in miles."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_MI * math.asin(min(1.0, math.sqrt(h)))


def haversine_mi_array(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """Vectorized distance from one point to many, in miles."""
    p1 = math.radians(lat)
    p2 = np.radians(lats)
    dp = (p2 - p1) * 0.5
    dl = np.radians(lons - lon) * 0.5
    h = np.sin(dp) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(dl) ** 2
    return 2 * EARTH_RADIUS_MI * np.arcsin(np.sqrt(np.minimum(h, 1.0)))


def bounding_box(lat: float, lon: float, radius_mi: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) that contains the whole circle.

    Padded slightly so rounding never excludes a point the exact check keeps.
    """
    dlat = math.degrees(radius_mi / EARTH_RADIUS_MI) * 1.001 + 1e-9
    coslat = math.cos(math.radians(min(89.0, abs(lat) + dlat)))
    dlon = min(180.0, dlat / max(coslat, 1e-6))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon
