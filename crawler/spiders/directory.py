"""Generic spider for therapist directories and practice websites (one YAML config per site).

    scrapy crawl directory -a site=calmharbor
    (tests and the demo: -a base_url=http://127.0.0.1:PORT/directory/calmharbor/)

It starts from the site's sitemaps and start paths, follows index pages,
profile links and sitemap entries, and yields one listing per profile. A page
that fails (HTTP error after the retries, connection, timeout) is counted as
`drop_item/<reason>` (`crawler.failures`). With a
`base_url` override every URL under the site's canonical `base_url` is
rewritten onto the override, and only the override's host is allowed (Scrapy's
offsite filter drops everything else). Extraction is
`crawler.parsers.directory`; this module only routes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

import scrapy

from crawler.failures import count_failure
from crawler.parsers.directory import parse_directory_page
from crawler.parsers.directory_config import load_site
from crawler.parsing import SavedResponse, emit, safe_parse
from crawler.spider_params import DirectoryParams
from crawler.spiders.arguments import spider_args


class DirectorySpider(scrapy.Spider):
    """Listings from one configured directory or practice website."""

    name = "directory"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args = spider_args(DirectoryParams, self.name, kwargs)
        super().__init__(*args, **kwargs)
        self.site = load_site(self.args.site)
        self.base = self.args.base_url or self.site.base_url
        self.allowed_domains = ([urlsplit(self.base).hostname or ""] if self.args.base_url
                                else list(self.site.allowed_domains))

    def rebase(self, url: str) -> str:
        """A canonical site URL moved onto the override base (other URLs unchanged)."""
        if self.base != self.site.base_url and url.startswith(self.site.base_url):
            return self.base + url[len(self.site.base_url):]
        return url

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for path in [*self.site.sitemap_paths, *self.site.start_paths]:
            yield scrapy.Request(self.base + path.lstrip("/"), callback=self.parse,
                                 errback=self.failed)

    def parse(self, response: scrapy.http.Response, **kwargs: Any) -> Iterator[Any]:
        """Any page of the site: a sitemap, an index page or a profile."""
        result = safe_parse(parse_directory_page, SavedResponse.from_scrapy(response),
                            site=self.site)
        result.follow = [self.rebase(response.urljoin(url)) for url in result.follow]
        yield from emit(self, result, response=response, callback=self.parse, errback=self.failed)

    def failed(self, failure: Any) -> None:
        """A page that failed after its retries (HTTP error, connection, timeout): counted."""
        count_failure(self, failure)
