"""The bundled demo dataset: present, small, valid and plainly fictional."""

from __future__ import annotations

from therapist_finder.sample import DEMO_COUNT, demo_dataset_path, iter_demo_dataset
from therapist_finder.sample.fixtures import MANHATTAN_IPT_ID, fixture_listings
from therapist_finder.schema import Listing


def test_bundled_file_exists_and_is_small():
    path = demo_dataset_path()
    assert path.is_file()
    assert path.stat().st_size < 1_000_000


def test_every_line_is_a_valid_fictional_listing():
    listings = list(iter_demo_dataset())
    assert len(listings) >= 2500
    assert len(listings) == DEMO_COUNT
    assert len({d["id"] for d in listings}) == len(listings)
    for d in listings:
        Listing.model_validate(d)
        assert d["npi"] is None
        assert d["phone"] is None or "555-01" in d["phone"]
    with_phone = [d for d in listings if d["phone"]]
    assert len(with_phone) > len(listings) / 2


def test_bundled_file_starts_with_the_fixtures():
    listings = iter_demo_dataset()
    fixtures = fixture_listings()
    head = [next(listings) for _ in fixtures]
    assert head == fixtures
    assert head[0]["id"] == MANHATTAN_IPT_ID


def test_demo_covers_every_metro():
    cities = {d["locations"][0]["city"] for d in iter_demo_dataset()}
    for city in ("New York", "Chicago", "Houston", "Seattle", "Denver", "Boston", "Bozeman"):
        assert city in cities, city


def test_bundled_file_matches_the_generator():
    from therapist_finder.sample import DEMO_SEED, generate_listings

    fresh = generate_listings(DEMO_COUNT, seed=DEMO_SEED, mode="demo")
    stale = [d["id"] for d, new in zip(iter_demo_dataset(), fresh, strict=True) if d != new]
    assert not stale, (
        f"{len(stale)} bundled listings differ from the generator; regenerate with "
        "python -m therapist_finder.sample.generate --n 3000 --seed 7 "
        "--out therapist_finder/sample/data/demo.jsonl.gz"
    )
