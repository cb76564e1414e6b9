"""The leaf indicator games behind explain.shapley: the ensemble's leaves flattened
with their path conditions, the per-slot "x_ok / r_ok" bit patterns of rows, and
the Shapley value of one leaf game (see the explain.shapley docstring for the maths).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from models.trees import TreeEnsemble


@dataclass(frozen=True)
class _Leaves:
    """All leaves of the ensemble, flattened, with their path conditions."""

    value: np.ndarray  # (L,) leaf outputs
    slot_group: np.ndarray  # (L, S) group index per slot, -1 for padding
    cond_feature: np.ndarray  # (L, K) feature index of each path condition (0 for padding)
    cond_lo: np.ndarray  # (L, K) condition holds when lo < x <= hi
    cond_hi: np.ndarray  # (L, K)
    cond_slot: np.ndarray  # (L, K) slot of the condition's group (0 for padding)

    @property
    def n_slots(self) -> int:
        return int(self.slot_group.shape[1])


def _flatten_leaves(ensemble: TreeEnsemble, group_of_feature: np.ndarray) -> _Leaves:
    values: list[float] = []
    paths: list[dict[int, tuple[float, float]]] = []  # feature -> (lo, hi)
    for tree in ensemble.trees:
        stack: list[tuple[int, dict[int, tuple[float, float]]]] = [(0, {})]
        while stack:
            node, box = stack.pop()
            f = int(tree.feature[node])
            if f < 0:
                values.append(float(tree.value[node]))
                paths.append(box)
                continue
            thr = float(tree.threshold[node])
            lo, hi = box.get(f, (-np.inf, np.inf))
            stack.append((int(tree.left[node]), {**box, f: (lo, min(hi, thr))}))
            stack.append((int(tree.right[node]), {**box, f: (max(lo, thr), hi)}))
    n_leaves = len(values)
    slot_lists = [sorted({int(group_of_feature[f]) for f in box}) for box in paths]
    n_slots = max([len(s) for s in slot_lists] + [1])
    n_cond = max([len(b) for b in paths] + [1])
    slot_group = np.full((n_leaves, n_slots), -1, dtype=np.int64)
    cond_feature = np.zeros((n_leaves, n_cond), dtype=np.int64)
    cond_lo = np.full((n_leaves, n_cond), -np.inf)
    cond_hi = np.full((n_leaves, n_cond), np.inf)
    cond_slot = np.zeros((n_leaves, n_cond), dtype=np.int64)
    for i, (box, slots) in enumerate(zip(paths, slot_lists, strict=True)):
        slot_group[i, : len(slots)] = slots
        for k, (f, (lo, hi)) in enumerate(sorted(box.items())):
            cond_feature[i, k] = f
            cond_lo[i, k], cond_hi[i, k] = lo, hi
            cond_slot[i, k] = slots.index(int(group_of_feature[f]))
    return _Leaves(np.asarray(values, dtype=np.float64), slot_group, cond_feature,
                   cond_lo, cond_hi, cond_slot)


def _ok_patterns(leaves: _Leaves, X: np.ndarray) -> np.ndarray:
    """(n, L) int: bit s set iff row satisfies every path condition of slot s (padding: set)."""
    vals = X[:, leaves.cond_feature]  # (n, L, K)
    ok = (vals > leaves.cond_lo) & (vals <= leaves.cond_hi)
    fail_bits = np.bitwise_or.reduce(np.where(ok, 0, np.left_shift(1, leaves.cond_slot)), axis=-1)
    full = (1 << leaves.n_slots) - 1
    return np.bitwise_and(np.invert(fail_bits), full).astype(np.int64)


def _weight_tables(n_slots: int) -> tuple[np.ndarray, np.ndarray]:
    """wa[a, b] = (a-1)! b!/(a+b)!  and  wb[a, b] = -a! (b-1)!/(a+b)!  (0 where undefined)."""
    wa = np.zeros((n_slots + 1, n_slots + 1))
    wb = np.zeros((n_slots + 1, n_slots + 1))
    fact = math.factorial
    for a in range(n_slots + 1):
        for b in range(n_slots + 1 - a):
            if a >= 1:
                wa[a, b] = fact(a - 1) * fact(b) / fact(a + b)
            if b >= 1:
                wb[a, b] = -fact(a) * fact(b - 1) / fact(a + b)
    return wa, wb


def _slot_shapley(
    q: np.ndarray, p: np.ndarray, player_mask: np.ndarray, n_slots: int,
    wa: np.ndarray, wb: np.ndarray,
) -> np.ndarray:
    """Per-slot Shapley value of the leaf indicator game for x-pattern q and r-pattern p.

    Arrays broadcast together; result has a trailing axis of n_slots.
    """
    full = (1 << n_slots) - 1
    reach = ((q & player_mask) | p) == full
    a_bits = q & ~p & player_mask
    b_bits = p & ~q & player_mask
    a = np.bitwise_count(a_bits).astype(np.int64)
    b = np.bitwise_count(b_bits).astype(np.int64)
    shifts = np.arange(n_slots)
    in_a = ((a_bits[..., None] >> shifts) & 1).astype(np.float64)
    in_b = ((b_bits[..., None] >> shifts) & 1).astype(np.float64)
    w = in_a * wa[a, b][..., None] + in_b * wb[a, b][..., None]
    return np.where(reach[..., None], w, 0.0)
