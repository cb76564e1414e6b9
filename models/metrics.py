"""Ranking quality: NDCG@k / HR@k, and the model with data categories hidden.

Used by `python -m models.train` (the model card's metrics) and the benches.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from models.features import FEATURE_GROUPS, FEATURE_INDEX, NOT_SHARED

if TYPE_CHECKING:
    from models.ranker import Ranker
    from models.train import Examples


def ndcg_at(scores: np.ndarray, y: np.ndarray, qid: np.ndarray, k: int = 10) -> tuple[float, float]:
    """Mean NDCG@k and hit rate@k over queries (binary relevance, ties broken by row order)."""
    ndcgs, hits = [], []
    disc = 1.0 / np.log2(np.arange(2, k + 2))
    bounds = np.flatnonzero(np.diff(qid)) + 1
    for s, r in zip(np.split(scores, bounds), np.split(y, bounds), strict=True):
        n_pos = int(r.sum())
        if n_pos == 0:
            continue
        top = r[np.argsort(-s, kind="stable")[:k]]
        ndcgs.append(float((top * disc[: len(top)]).sum() / disc[: min(n_pos, k)].sum()))
        hits.append(float(top.any()))
    return (float(np.mean(ndcgs)) if ndcgs else 0.0, float(np.mean(hits)) if hits else 0.0)


def hide(X: np.ndarray, groups: Sequence[str]) -> np.ndarray:
    """Copy of X with the named groups at their not-shared values (consent off)."""
    Z = X.copy()
    for g in FEATURE_GROUPS:
        if g.name in groups:
            for f in g.features:
                Z[:, FEATURE_INDEX[f]] = NOT_SHARED[f]
    return Z


def evaluate(ranker: Ranker, test: Examples, train: Examples) -> dict[str, float]:
    """NDCG@10 / HR@10 of the model (full, each personal category off, none) and popularity."""
    from models.categories import PERSONAL_CATEGORIES

    out: dict[str, float] = {}
    variants: dict[str, np.ndarray] = {"model": test.X}
    for cat in PERSONAL_CATEGORIES:
        names = [g.name for g in FEATURE_GROUPS if g.category == cat]
        if names:
            variants[f"model_without_{cat}"] = hide(test.X, names)
    personal = [g.name for g in FEATURE_GROUPS if g.category in PERSONAL_CATEGORIES]
    variants["model_no_personal_data"] = hide(test.X, personal)
    for name, X in variants.items():
        out[f"ndcg10_{name}"], out[f"hr10_{name}"] = ndcg_at(ranker.score(X), test.y, test.qid)
    pop = test.X[:, FEATURE_INDEX["log_reviews"]]  # catalog popularity: review count
    out["ndcg10_popularity"], out["hr10_popularity"] = ndcg_at(pop, test.y, test.qid)
    out["test_queries"] = float(len(np.unique(test.qid)))
    out["train_rows"] = float(len(train.y))
    return out


__all__ = ["evaluate", "hide", "ndcg_at"]
