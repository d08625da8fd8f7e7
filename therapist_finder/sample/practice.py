"""The clinical mix of sample listings: license types, specialties, approaches,
formats, age groups, payers and fees, drawn in vectorised batches.

Shares are hand-set to look like a real directory (anxiety and depression
everywhere, CBT the commonest approach, IPT around 12 %, its variants rarer).
Multi-valued fields are independent coin flips per value, then topped up or
trimmed to the allowed count, so each value's share is easy to reason about.
"""

from __future__ import annotations

import numpy as np

from therapist_finder.sample.regions import ANTHEM_STATES, HCSC_STATES, KAISER_STATES, STATES

LICENSE_TYPES = ("counselor", "clinical-social-worker", "psychologist", "marriage-family-therapist",
                 "psychiatrist", "psychiatric-nurse-practitioner", "psychoanalyst")
LICENSE_WEIGHTS = np.array([0.28, 0.26, 0.18, 0.12, 0.06, 0.07, 0.03])
LT = {name: i for i, name in enumerate(LICENSE_TYPES)}
# Typical full fee per session (USD) before the regional cost factor,
# in LICENSE_TYPES order.
BASE_FEE = np.array([120.0, 130.0, 180.0, 140.0, 250.0, 190.0, 170.0])

SPECIALTIES = {
    "anxiety": 0.70, "depression": 0.64, "life-transitions": 0.28, "relationship-conflict": 0.26,
    "ptsd": 0.24, "grief": 0.20, "social-anxiety": 0.14, "adhd": 0.13, "substance-use": 0.11,
    "ocd": 0.10, "bipolar-disorder": 0.08, "eating-disorders": 0.07, "perinatal-depression": 0.05,
    "binge-eating": 0.05, "social-skills": 0.05, "dysthymia": 0.04, "developmental-delays": 0.04,
    "anorexia": 0.03, "bulimia": 0.03,
}
APPROACHES = {
    "cbt": 0.55, "integrative": 0.30, "psychodynamic": 0.20, "dbt": 0.14, "act": 0.14,
    "emdr": 0.12, "ipt": 0.12, "family-systems": 0.11, "tf-cbt": 0.06, "cpt": 0.05,
    "prolonged-exposure": 0.04, "group-ipt": 0.02, "dit": 0.015, "ipsrt": 0.015,
    "maintenance-ipt": 0.01, "metacognitive-interpersonal-therapy": 0.01,
}
FORMATS = {"individual": 0.96, "couples": 0.22, "family": 0.14, "group": 0.10}
AGE_GROUPS = {"adults": 0.92, "teens": 0.30, "older-adults": 0.20, "children": 0.14}

SPEC, APPR = list(SPECIALTIES), list(APPROACHES)
_S, _A = {s: i for i, s in enumerate(SPEC)}, {a: i for i, a in enumerate(APPR)}

# Payer slug -> plan names a listing may name; "" means the claim names no plan.
PAYER_PLANS: dict[str, tuple[str, ...]] = {
    "aetna": ("PPO", "Choice POS II", "Open Access Managed Choice", "HMO"),
    "cigna": ("PPO", "Open Access Plus", "LocalPlus"),
    "unitedhealthcare": ("Choice Plus", "Options PPO", "Navigate HMO"),
    "blue-cross-blue-shield": ("PPO", "BlueCard PPO", "Blue Choice"),
    "anthem": ("Blue Access PPO", "Pathway HMO", "Blue Priority"),
    "hcsc": ("Blue Choice PPO", "Blue Advantage HMO"),
    "humana": ("Choice PPO", "Gold Plus HMO"),
    "kaiser-permanente": ("HMO", "Signature HMO"),
    "medicaid": ("", "Managed Care"),
    "medicare": ("Original Medicare", "Medicare Advantage"),
    "tricare": ("TRICARE Select", "TRICARE Prime"),
    "oscar": ("EPO",), "molina": ("Marketplace", "Medicaid"), "centene": ("Ambetter",),
}
PAYERS = list(PAYER_PLANS)
_BASE_PAYER_W = {"aetna": 1.0, "cigna": 0.9, "unitedhealthcare": 1.0, "blue-cross-blue-shield": 0.9,
                 "anthem": 0.9, "hcsc": 1.1, "humana": 0.35, "kaiser-permanente": 0.35,
                 "medicaid": 0.55, "medicare": 0.5, "tricare": 0.2, "oscar": 0.15, "molina": 0.2,
                 "centene": 0.2}


