"""Offline US gazetteer (ZIP codes and city names) behind geopy's interface.

The `zipcodes` package ships every US ZIP with its coordinates, so ZIPs and
"City, ST" resolve with no network. Wrapping it as a geopy `Geocoder` lets the
resolver treat it exactly like an online geocoder. `reverse` names the ZIP whose
centroid is nearest a point (a coordinate search's "near Haverstraw, NY").
"""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
import threading
import unicodedata
from collections import defaultdict
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np
import zipcodes
from geopy.geocoders.base import Geocoder
from geopy.location import Location as GeopyLocation
from geopy.point import Point as GeopyPoint

from therapist_finder.geo.distance import EARTH_RADIUS_MI, haversine_mi_array
from therapist_finder.memory import release_free_memory

ZIP_RE = re.compile(r"^\s*(\d{5})(?:-\d{4})?\s*$", re.ASCII)
CITY_STATE_RE = re.compile(r"^\s*([^,]+?)\s*,\s*([A-Za-z]{2})\s*$")


# Spanish names of US cities that Spanish-speaking clients type ("Nueva York, NY"), where
# the gazetteer has only the English one. Only names no US place bears itself: "San Luis"
# (St. Louis) is left out, as Arizona and Colorado have towns called San Luis.
CITY_EXONYMS = {
    "nueva york": "new york",
    "filadelfia": "philadelphia",
    "nueva orleans": "new orleans",
    "cayo hueso": "key west",
}


def _city_key(city: str, state: str) -> tuple[str, str]:
    folded = unicodedata.normalize("NFKD", city).encode("ascii", "ignore").decode()
    folded = re.sub(r"[^a-z0-9 ]+", " ", folded.lower())
    folded = " ".join(re.sub(r"\bsaint\b", "st", folded).split())
    return CITY_EXONYMS.get(folded, folded), state.upper()


def _all_zip_rows() -> list[dict]:
    """Every ZIP row, uncached (the package's public list_all() caches them)."""
    try:
        from zipcodes import _zipcodes

        return _zipcodes.list_all()
    except (ImportError, AttributeError):  # another zipcodes layout: public API
        return zipcodes.list_all()


def build_tables() -> dict:
    """Compact JSON-ready tables: zip -> [lat, lon, city, state],
    "city|ST" -> [lat, lon, name] (the centroid of the city's ZIPs), and the
    ZIPs of a single institution ("unique": the IRS's 00501, a university's)."""
    by_zip: dict[str, list] = {}
    unique: list[str] = []
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    names: dict[str, str] = {}
    unplaced: list[dict] = []
    for row in _all_zip_rows():
        try:
            lat, lon = float(row["lat"]), float(row["long"])
        except (TypeError, ValueError):
            continue
        city, state = row["city"], row["state"]
        if lat == 0 and lon == 0:
            # 872 rows (military mail, some PO boxes: Los Angeles's 90085) say 0,0 for "not
            # known". Averaged in, one put Los Angeles 70 miles out to sea-ward of itself.
            unplaced.append(row)
            continue
        by_zip[row["zip_code"]] = [lat, lon, city, state]
        if row.get("zip_code_type") == "UNIQUE":
            unique.append(row["zip_code"])
        for name in [city, *row.get("acceptable_cities", [])]:
            key = "|".join(_city_key(name, state))
            acc = sums[key]
            acc[0] += lat
            acc[1] += lon
            acc[2] += 1
            names.setdefault(key, name.title() if name.isupper() else name)
    cities = {k: [a[0] / a[2], a[1] / a[2], names[k]] for k, a in sums.items()}
    for row in unplaced:  # such a ZIP stands for its city's centre, when the city has one
        found = cities.get("|".join(_city_key(row["city"], row["state"])))
        if found is not None:
            by_zip[row["zip_code"]] = [found[0], found[1], row["city"], row["state"]]
            unique.append(row["zip_code"])  # never named as the ZIP nearest a point
    return {"zips": by_zip, "cities": cities, "unique": unique}


def _cache_path() -> Path:
    base = os.environ.get("THERAPIST_FINDER_CACHE_DIR") or Path.home() / ".cache" / "therapist-finder"
    version = getattr(zipcodes, "__version__", "unknown")
    return Path(base) / f"gazetteer-zipcodes-{version}-v3.json"


