"""nppes: behavioral-health providers from the NPI Registry API v2.1.

    scrapy crawl nppes -a state=NY [-a city=Albany | -a postal_code=122]
                       [-a taxonomies="Psychologist,Counselor"] [-a api_url=http://127.0.0.1:8080/api/]

The spider only routes: it pages through each slice (`crawler.nppes_slices`),
splits a slice whose last reachable page is full, and yields what the parser
(`crawler.parsers.nppes`) produced. A provider listed under several
taxonomies or slices is yielded once per crawl (the merge pipeline would fold
repeats anyway). Spider state (NPIs seen) survives a pause with JOBDIR.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode, urlparse

import scrapy

from crawler.failures import count_failure
from crawler.nppes_slices import Slice, next_step, split_slice, state_zip_prefixes
from crawler.parsers import nppes as parser
from crawler.parsing import SavedResponse, count_drop, emit, safe_parse
from crawler.spider_params import NppesParams
from crawler.spiders.arguments import spider_args

API_URL = "https://npiregistry.cms.hhs.gov/api/"
# Taxonomy descriptions as the registry spells them; the parser keeps only
# records whose NUCC codes are behavioral health, so a broad match is harmless.
DEFAULT_TAXONOMIES = (
    "Psychologist", "Counselor", "Social Worker, Clinical", "Marriage & Family Therapist",
    "Psychoanalyst", "Psychiatry", "Child & Adolescent Psychiatry",
    "Psychiatric/Mental Health", "Mental Health", "Clinical Neuropsychologist",
)


class NppesSpider(scrapy.Spider):
    name = "nppes"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.params = spider_args(NppesParams, self.name, kwargs)
        super().__init__(*args, **kwargs)
        self.allowed_domains = [urlparse(self.params.api_url).hostname or ""]

    async def start(self):
        """One first page per taxonomy (Scrapy >= 2.13 entry point)."""
        for request in self.start_requests():
            yield request

    def start_requests(self) -> Iterator[scrapy.Request]:
        p = self.params
        for taxonomy in p.taxonomies:
            yield self.page_request(Slice(taxonomy, p.state, p.city, p.postal_code), 0)

    def page_request(self, piece: Slice, skip: int) -> scrapy.Request:
        url = f"{self.params.api_url}?{urlencode(piece.params(self.params.limit, skip))}"
        return scrapy.Request(url, callback=self.parse_page, errback=self.failed,
                              cb_kwargs={"piece": piece, "skip": skip})

    def parse_page(self, response: Any, piece: Slice, skip: int) -> Iterator[Any]:
        page = SavedResponse.from_scrapy(response)
        result = safe_parse(parser.parse, page)
        # `self.state` is persisted in JOBDIR by Scrapy's SpiderState extension.
        seen = self.__dict__.setdefault("state", {}).setdefault("seen_npis", set())
        fresh = [item for item in result.listings if item["npi"] not in seen]
        seen.update(item["npi"] for item in fresh)
        result.listings = fresh
        yield from emit(self, result)
        if result.dropped and not result.listings and parser.result_count(page) == 0:
            return  # an error payload: nothing to page through
        step = next_step(skip, parser.result_count(page), self.params.limit)
        if step == "next_page":
            yield self.page_request(piece, skip + self.params.limit)
        elif step == "split":
            yield from self.split(piece)

    def split(self, piece: Slice) -> Iterator[scrapy.Request]:
        children = split_slice(piece, state_zip_prefixes(piece.state))
        self.crawler.stats.inc_value("nppes/slices_split")
        if not children:
            count_drop(self, "query_too_broad", f"{piece} still exceeds the API's 1,200 results")
        for child in children:
            yield self.page_request(child, 0)

    def failed(self, failure: Any) -> None:
        """A page that failed after its retries (HTTP error, connection, timeout): counted."""
        count_failure(self, failure)
