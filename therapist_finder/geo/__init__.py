"""Places: offline gazetteer, optional online geocoder, distances."""

from therapist_finder.geo.distance import EARTH_RADIUS_MI, haversine_mi
from therapist_finder.geo.points import GeoPoint

__all__ = ["EARTH_RADIUS_MI", "GeoPoint", "haversine_mi"]
