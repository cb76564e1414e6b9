"""The learned ranker: gradient-boosted trees (pointwise logistic) + a linear sponsorship term.

score(x) = trees(x) + sum over sponsorship features of 1 * x[j]   (log-odds)

Training uses scikit-learn's HistGradientBoostingClassifier (imported lazily);
the fitted trees are converted once to plain arrays (`models.trees.TreeEnsemble`)
and everything after that — scoring, saving, loading, explaining — works on
those arrays, so loading a saved ranker needs neither sklearn nor pickle.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from models.categories import SPONSORSHIP
from models.errors import ArtifactError, InputError
from models.features import FeatureGroup
from models.trees import Tree, TreeEnsemble

DEFAULT_DIR = Path(__file__).resolve().parent / "artifacts" / "ranker"
MODEL_FILE = "model.npz"
CARD_FILE = "card.json"
CARD_MD_FILE = "card.md"
_FIX = "run `python -m models.train` to (re)build the ranker artifact."


@dataclass(frozen=True)
class RankerConfig:
    # Boosting rounds (trees); no early stopping, so training is deterministic.
    max_iter: int = 120
    # Shrinkage per tree (leaf values are already scaled by it).
    learning_rate: float = 0.1
    # Depth cap per tree; keeps the padded fast scorer small (2**depth leaves).
    max_depth: int = 5
    # Leaves per tree.
    max_leaf_nodes: int = 20
    # Fewer samples than this never form a leaf (smooths the model).
    min_samples_leaf: int = 40
    # L2 penalty on leaf values.
    l2_regularization: float = 1.0
    # Seed for anything random in training.
    seed: int = 0


class _FastScorer:
    """All trees padded to complete binary trees of one depth, walked level by level.

    A leaf above the full depth becomes a node that always goes left
    (threshold +inf) and both halves below it carry its value, so results
    equal `TreeEnsemble.predict` exactly (up to float summation order).
    """

    def __init__(self, ens: TreeEnsemble) -> None:
        depth = max((_depth(t) for t in ens.trees), default=0)
        n_int, n_leaf, T = 2**depth - 1, 2**depth, len(ens.trees)
        self.depth, self.n_int, self.n_leaf, self.T = depth, n_int, n_leaf, T
        self.feat = np.zeros((T, max(n_int, 1)), dtype=np.int64)
        self.thr = np.full((T, max(n_int, 1)), np.inf)
        self.leaf = np.zeros((T, n_leaf))
        for t, tree in enumerate(ens.trees):
            self._fill(tree, t, 0, 0, 0)
        self.feat_flat, self.thr_flat, self.leaf_flat = (
            self.feat.ravel(), self.thr.ravel(), self.leaf.ravel())
        self.base, self.linear = ens.base, dict(ens.linear)

    def _fill(self, tree: Tree, t: int, src: int, dst: int, level: int) -> None:
        if tree.feature[src] < 0:  # leaf: fill every padded leaf below dst
            span = 2 ** (self.depth - level)
            first = dst
            for _ in range(self.depth - level):
                first = 2 * first + 1
            self.leaf[t, first - self.n_int: first - self.n_int + span] = tree.value[src]
            return
        self.feat[t, dst] = tree.feature[src]
        self.thr[t, dst] = tree.threshold[src]
        self._fill(tree, t, int(tree.left[src]), 2 * dst + 1, level + 1)
        self._fill(tree, t, int(tree.right[src]), 2 * dst + 2, level + 1)

    def predict(self, X: np.ndarray) -> np.ndarray:
        n, F = X.shape
        out = np.full(n, self.base)
        if self.T:
            Xf = np.ascontiguousarray(X, dtype=np.float64).ravel()
            row_off = (np.arange(n, dtype=np.int64) * F)[:, None]
            tree_int = (np.arange(self.T, dtype=np.int64) * max(self.n_int, 1))[None, :]
            node = np.zeros((n, self.T), dtype=np.int64)
            for _ in range(self.depth):
                flat = tree_int + node
                go_right = Xf[row_off + self.feat_flat[flat]] > self.thr_flat[flat]
                node = 2 * node + 1 + go_right
            leaf = (node - self.n_int) + (np.arange(self.T, dtype=np.int64) * self.n_leaf)[None, :]
            out += self.leaf_flat[leaf].sum(axis=1)
        for j, w in self.linear.items():
            out += w * X[:, j]
        return out


def _depth(tree: Tree) -> int:
    best, stack = 0, [(0, 0)]
    while stack:
        node, d = stack.pop()
        if tree.feature[node] < 0:
            best = max(best, d)
        else:
            stack += [(int(tree.left[node]), d + 1), (int(tree.right[node]), d + 1)]
    return best


class Ranker:
    """A fitted ranker: score feature rows, expose its trees, save and load."""

    def __init__(self, ensemble: TreeEnsemble, feature_names: Sequence[str],
                 groups: Sequence[FeatureGroup], reference: np.ndarray,
                 card: dict[str, Any] | None = None) -> None:
        self.feature_names: tuple[str, ...] = tuple(feature_names)
        self.groups: tuple[FeatureGroup, ...] = tuple(groups)
        self.reference = np.asarray(reference, dtype=np.float64)
        if self.reference.ndim != 2 or self.reference.shape[1] != len(self.feature_names):
            raise InputError("reference sample has the wrong shape",
                             fix=f"pass an (R, {len(self.feature_names)}) array.")
        self._ensemble = ensemble
        self._fast = _FastScorer(ensemble)
        self.card: dict[str, Any] = dict(card or {})
        self.card.setdefault("content_hash", self.content_hash())

    @property
    def category_of(self) -> dict[str, str]:
        return {g.name: g.category for g in self.groups}

    def group_columns(self) -> dict[str, list[int]]:
        """Feature column indices of each group."""
        pos = {f: i for i, f in enumerate(self.feature_names)}
        return {g.name: [pos[f] for f in g.features] for g in self.groups}

    def score(self, X: np.ndarray) -> np.ndarray:
        """Log-odds score of each row (uses the ensemble arrays)."""
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != len(self.feature_names):
            raise InputError(f"expected rows of {len(self.feature_names)} features, got {X.shape}",
                             fix="build rows with models.features.build_features.")
        return self._fast.predict(X)

    def ensemble(self) -> TreeEnsemble:
        return self._ensemble

    # ---- persistence -------------------------------------------------------
    def _arrays(self) -> dict[str, np.ndarray]:
        trees = self._ensemble.trees
        sizes = np.array([len(t.feature) for t in trees], dtype=np.int64)

        def cat(name: str, dt: type) -> np.ndarray:
            if not trees:
                return np.zeros(0, dt)
            return np.concatenate([getattr(t, name) for t in trees]).astype(dt)

        lin = sorted(self._ensemble.linear.items())
        return {
            "tree_sizes": sizes,
            "feature": cat("feature", np.int64),
            "threshold": cat("threshold", np.float64),
            "left": cat("left", np.int64),
            "right": cat("right", np.int64),
            "value": cat("value", np.float64),
            "base": np.array([self._ensemble.base], dtype=np.float64),
            "linear_index": np.array([j for j, _ in lin], dtype=np.int64),
            "linear_weight": np.array([w for _, w in lin], dtype=np.float64),
            "reference": self.reference,
        }

    def _structure(self) -> dict[str, Any]:
        return {"feature_names": list(self.feature_names),
                "groups": [asdict(g) | {"features": list(g.features)} for g in self.groups]}

    def content_hash(self) -> str:
        """sha256 over the model arrays, reference sample, features and groups."""
        h = hashlib.sha256()
        for key, arr in sorted(self._arrays().items()):
            a = np.ascontiguousarray(arr)
            h.update(f"{key}|{a.dtype.str}|{a.shape}|".encode())
            h.update(a.tobytes())
        h.update(json.dumps(self._structure(), sort_keys=True).encode())
        return h.hexdigest()

    def save(self, directory: str | Path) -> Path:
        d = Path(directory)
        d.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, Any] = self._arrays()
        np.savez_compressed(d / MODEL_FILE, **arrays)
        card = dict(self.card) | self._structure() | {"content_hash": self.content_hash()}
        card.setdefault("created", _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"))
        self.card = card
        (d / CARD_FILE).write_text(json.dumps(card, indent=2, sort_keys=True) + "\n")
        (d / CARD_MD_FILE).write_text(render_card(card))
        return d

    @classmethod
    def load(cls, directory: str | Path | None = None) -> Ranker:
        d = Path(directory) if directory is not None else DEFAULT_DIR
        if not (d / MODEL_FILE).is_file() or not (d / CARD_FILE).is_file():
            raise ArtifactError(f"no ranker artifact in {d}", fix=_FIX)
        try:
            card = json.loads((d / CARD_FILE).read_text())
            with np.load(d / MODEL_FILE, allow_pickle=False) as z:
                arr = {k: z[k] for k in z.files}
            trees, start = [], 0
            for size in arr["tree_sizes"]:
                sl = slice(start, start + int(size))
                trees.append(Tree(arr["feature"][sl], arr["threshold"][sl], arr["left"][sl],
                                  arr["right"][sl], arr["value"][sl]))
                start += int(size)
            names = card["feature_names"]
            groups = [FeatureGroup(g["name"], g["category"], tuple(g["features"]),
                                   g["description"]) for g in card["groups"]]
            linear = {int(j): float(w) for j, w in
                      zip(arr["linear_index"], arr["linear_weight"], strict=True)}
            ens = TreeEnsemble(tuple(trees), float(arr["base"][0]), len(names), linear)
            ranker = cls(ens, names, groups, arr["reference"], card)
        except ArtifactError:
            raise
        except Exception as exc:  # corrupt zip, missing key, bad JSON ...
            raise ArtifactError(f"ranker artifact in {d} is unreadable ({exc})", fix=_FIX) from exc
        if ranker.content_hash() != card.get("content_hash"):
            raise ArtifactError(f"ranker artifact in {d} does not match its content hash",
                                fix=_FIX)
        return ranker


def ensemble_from_sklearn(model: Any, n_features: int, linear: dict[int, float]) -> TreeEnsemble:
    """Convert a fitted binary HistGradientBoostingClassifier to plain arrays.

    sklearn's raw prediction is `_baseline_prediction + sum(tree leaf values)`,
    leaves already scaled by the learning rate, and a sample goes left when
    x <= num_threshold (we never pass NaN, so missing-value routing is unused).
    """
    trees = []
    for (pred,) in model._predictors:
        nd = pred.nodes
        if np.any(nd["is_categorical"]):
            raise InputError("categorical splits are not supported",
                             fix="encode categories as numeric features.")
        leaf = nd["is_leaf"].astype(bool)
        trees.append(Tree(
            feature=np.where(leaf, -1, nd["feature_idx"]).astype(np.int64),
            threshold=np.where(leaf, 0.0, nd["num_threshold"]).astype(np.float64),
            left=np.where(leaf, -1, nd["left"]).astype(np.int64),
            right=np.where(leaf, -1, nd["right"]).astype(np.int64),
            value=np.where(leaf, nd["value"], 0.0).astype(np.float64),
        ))
    base = float(np.ravel(model._baseline_prediction)[0])
    return TreeEnsemble(tuple(trees), base, n_features, dict(linear))


def fit_ranker(X: np.ndarray, y: np.ndarray, feature_names: Sequence[str],
               groups: Sequence[FeatureGroup], reference: np.ndarray,
               config: RankerConfig | None = None, card: dict[str, Any] | None = None,
               sample_weight: np.ndarray | None = None) -> Ranker:
    """Fit the trees on every feature except sponsorship ones (added linearly, weight 1)."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    cfg = config or RankerConfig()
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y).astype(np.int64)
    if np.isnan(X).any():
        raise InputError("training features contain NaN",
                         fix="fill missing values in the feature builder.")
    if len(np.unique(y)) != 2:
        raise InputError("training labels need both positives and negatives",
                         fix="log more sessions (clicks and non-clicked candidates).")
    pos = {f: i for i, f in enumerate(feature_names)}
    linear = {pos[f]: 1.0 for g in groups if g.category == SPONSORSHIP for f in g.features}
    Xt = X.copy()
    Xt[:, list(linear)] = 0.0  # constant column: the trees can never split on it
    model = HistGradientBoostingClassifier(
        max_iter=cfg.max_iter, learning_rate=cfg.learning_rate, max_depth=cfg.max_depth,
        max_leaf_nodes=cfg.max_leaf_nodes, min_samples_leaf=cfg.min_samples_leaf,
        l2_regularization=cfg.l2_regularization, early_stopping=False, random_state=cfg.seed,
    )
    model.fit(Xt, y, sample_weight=sample_weight)
    ens = ensemble_from_sklearn(model, X.shape[1], linear)
    meta = {"config": asdict(cfg), "seed": cfg.seed, "n_train_rows": len(y),
            "positive_rate": float(y.mean())} | dict(card or {})
    return Ranker(ens, feature_names, groups, reference, meta)