def _state_payer_weights() -> np.ndarray:
    """(state, payer) weights: regional payers only where they sell plans."""
    out = np.tile([_BASE_PAYER_W[p] for p in PAYERS], (len(STATES), 1))
    for i, state in enumerate(STATES):
        out[i, PAYERS.index("anthem")] *= state in ANTHEM_STATES
        out[i, PAYERS.index("hcsc")] *= state in HCSC_STATES
        out[i, PAYERS.index("kaiser-permanente")] *= state in KAISER_STATES
        if state in ANTHEM_STATES or state in HCSC_STATES:
            # There the Blue plan *is* Anthem or HCSC, so the generic label is rarer.
            out[i, PAYERS.index("blue-cross-blue-shield")] *= 0.35
    return out


STATE_PAYER_W = _state_payer_weights()
# (license type, payer) multipliers: prescribers bill Medicare more, social workers Medicaid.
LT_PAYER_MULT = np.ones((len(LICENSE_TYPES), len(PAYERS)))
for _lt, _payer, _m in [
    ("psychiatrist", "medicare", 2.0), ("psychiatric-nurse-practitioner", "medicare", 2.0),
    ("psychologist", "medicare", 1.5), ("counselor", "medicare", 0.5),
    ("marriage-family-therapist", "medicare", 0.5), ("clinical-social-worker", "medicaid", 1.6),
    ("counselor", "medicaid", 1.3), ("psychoanalyst", "medicaid", 0.2),
]:
    LT_PAYER_MULT[LT[_lt], PAYERS.index(_payer)] = _m
# Share of listings taking no insurance at all (private pay), in LICENSE_TYPES order.
PRIVATE_PAY = np.array([0.20, 0.18, 0.35, 0.25, 0.25, 0.15, 0.65])


def flips(rng: np.random.Generator, probs: np.ndarray, n: int) -> np.ndarray:
    """An (n, k) boolean matrix: value j is present in row i with prob probs[i, j]."""
    return rng.random((n, probs.shape[-1])) < probs


# (labels, kmin, fallback) -> bit pattern -> decoded tuple. Bounded by the patterns
# that actually occur (a few tens of thousands), and shared across chunks.
_DECODED: dict[tuple, dict[int, tuple[str, ...]]] = {}


def to_tuples(mask: np.ndarray, labels: list[str], kmin: int, kmax: int,
              fallback: list[str], rng: np.random.Generator) -> list[tuple[str, ...]]:
    """Rows of a presence matrix as label tuples with kmin..kmax entries.

    Rows with too many values keep a random `kmax` of them; rows with too few
    are topped up from `fallback` (the commonest values, in order). Equal rows
    share one cached tuple: decoding is cheap and it creates no garbage.
    """
    over = np.flatnonzero(mask.sum(axis=1) > kmax)
    if over.size:
        keys = np.where(mask[over], rng.random((over.size, mask.shape[1])), 2.0)
        mask[over[:, None], np.argsort(keys, axis=1)[:, kmax:]] = False
    codes = mask.astype(np.int64) @ (1 << np.arange(mask.shape[1], dtype=np.int64))
    cache = _DECODED.setdefault((tuple(labels), kmin, tuple(fallback)), {})
    out = []
    for code in codes.tolist():
        values = cache.get(code)
        if values is None:
            found = [lab for j, lab in enumerate(labels) if code >> j & 1]
            found += [f for f in fallback if f not in found][: max(0, kmin - len(found))]
            values = cache[code] = tuple(found)
        out.append(values)
    return out


