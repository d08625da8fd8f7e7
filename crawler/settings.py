"""Scrapy settings: a polite, identifiable, robust crawler.

It obeys robots.txt, names itself with a contact URL (THERAPIST_FINDER_USER_AGENT
overrides it), keeps one request at a time per domain with AutoThrottle, retries
429/5xx with backoff, filters offsite links (each spider's `allowed_domains`),
and can resume (`-s JOBDIR=...`) or cache responses for development
(`-s HTTPCACHE_ENABLED=1`). Listings go through the pipelines into the store
named by `-s THERAPIST_FINDER_STORE=sqlite:///...` (unset: export only).
"""

import os

from therapist_finder.settings import USER_AGENT as DEFAULT_USER_AGENT

BOT_NAME = "therapist_finder_crawler"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

USER_AGENT = os.environ.get("THERAPIST_FINDER_USER_AGENT") or DEFAULT_USER_AGENT
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 1.0
DOWNLOAD_TIMEOUT = 60
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
RETRY_BACKOFF_BASE = 2.0
RETRY_BACKOFF_MAX = 120.0
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.BackoffRetryMiddleware": 550,
}

ITEM_PIPELINES = {
    "crawler.pipelines.ValidatePipeline": 100,
    "crawler.pipelines.NormalizePipeline": 200,
    "crawler.pipelines.MergePipeline": 400,
    "crawler.pipelines.StorePipeline": 500,
}
EXTENSIONS = {"crawler.extensions.CrawlSummary": 500}
# `crawl_env` hands the store URL over in the environment (a password stays off the
# command line); `-s THERAPIST_FINDER_STORE=...` still overrides it.
THERAPIST_FINDER_STORE = os.environ.get("THERAPIST_FINDER_CRAWL_STORE") or None
THERAPIST_FINDER_STORE_BATCH = 500
CRAWL_SUMMARY_FILE = None

HTTPCACHE_ENABLED = False  # development: -s HTTPCACHE_ENABLED=1 (stored under .scrapy/)
HTTPCACHE_EXPIRATION_SECS = 86400
HTTPCACHE_DIR = "httpcache"
HTTPCACHE_IGNORE_HTTP_CODES = [429, 500, 502, 503, 504]

COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
