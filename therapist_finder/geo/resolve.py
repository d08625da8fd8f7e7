"""Turn what a person typed ("10001", "Austin, TX", "40.7,-73.9", an address)
into a GeoPoint, offline when possible and through a configured geocoder else.

Offline forms: a ZIP ("10001", "10001, NY", "New York, NY 10001") and a city
with its state ("Houston, TX", "Houston TX", "Houston, Texas"); see
`place_text.parse_place`. The API, the CLI and the web pages all resolve
through here, so they accept the same places.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from rapidfuzz import fuzz, process

from therapist_finder.errors import GeocoderUnavailable, LocationNotFound
from therapist_finder.geo.gazetteer import CITY_STATE_RE, ZIP_RE, default_gazetteer
from therapist_finder.geo.place_text import PlaceText, parse_place
from therapist_finder.geo.points import GeoPoint, NearbyPlace

LATLON_RE = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$", re.ASCII)
# Places suggested for one that could not be resolved, and how alike a city's
# name must be to be suggested for a misspelt one (rapidfuzz ratio).
MAX_SUGGESTIONS = 3
CITY_CUTOFF = 80
GEOCODER_HELP = (
    "street addresses need an online geocoder: set THERAPIST_FINDER_GEOCODER=nominatim "
    "(or nominatim:https://your-nominatim-host) and THERAPIST_FINDER_USER_AGENT; "
    "otherwise give a 5-digit ZIP, 'City, ST' or 'lat,lon'"
)
# A coordinate search is named after the nearest ZIP centroid up to this far away;
# farther (at sea, in the wilderness) the name would mislead more than it helps.
NEARBY_MAX_MI = 15.0


class _NoSearchText(logging.Filter):
    """Keeps what a person searched for out of geopy's log records.

    geopy's RateLimiter logs each retried failure with the call's arguments
    (the address typed) and the traceback, whose messages carry the request
    URL with the address in its query string. Searches are health data and
    are never written down, so such a record says only that a call failed."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args or record.exc_info:
            record.msg = "a geocoder call failed or was retried (details withheld: they hold the search)"
            record.args, record.exc_info, record.exc_text = (), None, None
        return True


_QUERY_STRING = re.compile(r"\?[^\s'\")]*")


class _NoQueryStrings(logging.Filter):
    """urllib3 logs requests' paths (connection pool, retries), and the
    geocoder's path carries the address in its query string: withheld."""

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        if "?" in text:
            record.msg, record.args = _QUERY_STRING.sub("?…", text), ()
        return True


_SEARCH_TEXT_FILTER, _QUERY_FILTER = _NoSearchText(), _NoQueryStrings()
# Every urllib3 logger that writes a request's URL (filters do not reach child loggers).
_URL_LOGGERS = ("urllib3.connectionpool", "urllib3.util.retry", "urllib3.connection", "urllib3.response")