def clinical(rng: np.random.Generator, lt: np.ndarray, is_org: np.ndarray) -> dict[str, list]:
    """Specialties, approaches, formats and age groups for a batch of listings."""
    n = len(lt)
    appr_p = np.tile(list(APPROACHES.values()), (n, 1))
    appr_p[lt == LT["psychoanalyst"], _A["psychodynamic"]] = 0.9
    appr_p[lt == LT["marriage-family-therapist"], _A["family-systems"]] = 0.6
    appr = flips(rng, appr_p, n)
    spec_p = np.tile(list(SPECIALTIES.values()), (n, 1))
    # IPT was built for depression; IPSRT for bipolar disorder.
    ipt_like = appr[:, [_A[a] for a in ("ipt", "group-ipt", "dit", "maintenance-ipt")]].any(axis=1)
    spec_p[ipt_like, _S["depression"]] = 0.92
    spec_p[ipt_like, _S["perinatal-depression"]] = 0.15
    spec_p[ipt_like, _S["grief"]] = 0.35
    spec_p[appr[:, _A["ipsrt"]], _S["bipolar-disorder"]] = 0.9
    spec_p[lt == LT["marriage-family-therapist"], _S["relationship-conflict"]] = 0.75
    spec = flips(rng, spec_p, n)
    fmt_p = np.tile(list(FORMATS.values()), (n, 1))
    fmt_p[lt == LT["marriage-family-therapist"], 1:3] = (0.7, 0.5)
    fmt_p[is_org, 3] = 0.4  # practices run groups far more often
    fmt_p[appr[:, _A["group-ipt"]], 3] = 1.0
    age_p = np.tile(list(AGE_GROUPS.values()), (n, 1))
    young = spec[:, [_S["developmental-delays"], _S["social-skills"]]].any(axis=1)
    young |= appr[:, _A["tf-cbt"]]
    age_p[young, 1], age_p[young, 3] = 0.8, 0.7
    return {
        "specialties": to_tuples(spec, SPEC, 2, 6, ["anxiety", "depression"], rng),
        "approaches": to_tuples(appr, APPR, 1, 4, ["cbt"], rng),
        "formats": to_tuples(flips(rng, fmt_p, n), list(FORMATS), 1, 4, ["individual"], rng),
        "age_groups": to_tuples(flips(rng, age_p, n), list(AGE_GROUPS), 1, 4, ["adults"], rng),
    }


def insurance_picks(
    rng: np.random.Generator, lt: np.ndarray, state_idx: np.ndarray
) -> list[list[int]]:
    """For each listing, the payer indices it takes (0-5, none for private pay)."""
    n = len(lt)
    weights = STATE_PAYER_W[state_idx] * LT_PAYER_MULT[lt]
    # Weighted sampling without replacement: smallest Exp(1)/w keys win.
    with np.errstate(divide="ignore"):
        keys = rng.exponential(size=weights.shape) / weights
    order = np.argsort(keys, axis=1)[:, :5]
    count = rng.choice(np.arange(1, 6), size=n, p=[0.3, 0.25, 0.2, 0.15, 0.1])
    count[rng.random(n) < PRIVATE_PAY[lt]] = 0
    return [row[:k] for row, k in zip(order.tolist(), count.tolist(), strict=True)]


FEE_KEYS = ("session_min", "session_max", "currency", "sliding_scale", "sliding_scale_min",
            "sliding_scale_max", "free_consultation")


def fee_columns(rng: np.random.Generator, lt: np.ndarray, cost: np.ndarray) -> list[list]:
    """Fee values as columns in `FEE_KEYS` order; about 1 in 10 rows states no fees.

    Columns (flat lists of numbers) rather than per-row dicts so a batch leaves
    little for the garbage collector to scan; callers zip a row into a dict.
    """
    n = len(lt)
    full = BASE_FEE[lt] * cost * rng.lognormal(0.0, 0.15, n)
    lo = np.clip(np.round(full / 5) * 5, 60, 300)
    hi = np.clip(lo + rng.choice([0, 0, 20, 40, 60], size=n), lo, 300)
    sliding = rng.random(n) < 0.38  # ~35 % once fee-less rows are nulled
    s_lo = rng.choice([30.0, 40.0, 50.0, 60.0], size=n)
    s_hi = np.minimum(s_lo + rng.choice([30.0, 50.0, 60.0], size=n), lo)
    consult = rng.random(n) < 0.5
    silent = (rng.random(n) < 0.10).tolist()
    cols = [lo.tolist(), hi.tolist(), ["USD"] * n, sliding.tolist(),
            np.where(sliding, s_lo, np.nan).tolist(), np.where(sliding, s_hi, np.nan).tolist(),
            consult.tolist()]
    for col in (cols[4], cols[5]):
        col[:] = [None if v != v else v for v in col]  # NaN marks "no sliding scale"
    for i in np.flatnonzero(silent).tolist():
        for k in (0, 1, 3, 4, 5, 6):
            cols[k][i] = None
    return cols
