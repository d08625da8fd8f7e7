"""Saved-response cases for parser tests (web-poet's fixture layout).

Each case is a folder holding `body.*` (the saved response body), `meta.json`
(`url`, `fetched_at`, and per-source options) and `expected.json` (the
ParseResult as JSON). `UPDATE_EXPECTED=1 pytest ...` rewrites expected.json
from the current parser output, for review in the diff.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from crawler.parsing import ParseResult, SavedResponse


def case_dirs(root: Path) -> list[Path]:
    """Every case folder under `root`, sorted by name."""
    return sorted(p for p in root.iterdir() if p.is_dir() and (p / "meta.json").exists())


def load_meta(case: Path) -> dict[str, Any]:
    """The case's meta.json."""
    return json.loads((case / "meta.json").read_text())


def saved_response(case: Path) -> SavedResponse:
    """The case's body as a SavedResponse with the recorded URL and fetch time."""
    meta = load_meta(case)
    body = next(p for p in sorted(case.iterdir()) if p.name.startswith("body."))
    return SavedResponse(url=meta["url"], body=body.read_bytes(),
                         fetched_at=datetime.fromisoformat(meta["fetched_at"]))


def as_json(result: ParseResult) -> dict[str, Any]:
    """A ParseResult as plain JSON data (tuples become lists)."""
    return json.loads(json.dumps({"listings": result.listings, "follow": result.follow,
                                  "dropped": [list(d) for d in result.dropped]}))


def check_expected(case: Path, result: ParseResult) -> None:
    """Compare with expected.json (or rewrite it when UPDATE_EXPECTED is set)."""
    got = as_json(result)
    path = case / "expected.json"
    if os.environ.get("UPDATE_EXPECTED"):
        path.write_text(json.dumps(got, indent=2, ensure_ascii=False) + "\n")
    assert got == json.loads(path.read_text())


def luhn_valid_npi(npi: str) -> bool:
    """Whether a 10-digit NPI passes the CMS check digit (Luhn over '80840' + NPI)."""
    total = 0
    for i, ch in enumerate(reversed("80840" + npi)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0