class PlaceResolver:
    """Resolves places; the online geocoder is optional and rate limited."""

    def __init__(self, online=None, *, min_delay_s: float = 1.0) -> None:
        self.gazetteer = default_gazetteer()
        if online is not None:
            # Added once: addFilter skips a filter it already has.
            logging.getLogger("geopy").addFilter(_SEARCH_TEXT_FILTER)
            for name in _URL_LOGGERS:
                logging.getLogger(name).addFilter(_QUERY_FILTER)
        self._online = (
            # swallow_exceptions=False: an outage must surface as an outage
            # (503), not as "no place found"; one retry after twice the delay.
            RateLimiter(
                online.geocode,
                min_delay_seconds=min_delay_s,
                max_retries=1,
                error_wait_seconds=2 * min_delay_s,
                swallow_exceptions=False,
            )
            if online is not None
            else None
        )
        self._cached_online = lru_cache(maxsize=2048)(self._geocode_online)

    def resolve(self, near: str, param: str = "near") -> GeoPoint:
        """Resolve `near`; raise LocationNotFound naming `param` when impossible."""
        text = near.strip()
        if not text:
            raise LocationNotFound(param, f"{param} is empty")
        if match := LATLON_RE.match(text):
            if all(ZIP_RE.match(part.strip()) for part in text.split(",")):
                # "10001,90210" reads as coordinates, far out of range: say what it is.
                raise LocationNotFound(param, f"{param}: '{text}' names more than one ZIP code;"
                                              " give one place", reason="zips")
            return self._latlon(float(match.group(1)), float(match.group(2)), param)
        place = parse_place(text)
        if place is not None:
            found = self._offline(place, param)
            if found is not None:
                return found
            if place.zip:
                raise LocationNotFound(param, f"{param}: unknown ZIP code '{place.zip}'")
        if ZIP_RE.match(text) or CITY_STATE_RE.match(text):
            # The strict forms never go online: a ZIP or "City, ST" the
            # gazetteer lacks is unknown, not a street address.
            kind = "ZIP code" if ZIP_RE.match(text) else "city"
            raise LocationNotFound(param, f"{param}: unknown {kind} '{text}'", self._similar_cities(place))
        if self._online is None:
            if place is not None:
                raise LocationNotFound(param, f"{param}: unknown city '{place.city}, {place.state}'",
                                       self._similar_cities(place))
            states = self.gazetteer.states_with_city(text)
            if states:  # "Houston": a city without its state
                raise LocationNotFound(param, f"{param}: '{text}' needs its state, as in '{states[0]}'",
                                       states[:MAX_SUGGESTIONS], needs_state=text)
            raise LocationNotFound(param, f"{param}: '{text}' is not a ZIP or 'City, ST'; " + GEOCODER_HELP,
                                   self._places_within(text))
        return self._cached_online(text, param)

    def _similar_cities(self, place: PlaceText | None) -> list[str]:
        """'Huoston, TX' -> ['Houston, TX']: cities of the same state spelled alike."""
        if place is None or place.city is None or place.state is None:
            return []
        found = process.extract(place.city, self.gazetteer.city_names(place.state), scorer=fuzz.ratio,
                                score_cutoff=CITY_CUTOFF, limit=MAX_SUGGESTIONS)
        return [f"{name}, {place.state}" for name, _, _ in found]

    def _places_within(self, text: str) -> list[str]:
        """A ZIP or a 'City, ST' the gazetteer knows inside longer text, such as a
        street address pasted whole ('123 Main St, Houston, TX 77002')."""
        found = [code for code in re.findall(r"\b(\d{5})\b", text) if self.gazetteer.zip_info(code)]
        parts = [part.strip() for part in text.split(",")]
        for first in range(1, len(parts) - 1):
            place = parse_place(", ".join(parts[first:]))
            if place is not None and place.city and self._offline(place, "near") is not None:
                found.append(f"{place.city}, {place.state}")
                break
        return list(dict.fromkeys(found))[:MAX_SUGGESTIONS]

    def _offline(self, place: PlaceText, param: str) -> GeoPoint | None:
        """The gazetteer's point for a parsed place; None when it does not know it."""
        query = place.zip if place.zip else f"{place.city}, {place.state}"
        found = self.gazetteer.geocode(query)
        if found is None:
            return None
        state = found.raw.get("state")
        if place.zip and place.state and state and place.state != state:
            raise LocationNotFound(param, f"{param}: ZIP code {place.zip} is in {state}, not {place.state}")
        return GeoPoint(
            lat=found.latitude,
            lon=found.longitude,
            label=found.address,
            precision=found.raw["precision"],
            state=state,
        )

    def _latlon(self, lat: float, lon: float, param: str) -> GeoPoint:
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise LocationNotFound(param, f"{param}: latitude must be -90..90 and longitude -180..180")
        return self.coordinates(lat, lon, label=f"{lat:.5f},{lon:.5f}")

    def coordinates(self, lat: float, lon: float, label: str | None = None) -> GeoPoint:
        """The point a person gave as coordinates, with the nearest ZIP when one is close."""
        return GeoPoint(lat=lat, lon=lon, label=label, precision="rooftop", nearby=self.nearby(lat, lon))

    def nearby(self, lat: float, lon: float) -> NearbyPlace | None:
        """The ZIP whose centroid is nearest, within NEARBY_MAX_MI; None farther."""
        found = self.gazetteer.reverse((lat, lon), max_distance_mi=NEARBY_MAX_MI)
        if found is None:
            return None
        raw = found.raw
        return NearbyPlace(city=raw["city"], state=raw["state"], postal_code=raw["postal_code"],
                           distance_mi=round(raw["distance_mi"], 2))

    def _geocode_online(self, text: str, param: str) -> GeoPoint:
        try:
            found = self._online(text, exactly_one=True, country_codes="us")  # type: ignore[misc]
        except GeopyError as exc:  # translated once, here at the edge
            raise GeocoderUnavailable(f"the geocoder failed: {exc}") from exc
        if found is None:
            raise LocationNotFound(param, f"{param}: no place found for '{text}'")
        return GeoPoint(lat=found.latitude, lon=found.longitude, label=found.address, precision="street")


def build_resolver(geocoder: str | None, user_agent: str, min_delay_s: float = 1.0) -> PlaceResolver:
    """A resolver for the configured online geocoder (None keeps it offline).

    `geocoder` is "nominatim", or "nominatim:HOST[:PORT]" or "nominatim:http(s)://HOST[:PORT]"
    for another Nominatim server; anything else is a ConfigurationError that says so."""
    if not geocoder:
        return PlaceResolver()
    from therapist_finder.errors import ConfigurationError

    name, _, domain = geocoder.partition(":")
    if name != "nominatim":
        raise ConfigurationError(f"unknown geocoder '{name}'; supported: nominatim")
    from geopy.geocoders import Nominatim

    kwargs = {"user_agent": user_agent}
    if domain:
        scheme, found, host = domain.partition("://")
        if not found:
            scheme, host = "https", domain
        if scheme not in ("http", "https") or not _HOST.match(host):
            raise ConfigurationError(
                f"THERAPIST_FINDER_GEOCODER '{geocoder}' names no usable server: give nominatim,"
                " nominatim:HOST[:PORT] or nominatim:https://HOST[:PORT]")
        kwargs.update(domain=host.rstrip("/"), scheme=scheme)
    return PlaceResolver(Nominatim(**kwargs), min_delay_s=min_delay_s)


# A server's host name or address, an optional port and path: what Nominatim's `domain` takes.
_HOST = re.compile(r"^[A-Za-z0-9.-]+(:\d{1,5})?(/[^\s]*)?$")
