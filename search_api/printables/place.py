"""The place a printout measures distances from, as paper may name it.

A ZIP or a city is printed as resolved. Coordinates ("Use my location") and a
street address say where a client is, and a printout travels (a referral
packet is handed on), so those are printed as the town nearest them.
"""

from __future__ import annotations

from search_api.printables.wording import ChecklistContent
from therapist_finder.geo.gazetteer import default_gazetteer
from therapist_finder.geo.points import GeoPoint
from therapist_finder.geo.resolve import NEARBY_MAX_MI

# Precisions of a place a person gave as a point or an address.
PERSONAL = frozenset({"rooftop", "street"})


def printed_place(point: GeoPoint | None, content: ChecklistContent) -> str | None:
    """'New York, NY 10001'; 'a point near Houston, TX' for a person's own point."""
    if point is None:
        return None
    if point.precision not in PERSONAL and point.label:
        return point.label
    town = point.nearby.town if point.nearby else None
    if town is None:
        found = default_gazetteer().reverse((point.lat, point.lon), max_distance_mi=NEARBY_MAX_MI)
        town = f"{found.raw['city']}, {found.raw['state']}" if found is not None else None
    return content.t("point_near", place=town) if town else content.t("point_given")
