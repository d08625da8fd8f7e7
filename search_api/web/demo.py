"""A line on the home page naming where the bundled demo directory has listings.

Only when the store holds the bundled demo data: its first listing, a
hand-made fixture, is looked up by id and must carry the same name as in
the bundled file. The places come from the demo generator's own list of
metro areas (`DEMO_METROS`), so the line never claims more than the data
has. Any failure just leaves the line out.
"""

from __future__ import annotations

import gzip
import json
import logging
from functools import lru_cache
from urllib.parse import urlencode

log = logging.getLogger("therapist_finder.web")
EXAMPLES = 4  # the largest areas; the line stays short


@lru_cache(maxsize=1)
def _first_demo_listing() -> tuple[str, str] | None:
    """(id, name) of the bundled demo file's first listing."""
    try:
        from therapist_finder.sample import demo_dataset_path

        with gzip.open(demo_dataset_path(), "rt", encoding="utf-8") as fh:
            first = json.loads(fh.readline())
        return first["id"], first["name"]
    except (OSError, ValueError, KeyError, ImportError):
        return None


@lru_cache(maxsize=1)
def demo_places() -> list[tuple[str, str]]:
    """(place, search link) for the demo's largest metro areas."""
    try:
        from therapist_finder.sample.places import DEMO_METROS
    except ImportError:  # the generator's own dependencies are missing
        return []
    metros = sorted(DEMO_METROS, key=lambda m: -m.weight)[:EXAMPLES]
    return [(m.name, "/?" + urlencode([("near", m.name)])) for m in metros]


def demo_examples(store) -> list[tuple[str, str]]:
    """The example places when `store` holds the bundled demo data, else []."""
    first = _first_demo_listing()
    if first is None:
        return []
    try:
        listing = store.get(first[0])
    except Exception as exc:  # a hint must never break the home page
        log.warning("demo check failed: %s", type(exc).__name__)
        return []
    if listing is None or listing.name != first[1]:
        return []
    return demo_places()
