"""Self-checks of an Explanation against its own value function (tests and audits)."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence

from explain.types import Explanation


def brute_force_shapley(
    value_fn: Callable[[frozenset[str]], float], players: Sequence[str]
) -> dict[str, float]:
    """Shapley values of `value_fn` by enumerating all 2^n coalitions (tests and audits)."""
    n = len(players)
    cache: dict[frozenset[str], float] = {}

    def v(s: frozenset[str]) -> float:
        if s not in cache:
            cache[s] = float(value_fn(s))
        return cache[s]

    fact = math.factorial
    out: dict[str, float] = {}
    for i in players:
        others = [p for p in players if p != i]
        total = 0.0
        for k in range(len(others) + 1):
            weight = fact(k) * fact(n - k - 1) / fact(n)
            for subset in itertools.combinations(others, k):
                s = frozenset(subset)
                total += weight * (v(s | {i}) - v(s))
        out[i] = total
    return out


def verify_explanation(e: Explanation, tol: float = 1e-9, brute_force: bool = True) -> list[str]:
    """Problems found (empty list = exact). Checks, each to `tol`:

    additivity (base + sum(values) == score), v(players) == score, v({}) == base,
    absent groups exactly 0.0, and (if `brute_force`) values == the Shapley values of
    v by enumerating all coalitions of the players (2^players evaluations).
    """
    problems: list[str] = []
    total = e.base_value + sum(e.values.values())
    if abs(total - e.score) > tol:
        problems.append(f"additivity: base + sum = {total!r} != score {e.score!r}")
    v_all = e.value_of(e.players)
    if abs(v_all - e.score) > tol:
        problems.append(f"v(players) = {v_all!r} != score {e.score!r}")
    v_empty = e.value_of(())
    if abs(v_empty - e.base_value) > tol:
        problems.append(f"v({{}}) = {v_empty!r} != base {e.base_value!r}")
    for g, v in e.values.items():
        if g not in e.players and v != 0.0:
            problems.append(f"absent group {g!r} has value {v!r} (must be exactly 0.0)")
    if brute_force:
        exact = brute_force_shapley(e.value_of, list(e.players))
        for g, v in exact.items():
            if abs(e.values[g] - v) > tol:
                problems.append(f"{g}: value {e.values[g]!r} != enumerated Shapley {v!r}")
    return problems


__all__ = ["brute_force_shapley", "verify_explanation"]
