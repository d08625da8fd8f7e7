"""The contract between parsers (page objects) and spiders: shared by every source.

Spiders route; parsers extract (web-poet's page objects). A **parser** is a
plain function in `crawler/parsers/<source>.py`::

    def parse(page: SavedResponse, **options) -> ParseResult

It takes one saved response (from Scrapy, from a file or from a test), never
touches the network or Scrapy, and returns a `ParseResult`:

- `listings`: canonical-listing dicts (see `therapist_finder.schema.Listing`).
  Fields that need cleaning may hold RAW text under the extra key `raw`
  (see `crawler.cleaning.RAW_FIELDS`): `raw.phone` ("212.555.0147 ext 2"),
  `raw.fees` ("$150/session, sliding scale $60-$120"), `raw.locations`
  (dicts whose `state` may be a name, `postal_code` a 9-digit ZIP, plus
  `country`), `raw.license_states` (names or codes). Facet fields
  (`specialties`, `insurance[].payer`, `license_types`, ...) may hold raw
  labels: the NormalizePipeline maps them onto vocabulary slugs.
  Set `sources=[{"source", "url", "fetched_at", "listing_id"}]`; the
  pipelines fill `last_seen_at` from `fetched_at` when missing.
- `follow`: absolute or relative URLs the spider should request next (the
  spider decides the callback; `emit(..., callback=...)`). Links read from the
  page go through `follow_url` first, so each one can be requested.
- `dropped`: `(reason, detail)` pairs for things that looked like listings but
  are not usable; `emit` counts each as the stat `drop_item/<reason>`.

A parser that cannot read the page at all raises `ParseError(reason, detail)`;
`safe_parse` turns it (and any unexpected exception, as `parser_error`) into
a dropped entry, so a malformed page never stops a crawl.

Parsers are found by name with `get_parser("nppes")`, which imports
`crawler.parsers.nppes` and returns its `parse` (used by `therapist-finder
extract --source NAME`). Reason slugs are lowercase snake_case, e.g.
`malformed_json`, `missing_name`, `api_error`, `not_a_profile`.
"""

from __future__ import annotations

import importlib
import json
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from w3lib.url import safe_url_string

logger = logging.getLogger(__name__)

_REASON_RE = re.compile(r"^[a-z][a-z0-9_]*$")


class ParseError(Exception):
    """The whole page is unusable; `reason` becomes the stat `drop_item/<reason>`."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason_slug(reason)
        self.detail = detail


def reason_slug(reason: str) -> str:
    """A stats-safe reason: lowercase snake_case (anything else is rewritten)."""
    if _REASON_RE.match(reason):
        return reason
    slug = re.sub(r"[^a-z0-9]+", "_", reason.lower()).strip("_")
    return slug if slug and slug[0].isalpha() else f"r_{slug or 'unknown'}"


@dataclass
class ParseResult:
    """What one parser call produced: listings, links to follow, and drops."""

    listings: list[dict] = field(default_factory=list)
    follow: list[str] = field(default_factory=list)
    dropped: list[tuple[str, str]] = field(default_factory=list)

    def drop(self, reason: str, detail: str = "") -> None:
        """Record one unusable item (counted as `drop_item/<reason>`)."""
        self.dropped.append((reason_slug(reason), detail))

    def extend(self, other: ParseResult) -> ParseResult:
        """Append another result's listings, links and drops; returns self."""
        self.listings.extend(other.listings)
        self.follow.extend(other.follow)
        self.dropped.extend(other.dropped)
        return self


