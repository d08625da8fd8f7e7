"""Run a spider in a subprocess and read back its items and stats.

A subprocess because Twisted's reactor cannot be restarted in one process;
the CLI (`therapist-finder crawl`, `demo`) and the tests all use this. The
child runs `python -m scrapy crawl NAME` with `SCRAPY_SETTINGS_MODULE=crawler.settings`,
so it works from any directory.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawler.orphans import stop_with_parent
from therapist_finder.store import split_url

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SPIDERS_DIR = PROJECT_ROOT / "crawler" / "spiders"
# For local servers and tests: no delays, fast backoff.
FAST_SETTINGS = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "0",
                 "RETRY_BACKOFF_BASE": "0.05", "RETRY_BACKOFF_MAX": "1",
                 "CONCURRENT_REQUESTS_PER_DOMAIN": "2"}

# Left in a JOBDIR by a crawl that finished (crawler.extensions.CrawlSummary):
# Scrapy would "resume" it with every request already seen, fetching nothing.
JOB_FINISHED_FILE = "crawl-finished.json"
# What a crawl leaves in its JOBDIR (Scrapy's scheduler and SpiderState, and the marker).
JOB_FILES = frozenset({"requests.seen", "requests.queue", "spider.state", JOB_FINISHED_FILE})


@dataclass
class CrawlRun:
    """What a finished crawl left behind."""

    returncode: int
    items: list[dict[str, Any]] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)
    drops: dict[str, int] = field(default_factory=dict)
    log: str = ""


def absolute_store_url(url: str) -> str:
    """sqlite:///relative.db made absolute, so a child in another directory finds it."""
    parsed = split_url(url)
    if parsed.scheme != "sqlite" or url.startswith("sqlite:////"):
        return url
    return f"sqlite:///{Path(url[len('sqlite:///'):]).resolve()}"


def finished_job(jobdir: Path) -> dict[str, Any] | None:
    """What the crawl that finished in `jobdir` left (spider, finished_at, items_scraped);
    None when the directory holds no crawl, or one that was interrupted (it resumes)."""
    marker = Path(jobdir) / JOB_FINISHED_FILE
    if not marker.is_file():
        return None
    try:
        found = json.loads(marker.read_text())
    except (OSError, ValueError):
        found = None
    return found if isinstance(found, dict) else {}


def clear_job(jobdir: Path) -> None:
    """Empty a job directory, so that the next crawl in it starts afresh. ValueError
    (and nothing removed) when it holds anything a crawl does not leave there."""
    jobdir = Path(jobdir)
    if jobdir.is_dir():
        others = sorted(p.name for p in jobdir.iterdir() if p.name not in JOB_FILES)
        if others:
            raise ValueError(f"{jobdir} does not look like a crawl's job directory (it holds "
                             f"{', '.join(others[:3])}); not clearing it")
        for entry in jobdir.iterdir():
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()


def spider_names() -> list[str]:
    """The spiders `scrapy crawl` knows, found without importing Scrapy: each
    module of crawler/spiders/ holds one spider named as the module."""
    return sorted(p.stem for p in SPIDERS_DIR.glob("*.py") if p.stem not in ("__init__", "arguments"))


def crawl_problem(spider: str, args: dict[str, str]) -> str | None:
    """Why a crawl cannot start, found before starting it: the child would
    fail on an unknown spider, directory site or bad `-a` argument with a
    Scrapy traceback."""
    names = spider_names()
    if spider not in names:
        return f"no spider {spider!r}; the spiders are: {', '.join(names)}"
    if spider == "directory":
        from crawler.parsers.directory_config import site_names

        sites, site = site_names(), args.get("site")
        if site not in sites:
            problem = f"no directory site {site!r}" if site else "the directory spider needs -a site=NAME"
            return f"{problem}; the sites are: {', '.join(sites)} (configured in crawler/sites/)"
    from crawler.spider_params import argument_problem

    return argument_problem(spider, args)


# Settings passed in the child's environment, not on its command line, which every
# local user can read (`ps`): a store URL may hold a password (elastic:secret@host).
ENV_SETTINGS = {"THERAPIST_FINDER_STORE": "THERAPIST_FINDER_CRAWL_STORE"}


def crawl_argv(spider: str, args: dict[str, str] | None = None,
               settings: dict[str, str] | None = None) -> list[str]:
    """The command line of one crawl (without the ENV_SETTINGS: see `crawl_env`)."""
    argv = [sys.executable, "-m", "scrapy", "crawl", spider]
    for key, value in (args or {}).items():
        argv += ["-a", f"{key}={value}"]
    for key, value in (settings or {}).items():
        if key not in ENV_SETTINGS:
            argv += ["-s", f"{key}={value}"]
    return argv


def crawl_env(settings: dict[str, str] | None = None) -> dict[str, str]:
    """The child's environment: our settings module, this checkout on sys.path, and the
    ENV_SETTINGS among `settings` (crawler/settings.py reads them back)."""
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="crawler.settings")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(PROJECT_ROOT), env.get("PYTHONPATH")) if p)
    for key, variable in ENV_SETTINGS.items():
        env.pop(variable, None)
        if (settings or {}).get(key):
            env[variable] = settings[key]  # type: ignore[index]
    return env


