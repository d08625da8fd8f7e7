"""The CLI's commands; each takes parsed args and settings, returns an exit code."""

from __future__ import annotations

import json
import sys
from datetime import date, timedelta

from pydantic import ValidationError

from therapist_finder.cli.output import Progress, hint_lines, not_a_file, result_table, shown
from therapist_finder.cli.stats_output import stats_report
from therapist_finder.errors import InvalidQuery
from therapist_finder.geo.resolve import build_resolver
from therapist_finder.indexing import REBUILD_MAX_REJECTED, index_file
from therapist_finder.removals import Removals
from therapist_finder.sample import demo_dataset_path
from therapist_finder.sample.timeshift import demo_dates_for
from therapist_finder.search_hints import counted_search_hints
from therapist_finder.search_params import SearchParams, build_query
from therapist_finder.settings import Settings
from therapist_finder.store import open_store, shown_url
from therapist_finder.vocab import load_vocabularies


def _print_report(report, seconds: float) -> None:
    out = sys.stderr
    for err in report.errors[:50]:
        print(f"line {err.line}: {shown(err.message)}", file=out)
    if report.rejected > 50:
        print(f"... and {report.rejected - 50} more bad lines", file=out)
    rate = report.loaded / max(seconds, 1e-9)
    print(f"loaded {report.loaded:,} listing(s), rejected {report.rejected:,} line(s) "
          f"in {seconds:.1f}s ({rate:,.0f}/s)", file=out)
    if report.replaced and report.rebuilt:
        print(f"{report.replaced:,} line(s) repeated the id of an earlier line: the later line of"
              " each was kept", file=out)
    elif report.replaced:
        print(f"{report.replaced:,} of them replaced a listing with the same id, whole (the old"
              " listing's claims are not kept or merged)", file=out)
    if report.removed:
        print(f"left out {report.removed:,} listing(s) on the removal list "
              "(therapist-finder remove --list)", file=out)
    top = report.normalize.top_unmapped(10)
    if top:
        total = sum(report.normalize.unmapped.values())
        print(f"{total:,} value(s) matched no vocabulary entry (kept as raw text); most common:", file=out)
        for field, raw, count in top:
            print(f"  {field}: {raw!r} x{count}", file=out)
    dropped = report.normalize.dropped
    if dropped:
        print(f"{sum(dropped.values()):,} website(s) were no web address and were left out; most common:",
              file=out)
        for (_, raw), count in dropped.most_common(5):
            print(f"  website: {shown(repr(raw))} x{count}", file=out)
    if report.damaged:
        print(f"error: {report.damaged}; the rest of the file was not loaded", file=out)


def _index_keeping_removals(store, path, settings: Settings, **options):
    """`index_file` leaving out the removal list's listings, then that list
    applied again: a removal made while the import ran must not be undone by it."""
    report = index_file(store, path, load_vocabularies(), removed=Removals.load(settings.removals).matcher(),
                        **options)
    Removals.load(settings.removals).enforce(store)
    return report


def cmd_index(args, settings: Settings) -> int:
    if not_a_file(args.file):
        return 2
    store = open_store(settings.store)
    progress = Progress("indexed")
    report = _index_keeping_removals(store, args.file, settings, rebuild=args.rebuild, progress=progress,
                                     allow_rejects=args.allow_rejects)
    seconds = progress.done()
    store.close()
    _print_report(report, seconds)
    read = report.loaded + report.rejected
    if report.loaded == 0 and report.rejected:
        print(f"error: none of the {read:,} lines could be loaded", file=sys.stderr)
        return 1
    if report.rejected and report.rejected > REBUILD_MAX_REJECTED * read and not args.allow_rejects:
        # The good lines are loaded, but a job that runs this must not read it as a success:
        # so many bad lines mean the wrong file or a newer format (a rebuild refuses them).
        print(f"error: {report.rejected:,} of {read:,} lines ({report.rejected / read:.0%}) could not be"
              " loaded (the rest were); --allow-rejects makes that a success", file=sys.stderr)
        return 1
    return 1 if report.damaged or (report.loaded == 0 and report.rejected) else 0


def cmd_serve(args, settings: Settings) -> int:
    import uvicorn

    from search_api.app import create_app

    host = args.host or settings.host
    port = args.port or settings.port
    print(f"serving on http://{host}:{port} (store: {shown_url(settings.store)})", file=sys.stderr)
    # access_log off: request lines carry search parameters, which are health data.
    uvicorn.run(create_app(settings), host=host, port=port, access_log=False)
    return 0


def cmd_search(args, settings: Settings) -> int:
    fields = set(SearchParams.model_fields)
    raw = {k: v for k, v in vars(args).items() if k in fields and v not in (None, [])}
    try:
        params = SearchParams.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"]) or "search"
            print(f"error: {where}: {err['msg'].removeprefix('Value error, ')}", file=sys.stderr)
        return 2
    vocabs = load_vocabularies()
    resolver = build_resolver(settings.geocoder, settings.user_agent, settings.geocoder_min_delay_s)
    try:
        query = build_query(params, vocabs, resolver, stale_after_days=settings.stale_after_days)
    except InvalidQuery as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        if exc.suggestions and exc.param == "near":  # the others' are in the message already
            print("did you mean: " + "; ".join(exc.suggestions), file=sys.stderr)
        return 2
    store = open_store(settings.store)
    result = store.search(query)
    hints = counted_search_hints(params, vocabs, store, resolver, settings.stale_after_days)
    if args.json:
        # The API's own answer (GET /v1/therapists), so scripts read one shape.
        from search_api.models import SearchResponse

        answer = SearchResponse.from_result(query, result, settings.stale_after_days, hints)
        print(answer.model_dump_json(indent=2))
        return 0
    payers = vocabs["insurance"]
    print(result_table(result, {slug: payers.get(slug).label for slug in payers.slugs()},
                       first_payers=query.filters.get("insurance", []),
                       stale_before=date.today() - timedelta(days=settings.stale_after_days)))
    for line in hint_lines(hints):
        print(line)
    return 0


def cmd_stats(args, settings: Settings) -> int:
    """A report for people, or with --json the stats dict (what this printed
    before the report, for scripts)."""
    store = open_store(settings.store)
    try:
        stats = store.stats(stale_after_days=settings.stale_after_days)
    finally:
        store.close()
    if args.json:
        print(json.dumps(stats, indent=2, default=str))
        return 0
    payers = load_vocabularies()["insurance"]
    print(stats_report(stats, {slug: payers.get(slug).label for slug in payers.slugs()}))
    return 0


def cmd_demo(args, settings: Settings) -> int:
    path = demo_dataset_path()
    print(f"building the demo directory from {path.name} (fictional sample data)", file=sys.stderr)
    store = open_store(settings.store)
    progress = Progress("indexed")
    report = _index_keeping_removals(store, path, settings, rebuild=True, progress=progress,
                                     prepare=demo_dates_for())
    _print_report(report, progress.done())
    store.close()
    if not getattr(args, "no_crawl", False):
        # The bundled fictional sources, through the real spiders and pipelines (issue 3).
        from crawler.demo.run import crawl_demo_sources

        print("crawling the bundled fictional sources on 127.0.0.1", file=sys.stderr)
        crawl_demo_sources(settings.store, removals=settings.removals)
    if args.no_serve:
        return 0
    return cmd_serve(args, settings)
