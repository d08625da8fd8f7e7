"""`crawl`, `extract` and `import-nppes`: getting listings in from public sources.

Scrapy is never imported here: `crawl` runs it in a child process
(`crawler.run`), and `extract` uses only the Scrapy-free parsers.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from therapist_finder.cli.output import Progress, not_a_file
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


def add_parsers(sub) -> None:
    """Register the three subcommands on the main parser's subparsers."""
    p = sub.add_parser("crawl", help="run a spider (nppes, plannet, ...) into the store")
    p.add_argument("spider")
    p.add_argument("-a", dest="spider_args", action="append", default=[], metavar="NAME=VALUE",
                   help="spider argument, e.g. -a state=NY")
    p.add_argument("-s", dest="scrapy_settings", action="append", default=[],
                   metavar="NAME=VALUE", help="Scrapy setting override")
    p.add_argument("--jobdir", help="resumable crawl state directory (Scrapy JOBDIR)")
    p.add_argument("--cache", action="store_true", help="HTTP cache (development)")
    p.add_argument("-o", "--output", help="also write the listings to this JSON-lines file")

    p = sub.add_parser("extract", help="parse saved responses; print canonical listings as JSON lines")
    p.add_argument("--source", required=True, choices=EXTRACT_SOURCES)
    p.add_argument("--site", help="directory site name (for --source directory)")
    p.add_argument("--url", help="the URL the files were fetched from (default: file:// URL)")
    p.add_argument("files", nargs="+", type=Path)

    p = sub.add_parser("import-nppes", help="import the NPPES full replacement file (.zip or .csv)")
    p.add_argument("file", type=Path)
    p.add_argument("--batch", type=int, default=2000, help="listings per store write")


def cmd_crawl(args, settings: Settings) -> int:
    from crawler.extensions import summary_lines
    from crawler.run import absolute_store_url, crawl_problem, run_crawl

    spider_args = _pairs(args.spider_args, "-a")
    if problem := crawl_problem(args.spider, spider_args):
        print(f"error: {problem}", file=sys.stderr)
        return 2
    scrapy_settings = {"THERAPIST_FINDER_STORE": absolute_store_url(settings.store),
                       "THERAPIST_FINDER_REMOVALS": str(Path(settings.removals).resolve()),
                       **_pairs(args.scrapy_settings, "-s")}
    if args.jobdir:
        scrapy_settings["JOBDIR"] = str(Path(args.jobdir).resolve())
    if args.cache:
        scrapy_settings["HTTPCACHE_ENABLED"] = "1"
    if args.output:
        feeds = {str(Path(args.output).resolve()): {"format": "jsonlines"}}
        scrapy_settings["FEEDS"] = json.dumps(feeds)
    with tempfile.TemporaryDirectory() as tmp:
        run = run_crawl(args.spider, spider_args, scrapy_settings,
                        timeout=None, capture=False, workdir=Path(tmp))
    if not run.stats:
        print(f"error: the crawl of {args.spider!r} did not run (exit {run.returncode})",
              file=sys.stderr)
        return 2
    print("\n".join(summary_lines(run.stats)), file=sys.stderr)
    return 0 if run.returncode == 0 else 1


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
    vocabs, dropped, printed = load_vocabularies(), 0, 0
    options = {"site": args.site} if args.site else {}
    for path in args.files:
        if not_a_file(path):
            return 2
        result = safe_parse(parser, SavedResponse.from_file(path, args.url), **options)
        for reason, detail in result.dropped:
            dropped += 1
            print(f"{path}: dropped ({reason}) {detail}", file=sys.stderr)
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
    print(f"read {report.rows:,} rows, {report.candidates:,} behavioral-health; imported "
          f"{report.imported:,} listing(s) ({report.merged:,} merged with other sources) in "
          f"{seconds:.1f}s ({report.rows / max(seconds, 1e-9):,.0f} rows/s)", file=sys.stderr)
    for reason, count in report.rejected.most_common():
        print(f"  skipped ({reason}): {count:,}", file=sys.stderr)
    return 0
