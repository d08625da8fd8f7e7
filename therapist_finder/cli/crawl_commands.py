"""`crawl`, `extract` and `import-nppes`: getting listings in from public sources.

Scrapy is never imported here: `crawl` runs it in a child process
(`crawler.run`), and `extract` uses only the Scrapy-free parsers.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import tempfile
from pathlib import Path

from therapist_finder.cli.output import Progress, not_a_file, shown
from therapist_finder.settings import Settings

EXTRACT_SOURCES = ("nppes", "plannet", "findtreatment", "directory")


def _pairs(values: list[str], flag: str) -> dict[str, str]:
    out = {}
    for value in values or []:
        key, sep, rest = value.partition("=")
        if not sep or not key:
            print(f"error: {flag} expects NAME=VALUE, got {value!r}", file=sys.stderr)
            raise SystemExit(2)  # a usage mistake, as argparse's own
        out[key] = rest
    return out


def _positive_int(value: str) -> int:
    """argparse type: a whole number of at least 1."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {number}")
    return number


def add_parsers(sub) -> None:
    """Register the three subcommands on the main parser's subparsers."""
    p = sub.add_parser("crawl", help="run a spider (nppes, plannet, ...) into the store")
    p.add_argument("spider")
    p.add_argument("-a", dest="spider_args", action="append", default=[], metavar="NAME=VALUE",
                   help="spider argument, e.g. -a state=NY")
    p.add_argument("-s", dest="scrapy_settings", action="append", default=[],
                   metavar="NAME=VALUE", help="Scrapy setting override")
    p.add_argument("--jobdir", help="resumable crawl state directory (Scrapy JOBDIR): rerun an "
                   "interrupted crawl with the same --jobdir to resume it; a crawl that finished "
                   "there is refused (use a new directory, or --fresh)")
    p.add_argument("--fresh", action="store_true",
                   help="clear --jobdir first and crawl from the start (to refresh a finished job)")
    p.add_argument("--cache", action="store_true", help="HTTP cache (development)")
    p.add_argument("-o", "--output", help="also write the listings to this JSON-lines file; an "
                   "existing file is overwritten (appended to when resuming an interrupted --jobdir "
                   "crawl)")

    p = sub.add_parser("extract", help="parse saved responses; print canonical listings as JSON lines")
    p.add_argument("--source", required=True, choices=EXTRACT_SOURCES)
    p.add_argument("--site", help="directory site name (for --source directory)")
    p.add_argument("--url", help="the URL the one file was fetched from (default: its file:// URL,"
                   " where an index.html stands for its directory)")
    p.add_argument("--root", type=Path, help="the saved files are a copy of a site under this "
                   "directory: each file's URL is --base-url plus its path under it")
    p.add_argument("--base-url", help="the URL --root was copied from (default for --source "
                   "directory: the site's own base URL)")
    p.add_argument("files", nargs="+", type=Path)

    p = sub.add_parser("import-nppes", help="import the NPPES full replacement file (.zip or .csv)")
    p.add_argument("file", type=Path)
    p.add_argument("--batch", type=_positive_int, default=2000,
                   help="listings per store write (at least 1; default 2000)")