@dataclass
class SavedResponse:
    """One fetched page as parsers see it (web-poet's HttpResponse, minus Scrapy)."""

    url: str
    body: bytes
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def text(self) -> str:
        """The body decoded as UTF-8 (bad bytes replaced, never raised)."""
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The body as JSON; raises ParseError('malformed_json') when it is not."""
        try:
            return json.loads(self.body)
        except (ValueError, RecursionError) as exc:  # RecursionError: nested too deep to read
            raise ParseError("malformed_json", f"{self.url}: {exc}") from None

    @classmethod
    def from_scrapy(cls, response: Any) -> SavedResponse:
        """Wrap a Scrapy response (headers flattened to their first value)."""
        headers = {k.decode("latin-1").lower(): v[0].decode("latin-1")
                   for k, v in response.headers.items() if v}
        return cls(url=response.url, body=response.body, status=response.status,
                   headers=headers)

    @classmethod
    def from_file(cls, path: str | Path, url: str | None = None) -> SavedResponse:
        """A saved file; the URL defaults to its file:// URL, fetched_at to its mtime."""
        path = Path(path)
        mtime = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        return cls(url=url or path.resolve().as_uri(), body=path.read_bytes(), fetched_at=mtime)


Parser = Callable[..., ParseResult]


def follow_url(base: str, href: str) -> str | None:
    """`href` made absolute against `base`, when it is an http(s) URL a request can be
    made for; None otherwise (an invalid IPv6 host or port, a lone surrogate, javascript:...).

    Links are page text: one that cannot be requested must not reach the spider,
    where joining or requesting it raises.
    """
    try:
        url = urljoin(base, href.strip())
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError when the port is not a number in 0-65535
        safe_url_string(url)  # what scrapy.Request does with it: raises on a bad host
    except ValueError:  # UnicodeEncodeError is one
        return None
    return url if parts.scheme in ("http", "https") and parts.hostname else None


def get_parser(source: str) -> Parser:
    """The `parse` function of `crawler.parsers.<source>`; KeyError when there is none."""
    if not re.fullmatch(r"[a-z][a-z0-9_]*", source):
        raise KeyError(f"bad source name {source!r}")
    try:
        module = importlib.import_module(f"crawler.parsers.{source}")
    except ModuleNotFoundError as exc:
        if exc.name == f"crawler.parsers.{source}":
            raise KeyError(f"no parser for source {source!r}") from None
        raise
    return module.parse


def safe_parse(parser: Parser, page: SavedResponse, **options: Any) -> ParseResult:
    """Run a parser; a ParseError or unexpected exception becomes one dropped entry."""
    try:
        return parser(page, **options)
    except ParseError as exc:
        return ParseResult(dropped=[(exc.reason, exc.detail)])
    except Exception as exc:  # a parser bug must not stop the crawl: count it, log it
        logger.exception("parser failed on %s", page.url)
        return ParseResult(dropped=[("parser_error", f"{page.url}: {type(exc).__name__}: {exc}")])


def count_drop(spider: Any, reason: str, detail: str = "") -> None:
    """Increment `drop_item/<reason>` in the crawl stats and log the detail."""
    reason = reason_slug(reason)
    spider.crawler.stats.inc_value(f"drop_item/{reason}")
    spider.logger.info("dropped (%s): %s", reason, detail[:300])


def emit(spider: Any, result: ParseResult, *, response: Any = None,
         callback: Callable | None = None, **request_kwargs: Any) -> Iterator[Any]:
    """Count drops, then yield listings and follow-up requests (spiders only route).

    With `response`, links are resolved against it (`response.follow`);
    `callback` defaults to the spider's `parse`.
    """
    import scrapy  # only spiders call this; the core never imports Scrapy

    retry = retry_unreadable(spider, result, response)
    if retry is not None:
        yield retry
        return
    if _whole_page_unreadable(result):  # and its retries, if any, are used up: the page is lost
        spider.crawler.stats.inc_value(PAGES_UNREADABLE)
    for reason, detail in result.dropped:
        count_drop(spider, reason, detail)
    yield from result.listings
    for url in result.follow:
        if response is not None:
            request = response.follow(url, callback=callback, **request_kwargs)
        else:
            request = scrapy.Request(url, callback=callback, **request_kwargs)
        if not leaves_site(spider, request.url):
            yield request


