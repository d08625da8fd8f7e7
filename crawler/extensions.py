"""The crawl summary: dropped items per reason, losses, items scraped, merges, store writes.

At spider close it logs the summary and, when the `CRAWL_SUMMARY_FILE`
setting names a path, writes the full stats there as JSON (the CLI and the
tests read it back from a subprocess). With a JOBDIR, a crawl that finished
(rather than one interrupted) leaves `crawler.run.JOB_FINISHED_FILE` there, so
`therapist-finder crawl` can refuse to "resume" a job that has nothing left
to fetch.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy import signals

from crawler.parsing import FILTER_UNMATCHED, PAGES_UNREADABLE, REQUESTS_FAILED
from crawler.run import JOB_FINISHED_FILE

DROP_PREFIX = "drop_item/"
# Values dropped from listings that were kept (crawler/salvage.py).
FIELD_DROP_PREFIX = "field_dropped/"
# Any other stat counting something lost says so in the last part of its name
# (`plannet/role_pages_lost_after`, `plannet/insurance_plans_unavailable`,
# `crawl/requests_failed`, ...): the summary prints every such stat, so a new
# kind of loss cannot be left out of it.
LOSS_WORD = re.compile(r"(?:^|_)(?:lost|skipped|unavailable|unreadable|failed|without)(?:_|$)")


def drop_counts(stats: dict[str, Any]) -> dict[str, int]:
    """`drop_item/<reason>` counts by reason, largest first."""
    drops = {k[len(DROP_PREFIX):]: v for k, v in stats.items() if k.startswith(DROP_PREFIX)}
    return dict(sorted(drops.items(), key=lambda kv: (-kv[1], kv[0])))


def loss_counts(stats: dict[str, Any]) -> dict[str, Any]:
    """Stats that count lost pages or unavailable resources (other than drops), by name."""
    return {key: value for key, value in sorted(stats.items())
            if not key.startswith((DROP_PREFIX, FIELD_DROP_PREFIX)) and "/" in key
            and isinstance(value, int | float) and LOSS_WORD.search(key.rsplit("/", 1)[-1])}


def summary_lines(stats: dict[str, Any]) -> list[str]:
    """Human-readable lines: items, drops per reason, dropped values, every other
    loss (lost pages, unavailable resources, failed requests), merges, store writes."""
    lines = [f"items scraped: {stats.get('item_scraped_count', 0)}",
             f"items dropped: {sum(drop_counts(stats).values())}"]
    lines += [f"  drop_item/{reason}: {count}" for reason, count in drop_counts(stats).items()]
    fields = {k: v for k, v in sorted(stats.items()) if k.startswith(FIELD_DROP_PREFIX)}
    if fields:
        lines.append(f"values dropped from kept listings: {sum(fields.values())}")
        lines += [f"  {key}: {count}" for key, count in fields.items()]
    if losses := loss_counts(stats):
        lines.append("pages lost and resources unavailable:")
        lines += [f"  {key}: {count}" for key, count in losses.items()]
    for key in ("merge/merged", "store/upserted", "store/deleted", "retry/count",
                "downloader/response_status_count/200", "finish_reason"):
        if key in stats:
            lines.append(f"{key}: {stats[key]}")
    return lines


def nothing_usable(stats: dict[str, Any]) -> str | None:
    """Why a crawl fetched nothing usable at all (no listing, and requests failed or
    pages stayed unreadable, e.g. the start URL); None for a crawl that got listings,
    or that lost nothing (a search with no results is not a failure). A filter that
    named nothing in the source (`-a plan=` mistyped) is a failure: its reason is returned."""
    if stats.get("item_scraped_count", 0):
        return None
    if unmatched := stats.get(FILTER_UNMATCHED):
        return f"the crawl found nothing to fetch: {unmatched}"
    failed, unreadable = stats.get(REQUESTS_FAILED, 0), stats.get(PAGES_UNREADABLE, 0)
    if not failed and not unreadable:
        return None
    return (f"the crawl fetched nothing usable: no listing scraped, {failed} request(s) failed"
            f" and {unreadable} page(s) stayed unreadable (see the drops above)")


class CrawlSummary:
    """Log (and optionally save) the summary when the spider closes."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.path = crawler.settings.get("CRAWL_SUMMARY_FILE")
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Any) -> CrawlSummary:
        return cls(crawler)

    def spider_opened(self, spider: Any) -> None:
        jobdir = self.crawler.settings.get("JOBDIR")
        if jobdir and Path(jobdir, JOB_FINISHED_FILE).is_file():  # plain `scrapy crawl`
            spider.logger.warning("JOBDIR %s holds a crawl that already finished: its requests are"
                                  " all seen, so nothing will be fetched; use a new JOBDIR", jobdir)

    def spider_closed(self, spider: Any, reason: str) -> None:
        stats = dict(self.crawler.stats.get_stats())
        stats.setdefault("finish_reason", reason)
        spider.logger.info("crawl summary:\n  %s", "\n  ".join(summary_lines(stats)))
        if self.path:
            Path(self.path).write_text(json.dumps(
                {"spider": spider.name, "stats": stats, "drops": drop_counts(stats)},
                default=str, indent=2))
        jobdir = self.crawler.settings.get("JOBDIR")
        if jobdir and reason == "finished":  # not "shutdown" (Ctrl-C): that one resumes
            Path(jobdir, JOB_FINISHED_FILE).write_text(json.dumps(
                {"spider": spider.name, "finished_at": datetime.now(UTC).isoformat(),
                 "items_scraped": stats.get("item_scraped_count", 0)}, indent=2))
