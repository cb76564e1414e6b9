"""Price bands by quantile: the one definition the simulator's shoppers and the
assistant's budgets in words share ("the cheaper third of our 93 TVs")."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np


def quantile_limits(prices: Sequence[float] | np.ndarray,
                    share: tuple[float, float]) -> tuple[float | None, float | None]:
    """(min, max) price of the products between quantiles share[0] and share[1]: the lower
    x share of n is the ceil(x * n) cheapest; 0 or 1 leaves that side open."""
    ps = sorted(float(p) for p in prices)
    n = len(ps)
    if not n:
        return None, None

    def count(x: float) -> int:
        return max(1, math.ceil(round(x * n, 9)))

    lo = None if share[0] <= 0 else ps[n - count(1 - share[0])]
    hi = None if share[1] >= 1 else ps[count(share[1]) - 1]
    return lo, hi


def outside(price: np.ndarray, band: tuple[float | None, float | None] | None) -> np.ndarray:
    """1.0 where the price is outside the band (never without one)."""
    if band is None:
        return np.zeros(len(price))
    lo, hi = band
    out = np.zeros(len(price), dtype=bool)
    if lo is not None:
        out |= price < lo - 1e-9
    if hi is not None:
        out |= price > hi + 1e-9
    return out.astype(np.float64)


__all__ = ["outside", "quantile_limits"]
