"""Failed requests: every spider's errback counts them as drops with a reason.

A request fails when its HTTP status stays an error after the retries
(`drop_item/http_<status>`), when the host cannot be resolved
(`dns_lookup_failed`), when the connection is refused or lost
(`connection_failed`), or when the download times out (`timeout`); anything
else is `request_failed`. Each failure also counts in `crawl/requests_failed`,
which `therapist-finder crawl` reads to tell a crawl that fetched nothing
usable from one that found nothing (see `crawler.extensions.nothing_usable`).

A request left out on purpose (robots.txt, an offsite link) is no failure:
Scrapy already counts it (`robotstxt/forbidden`, `offsite/filtered`).

A crawl limited by an argument that names nothing in the source (a mistyped
`-a plan=...`) fetches nothing either, with no request failing: the spider
says why in `crawl/filter_unmatched` (`report_unmatched_filter`), and
`therapist-finder crawl` ends with that line and exits 1 as well.
"""

from __future__ import annotations

from typing import Any

from scrapy import exceptions as scrapy_errors
from scrapy.exceptions import IgnoreRequest
from twisted.internet import defer
from twisted.internet import error as net
from twisted.web import _newclient

from crawler.parsing import FILTER_UNMATCHED, REQUESTS_FAILED, count_drop


def _scrapy(*names: str) -> tuple[type, ...]:
    """Scrapy's own download errors (Scrapy >= 2.14 wraps Twisted's in them)."""
    return tuple(getattr(scrapy_errors, name) for name in names if hasattr(scrapy_errors, name))


_DNS = (net.DNSLookupError, *_scrapy("CannotResolveHostError"))
_TIMEOUTS = (net.TimeoutError, net.TCPTimedOutError, defer.TimeoutError,
             *_scrapy("DownloadTimeoutError"))
_CONNECTION = (net.ConnectError, net.ConnectionLost, net.ConnectionDone, net.ConnectionClosed,
               _newclient.ResponseNeverReceived, _newclient.ResponseFailed,
               *_scrapy("DownloadConnectionRefusedError", "DownloadFailedError",
                        "ResponseDataLossError"))


def failure_reason(failure: Any) -> str | None:
    """The drop reason of a failed request; None when it was left out on purpose."""
    response = getattr(failure.value, "response", None)
    if response is not None:  # HttpError: the status stayed an error after the retries
        return f"http_{response.status}"
    if failure.check(IgnoreRequest):
        return None
    if failure.check(*_DNS):
        return "dns_lookup_failed"
    if failure.check(*_TIMEOUTS):
        return "timeout"
    if failure.check(*_CONNECTION):
        return "connection_failed"
    return "request_failed"


def count_failure(spider: Any, failure: Any) -> str | None:
    """Count a failed request as `drop_item/<reason>` and in `crawl/requests_failed`;
    returns the reason (None when the request was left out on purpose)."""
    reason = failure_reason(failure)
    if reason is None:
        return None
    spider.crawler.stats.inc_value(REQUESTS_FAILED)
    count_drop(spider, reason, f"{failure.request.url}: {failure.getErrorMessage()}")
    return reason


def report_unmatched_filter(spider: Any, message: str) -> None:
    """The crawl's filter names nothing in the source: log it and keep the reason
    for the summary and the CLI's last line (`crawler.extensions.nothing_usable`)."""
    spider.crawler.stats.set_value(FILTER_UNMATCHED, message)
    spider.logger.error("%s", message)
