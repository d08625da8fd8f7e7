"""Links built from crawled text, which is untrusted: only plain web links pass."""

from __future__ import annotations

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
