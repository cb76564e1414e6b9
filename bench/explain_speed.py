"""How fast are exact group SHAP explanations, and how much faster than KernelSHAP?

Targets: one suggestion <= 5 ms, ten <= 20 ms (median of many runs), and >= 100x
faster than shap.KernelExplainer run at settings that make it exact on the same
model and rows (the group-indicator game, nsamples = 2^G, no l1 regularisation);
the two must agree to ~1e-6.

Model: the trained ranker (models.ranker.Ranker.load()) if its artifact exists,
else a realistic synthetic GBDT (200 trees, depth 4, 20 features, 10 groups, R=64).

Usage: .venv/bin/python bench/explain_speed.py [--runs 200] [--kernel-rows 3] [--synthetic]
Ends with one JSON line of metrics.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from explain.shapley import GroupExplainer  # noqa: E402
from models.settings import offline_env  # noqa: E402
from models.trees import Tree, TreeEnsemble  # noqa: E402


@dataclass(frozen=True)
class _Group:
    name: str
    category: str
    features: tuple[str, ...]
    description: str = ""


@dataclass
class Setup:
    source: str
    ensemble: TreeEnsemble
    names: list[str]
    groups: list[Any]
    reference: np.ndarray
    rows: np.ndarray  # candidate rows to explain
    present: set[str]
    score: Callable[[np.ndarray], np.ndarray]


def _real() -> Setup | None:
    try:
        from models.ranker import Ranker

        ranker = Ranker.load()
    except Exception as exc:  # no artifact yet: fall back to the synthetic model
        print(f"(no trained ranker: {str(exc).splitlines()[0]}; using a synthetic GBDT)")
        return None
    ref = ranker.reference
    rng = np.random.default_rng(0)
    rows = ref[rng.integers(0, len(ref), size=10)]
    return Setup("trained ranker", ranker.ensemble(), list(ranker.feature_names),
                 list(ranker.groups), ref, rows, {g.name for g in ranker.groups}, ranker.score)


def _synthetic() -> Setup:
    from sklearn.ensemble import GradientBoostingRegressor

    rng = np.random.default_rng(0)
    n_feat, n_groups = 20, 10
    names = [f"f{j}" for j in range(n_feat)]
    owner = np.repeat(np.arange(n_groups), n_feat // n_groups)
    groups = [_Group(f"g{k}", "product", tuple(names[j] for j in np.nonzero(owner == k)[0]))
              for k in range(n_groups)]
    X = rng.normal(size=(3000, n_feat)).astype(np.float32).astype(np.float64)
    y = X @ rng.normal(size=n_feat) + np.sin(3 * X[:, 0]) * X[:, 1] + X[:, 2] * X[:, 3]
    model = GradientBoostingRegressor(n_estimators=200, max_depth=4, learning_rate=0.1,
                                      random_state=0).fit(X, y)
    trees = []
    for est in model.estimators_[:, 0]:
        t = est.tree_
        trees.append(Tree(np.where(t.children_left < 0, -1, t.feature).astype(np.int64),
                          t.threshold.astype(np.float64), t.children_left.astype(np.int64),
                          t.children_right.astype(np.int64),
                          t.value[:, 0, 0].astype(np.float64) * model.learning_rate))
    ens = TreeEnsemble(tuple(trees), float(model.init_.constant_[0, 0]), n_feat, {})
    ref = X[:64]
    rows = X[1000:1010]
    return Setup("synthetic GBDT (200 trees, depth 4, 20 features, 10 groups, R=64)", ens,
                 names, groups, ref, rows, {g.name for g in groups}, model.predict)


def _median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1e3


def _kernel_exact(s: Setup, ex: GroupExplainer, x: np.ndarray) -> tuple[np.ndarray, float]:
    """KernelSHAP over the group-indicator game, enumerating every coalition."""
    import shap

    players = [g for g in ex.group_names if g in s.present]
    cols = [[s.names.index(f) for f in next(g for g in s.groups if g.name == p).features]
            for p in players]
    ref = s.reference

    def game(Z: np.ndarray) -> np.ndarray:
        hybrid = np.repeat(ref[None, :, :], len(Z), axis=0)  # (n, R, F)
        for k, c in enumerate(cols):
            on = Z[:, k] > 0.5
            hybrid[np.ix_(on, np.arange(len(ref)), c)] = x[c]
        return s.score(hybrid.reshape(-1, ref.shape[1])).reshape(len(Z), len(ref)).mean(axis=1)

    n = len(players)
    t0 = time.perf_counter()
    kernel = shap.KernelExplainer(game, np.zeros((1, n)))
    phi = kernel.shap_values(np.ones((1, n)), nsamples=2**n, l1_reg=False, silent=True)
    elapsed = time.perf_counter() - t0
    values = np.zeros(len(ex.group_names))
    for k, p in enumerate(players):
        values[ex.group_names.index(p)] = np.asarray(phi).reshape(-1)[k]
    return values, elapsed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=200, help="timed runs per measurement")
    ap.add_argument("--kernel-rows", type=int, default=3, help="rows to explain with KernelSHAP")
    ap.add_argument("--synthetic", action="store_true", help="skip the trained ranker")
    args = ap.parse_args(argv)
    offline_env()
    try:
        import torch

        torch.set_num_threads(1)
    except ImportError:
        pass
    s = (None if args.synthetic else _real()) or _synthetic()
    t0 = time.perf_counter()
    ex = GroupExplainer(s.ensemble, s.names, s.groups, s.reference)
    init_ms = (time.perf_counter() - t0) * 1e3
    t0 = time.perf_counter()
    ex.explain(s.rows[:1], s.present)  # builds the per-player-set table once
    table_ms = (time.perf_counter() - t0) * 1e3
    one_ms = _median_ms(lambda: ex.explain(s.rows[:1], s.present), args.runs)
    ten_ms = _median_ms(lambda: ex.explain(s.rows[:10], s.present), args.runs // 2)
    print(f"model: {s.source}; {len(ex._leaves.value)} leaves, "
          f"{len(s.present)} players, R={len(s.reference)}")
    print(f"explainer set-up {init_ms:.1f} ms, first call (table) {table_ms:.1f} ms")
    print(f"one suggestion: {one_ms:.3f} ms (target <= 5)   ten: {ten_ms:.3f} ms (target <= 20)")

    kernel_s, max_err = [], 0.0
    for x in s.rows[: args.kernel_rows]:
        ours = ex.shapley_values(x[None, :], s.present)[0]
        theirs, elapsed = _kernel_exact(s, ex, x)
        kernel_s.append(elapsed)
        max_err = max(max_err, float(np.max(np.abs(ours - theirs))))
    kernel_ms = statistics.median(kernel_s) * 1e3
    ratio = kernel_ms / one_ms
    print(f"KernelSHAP (exact: nsamples=2^{len(s.present)}, l1_reg off): {kernel_ms:.0f} ms "
          f"per suggestion; max |difference| {max_err:.2e}; speed-up {ratio:.0f}x (target >= 100)")
    print(json.dumps({
        "model": s.source, "one_ms": round(one_ms, 4), "ten_ms": round(ten_ms, 4),
        "table_build_ms": round(table_ms, 2), "kernel_ms": round(kernel_ms, 1),
        "speedup_vs_kernel": round(ratio, 1), "max_abs_diff_vs_kernel": max_err,
        "one_ok": one_ms <= 5.0, "ten_ok": ten_ms <= 20.0, "speedup_ok": ratio >= 100,
        "agree_ok": max_err <= 1e-6,
    }))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