def _load_tables() -> dict:
    """The tables, built once per zipcodes version in a child process.

    The zipcodes package materializes ~190 MB of records to list its ZIPs;
    building in a child keeps that (and its fragmentation) out of a
    long-running server, which then loads a ~4 MB file.
    """
    path = _cache_path()
    if not path.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(
                [sys.executable, "-m", "therapist_finder.geo.gazetteer", str(path)],
                check=True,
                timeout=300,
                capture_output=True,
            )
        except (OSError, subprocess.SubprocessError):
            return build_tables()  # read-only home or no child processes: build here
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return build_tables()


class _Tables:
    """ZIP and city lookups."""

    def __init__(self) -> None:
        data = _load_tables()
        # Interned: the same city and state names recur tens of thousands of times.
        self.by_zip = {
            z: (lat, lon, sys.intern(city), sys.intern(state))
            for z, (lat, lon, city, state) in data["zips"].items()
        }
        # Found by number, but never named as the place nearest a point: a
        # coordinate search "near 00501" would name the IRS's own ZIP.
        self.institutions = frozenset(data.get("unique", ()))
        self.by_city = {}
        for key, (lat, lon, name) in data["cities"].items():
            city, state = key.split("|", 1)
            self.by_city[(sys.intern(city), sys.intern(state))] = (lat, lon, sys.intern(name))
        del data
        release_free_memory()

    # For a city typed without its state (built on first use: imports never need it).
    @cached_property
    def city_states(self) -> dict[str, list[tuple[str, str]]]:
        """Folded city name -> (state, name as written) for every state that has it."""
        found: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for (city, state), (_, _, name) in self.by_city.items():
            found[city].append((state, name))
        return found

    @cached_property
    def zips_per_city(self) -> dict[tuple[str, str], int]:
        """How many ZIP codes a city has: a large city's many, a hamlet's one."""
        counts: dict[tuple[str, str], int] = defaultdict(int)
        for _, _, city, state in self.by_zip.values():
            counts[_city_key(city, state)] += 1
        return counts


class _Centroids:
    """ZIP centroids sorted by latitude: ~42k ZIPs in three arrays, under 1 MB.

    The nearest centroid to a point is found in a band of latitudes around it,
    widened until the band holds a centroid closer than the band's half-width,
    which no centroid outside the band can beat. Most places have a ZIP within
    the first band's 3 miles: a few hundred centroids, tens of microseconds.
    """

    START_MI = 3.0
    # Armed Forces "states": their few located ZIPs name a post office ("Dpo, AP"), not a place.
    MILITARY = frozenset({"AA", "AE", "AP"})

    def __init__(self, by_zip: dict[str, tuple], institutions: frozenset[str] = frozenset()) -> None:
        # (0, 0) is the package's "no coordinates" (military and some PO box ZIPs).
        located = [(z, v) for z, v in by_zip.items()
                   if (v[0] or v[1]) and v[3] not in self.MILITARY and z not in institutions]
        lats = np.fromiter((v[0] for _, v in located), np.float64, len(located))
        order = np.argsort(lats, kind="stable")
        self.lats = lats[order]
        self.lons = np.fromiter((v[1] for _, v in located), np.float64, len(located))[order]
        self.zips = np.fromiter((int(z) for z, _ in located), np.int32, len(located))[order]
        del located, lats, order
        release_free_memory()

    def nearest(self, lat: float, lon: float, max_mi: float | None = None) -> tuple[str, float] | None:
        """(ZIP, miles) of the centroid nearest the point; None when none is within max_mi."""
        band_mi = self.START_MI if max_mi is None else min(self.START_MI, max_mi)
        while True:
            dlat = math.degrees(band_mi / EARTH_RADIUS_MI)
            lo = int(np.searchsorted(self.lats, lat - dlat, "left"))
            hi = int(np.searchsorted(self.lats, lat + dlat, "right"))
            everything = lo == 0 and hi == len(self.lats)
            if hi > lo:
                miles = haversine_mi_array(lat, lon, self.lats[lo:hi], self.lons[lo:hi])
                best = int(np.argmin(miles))
                if miles[best] <= band_mi or everything:  # nothing outside the band is nearer
                    if max_mi is not None and miles[best] > max_mi:
                        return None
                    return f"{self.zips[lo + best]:05d}", float(miles[best])
            if everything or (max_mi is not None and band_mi >= max_mi):
                return None
            band_mi = band_mi * 4 if max_mi is None else min(band_mi * 4, max_mi)


