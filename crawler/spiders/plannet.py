"""Spider for insurer provider directories (FHIR R4, Da Vinci PDex Plan-Net).

    scrapy crawl plannet -a base_url=https://fhir.payer.example/r4/ [-a network=ID | -a plan=ID]

It first pages through `InsurancePlan` (with their networks and owning payers)
so that every role can name its plans, then pages through `PractitionerRole`
with `_include` of practitioner, location, network and service, following the
Bundle `next` links. If the InsurancePlan search fails, roles are still read
(payers come from Network.partOf; plan names are then missing). When `-a plan`
names no plan there, the spider lists the directory's plans (a few pages at
most) to name the closest ones, and the crawl ends with that message
(`crawl/filter_unmatched`: `therapist-finder crawl` exits 1). A page that
fails (HTTP error after the retries, connection, timeout) is counted as
`drop_item/<reason>` (`crawler.failures`). Extraction is
`crawler.parsers.plannet`; this module only routes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlencode, urlsplit

import scrapy

from crawler.failures import count_failure, report_unmatched_filter
from crawler.fhir_paging import MAX_PAGES_SKIPPED, page_after
from crawler.parsers.fhir import as_dict, as_list
from crawler.parsers.plannet import PlanNetContext, parse_plannet_bundle
from crawler.parsing import (
    SavedResponse,
    emit,
    gave_up_unreadable,
    leaves_site,
    retry_unreadable,
    safe_parse,
)
from crawler.plan_choice import plan_label, unknown_plan_message
from crawler.spider_params import PlanNetParams
from crawler.spiders.arguments import spider_args

ROLE_INCLUDES = ("PractitionerRole:practitioner", "PractitionerRole:location",
                 "PractitionerRole:network", "PractitionerRole:service")
PLAN_INCLUDES = ("InsurancePlan:owned-by", "InsurancePlan:network")
# Pages of the directory's plans read to suggest one for a mistyped `-a plan`: the
# suggestion is a courtesy, and a directory of thousands of plans must not be read for it.
PLAN_LIST_PAGES = 10
FHIR_JSON = {"Accept": "application/fhir+json, application/json;q=0.9"}


class PlanNetSpider(scrapy.Spider):
    """Listings from one payer's Plan-Net directory."""

    name = "plannet"
    custom_settings = {"DEFAULT_REQUEST_HEADERS": FHIR_JSON}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args = spider_args(PlanNetParams, self.name, kwargs)
        super().__init__(*args, **kwargs)
        self.allowed_domains = [urlsplit(self.args.base_url).hostname or ""]
        self.context = PlanNetContext()

    def search_url(self, resource: str, params: list[tuple[str, str]]) -> str:
        """A search URL under the configured base."""
        return f"{self.args.base_url}{resource}?{urlencode(params, safe=':,/')}"

    async def start(self) -> AsyncIterator[scrapy.Request]:
        params = [("_include", inc) for inc in PLAN_INCLUDES]
        if self.args.plan:
            params.append(("_id", self.args.plan))
        params.append(("_count", str(self.args.page_size)))
        yield scrapy.Request(self.search_url("InsurancePlan", params), callback=self.parse_plans,
                             errback=self.plans_failed)

    def parse_plans(self, response: scrapy.http.Response) -> Iterator[Any]:
        """Remember plans, networks and payers; then (after the last page) ask for roles."""
        result = safe_parse(parse_plannet_bundle, SavedResponse.from_scrapy(response),
                            context=self.context, directory_host=self.args.directory_host)
        retry = retry_unreadable(self, result, response)
        if retry is not None:  # roles wait until the plans are read (or given up)
            yield retry
            return
        if result.follow:
            yield from emit(self, result, response=response, callback=self.parse_plans,
                            errback=self.plans_failed)
            return
        yield from emit(self, result, response=response)
        yield from self.role_requests()

    def plans_failed(self, failure: Any) -> Iterator[scrapy.Request]:
        """No plan names then; payers still come from the networks. The failed
        page is counted (`drop_item/<reason>`) like any other."""
        count_failure(self, failure)
        self.crawler.stats.inc_value("plannet/insurance_plans_unavailable")
        self.logger.warning("InsurancePlan search failed (%s); reading roles without plans",
                            failure.value)
        # With -a plan, the plan cannot be looked up: nothing to read (the failed
        # request already makes the crawl one that fetched nothing usable).
        yield from self.role_requests(list_plans=False)

    def role_requests(self, list_plans: bool = True) -> Iterator[scrapy.Request]:
        """The first PractitionerRole search page (filtered by network or plan); for a
        plan the directory does not have, its list of plans instead (`list_plans`)."""
        networks = [self.args.network] if self.args.network else []
        if self.args.plan:
            plan = self.context.get("InsurancePlan", self.args.plan)
            if plan is None and list_plans and not self._known_plans():
                # The search by _id found nothing: ask for all plans, to suggest some.
                yield self._plan_list_request()
                return
            networks = self._plan_networks(plan) if plan else []
            if not networks:
                self.crawler.stats.inc_value("plannet/plan_without_networks")
                if plan is not None:
                    report_unmatched_filter(self, f"the plan {plan_label(plan)} lists no networks,"
                                            " so no provider in it can be read")
                elif list_plans:
                    report_unmatched_filter(self, unknown_plan_message(
                        self.args.plan, self._known_plans()))
                else:
                    self.logger.error("plan %r cannot be looked up: the InsurancePlan search failed",
                                      self.args.plan)
                return
        params = [("_include", inc) for inc in ROLE_INCLUDES]
        if networks:
            params.append(("network", ",".join(networks)))
        params.append(("_count", str(self.args.page_size)))
        yield scrapy.Request(self.search_url("PractitionerRole", params), callback=self.parse,
                             errback=self.page_failed)

    def _known_plans(self) -> list[dict]:
        return [r for (rtype, _), r in self.context.resources.items() if rtype == "InsurancePlan"]

    def _plan_list_request(self, url: str | None = None, page: int = 1) -> scrapy.Request:
        url = url or self.search_url("InsurancePlan", [("_count", str(self.args.page_size))])
        return scrapy.Request(url, callback=self.parse_plan_list, errback=self.plan_list_failed,
                              meta={"plan_list_page": page})

    def parse_plan_list(self, response: scrapy.http.Response) -> Iterator[Any]:
        """A page of the directory's plans, read only to suggest one: the next
        page (up to PLAN_LIST_PAGES), then the roles of the plan if it turned
        up after all, or the message naming the closest plans."""
        # Its drops are not counted: these plans only feed the message (no listing comes
        # from them), and an unreadable page only makes the list incomplete.
        result = safe_parse(parse_plannet_bundle, SavedResponse.from_scrapy(response),
                            context=self.context, directory_host=self.args.directory_host)
        retry = retry_unreadable(self, result, response)
        if retry is not None:
            yield retry
            return
        page = response.meta.get("plan_list_page", 1)
        if result.follow and page < PLAN_LIST_PAGES:
            after = response.urljoin(result.follow[0])
            if not leaves_site(self, after):  # else: suggest from the plans read so far
                yield self._plan_list_request(after, page + 1)
                return
        if self._plan_turned_up(complete=not result.follow
                                and not gave_up_unreadable(self, result, response)):
            yield from self.role_requests(list_plans=False)

    def plan_list_failed(self, failure: Any) -> Iterator[scrapy.Request]:
        """The list of plans failed part way: suggest from what was read."""
        count_failure(self, failure)
        if self._plan_turned_up(complete=False):
            yield from self.role_requests(list_plans=False)

    def _plan_turned_up(self, complete: bool) -> bool:
        """Whether the plan is among those listed; if not, the crawl ends saying which
        plans are closest (`complete`: every page of the list was read)."""
        if self.context.get("InsurancePlan", self.args.plan) is not None:
            return True
        self.crawler.stats.inc_value("plannet/plan_without_networks")
        report_unmatched_filter(self, unknown_plan_message(self.args.plan, self._known_plans(),
                                                           complete=complete))
        return False

    def parse(self, response: scrapy.http.Response, **kwargs: Any) -> Iterator[Any]:
        """One PractitionerRole page: listings, and the next page."""
        result = safe_parse(parse_plannet_bundle, SavedResponse.from_scrapy(response),
                            context=self.context, directory_host=self.args.directory_host)
        yield from emit(self, result, response=response, callback=self.parse, errback=self.page_failed)
        if gave_up_unreadable(self, result, response):
            yield from self.skip_ahead(response.request)

    def page_failed(self, failure: Any) -> Iterator[scrapy.Request]:
        """A role page failed over HTTP after its retries: go on after it. A
        guessed page the server does not have (404, 410) is the end."""
        response = getattr(failure.value, "response", None)
        guessed = failure.request.meta.get("pages_skipped")
        if guessed and response is not None and response.status in (404, 410):
            self.logger.info("no page after the skipped one: the role search ends at %s",
                             failure.request.url)
            return
        count_failure(self, failure)
        yield from self.skip_ahead(failure.request)

    def skip_ahead(self, lost: scrapy.Request) -> Iterator[scrapy.Request]:
        """The page after a lost one, when the server pages by offset; else the
        search ends here, and the summary says so."""
        skipped = lost.meta.get("pages_skipped", 0)
        after = page_after(lost.url)
        if after is None or skipped >= MAX_PAGES_SKIPPED:
            self.crawler.stats.inc_value("plannet/role_pages_lost_after")
            self.logger.error("role search stops at an unreadable page (%s): later pages cannot be"
                              " reached", lost.url)
            return
        self.crawler.stats.inc_value("plannet/role_pages_skipped")
        self.logger.warning("skipping an unreadable role page: %s", lost.url)
        yield scrapy.Request(after, callback=self.parse, errback=self.page_failed,
                             meta={"pages_skipped": skipped + 1})

    @staticmethod
    def _plan_networks(plan: dict) -> list[str]:
        # FHIR JSON from a server is untrusted: any of these may be a lone
        # object, a number or a list of anything.
        refs = as_list(plan.get("network"))
        refs += [n for p in as_list(plan.get("plan")) for n in as_list(as_dict(p).get("network"))]
        ids = [str(r.get("reference", "")).rstrip("/").split("/")[-1] for r in refs
               if isinstance(r, dict)]
        return list(dict.fromkeys(i for i in ids if i))
