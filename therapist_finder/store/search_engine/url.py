"""Store URLs for the scale-out store.

    elasticsearch://user:password@host:9200      (http)
    elasticsearchs://user:password@host:9200     (https)
    opensearch://host:9200   opensearchs://admin:secret@host:9200

Query options: `alias` (default `listings`), `timeout` (seconds per request),
`verify_certs` (true/false, https only), `ca_certs` (a CA bundle path) and
`radius_check` (auto/on/off: re-check listings at the edge of the radius
exactly; auto does it only on engines whose distance filter is approximate).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import parse_qs, unquote

from therapist_finder.errors import ConfigurationError
from therapist_finder.store import split_url

Flavor = Literal["elasticsearch", "opensearch"]
FLAVORS: dict[str, tuple[Flavor, str]] = {
    "elasticsearch": ("elasticsearch", "http"),
    "elasticsearchs": ("elasticsearch", "https"),
    "opensearch": ("opensearch", "http"),
    "opensearchs": ("opensearch", "https"),
}
OPTIONS = ("alias", "timeout", "verify_certs", "ca_certs", "radius_check")
RADIUS_CHECKS = ("auto", "on", "off")
DEFAULT_PORT = 9200
# Index names must be lowercase and may not contain these (Elasticsearch rules).
_ALIAS_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,100}$")


@dataclass(frozen=True)
class EngineURL:
    """A parsed scale-out store URL."""

    flavor: Flavor
    scheme: str
    host: str
    port: int
    username: str | None = None
    password: str | None = None
    alias: str = "listings"
    timeout: float = 10.0
    verify_certs: bool = True
    ca_certs: str | None = None
    radius_check: str = "auto"

    @property
    def node(self) -> str:
        """The node address the client connects to, without credentials."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}:{self.port}"

    def redacted(self) -> str:
        """The URL as safe to print or log: the password is never shown."""
        user = f"{self.username}:***@" if self.username else ""
        scheme = self.flavor + ("s" if self.scheme == "https" else "")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{scheme}://{user}{host}:{self.port}?alias={self.alias}"


def _flag(name: str, value: str) -> bool:
    if value.lower() in ("true", "1", "yes"):
        return True
    if value.lower() in ("false", "0", "no"):
        return False
    raise ConfigurationError(f"store URL option {name} must be true or false, got {value!r}")


def parse_url(url: str) -> EngineURL:
    """Parse and check a scale-out store URL; ConfigurationError says what is wrong."""
    parsed = split_url(url)
    if parsed.scheme not in FLAVORS:
        raise ConfigurationError(
            f"not a scale-out store URL: {parsed.scheme or url!r}; use one of "
            + ", ".join(f"{s}://" for s in FLAVORS)
        )
    flavor, scheme = FLAVORS[parsed.scheme]
    try:
        port = parsed.port or DEFAULT_PORT
    except ValueError as exc:
        raise ConfigurationError(f"store URL has a bad port: {exc}") from exc
    if not parsed.hostname:
        raise ConfigurationError(f"store URL needs a host, e.g. {parsed.scheme}://localhost:9200")
    if parsed.path not in ("", "/"):
        raise ConfigurationError("store URL takes no path; name the alias with ?alias=NAME")
    query = {k: v[-1] for k, v in parse_qs(parsed.query, keep_blank_values=True).items()}
    unknown = sorted(set(query) - set(OPTIONS))
    if unknown:
        raise ConfigurationError(
            f"unknown store URL option(s) {unknown}; accepted: {list(OPTIONS)}"
        )
    alias = query.get("alias", "listings")
    if not _ALIAS_RE.match(alias):
        raise ConfigurationError(
            f"alias {alias!r} is not a valid index name (lowercase letters, digits, _ . -)"
        )
    try:
        timeout = float(query.get("timeout", 10.0))
    except ValueError as exc:
        raise ConfigurationError(f"store URL option timeout must be seconds: {exc}") from exc
    radius_check = query.get("radius_check", "auto")
    if radius_check not in RADIUS_CHECKS:
        raise ConfigurationError(
            f"store URL option radius_check must be one of {list(RADIUS_CHECKS)}"
        )
    return EngineURL(
        flavor=flavor,
        scheme=scheme,
        host=parsed.hostname,
        port=port,
        username=unquote(parsed.username) if parsed.username else None,
        password=unquote(parsed.password) if parsed.password is not None else None,
        alias=alias,
        timeout=timeout,
        verify_certs=_flag("verify_certs", query.get("verify_certs", "true")),
        ca_certs=query.get("ca_certs") or None,
        radius_check=radius_check,
    )
