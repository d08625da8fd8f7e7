"""Deterministic generator of clearly fictional canonical listings.

`generate_listings` yields JSON-ready dicts with every field of
`therapist_finder.schema.Listing` present (dates as ISO strings) that
validate against it. Work is done in fixed-size chunks with numpy draws: each chunk has
its own RNG seeded from (seed, mode, chunk number), so the first N listings
are the same whatever total is asked for, and no pydantic runs in the loop.

    python -m therapist_finder.sample.generate --n 3000 --mode demo --out demo.jsonl.gz
"""

from __future__ import annotations

import argparse
import gzip
import io
import itertools
import json
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from therapist_finder.sample import people, practice
from therapist_finder.sample.describe import describe
from therapist_finder.sample.fixtures import fixture_listings
from therapist_finder.sample.places import PlaceBatch, sampler
from therapist_finder.sample.regions import LANGUAGE_PROBS, LANGUAGE_SLUGS, NEIGHBORS, STATE_COST

REFERENCE_DATE = date(2026, 11, 1)  # "today" for the sample data; dates fall before it
CHUNK = 4096
_MODES = {"demo": 1, "national": 2}
DATES = [(REFERENCE_DATE - timedelta(days=d)).isoformat() for d in range(401)]
_GENDERS = ("female", "male", "nonbinary", None)
_TRI = (True, False, None)


def _tri(rng: np.random.Generator, n: int, p_true: float, p_false: float) -> list:
    """True / False / None draws with the given shares."""
    draws = rng.choice(3, size=n, p=[p_true, p_false, 1 - p_true - p_false])
    return [_TRI[i] for i in draws.tolist()]


def _location(p: PlaceBatch, i: int) -> dict:
    return {"address": p.address[i], "city": p.city[i], "state": p.state[i],
            "postal_code": p.postal_code[i], "lat": p.lat[i], "lon": p.lon[i],
            "precision": "street"}


def _claims(payers: list[int], org: bool, plan_u: list[float], basis_u: list[float],
            claim_day: list[int], k: int) -> list[dict]:
    """Insurance claims for one listing; its draws sit at k, k+1, ... of the flat lists."""
    claims = []
    for j, payer in enumerate(payers, start=k):
        slug = practice.PAYERS[payer]
        plans = practice.PAYER_PLANS[slug]
        plan = plans[int(plan_u[j] * len(plans))]
        b = basis_u[j]
        # Most claims come from the provider; ~30 % are confirmed in the payer's
        # own directory, and practices are sometimes found via facility locators.
        basis = ("facility_locator" if org and b < 0.3 else
                 "payer_directory" if b > 0.7 else "provider_reported")
        claims.append({"payer": slug, "plans": [plan] if plan else [], "basis": basis,
                       "observed_at": DATES[claim_day[j]]})
    return claims


