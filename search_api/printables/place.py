"""The place a printout measures distances from, as paper may name it.

A ZIP or a city is printed as resolved. Coordinates ("Use my location") and a
street address say where a client is, and a printout travels (a referral
packet is handed on), so those are printed as the town nearest them.
"""

from __future__ import annotations

from search_api.printables.wording import ChecklistContent
from therapist_finder.geo.points import GeoPoint
from therapist_finder.geo.resolve import PlaceResolver

# Precisions of a place a person gave as a point or an address.
PERSONAL = frozenset({"rooftop", "street"})


def printed_place(point: GeoPoint | None, content: ChecklistContent) -> str | None:
    """'New York, NY 10001'; 'a point near Houston, TX' for a person's own point."""
    if point is None:
        return None
    if point.precision not in PERSONAL and point.label:
        return point.label
    # An address has no `nearby` of its own: the resolver names its nearest ZIP's town too.
    nearby = point.nearby or PlaceResolver().nearby(point.lat, point.lon)
    return content.t("point_near", place=nearby.town) if nearby else content.t("point_given")