def cmd_crawl(args, settings: Settings) -> int:
    from crawler.extensions import nothing_usable, summary_lines
    from crawler.run import CrawlInterrupted, CrawlTerminated, absolute_store_url, crawl_problem, run_crawl
    from therapist_finder.removals import Removals

    spider_args = _pairs(args.spider_args, "-a")
    if problem := crawl_problem(args.spider, spider_args):
        print(f"error: {problem}", file=sys.stderr)
        return 2
    if problem := _settings_problem(_pairs(args.scrapy_settings, "-s")):
        print(f"error: {problem}", file=sys.stderr)
        return 2
    scrapy_settings = {"THERAPIST_FINDER_STORE": absolute_store_url(settings.store),
                       "THERAPIST_FINDER_REMOVALS": str(Path(settings.removals).resolve()),
                       **_pairs(args.scrapy_settings, "-s")}
    if removals := scrapy_settings.get("THERAPIST_FINDER_REMOVALS"):
        # A bad list would stop the crawl's pipelines with a traceback: say so in one
        # line (InvalidInputFile, exit 2) before crawling anything.
        Removals.load(removals)
    if args.fresh and not args.jobdir:
        print("error: --fresh clears a --jobdir; give one", file=sys.stderr)
        return 2
    output = Path(args.output).resolve() if args.output else None
    if output and (problem := _output_problem(output)):
        print(f"error: {problem}", file=sys.stderr)
        return 2
    resuming = False
    if args.jobdir:
        jobdir = Path(args.jobdir).resolve()
        if problem := _jobdir_problem(jobdir, args.fresh):
            print(f"error: {problem}", file=sys.stderr)
            return 2
        resuming = jobdir.is_dir() and any(jobdir.iterdir())  # an interrupted crawl: it resumes
        scrapy_settings["JOBDIR"] = str(jobdir)
    if args.cache:
        scrapy_settings["HTTPCACHE_ENABLED"] = "1"
    if output:
        # Overwrite what an earlier crawl wrote; a resumed crawl adds to what it began.
        feeds = {str(output): {"format": "jsonlines", "overwrite": not resuming}}
        scrapy_settings["FEEDS"] = json.dumps(feeds)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            run = run_crawl(args.spider, spider_args, scrapy_settings,
                            timeout=None, capture=False, workdir=Path(tmp))
    except CrawlInterrupted as stop:  # Ctrl-C: passed on to Scrapy, which stopped cleanly
        run = stop.run
        if run is None or run.stats.get("finish_reason") != "finished":  # not just as it ended
            if run is not None and run.stats:
                print("\n".join(summary_lines(run.stats)), file=sys.stderr)
            print(f"error: the crawl was interrupted{_resume_hint(args)}", file=sys.stderr)
            return 130
    except CrawlTerminated as stop:  # SIGTERM (`timeout`) or SIGHUP: Scrapy was told to stop
        name = signal.Signals(stop.signum).name
        try:
            print(f"error: the crawl was stopped by {name}{_resume_hint(args)}", file=sys.stderr)
        except OSError:  # a hung-up terminal: exit all the same
            pass
        raise
    if not run.stats:
        print(f"error: the crawl of {args.spider!r} did not run (exit {run.returncode})",
              file=sys.stderr)
        return 2
    print("\n".join(summary_lines(run.stats)), file=sys.stderr)
    reason = run.stats.get("finish_reason")
    if reason != "finished" and not run.stats.get("item_scraped_count"):
        # Not a Ctrl-C (that raised CrawlInterrupted): Scrapy stopped by itself, e.g. a
        # pipeline that could not open the store ("shutdown"), its traceback logged above.
        print(f"error: the crawl of {args.spider!r} stopped before finishing and scraped nothing"
              f" (finish reason {reason!r}, exit {run.returncode}); see the error logged above",
              file=sys.stderr)
        return 1
    if problem := nothing_usable(run.stats):  # last, for a scheduled job's log
        print(f"error: {problem}", file=sys.stderr)
        return 1
    return 0 if run.returncode == 0 else 1


def _settings_problem(values: dict[str, str]) -> str | None:
    """Why a -s value cannot work, for the settings whose type Scrapy's defaults show (a
    number, a yes/no) and the log level; Scrapy would stop with a traceback part way."""
    import logging

    from scrapy.settings import Settings, default_settings

    given = Settings(values)
    for name, raw in values.items():
        default = getattr(default_settings, name, None)
        # An int default may be read as a float (DOWNLOAD_DELAY = 0): a number passes.
        read = {bool: given.getbool, int: given.getfloat, float: given.getfloat}.get(type(default))
        try:
            if read is not None:
                read(name)
            elif name == "LOG_LEVEL" and not isinstance(logging.getLevelName(raw.upper()), int):
                raise ValueError(raw)
        except ValueError:
            kind = {bool: "True or False", int: "a number", float: "a number"}.get(
                type(default), "DEBUG, INFO, WARNING, ERROR or CRITICAL")
            return f"-s {name}={raw}: {name} takes {kind}"
    return None


