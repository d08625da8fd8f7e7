"""The sample generator: canonical shape, determinism, fictional markers, mix."""

from __future__ import annotations

import collections
import gzip
import json
import math
import re

import pytest

from therapist_finder.sample.describe import FICTION_NOTE
from therapist_finder.sample.fixtures import MANHATTAN_IPT_ID
from therapist_finder.sample.generate import generate_listings, main
from therapist_finder.sample.places import DEMO_METROS, RADIUS_MI
from therapist_finder.schema import Listing

PHONE_RE = re.compile(r"^\(\d{3}\) 555-01\d\d$")
SITE_RE = re.compile(r"^https://([a-z0-9-]+\.)*(example|example\.org)(/[a-z0-9]*)?$")
# pydantic reads a date-only string for a `datetime | date` field as a datetime,
# so these two fields come back as "...T00:00:00"; everything else must round-trip.
_DATE_UNION_FIELDS = {"sources", "last_seen_at"}


@pytest.fixture(scope="module")
def demo() -> list[dict]:
    return list(generate_listings(500, seed=7, mode="demo"))


@pytest.fixture(scope="module")
def national() -> list[dict]:
    return list(generate_listings(500, seed=7, mode="national"))


def _plain_json(value) -> bool:
    """Only builtin JSON types (no numpy scalars sneaking through)."""
    if isinstance(value, dict):
        return all(type(k) is str and _plain_json(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain_json(v) for v in value)
    return value is None or type(value) in (str, int, float, bool)


def _miles(lat1, lon1, lat2, lon2) -> float:
    x = (lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 69.0 * math.hypot(lat2 - lat1, x)


@pytest.mark.parametrize("mode", ["demo", "national"])
def test_listings_are_canonical(mode, demo, national):
    listings = demo if mode == "demo" else national
    assert len(listings) == 500
    for d in listings:
        assert _plain_json(d)
        dumped = Listing.model_validate(d).model_dump(mode="json", exclude_unset=True)
        # Fields the generator sets must round-trip exactly; fields it leaves
        # out (added to the schema later) must be at their defaults.
        for key in d.keys() - _DATE_UNION_FIELDS:
            assert dumped[key] == d[key], (d["id"], key)
        assert set(d) <= set(dumped)


@pytest.mark.parametrize("mode", ["demo", "national"])
def test_same_seed_same_output(mode):
    first = list(generate_listings(300, seed=11, mode=mode))
    assert first == list(generate_listings(300, seed=11, mode=mode))
    assert first != list(generate_listings(300, seed=12, mode=mode))
    # Chunks are drawn whole, so a shorter run is a prefix of a longer one.
    assert first[:50] == list(generate_listings(50, seed=11, mode=mode))
    assert first == list(generate_listings(5000, seed=11, mode=mode))[:300]


@pytest.mark.parametrize("mode", ["demo", "national"])
def test_listings_are_plainly_fictional(mode, demo, national):
    listings = demo if mode == "demo" else national
    ids = [d["id"] for d in listings]
    assert len(set(ids)) == len(ids)
    for d in listings:
        assert re.fullmatch(r"sample:\d{8}", d["id"])
        assert d["npi"] is None
        assert d["phone"] is None or PHONE_RE.match(d["phone"]), d["phone"]
        assert d["website"] is None or SITE_RE.match(d["website"]), d["website"]
        assert d["description"] is None or d["description"].endswith(FICTION_NOTE)
        assert d["sources"][0]["source"] == "sample"
        assert d["locations"] and all(loc["precision"] == "street" for loc in d["locations"])
        assert d["locations"][0]["state"] in d["license_states"]


def test_demo_places_are_real_zips_near_the_metros(demo):
    for d in demo:
        for loc in d["locations"]:
            assert re.fullmatch(r"\d{5}", loc["postal_code"])
            nearest = min(_miles(m.lat, m.lon, loc["lat"], loc["lon"]) for m in DEMO_METROS)
            assert nearest < RADIUS_MI + 1, (d["id"], loc)


def test_manhattan_ipt_fixture(demo):
    fixture = next(d for d in demo if d["id"] == MANHATTAN_IPT_ID)
    assert "ipt" in fixture["approaches"]
    assert fixture["locations"][0]["postal_code"] == "10001"
    assert fixture["fees"]["sliding_scale"] is True
    claims = {c["payer"]: c for c in fixture["insurance"]}
    assert claims["aetna"]["basis"] == "payer_directory"
    assert "medicaid" in claims


def test_national_density_follows_population():
    lat_lon, states = [], collections.Counter()
    for d in generate_listings(20_000, seed=7, mode="national"):
        loc = d["locations"][0]
        lat_lon.append((loc["lat"], loc["lon"]))
        states[loc["state"]] += 1
    assert states.most_common(1)[0][0] in {"CA", "NY", "TX"}
    centres = {"New York": (40.7128, -74.0060), "Los Angeles": (34.0522, -118.2437),
               "Chicago": (41.8781, -87.6298), "Houston": (29.7604, -95.3698)}
    near = {name: sum(_miles(c[0], c[1], la, lo) < 25 for la, lo in lat_lon)
            for name, c in centres.items()}
    assert max(near, key=near.get) == "New York", near
    assert min(near.values()) > 100, near


def test_mix_is_roughly_as_intended():
    listings = list(generate_listings(5000, seed=3, mode="national"))
    n = len(listings)

    def share(pred) -> float:
        return sum(1 for d in listings if pred(d)) / n

    assert 0.11 < share(lambda d: d["kind"] == "organization") < 0.19
    assert 0.08 < share(lambda d: "ipt" in d["approaches"]) < 0.16
    assert 0.15 < share(lambda d: not d["insurance"]) < 0.35
    assert 0.15 < share(lambda d: "es" in d["languages"]) < 0.32
    assert 0.52 < share(lambda d: d["accepting_new_clients"] is True) < 0.68
    assert 0.28 < share(lambda d: d["fees"]["sliding_scale"] is True) < 0.42
    approaches = collections.Counter(a for d in listings for a in d["approaches"])
    assert approaches.most_common(1)[0][0] == "cbt"
    specialties = collections.Counter(s for d in listings for s in d["specialties"])
    assert {s for s, _ in specialties.most_common(2)} == {"anxiety", "depression"}
    for d in listings:
        assert 2 <= len(d["specialties"]) <= 6 and 1 <= len(d["approaches"]) <= 4
        assert d["languages"][0] == "en"
        assert d["in_person"] is not False or d["telehealth"] is True
        fees = d["fees"]
        if fees["session_min"] is not None:
            assert 60 <= fees["session_min"] <= fees["session_max"] <= 300
        hcsc = any(c["payer"] == "hcsc" for c in d["insurance"])
        assert not hcsc or d["locations"][0]["state"] in {"IL", "MT", "NM", "OK", "TX"}


def test_bad_arguments():
    with pytest.raises(ValueError):
        next(generate_listings(1, mode="galactic"))
    with pytest.raises(ValueError):
        next(generate_listings(-1))
    assert list(generate_listings(0)) == []


def test_cli_writes_plain_and_gzip(tmp_path, capsys):
    assert main(["--n", "25", "--mode", "national", "--out", str(tmp_path / "a.jsonl")]) == 0
    lines = (tmp_path / "a.jsonl").read_text().splitlines()
    assert len(lines) == 25 and json.loads(lines[0])["id"] == "sample:00000001"
    assert main(["--n", "10", "--out", str(tmp_path / "b.jsonl.gz")]) == 0
    with gzip.open(tmp_path / "b.jsonl.gz", "rt") as fh:
        assert [json.loads(line)["id"] for line in fh][-1] == "sample:00000010"
    assert "wrote 10 listings" in capsys.readouterr().err
