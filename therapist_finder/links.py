"""Links built from crawled text, which is untrusted: only plain web links pass."""

from __future__ import annotations

import re
from urllib.parse import urlsplit


def safe_url(value: str | None) -> str | None:
    """An http(s) URL fit for an href, or None (no javascript:, data: and the like)."""
    if not value:
        return None
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return value.strip()


# A scheme ("javascript:", "mailto:"), told apart from a host and port ("site.example:8443").
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:(?!\d)", re.IGNORECASE)
# A host name: labels of letters (any script), digits and hyphens, with at least one dot.
_HOST = re.compile(r"^[\w-]+(\.[\w-]+)+\.?$")


def web_address(value: str | None) -> str | None:
    """`value` as an http(s) address: itself when it is one, with https:// added when it
    names a host without a scheme ("www.site.example/book", "site.example:8443"), else None
    (javascript:, data:, mailto:, "call us")."""
    if not value:
        return None
    if (found := safe_url(value)) is not None:
        return found
    text = value.strip()
    if _SCHEME.match(text) and not text.startswith("//"):
        return None
    guess = "https://" + text.lstrip("/")
    try:
        host = urlsplit(guess).hostname
    except ValueError:
        return None
    return guess if host and _HOST.match(host) and " " not in text else None
