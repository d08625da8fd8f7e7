"""The embedded store's page selection (ordering.py) against a full sort, on many ties.

A fee sort has few distinct keys (many listings charge $150, many have no
known fee), so a page's cut usually falls inside a tie much larger than the
page; the selection then settles the tie by the next key instead of sorting it all.
These pools are far larger than the contract suite's stores ever make.
"""

from __future__ import annotations

import numpy as np
import pytest

from therapist_finder.store.sqlite import ordering

FEW_FEES = ([0.0, 59.99, 150.0, np.inf], [0.05, 0.15, 0.4, 0.4])
# Fees in small runs: finding the cut a run at a time gives up and partitions.
MANY_FEES = (np.arange(0.0, 300.0, 0.5), None)
ALL_UNKNOWN = ([np.inf], None)


def keys_with_ties(rng: np.random.Generator, n: int, fees=FEW_FEES) -> list[np.ndarray]:
    fee = rng.choice(fees[0], size=n, p=fees[1])
    miles = rng.choice([0.0, 1.5, 2.25], size=n)  # offices at the same points
    return [fee, miles, rng.permutation(n).astype(np.float64)]  # the last key is unique, as id ranks are


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("n, limit", [(5000, 1), (5000, 20), (5000, 100), (700, 100), (30, 100)])
@pytest.mark.parametrize("fees", [FEW_FEES, MANY_FEES, ALL_UNKNOWN], ids=["few", "many", "unknown"])
@pytest.mark.parametrize("grouped", [False, True])
def test_take_equals_a_full_sort(seed, n, limit, fees, grouped):
    keys = keys_with_ties(np.random.default_rng(seed), n, fees)
    full = np.lexsort(keys[::-1])[:limit]
    assert ordering.smallest_in_order(keys, limit, grouped).tolist() == full.tolist()
    without_distance = keys[::2]
    want = np.lexsort(without_distance[::-1])[:limit]
    assert ordering.smallest_in_order(without_distance, limit, grouped).tolist() == want.tolist()


def test_after_compares_keys_in_order():
    rng = np.random.default_rng(7)
    keys = keys_with_ties(rng, 400)
    rows = list(zip(*(k.tolist() for k in keys), strict=True))
    for last in rng.choice(len(rows), 25):
        mask = ordering.after(keys, list(rows[last]))
        assert mask.tolist() == [row > rows[last] for row in rows]