def _resume_hint(args) -> str:
    return ("; run the same command (same --jobdir) to resume" if args.jobdir
            else " (with --jobdir DIR a crawl can be resumed)")


def _jobdir_problem(jobdir: Path, fresh: bool) -> str | None:
    """Why a crawl cannot use `jobdir`; with `fresh`, the directory is emptied first.

    A crawl that finished there would "resume" with every request already
    seen (Scrapy's requests.seen) and fetch nothing; an interrupted one resumes.
    """
    from crawler.run import clear_job, finished_job

    if jobdir.exists() and not jobdir.is_dir():
        return f"--jobdir {jobdir} is not a directory"
    try:  # made now, as Scrapy would: a path it cannot make is an error line, not a traceback
        jobdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return f"cannot use --jobdir {jobdir}: {exc.strerror or exc}"
    if fresh:
        try:
            clear_job(jobdir)
        except ValueError as exc:
            return str(exc)
        return None
    done = finished_job(jobdir)
    if done is None:
        return None
    what = " ".join(str(done[k]) for k in ("spider", "finished_at") if done.get(k))
    return (f"--jobdir {jobdir} holds a crawl that already finished{f' ({what})' if what else ''};"
            " rerunning it would fetch nothing. Pass a new --jobdir, or add --fresh to clear this"
            " one and crawl again")


def _output_problem(path: Path) -> str | None:
    """Why the -o file cannot be written, found before the crawl (Scrapy would
    only log a traceback and write nothing)."""
    if path.is_dir():
        return f"cannot write -o {path}: it is a directory"
    if path.suffix.lower() != ".jsonl":
        # The feed is JSON lines, uncompressed: a .gz or .csv name would lie about it, and
        # `index` refuses a .gz file that is not gzip.
        return f"cannot write -o {path}: the crawl writes JSON lines; name the file .jsonl"
    existed = path.exists()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)  # as Scrapy's feed storage would
        with path.open("ab"):
            pass
    except OSError as exc:
        return f"cannot write -o {path}: {exc.strerror or exc}"
    if not existed:
        path.unlink(missing_ok=True)
    return None


def cmd_extract(args, settings: Settings) -> int:
    from crawler.parsing import SavedResponse, get_parser, safe_parse
    from crawler.processing import InvalidListing, process
    from therapist_finder.vocab import load_vocabularies

    try:
        parser = get_parser(args.source)
    except KeyError as exc:
        print(f"error: {exc.args[0]}", file=sys.stderr)
        return 2
    if problem := _site_problem(args.source, args.site):
        print(f"error: {problem}", file=sys.stderr)
        return 2
    if problem := _url_problem(args):
        print(f"error: {problem}", file=sys.stderr)
        return 2
    vocabs, dropped, printed = load_vocabularies(), 0, 0
    options = {"site": args.site} if args.site else {}
    for path in args.files:
        if not_a_file(path):
            return 2
        url = _saved_url(path, args)
        if url is None:
            print(f"error: {path} is not under --root {args.root}", file=sys.stderr)
            return 2
        result = safe_parse(parser, SavedResponse.from_file(path, url), **options)
        for reason, detail in result.dropped:
            dropped += 1
            print(f"{path}: dropped ({reason}) {detail}", file=sys.stderr)
            if reason == "empty_index_page" and not args.url and not args.root:
                print(f"{path}: (a profile page is known by its URL: give it with --url, or"
                      " --root for a saved copy of the site)", file=sys.stderr)
        for item in result.listings:
            lost: list = []
            try:
                listing, _notes = process(item, vocabs, dropped=lost)
            except InvalidListing as exc:
                dropped += 1
                print(f"{path}: dropped (invalid_listing) {exc}", file=sys.stderr)
                continue
            for value in lost:  # the listing is kept without these values
                print(f"{path}: {listing.id}: dropped {value.stat}: {value.detail}", file=sys.stderr)
            print(listing.model_dump_json(exclude_defaults=True))
            printed += 1
    print(f"{printed} listing(s), {dropped} dropped", file=sys.stderr)
    return 0 if printed or not dropped else 1


