"""Benchmark of the scale-out store, side by side with the embedded one.

Not a test. Runs the same fictional national data set and the same query mix
as bench_store.py (imported from it) against an Elasticsearch or OpenSearch
cluster, and prints JSON in the same shape. With --sqlite it also runs the mix
on an embedded-store file built by bench_store.py for the same N and reports
both, plus whether every query kind found the same total (same answers).

    .venv/bin/python bench/bench_search_engine.py \\
        --url elasticsearch://elastic:$ELASTIC_PASSWORD@localhost:9200 --n 200000
    .venv/bin/python bench/bench_search_engine.py --url opensearch://localhost:9200 \\
        --n 2000000 --reuse --sqlite bench/results/bench-2000000.db

The benchmark writes into the alias given in the URL (default `listings`):
point it at a scratch alias (`?alias=listings_bench`) on a shared cluster.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_store import QUERY_MIX, params_for, percentiles, run_queries  # noqa: E402
from therapist_finder.geo.resolve import PlaceResolver  # noqa: E402
from therapist_finder.indexing import index_file  # noqa: E402
from therapist_finder.sample.generate import write_jsonl  # noqa: E402
from therapist_finder.search_params import build_query  # noqa: E402
from therapist_finder.store import open_store  # noqa: E402
from therapist_finder.store.search_engine import SearchEngineStore  # noqa: E402
from therapist_finder.vocab import load_vocabularies  # noqa: E402


def build_index(store: SearchEngineStore, n: int, work: Path) -> dict:
    source = work / f"national-{n}.jsonl"
    if not source.exists():
        started = time.perf_counter()
        write_jsonl(source, n, seed=11, mode="national")  # the same data as bench_store.py
        print(f"generated {n:,} listings in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    started = time.perf_counter()
    report = index_file(store, source, load_vocabularies(), rebuild=True)
    seconds = time.perf_counter() - started
    return {
        "listings": report.loaded,
        "rejected": report.rejected,
        "seconds": round(seconds, 1),
        "listings_per_s": round(report.loaded / seconds),
    }


def run_engine_queries(store: SearchEngineStore, repeats: int) -> dict:
    vocabs, resolver, rng = (
        load_vocabularies(),
        PlaceResolver(),
        random.Random(5),
    )  # seed as bench_store
    kinds: dict[str, list[float]] = {k: [] for k in QUERY_MIX}
    totals: dict[str, int] = {}
    store.warm()
    for _ in range(repeats):
        for kind in QUERY_MIX:
            query = build_query(params_for(kind, rng), vocabs, resolver)
            t0 = time.perf_counter()
            result = store.search(query)
            kinds[kind].append(time.perf_counter() - t0)
            totals[kind] = result.total
    everything = [s for samples in kinds.values() for s in samples]
    return {
        "overall": percentiles(everything),
        "by_kind": {k: {**percentiles(v), "total_hits": totals[k]} for k, v in kinds.items()},
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--url", required=True, help="elasticsearch(s)://... or opensearch(s)://..."
    )
    parser.add_argument("--n", type=int, default=200_000)
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument("--repeats", type=int, default=100)
    parser.add_argument(
        "--reuse", action="store_true", help="skip indexing when the alias already holds N"
    )
    parser.add_argument(
        "--sqlite", type=Path, help="an embedded-store file for the same N, to compare"
    )
    args = parser.parse_args()
    store = open_store(args.url)
    if not isinstance(store, SearchEngineStore):
        parser.error("--url must be an elasticsearch:// or opensearch:// URL")
    args.work.mkdir(parents=True, exist_ok=True)
    out: dict = {
        "n": args.n,
        "store": store.url.redacted(),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
    }
    if not (args.reuse and store.stats()["listings"] == args.n):
        out["index"] = build_index(store, args.n, args.work)
        print(json.dumps(out["index"]), file=sys.stderr)
    out["engine"] = store.stats()["engine"]
    out["search"] = run_engine_queries(store, args.repeats)
    store.close()
    if args.sqlite:
        out["sqlite_search"] = run_queries(args.sqlite, args.repeats)
        out["same_totals"] = {
            kind: out["search"]["by_kind"][kind]["total_hits"]
            == out["sqlite_search"]["by_kind"][kind]["total_hits"]
            for kind in QUERY_MIX
        }
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
