"""Spider for SAMHSA's FindTreatment.gov locator export (treatment facilities).

    scrapy crawl findtreatment -a state=TX [-a service_type=mh]
    scrapy crawl findtreatment -a lat=29.76 -a lon=-95.37 [-a radius_mi=25]
    (tests and the demo: -a base_url=http://127.0.0.1:PORT/findtreatment/exportsAsJson/v2)

It asks the export for one state (limitType=0) or a radius around a point
(limitType=2, metres) and follows `page` up to `totalPages`. Extraction is
`crawler.parsers.findtreatment`; this module only routes. A page that fails
(HTTP error after the retries, connection, timeout) is counted as
`drop_item/<reason>` (`crawler.failures`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlencode, urlsplit

import scrapy

from crawler.failures import count_failure
from crawler.parsers.findtreatment import parse_findtreatment_export
from crawler.parsing import SavedResponse, emit, safe_parse
from crawler.spider_params import FindTreatmentParams
from crawler.spiders.arguments import spider_args

EXPORT_URL = "https://findtreatment.gov/locator/exportsAsJson/v2"
METRES_PER_MILE = 1609.344


class FindTreatmentSpider(scrapy.Spider):
    """Facility listings from the FindTreatment.gov export."""

    name = "findtreatment"
    custom_settings = {"DEFAULT_REQUEST_HEADERS": {"Accept": "application/json"}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args = spider_args(FindTreatmentParams, self.name, kwargs)
        super().__init__(*args, **kwargs)
        self.allowed_domains = [urlsplit(self.args.base_url).hostname or ""]

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield scrapy.Request(f"{self.args.base_url}?{urlencode(self.args.query())}",
                             callback=self.parse, errback=self.failed)

    def parse(self, response: scrapy.http.Response, **kwargs: Any) -> Iterator[Any]:
        """One export page: facilities, and the next page."""
        result = safe_parse(parse_findtreatment_export, SavedResponse.from_scrapy(response))
        yield from emit(self, result, response=response, callback=self.parse, errback=self.failed)

    def failed(self, failure: Any) -> None:
        """A page that failed after its retries (HTTP error, connection, timeout): counted."""
        count_failure(self, failure)
