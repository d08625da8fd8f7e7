"""The engine client: elasticsearch-py 8 for elasticsearch://, opensearch-py for
opensearch://, behind one small surface.

Every call goes through `EngineClient.call`, the one place where the clients'
exceptions become ours: the engine cannot be reached (connection refused,
timeout, 429, 5xx, bad credentials) -> StoreUnavailable, so the API answers
503; anything else the engine rejects -> StoreError. Clients are built on
first use, never at import or construction, so a store can be opened while
the cluster is still starting, and a client that failed recovers by itself on
the next call once the cluster is back (no restart needed).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from therapist_finder.errors import StoreError, StoreUnavailable
from therapist_finder.store.search_engine.url import EngineURL

T = TypeVar("T")
# Retries inside the client: one more try on another connection, then fail
# fast and let the API answer 503 rather than hold the request.
CLIENT_RETRIES = 1
UNAVAILABLE_STATUS = {401, 403, 408, 429, 500, 502, 503, 504}
# Not 429: a busy cluster is backed off by bulk.py, and a search answers 503 at once.
RETRY_ON_STATUS = (502, 503, 504)


def _foreign_errors(flavor: str) -> tuple[type[BaseException], ...]:
    if flavor == "elasticsearch":
        from elastic_transport import TransportError
        from elasticsearch import ApiError

        return (ApiError, TransportError)
    from opensearchpy.exceptions import ImproperlyConfigured, OpenSearchException

    return (OpenSearchException, ImproperlyConfigured)


def status_of(exc: BaseException) -> int | None:
    """The HTTP status of a client error, or None for a connection-level failure."""
    for attr in ("status_code", "status"):
        value = getattr(exc, attr, None)
        if isinstance(value, int):
            return value
    meta = getattr(exc, "meta", None)
    return getattr(meta, "status", None) if meta is not None else None


def reason_of(exc: BaseException) -> str:
    """A short 'type: reason' from an engine error body, else the message."""
    body = getattr(exc, "body", None) or getattr(exc, "info", None)
    if isinstance(body, dict):
        err = body.get("error")
        if isinstance(err, dict):
            cause = (err.get("root_cause") or [err])[0]
            return f"{cause.get('type', 'error')}: {cause.get('reason', '')}".strip()
        if isinstance(err, str):
            return err
    text = getattr(exc, "message", None) or str(exc)
    return str(text)[:300]


def _client_options(u: EngineURL, timeout_key: str, auth_key: str) -> dict[str, Any]:
    """Keyword arguments both client libraries take; they name timeout and auth differently."""
    kwargs: dict[str, Any] = {
        timeout_key: u.timeout,
        "max_retries": CLIENT_RETRIES,
        "retry_on_timeout": False,
        "retry_on_status": RETRY_ON_STATUS,
    }
    if u.username:
        kwargs[auth_key] = (u.username, u.password or "")
    if u.scheme == "https":
        kwargs["verify_certs"] = u.verify_certs
        if u.ca_certs:
            kwargs["ca_certs"] = u.ca_certs
    return kwargs


class EngineClient:
    """A lazily built client for one cluster, with exceptions translated."""

    def __init__(self, url: EngineURL) -> None:
        self.url = url
        self._client: Any = None
        self._lock = threading.Lock()
        self._errors: tuple[type[BaseException], ...] | None = None

    @property
    def raw(self) -> Any:
        """The underlying elasticsearch-py or opensearch-py client (built on first use)."""
        if self._client is None:
            with self._lock:
                if self._client is None:
                    self._errors = _foreign_errors(self.url.flavor)
                    self._client = self._build()
        return self._client

    def _build(self) -> Any:
        u = self.url
        if u.flavor == "elasticsearch":
            from elasticsearch import Elasticsearch

            return Elasticsearch(u.node, **_client_options(u, "request_timeout", "basic_auth"))
        from opensearchpy import OpenSearch

        kwargs = _client_options(u, "timeout", "http_auth")
        if u.scheme == "https":
            kwargs.update(use_ssl=True, ssl_show_warn=u.verify_certs)
        return OpenSearch(hosts=[u.node], **kwargs)

    def streaming_bulk(self) -> Callable[..., Any]:
        """The official streaming bulk helper of this client's library."""
        if self.url.flavor == "elasticsearch":
            from elasticsearch.helpers import streaming_bulk
        else:
            from opensearchpy.helpers import streaming_bulk
        return streaming_bulk

    def call(
        self, what: str, fn: Callable[[Any], T], *, missing: Callable[[], T] | None = None
    ) -> T:
        """Run `fn(client)`; a 404 returns `missing()` when given; errors are translated."""
        client = self.raw
        try:
            return fn(client)
        except self._errors as exc:  # type: ignore[misc]
            status = status_of(exc)
            if status == 404 and missing is not None:
                return missing()
            raise self.translate(what, exc) from exc

    def translate(self, what: str, exc: BaseException) -> StoreError:
        """Our exception for a client exception raised while doing `what`."""
        status = status_of(exc)
        where = self.url.redacted()
        if status is None:
            return StoreUnavailable(f"{what}: cannot reach {where} ({type(exc).__name__})")
        reason = reason_of(exc)
        if status in (401, 403):
            return StoreUnavailable(
                f"{what}: {where} refused the credentials (HTTP {status}); "
                "check the user and password in the store URL"
            )
        if status in UNAVAILABLE_STATUS:
            return StoreUnavailable(f"{what}: {where} answered HTTP {status} ({reason})")
        if status == 404 and "index_not_found" in reason:
            return StoreUnavailable(
                f"{what}: the index '{self.url.alias}' does not exist on {where}; "
                "build it with 'therapist-finder index FILE --rebuild'"
            )
        return StoreError(f"{what}: {where} answered HTTP {status} ({reason})")

    def is_client_error(self, exc: BaseException) -> bool:
        """True for an exception raised by the underlying client library."""
        _ = self.raw
        return isinstance(exc, self._errors or ())

    def close(self) -> None:
        """Close the connection pool (a later call would build a new client)."""
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None
