"""Spider for SAMHSA's FindTreatment.gov locator export (treatment facilities).

    scrapy crawl findtreatment -a state=TX [-a service_type=mh]
    scrapy crawl findtreatment -a lat=29.76 -a lon=-95.37 [-a radius_mi=25]
    (tests and the demo: -a base_url=http://127.0.0.1:PORT/findtreatment/exportsAsJson/v2)

It asks the export for one state (limitType=0) or a radius around a point
(limitType=2, metres) and follows `page` up to `totalPages`. Extraction is
`crawler.parsers.findtreatment`; this module only routes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any, Literal
from urllib.parse import urlencode, urlsplit

import scrapy
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from crawler.parsers.findtreatment import parse_findtreatment_export
from crawler.parsing import SavedResponse, emit, safe_parse
from crawler.spiders.arguments import spider_args
from therapist_finder.vocab import load_vocabularies

EXPORT_URL = "https://findtreatment.gov/locator/exportsAsJson/v2"
METRES_PER_MILE = 1609.344


class FindTreatmentParams(BaseModel):
    """Spider arguments (`-a name=value`): a state, or a point and a radius."""

    model_config = ConfigDict(extra="forbid")
    base_url: str = Field(EXPORT_URL, pattern=r"^https?://", description="export endpoint")
    state: str | None = Field(None, description="US state: 2-letter code or name")
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    radius_mi: float = Field(25, gt=0, le=250, description="search radius around lat,lon")
    service_type: Literal["mh", "sa", "both"] = Field("mh", description="sType: mental health, "
                                                      "substance use or both")
    page_size: int = Field(100, ge=1, le=2000)

    @field_validator("state")
    @classmethod
    def _state(cls, value: str | None) -> str | None:
        if value is None:
            return None
        code = load_vocabularies().state.normalize(value)
        if code is None:
            raise ValueError(f"state: unknown US state {value!r}")
        return code

    @model_validator(mode="after")
    def _where(self) -> FindTreatmentParams:
        if (self.lat is None) != (self.lon is None):
            raise ValueError("lat and lon must be given together")
        if (self.state is None) == (self.lat is None):
            raise ValueError("give either state or lat and lon (one search area)")
        return self

    def query(self) -> dict[str, str]:
        """The export's query parameters for page 1."""
        if self.state:
            area = {"sAddr": self.state, "limitType": "0", "limitValue": self.state}
        else:
            area = {"sAddr": f"{self.lat},{self.lon}", "limitType": "2",
                    "limitValue": str(round(self.radius_mi * METRES_PER_MILE))}
        return {**area, "sType": self.service_type, "pageSize": str(self.page_size),
                "page": "1", "sort": "0"}


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
                             callback=self.parse)

    def parse(self, response: scrapy.http.Response, **kwargs: Any) -> Iterator[Any]:
        """One export page: facilities, and the next page."""
        result = safe_parse(parse_findtreatment_export, SavedResponse.from_scrapy(response))
        yield from emit(self, result, response=response, callback=self.parse)