class CrawlInterrupted(KeyboardInterrupt):
    """A Ctrl-C (SIGINT) reached this process while a crawl ran: it was passed on to
    the child, which stopped cleanly (saving its JOBDIR, so the crawl resumes).
    Raised once the child has exited, so that a caller running several crawls (the
    demo) stops too; `run` is what the interrupted crawl left (from `run_crawl`)."""

    def __init__(self, returncode: int, log: str = "") -> None:
        super().__init__("the crawl was interrupted")
        self.returncode, self.log = returncode, log
        self.run: CrawlRun | None = None


class CrawlTerminated(SystemExit):
    """SIGTERM or SIGHUP reached this process while a crawl ran (`timeout`, a hangup,
    a kill of the process group): the child was told to stop, and once it has this
    process exits with the conventional code, 128 + the signal's number."""

    def __init__(self, signum: int) -> None:
        super().__init__(128 + signum)
        self.signum = signum


def run_crawl(spider: str, args: dict[str, str] | None = None,
              settings: dict[str, str] | None = None, *, timeout: float = 300,
              capture: bool = True, workdir: Path | None = None) -> CrawlRun:
    """Run one crawl to the end; items come from a JSON-lines feed, stats from the summary.

    A Ctrl-C during the crawl raises CrawlInterrupted (a KeyboardInterrupt) once the
    crawl has stopped, with its `run`; SIGTERM or SIGHUP raise CrawlTerminated."""
    with tempfile.TemporaryDirectory(prefix="crawl-", dir=workdir) as tmp:
        items_path, summary_path = Path(tmp) / "items.jsonl", Path(tmp) / "summary.json"
        all_settings = {"CRAWL_SUMMARY_FILE": str(summary_path),
                        "FEEDS": json.dumps({str(items_path): {"format": "jsonlines"}}),
                        **(settings or {})}
        interrupted = None
        try:
            returncode, log = _run_child(crawl_argv(spider, args, all_settings), capture, timeout,
                                         crawl_env(all_settings))
        except CrawlInterrupted as exc:
            interrupted, returncode, log = exc, exc.returncode, exc.log
        run = CrawlRun(returncode, log=log)
        if items_path.exists():
            run.items = [json.loads(line) for line in items_path.read_text().splitlines() if line]
        if summary_path.exists():
            summary = json.loads(summary_path.read_text())
            run.stats, run.drops = summary["stats"], summary["drops"]
        if interrupted is not None:
            interrupted.run = run
            raise interrupted
        return run


# Signals passed on to the child, as what: Scrapy stops cleanly (saving its JOBDIR)
# on SIGINT and SIGTERM; it has no handler for SIGHUP, which would kill it outright.
FORWARDED_SIGNALS = {signal.SIGINT: signal.SIGINT, signal.SIGTERM: signal.SIGTERM,
                     signal.SIGHUP: signal.SIGTERM}


def _run_child(argv: list[str], capture: bool, timeout: float | None,
               env: dict[str, str] | None = None) -> tuple[int, str]:
    """Run the Scrapy child to its end; returns its exit code and (captured) stderr.

    The child has its own process group, so a Ctrl-C in the terminal reaches only
    this process, which passes it on to the child once per press: Scrapy then stops
    cleanly and saves its JOBDIR, so the crawl resumes (a second press forces it,
    as in Scrapy). Killing the child on KeyboardInterrupt, as `subprocess.run` does,
    would lose the job's state. Once the child has exited, the interrupt is raised
    here (CrawlInterrupted). SIGTERM and SIGHUP are passed on the same way (as
    SIGTERM), then this process exits (CrawlTerminated): a child in its own group
    would otherwise outlive `timeout`, a hangup or a kill of our process group.
    Whatever else ends the wait (the timeout, an exception) kills the child, and
    if this process is killed outright, the kernel stops it (crawler.orphans).
    Signals are only handled when called from the main thread.
    """
    pipe = subprocess.PIPE if capture else None
    received: list[int] = []
    with subprocess.Popen(argv, env=crawl_env() if env is None else env, stdout=pipe, stderr=pipe, text=True,
                          process_group=0, preexec_fn=stop_with_parent()) as child:

        def forward(signum: int, _frame: Any) -> None:
            received.append(signum)
            child.send_signal(FORWARDED_SIGNALS[signum])  # a no-op once the child has exited

        previous: dict[int, Any] = {}
        if threading.current_thread() is threading.main_thread():
            for signum in FORWARDED_SIGNALS:
                if signal.getsignal(signum) is not signal.SIG_IGN:  # as under nohup: the child ignores it too
                    previous[signum] = signal.signal(signum, forward)
        try:
            _, err = child.communicate(timeout=timeout)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, signal.SIG_DFL if handler is None else handler)
            if child.poll() is None:  # not waited for to the end: do not leave it running
                child.kill()
                child.wait()
    for signum in received:
        if signum != signal.SIGINT:
            raise CrawlTerminated(signum)
    if received:
        raise CrawlInterrupted(child.returncode, err or "")
    return child.returncode, err or ""
