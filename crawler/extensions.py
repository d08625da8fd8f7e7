"""The crawl summary: dropped items per reason, items scraped, merges, store writes.

At spider close it logs the summary and, when the `CRAWL_SUMMARY_FILE`
setting names a path, writes the full stats there as JSON (the CLI and the
tests read it back from a subprocess).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from scrapy import signals

DROP_PREFIX = "drop_item/"
# Values dropped from listings that were kept (crawler/salvage.py).
FIELD_DROP_PREFIX = "field_dropped/"


def drop_counts(stats: dict[str, Any]) -> dict[str, int]:
    """`drop_item/<reason>` counts by reason, largest first."""
    drops = {k[len(DROP_PREFIX):]: v for k, v in stats.items() if k.startswith(DROP_PREFIX)}
    return dict(sorted(drops.items(), key=lambda kv: (-kv[1], kv[0])))


def summary_lines(stats: dict[str, Any]) -> list[str]:
    """Human-readable lines: items, drops per reason, merges, store writes."""
    lines = [f"items scraped: {stats.get('item_scraped_count', 0)}",
             f"items dropped: {sum(drop_counts(stats).values())}"]
    lines += [f"  drop_item/{reason}: {count}" for reason, count in drop_counts(stats).items()]
    fields = {k: v for k, v in sorted(stats.items()) if k.startswith(FIELD_DROP_PREFIX)}
    if fields:
        lines.append(f"values dropped from kept listings: {sum(fields.values())}")
        lines += [f"  {key}: {count}" for key, count in fields.items()]
    for key in ("merge/merged", "store/upserted", "store/deleted", "retry/count",
                "downloader/response_status_count/200", "finish_reason"):
        if key in stats:
            lines.append(f"{key}: {stats[key]}")
    return lines


class CrawlSummary:
    """Log (and optionally save) the summary when the spider closes."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.path = crawler.settings.get("CRAWL_SUMMARY_FILE")
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Any) -> CrawlSummary:
        return cls(crawler)

    def spider_closed(self, spider: Any, reason: str) -> None:
        stats = dict(self.crawler.stats.get_stats())
        stats.setdefault("finish_reason", reason)
        spider.logger.info("crawl summary:\n  %s", "\n  ".join(summary_lines(stats)))
        if self.path:
            Path(self.path).write_text(json.dumps(
                {"spider": spider.name, "stats": stats, "drops": drop_counts(stats)},
                default=str, indent=2))
