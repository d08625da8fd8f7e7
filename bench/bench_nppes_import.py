"""Benchmark: import a generated NPPES full replacement file (official 330-column header).

    python bench/bench_nppes_import.py [--rows 1000000] [--share 0.1] [--zip]

Prints one JSON object: rows/s (wall and CPU), the extrapolated time for the
national file (~9M rows), listings imported and peak RSS. The file is
fictional (`therapist_finder.importers.nppes_fixture`).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

NATIONAL_ROWS = 9_000_000
TARGET_SECONDS = 15 * 60


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--share", type=float, default=0.1, help="behavioral-health share")
    parser.add_argument("--zip", action="store_true", help="import from a .zip like CMS publishes")
    args = parser.parse_args()

    from therapist_finder.importers.nppes_file import import_file
    from therapist_finder.importers.nppes_fixture import write_file
    from therapist_finder.store import open_store

    with tempfile.TemporaryDirectory(prefix="bench-nppes-") as tmp:
        path = Path(tmp) / ("npidata_pfile.zip" if args.zip else "npidata_pfile.csv")
        started = time.perf_counter()
        write_file(path, args.rows, behavioral_share=args.share)
        generated = time.perf_counter() - started
        store = open_store(f"sqlite:///{Path(tmp) / 'directory.db'}")
        wall, cpu = time.perf_counter(), time.process_time()
        report = import_file(store, path)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        store.close()
        size = path.stat().st_size
    rate = report.rows / wall
    national = NATIONAL_ROWS / rate
    print(json.dumps({
        "rows": report.rows, "behavioral_health_rows": report.candidates,
        "listings_imported": report.imported, "file_mb": round(size / 1e6, 1),
        "generate_s": round(generated, 1), "import_wall_s": round(wall, 1),
        "import_cpu_s": round(cpu, 1), "rows_per_s": round(rate),
        "rows_per_cpu_s": round(report.rows / max(cpu, 1e-9)),
        "national_file_rows": NATIONAL_ROWS, "national_file_estimate_s": round(national),
        "meets_15_min_target": national < TARGET_SECONDS,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
