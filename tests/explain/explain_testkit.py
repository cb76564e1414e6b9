"""Random tree ensembles, groups and reference samples for the explain tests.

Ensembles come from real sklearn models fitted on random data, converted to
`models.trees.TreeEnsemble` here (the ranker's own converter is not needed).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from models.trees import Tree, TreeEnsemble


@dataclass(frozen=True)
class Group:
    name: str
    category: str
    features: tuple[str, ...]
    description: str = ""


def sklearn_to_ensemble(model: object, n_features: int,
                        linear: dict[int, float] | None = None) -> TreeEnsemble:
    """GradientBoostingRegressor -> TreeEnsemble (leaf values scaled by the learning rate)."""
    lr = float(model.learning_rate)  # type: ignore[attr-defined]
    trees = []
    for est in model.estimators_[:, 0]:  # type: ignore[attr-defined]
        t = est.tree_
        trees.append(Tree(
            feature=np.where(t.children_left < 0, -1, t.feature).astype(np.int64),
            threshold=t.threshold.astype(np.float64),
            left=t.children_left.astype(np.int64),
            right=t.children_right.astype(np.int64),
            value=t.value[:, 0, 0].astype(np.float64) * lr,
        ))
    base = float(model.init_.constant_[0, 0])  # type: ignore[attr-defined]
    return TreeEnsemble(tuple(trees), base, n_features, dict(linear or {}))


@dataclass
class Case:
    ensemble: TreeEnsemble
    feature_names: list[str]
    groups: list[Group]
    reference: np.ndarray
    X: np.ndarray  # rows to explain; absent groups already at the reference constant
    absent: set[str] = field(default_factory=set)

    @property
    def present(self) -> set[str]:
        return {g.name for g in self.groups} - self.absent


CATS = ("request", "product", "browsing_history", "purchase_history", "location", "sponsorship")


def random_case(seed: int, n_features: int = 7, n_groups: int = 4, n_trees: int = 15,
                depth: int = 3, n_ref: int = 12, n_rows: int = 3, n_absent: int = 1,
                linear: bool = True) -> Case:
    """Random groups over random features; a GBDT fitted to a random target."""
    from sklearn.ensemble import GradientBoostingRegressor

    rng = np.random.default_rng(seed)
    names = [f"f{j}" for j in range(n_features)]
    owner = np.concatenate([np.arange(n_groups), rng.integers(0, n_groups, n_features - n_groups)])
    rng.shuffle(owner)
    groups = [Group(f"g{k}", CATS[k % len(CATS)],
                    tuple(names[j] for j in np.nonzero(owner == k)[0]), f"group {k}")
              for k in range(n_groups)]
    # float32-representable data so sklearn's float32 splits agree with float64 comparisons
    Xtrain = rng.normal(size=(300, n_features)).astype(np.float32).astype(np.float64)
    y = np.sin(Xtrain @ rng.normal(size=n_features)) + Xtrain[:, 0] * Xtrain[:, -1]
    model = GradientBoostingRegressor(n_estimators=n_trees, max_depth=depth,
                                      learning_rate=0.3, random_state=seed).fit(Xtrain, y)
    lin = {int(rng.integers(n_features)): float(rng.normal())} if linear else {}
    ensemble = sklearn_to_ensemble(model, n_features, lin)
    reference = rng.normal(size=(n_ref, n_features)).astype(np.float32).astype(np.float64)
    X = rng.normal(size=(n_rows, n_features)).astype(np.float32).astype(np.float64)
    absent = {g.name for g in groups[n_groups - n_absent:]} if n_absent else set()
    for g in groups:
        if g.name in absent:  # not-shared: a constant, in the reference and in X
            for f in g.features:
                j = names.index(f)
                const = float(np.float32(rng.normal()))
                reference[:, j] = const
                X[:, j] = const
    return Case(ensemble, names, groups, reference, X, absent)


# A ranker-like object with only linear terms: scores easy to follow by hand.
GROUPS = [Group("req", "request", ("f0",), "What you asked for."),
          Group("viewed", "browsing_history", ("f1",), "Products you viewed."),
          Group("sponsorship", "sponsorship", ("f2",), "A paid promotion.")]


class LinearRanker:
    """A ranker-like object over a real TreeEnsemble with only linear terms."""

    feature_names = ["f0", "f1", "f2"]
    groups = GROUPS
    reference = np.zeros((4, 3))

    def __init__(self) -> None:
        self.ens = TreeEnsemble((), 0.0, 3, {0: 1.0, 1: 2.0, 2: 1.0})

    def score(self, X: np.ndarray) -> np.ndarray:
        return self.ens.predict(X)

    def ensemble(self) -> TreeEnsemble:
        return self.ens


X4 = np.array([[3.0, 0, 0], [2.0, 0, 0], [1.0, 5.0, 0], [0.0, 0, 2.5]])