def _url_problem(args) -> str | None:
    """Why the URL options do not fit: one --url cannot be the URL of several files
    (their listings would share one id), and --base-url needs --root."""
    if args.url and len(args.files) > 1:
        return ("--url names the URL of one file, not of several; for a saved copy of a site"
                " give --root DIR (and --base-url URL) so each file gets its own URL")
    if args.url and args.root:
        return "give either --url (one file) or --root (a saved copy of a site), not both"
    if args.base_url and not args.root:
        return "--base-url needs --root (the directory the site was saved into)"
    if args.root and not args.base_url and args.source != "directory":
        return "--root needs --base-url (the URL the directory was copied from)"
    if args.root and not args.root.is_dir():
        return f"--root {args.root} is not a directory"
    return None


def _saved_url(path: Path, args) -> str | None:
    """The URL a saved file stands for: --url; with --root, --base-url plus the
    file's path under the root; else its file:// URL. An `index.html` stands for
    its directory, as a web server serves it (profile URLs end in `/`). None
    when the file is not under --root."""
    from urllib.parse import quote

    if args.url:
        return args.url
    if args.root:
        try:
            relative = path.resolve().relative_to(args.root.resolve())
        except ValueError:
            return None
        base = args.base_url
        if base is None:  # --source directory: the site's own base URL
            from crawler.parsers.directory_config import load_site

            base = load_site(args.site).base_url
        parts = list(relative.parts)
        if parts and parts[-1] == "index.html":
            parts[-1] = ""
        return base.rstrip("/") + "/" + quote("/".join(parts))
    url = path.resolve().as_uri()
    return url[: -len("index.html")] if path.name == "index.html" else url


def _site_problem(source: str, site: str | None) -> str | None:
    """Why --site does not fit --source: the directory parser needs a known
    site (and would fail on every file without one), the others take none."""
    from crawler.parsers.directory_config import site_names

    if source != "directory":
        return f"--site is only for --source directory, not {source}" if site else None
    sites = ", ".join(site_names())
    if not site:
        return f"--source directory needs --site NAME; the sites are: {sites}"
    if site not in site_names():
        return f"no directory site {site!r}; the sites are: {sites}"
    return None


def cmd_import_nppes(args, settings: Settings) -> int:
    from therapist_finder.importers.nppes_file import import_file
    from therapist_finder.removals import Removals
    from therapist_finder.store import open_store

    if not_a_file(args.file):
        return 2
    store = open_store(settings.store)
    progress = Progress("imported")
    try:
        report = import_file(store, args.file, batch_size=args.batch, progress=progress,
                             removed=Removals.load(settings.removals).matcher())
    finally:
        store.close()
    seconds = progress.done()
    for line, why in report.errors[:50]:
        print(f"line {line}: {shown(why)}", file=sys.stderr)
    if len(report.errors) < sum(report.rejected.values()) - report.rejected["removed"]:
        print("... and more skipped rows (counted below)", file=sys.stderr)
    print(f"read {report.rows:,} rows, {report.candidates:,} behavioral-health; imported "
          f"{report.imported:,} listing(s) ({report.merged:,} merged with other sources) in "
          f"{seconds:.1f}s ({report.rows / max(seconds, 1e-9):,.0f} rows/s)", file=sys.stderr)
    for reason, count in report.rejected.most_common():
        print(f"  skipped ({reason}): {count:,}", file=sys.stderr)
    return 0