def leaves_site(spider: Any, url: str) -> bool:
    """Whether `url` is outside the spider's `allowed_domains`; if so, it is
    counted (OFFSITE_PAGES) and named in the log.

    Scrapy drops such a request without a word, which is right for a stray
    link but not for the next page of a search: everything behind it would be
    lost unnoticed. A server behind a proxy often names its pages under
    another host than the one it is reached at."""
    domains = [d.lower() for d in getattr(spider, "allowed_domains", None) or [] if d]
    host = (urlsplit(url).hostname or "").lower()
    # The rule of Scrapy's OffsiteMiddleware: the host itself or a subdomain, any port.
    if not domains or any(host == d or host.endswith(f".{d}") for d in domains):
        return False
    spider.crawler.stats.inc_value(OFFSITE_PAGES)
    spider.logger.warning(
        "not following %s: it leads away from %s, so the pages behind it are not read. If the"
        " server names its own pages under that host, crawl it by that host instead",
        url, " / ".join(domains),
    )
    return True


# Whole-page failures that a second fetch may not repeat: a body cut off in
# transit, or an error object served with status 200 by a busy server.
UNREADABLE_PAGE_REASONS = frozenset({"malformed_json", "unexpected_shape"})


# Whole pages given up after their retries, and requests that failed (HTTP
# errors after the retries, connections, timeouts: crawler.failures). With no
# listing scraped, either means the crawl fetched nothing usable
# (crawler.extensions.nothing_usable; `therapist-finder crawl` exits 1).
PAGES_UNREADABLE = "crawl/pages_unreadable"
REQUESTS_FAILED = "crawl/requests_failed"
# Links to pages of a crawl that lead to another host (`leaves_site`): not
# followed, so whatever they lead to is lost (the summary prints it).
OFFSITE_PAGES = "crawl/offsite_pages_skipped"
# A message, not a count: why the crawl's filter (`-a plan=...`) matched nothing in
# the source (crawler.failures.report_unmatched_filter); it too means exit 1.
FILTER_UNMATCHED = "crawl/filter_unmatched"


# Request meta a retried page keeps, counts that must not start again at
# every retry: unreadable pages skipped in a row (fhir_paging), and which
# page of a directory's plan list this is (spiders/plannet.py reads 10 at most).
CARRIED_META = ("pages_skipped", "plan_list_page")


def _whole_page_unreadable(result: ParseResult) -> bool:
    if result.listings or result.follow:
        return False
    return len(result.dropped) == 1 and result.dropped[0][0] in UNREADABLE_PAGE_REASONS


def _unreadable(result: ParseResult, response: Any) -> bool:
    """Whether the whole page was unreadable (and came from a request)."""
    return getattr(response, "request", None) is not None and _whole_page_unreadable(result)


def _tries_left(spider: Any, response: Any) -> bool:
    tries = response.request.meta.get("unreadable_retries", 0)
    return tries < spider.settings.getint("PAGE_RETRY_TIMES", 2)


def gave_up_unreadable(spider: Any, result: ParseResult, response: Any) -> bool:
    """Whether the page was unreadable and its retries are used up: the page
    is lost, and so is any link to a next page it held."""
    return _unreadable(result, response) and not _tries_left(spider, response)


def retry_unreadable(spider: Any, result: ParseResult, response: Any) -> Any:
    """The same request again when the whole page was unreadable, until the
    spider's PAGE_RETRY_TIMES (default 2) are used up; then None, and the
    page is dropped and counted like any other."""
    if not _unreadable(result, response) or not _tries_left(spider, response):
        return None
    request = response.request
    reason, detail = result.dropped[0]
    tries = request.meta.get("unreadable_retries", 0)
    spider.crawler.stats.inc_value("retry/count")
    spider.crawler.stats.inc_value(f"retry/unreadable_page/{reason}")
    spider.logger.info("page unreadable (%s), asking again: %s", reason, detail[:300])
    # A fresh meta: response.meta carries the downloader's own keys (latency,
    # retries). The spider's own keys that count across pages go along.
    carried = {key: request.meta[key] for key in CARRIED_META if key in request.meta}
    return request.replace(meta={**carried, "unreadable_retries": tries + 1}, dont_filter=True)