class ZipGazetteer(Geocoder):
    """Resolves '10001' and 'Brooklyn, NY' offline; anything else gives None."""

    _tables: _Tables | None = None
    _centroids: _Centroids | None = None
    _lock = threading.Lock()

    def __init__(self) -> None:
        super().__init__(user_agent="therapist-finder-offline-gazetteer")

    @classmethod
    def tables(cls) -> _Tables:
        with cls._lock:
            if cls._tables is None:
                cls._tables = _Tables()
            return cls._tables

    @classmethod
    def centroids(cls) -> _Centroids:
        """Built on the first reverse lookup only: ZIP and city searches never need it."""
        tables = cls.tables()
        with cls._lock:
            if cls._centroids is None:
                cls._centroids = _Centroids(tables.by_zip, tables.institutions)
            return cls._centroids

    def geocode(self, query: str, *, exactly_one: bool = True, **_: object):
        """Return a geopy Location whose raw dict carries precision and state."""
        location = self._lookup(query)
        if location is None:
            return None
        return location if exactly_one else [location]

    def reverse(self, query, *, exactly_one: bool = True, max_distance_mi: float | None = None, **_: object):
        """The ZIP whose centroid is nearest `query` ("lat, lon", a (lat, lon) pair or a
        geopy Point), as a Location like geocode's for that ZIP whose raw dict also has
        the city and `distance_mi`; None when no centroid is within `max_distance_mi`."""
        point = GeopyPoint(query)
        found = self.centroids().nearest(point.latitude, point.longitude, max_distance_mi)
        if found is None:
            return None
        postal_code, miles = found
        location = self._lookup(postal_code)
        location.raw.update(city=self.zip_info(postal_code)[2], distance_mi=miles)
        return location if exactly_one else [location]

    def _lookup(self, query: str) -> GeopyLocation | None:
        tables = self.tables()
        if match := ZIP_RE.match(query):
            found = tables.by_zip.get(match.group(1))
            if not found:
                return None
            lat, lon, city, state = found
            raw = {"precision": "postal_code", "state": state, "postal_code": match.group(1)}
            return GeopyLocation(f"{city}, {state} {match.group(1)}", (lat, lon), raw)
        if match := CITY_STATE_RE.match(query):
            key = _city_key(match.group(1), match.group(2))
            found_city = tables.by_city.get(key)
            if not found_city:
                return None
            lat, lon, name = found_city
            raw = {"precision": "city", "state": key[1]}
            return GeopyLocation(f"{name}, {key[1]}", (lat, lon), raw)
        return None

    def zip_info(self, postal_code: str) -> tuple[float, float, str, str] | None:
        """(lat, lon, city, state) of a ZIP, or None when unknown."""
        return self.tables().by_zip.get(postal_code[:5])

    def city_names(self, state: str) -> list[str]:
        """Known city names in one state (for 'did you mean' hints)."""
        return sorted(name for (_, st), (_, _, name) in self.tables().by_city.items() if st == state)

    def states_with_city(self, city: str) -> list[str]:
        """'Houston' -> ['Houston, TX', 'Houston, MO', ...]: every state that has a city
        of that name, the one with the most ZIP codes first (the likeliest meant)."""
        tables = self.tables()
        folded = _city_key(city, "")[0]
        found = sorted(tables.city_states.get(folded, ()),
                       key=lambda sn: (-tables.zips_per_city.get((folded, sn[0]), 0), sn[0]))
        return [f"{name}, {state}" for state, name in found]


@lru_cache(maxsize=1)
def default_gazetteer() -> ZipGazetteer:
    """One shared instance: building a geopy Geocoder sets up an SSL context,
    which costs milliseconds, far too much to do per listing."""
    return ZipGazetteer()


if __name__ == "__main__":  # the child process of _load_tables
    target = Path(sys.argv[1])
    scratch = target.with_suffix(f".{os.getpid()}.tmp")
    scratch.write_text(json.dumps(build_tables(), separators=(",", ":")))
    os.replace(scratch, target)  # atomic: a reader never sees half a file
