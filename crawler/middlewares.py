"""Retry with backoff: 429 and 5xx are retried after a growing pause.

`Retry-After` (seconds) is honoured up to `RETRY_BACKOFF_MAX`; otherwise the
pause is `RETRY_BACKOFF_BASE * 2**attempt`. The pause is awaited inside the
middleware, so other requests go on while one waits.
"""

from __future__ import annotations

import asyncio
from typing import Any

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.utils.response import response_status_message


def backoff_delay(attempt: int, retry_after: str | None, base: float, cap: float) -> float:
    """Seconds to wait before retry number `attempt + 1` (pure: tested by a table)."""
    if retry_after is not None:
        try:
            return max(0.0, min(float(retry_after.strip()), cap))
        except ValueError:
            pass  # an HTTP date: fall back to exponential backoff
    return min(base * (2 ** attempt), cap)


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's RetryMiddleware plus a pause before each retry."""

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.base = settings.getfloat("RETRY_BACKOFF_BASE", 1.0)
        self.cap = settings.getfloat("RETRY_BACKOFF_MAX", 60.0)

    async def process_response(self, request: Any, response: Any) -> Any:
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        attempt = request.meta.get("retry_times", 0)
        header = response.headers.get(b"Retry-After")
        delay = backoff_delay(attempt, header.decode("latin-1") if header else None,
                              self.base, self.cap)
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        if delay > 0:
            self.crawler.stats.inc_value("retry/backoff_seconds", delay)
            await asyncio.sleep(delay)
        return retry