def render_card(card: dict[str, Any]) -> str:
    """The model card as Markdown (the JSON card is the source of truth)."""
    lines = ["# ClearCart ranker — model card", ""]
    default_model = "gradient-boosted trees, pointwise logistic (log-odds score)"
    lines += [f"- Created: {card.get('created', '?')}", f"- Seed: {card.get('seed', '?')}",
              f"- Content hash (sha256): `{card.get('content_hash', '?')}`",
              f"- Model: {card.get('model', default_model)}",
              "", "## Training data", "", str(card.get("training_data", "not recorded")), "",
              "## Features", "", "| group | data category | features | what it means |",
              "|---|---|---|---|"]
    for g in card.get("groups", []):
        lines.append(f"| {g['name']} | {g['category']} | {', '.join(g['features'])} | "
                     f"{g['description']} |")
    lines += ["", "## Metrics", ""]
    for k, v in sorted(card.get("metrics", {}).items()):
        lines.append(f"- {k}: {v:.4f}" if isinstance(v, float) else f"- {k}: {v}")
    lines += ["", "## Configuration", "", "```json",
              json.dumps(card.get("config", {}), indent=2, sort_keys=True), "```", ""]
    notes = card.get("notes")
    if notes:
        lines += ["## Notes", "", str(notes), ""]
    return "\n".join(lines)


__all__ = ["DEFAULT_DIR", "Ranker", "RankerConfig", "ensemble_from_sklearn", "fit_ranker",
           "render_card"]
