"""A plain-array view of a tree ensemble: what exact explanation works on.

score(x) = base + sum over trees of leaf value(x) + sum_j linear[j] * x[j]

Each tree is stored as parallel arrays (node i): `feature[i]` (-1 at a leaf),
`threshold[i]` (go left when x[feature] <= threshold), `left[i]`, `right[i]`,
`value[i]` (leaf output, already scaled by the learning rate).
`linear` holds additive terms outside the trees (the sponsorship boost), so
their Shapley value is exact in closed form.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Tree:
    feature: np.ndarray  # int64, -1 at leaves
    threshold: np.ndarray  # float64
    left: np.ndarray  # int64 child index
    right: np.ndarray  # int64 child index
    value: np.ndarray  # float64 leaf values

    def predict(self, X: np.ndarray) -> np.ndarray:
        node = np.zeros(len(X), dtype=np.int64)
        active = self.feature[node] >= 0
        while active.any():
            idx = np.nonzero(active)[0]
            f = self.feature[node[idx]]
            go_left = X[idx, f] <= self.threshold[node[idx]]
            node[idx] = np.where(go_left, self.left[node[idx]], self.right[node[idx]])
            active[idx] = self.feature[node[idx]] >= 0
        return self.value[node]


@dataclass(frozen=True)
class TreeEnsemble:
    trees: tuple[Tree, ...]
    base: float
    n_features: int
    linear: dict[int, float] = field(default_factory=dict)  # feature index -> weight

    def predict(self, X: np.ndarray) -> np.ndarray:
        X = np.asarray(X, dtype=np.float64)
        out = np.full(len(X), self.base, dtype=np.float64)
        for tree in self.trees:
            out += tree.predict(X)
        for j, w in self.linear.items():
            out += w * X[:, j]
        return out


__all__ = ["Tree", "TreeEnsemble"]