def _chunk(rng: np.random.Generator, mode: str, first_id: int, n: int) -> Iterator[dict]:
    """`n` listings with ids from `first_id`, all random draws from `rng`.

    Draws happen up front, vectorised, into flat lists and shared tuples; each
    listing's dicts and lists are only built when it is yielded, so a consumer
    that drops them lets them die young instead of piling up for the GC.
    """
    places = sampler(mode)
    anchors = places.anchors(rng, n)
    main = places.draw(rng, anchors)
    is_org = rng.random(n) < 0.15
    # Practices sometimes have a second or third office in the same area.
    n_locs = np.where(is_org, rng.choice([1, 2, 3], size=n, p=[0.6, 0.28, 0.12]), 1)
    extra: list[tuple[dict[int, int], PlaceBatch]] = []
    for k in (2, 3):
        rows = np.flatnonzero(n_locs >= k)
        extra.append(({r: j for j, r in enumerate(rows.tolist())}, places.draw(rng, anchors[rows])))
    n_types = len(practice.LICENSE_TYPES)
    lt = rng.choice(n_types, size=n, p=practice.LICENSE_WEIGHTS)
    org_lts = rng.choice(n_types, size=2 * n, p=practice.LICENSE_WEIGHTS).tolist()
    org_lt_count = rng.integers(0, 3, n).tolist()
    state_idx = main.state_idx
    clin = practice.clinical(rng, lt, is_org)
    spec, appr, fmts, ages = (
        clin[k] for k in ("specialties", "approaches", "formats", "age_groups"))
    lang_p = np.hstack([np.ones((n, 1)), LANGUAGE_PROBS[state_idx]])
    langs = practice.to_tuples(
        practice.flips(rng, lang_p, n), ["en", *LANGUAGE_SLUGS], 1, 10, [], rng)
    fee_cols = practice.fee_columns(rng, lt, STATE_COST[state_idx])
    payers = practice.insurance_picks(rng, lt, state_idx)
    plan_u, basis_u = rng.random(5 * n).tolist(), rng.random(5 * n).tolist()
    seen_ago = rng.integers(0, 60, n)
    observed = seen_ago + rng.integers(0, 341, n)
    claim_day = np.minimum(observed.repeat(5) + rng.integers(0, 30, 5 * n), 400).tolist()
    seen_ago, observed = seen_ago.tolist(), observed.tolist()
    telehealth, in_person = _tri(rng, n, 0.66, 0.24), _tri(rng, n, 0.80, 0.12)
    accepting = _tri(rng, n, 0.60, 0.25)
    gender = rng.choice(4, size=n, p=[0.66, 0.24, 0.03, 0.07]).tolist()
    second_state = np.where(rng.random(n) < 0.15, rng.integers(0, 8, n), -1).tolist()
    person = people.person_names(rng, gender)
    orgs = people.org_names(rng, n)
    phones = people.phones(rng, main.area_code)
    has_phone, has_site, has_desc = (rng.random((3, n)) < [[0.9], [0.65], [0.95]]).tolist()
    u_cred, u_site = rng.random(n).tolist(), rng.random(n).tolist()
    is_org, lt_list = is_org.tolist(), lt.tolist()
    for i in range(n):
        org = is_org[i]
        lt_name = practice.LICENSE_TYPES[lt_list[i]]
        state = main.state[i]
        locations = [_location(main, i)]
        lic_states = [state]
        if org:
            for row_of, batch in extra:
                if i in row_of:
                    locations.append(_location(batch, row_of[i]))
            lic_states = list(dict.fromkeys(loc["state"] for loc in locations))
            name, creds, gen = orgs[i], [], None
            more = org_lts[2 * i: 2 * i + org_lt_count[i]]
            lts = list(dict.fromkeys([lt_name, *(practice.LICENSE_TYPES[t] for t in more)]))
        else:
            name, gen, lts = person[i], _GENDERS[gender[i]], [lt_name]
            creds = people.credentials(lt_name, state, u_cred[i])
        if second_state[i] >= 0:
            near = NEIGHBORS[state]
            lic_states = list(dict.fromkeys([*lic_states, near[second_state[i] % len(near)]]))
        tele, office = telehealth[i], in_person[i]
        if office is False and not tele:
            tele = True  # a listing nobody can attend would be pointless
        obs = DATES[observed[i]]
        claims = _claims(payers[i], org, plan_u, basis_u, claim_day, 5 * i)
        fees = dict(zip(practice.FEE_KEYS, [col[i] for col in fee_cols], strict=True))
        attributions = {}
        if accepting[i] is not None:
            basis = "facility_locator" if org and u_site[i] < 0.3 else "provider_reported"
            attributions["accepting_new_clients"] = {
                "basis": basis, "source": "sample", "observed_at": obs}
        if fees["session_min"] is not None:
            attributions["fees"] = {"basis": "provider_reported", "source": "sample",
                                    "observed_at": obs}
        seen = DATES[seen_ago[i]]
        kind = "organization" if org else "individual"
        yield {
            "id": f"sample:{first_id + i:08d}", "kind": kind, "name": name, "npi": None,
            "credentials": creds, "license_types": lts, "license_states": lic_states,
            "gender": gen, "languages": list(langs[i]), "specialties": list(spec[i]),
            "approaches": list(appr[i]), "formats": list(fmts[i]), "age_groups": list(ages[i]),
            "telehealth": tele, "in_person": office, "accepting_new_clients": accepting[i],
            "fees": fees, "insurance": claims, "locations": locations,
            "phone": phones[i] if has_phone[i] else None,
            "website": people.website(name, org, u_site[i]) if has_site[i] else None,
            "description": describe(name, kind, lt_name, spec[i], appr[i], ages[i], main.city[i],
                                    state, tele, office, first_id + i) if has_desc[i] else None,
            "sources": [{"source": "sample", "url": None, "fetched_at": seen}],
            "last_seen_at": seen, "attributions": attributions, "unmapped": {},
        }


def generate_listings(n: int, seed: int = 7, mode: str = "demo") -> Iterator[dict]:
    """Yield `n` fictional canonical listing dicts, the same ones for the same seed.

    `mode` is "demo" (a few metros, real ZIPs, hand-made fixtures first) or
    "national" (all US cities weighted by population, for benchmarks).
    """
    if mode not in _MODES:
        raise ValueError(f"mode must be one of {sorted(_MODES)}, not {mode!r}")
    if not 0 <= n < 10**8:
        raise ValueError("n must be between 0 and 99,999,999 (ids have 8 digits)")
    fixed = fixture_listings() if mode == "demo" else []
    yield from fixed[:n]
    made, chunk_no = len(fixed), 0
    while made < n:
        rng = np.random.default_rng([seed, _MODES[mode], chunk_no])
        # Always draw a full chunk, so the first N listings do not depend on n.
        yield from itertools.islice(_chunk(rng, mode, made + 1, CHUNK), n - made)
        made += CHUNK
        chunk_no += 1


def write_jsonl(path: str | Path, n: int, seed: int = 7, mode: str = "demo") -> int:
    """Write `n` listings as JSON lines (gzip when `path` ends in .gz, stdout for "-")."""
    path = str(path)
    if path == "-":
        out = sys.stdout
    elif path.endswith(".gz"):
        # mtime=0 keeps the bytes identical across runs, so the bundled file
        # only changes in git when its content does.
        raw = gzip.GzipFile(path, "wb", compresslevel=9, mtime=0)
        out = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
    else:
        out = open(path, "w", encoding="utf-8", newline="\n")
    count = 0
    try:
        for listing in generate_listings(n, seed=seed, mode=mode):
            out.write(json.dumps(listing, separators=(",", ":")) + "\n")
            count += 1
    finally:
        if out is not sys.stdout:
            out.close()
    return count


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: write sample listings to a file or stdout."""
    parser = argparse.ArgumentParser(description="Generate fictional sample listings.")
    parser.add_argument("--n", type=int, default=3000, help="how many listings")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--mode", choices=sorted(_MODES), default="demo")
    parser.add_argument("--out", default="-", help="output path (.gz compresses); - for stdout")
    args = parser.parse_args(argv)
    count = write_jsonl(args.out, args.n, seed=args.seed, mode=args.mode)
    print(f"wrote {count} listings to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
