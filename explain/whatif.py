"""'What if I didn't share?': ranks recomputed by the model, not estimated.

For each personal category in use, every candidate is re-scored with that
category's groups at their not-shared (reference) value and re-ranked. The same
function gives the sponsorship rank shift: only this product's boost is removed
(other promotions stay), so the shift is what its own promotion bought.

The whole decision is recomputed, not only the model's order: products the
question placed (`pinned`: the cheapest, the product named) lead in their order
whatever the data, because constraints and rules never read personal data; the
rest follow by the re-scored model. A pinned product therefore keeps its place.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

import numpy as np

from models.categories import PERSONAL_CATEGORIES, SPONSORSHIP
from models.errors import InputError


def rank_of(scores: np.ndarray, row: int) -> int:
    """1-based rank of `row` when sorting by score, best first (stable, as the pipeline does)."""
    order = np.argsort(-np.asarray(scores, dtype=np.float64), kind="stable")
    return int(np.nonzero(order == row)[0][0]) + 1


def not_shared_values(reference: np.ndarray, columns: list[int]) -> np.ndarray:
    """The reference's value of each column; it must be one constant (the not-shared value)."""
    ref = np.asarray(reference, dtype=np.float64)[:, columns]
    if not np.all(ref == ref[:1]):
        raise InputError(
            "the reference sample is not constant on a personal/sponsorship group",
            fix="store the reference with personal groups at their not-shared value "
                "and sponsorship at 0 (models.ranker does this)",
        )
    return ref[0]


def what_if_ranks(ranker: Any, X: np.ndarray, row: int,
                  present: Collection[str] | None = None,
                  pinned: Sequence[int] = ()) -> dict[str, int]:
    """Rank (1-based) candidate `row` would have without each personal category in use.

    `ranker`: has `score(X)`, `feature_names`, `groups`, `reference`. `X`: the feature
    rows of ALL candidates. `present`: player groups (None = all). `pinned`: rows the
    question placed first, in order (they keep their places; the model orders the
    rest after them). Keys are the personal categories with a present group whose
    features differ from not-shared in X, plus `sponsorship` when this product's boost
    is nonzero (its own boost removed).
    """
    X = np.asarray(X, dtype=np.float64)
    if not 0 <= row < len(X):
        raise InputError(f"row {row} is outside the {len(X)} candidates",
                         fix="pass the index of the product in X")
    pos = {f: j for j, f in enumerate(ranker.feature_names)}
    cols_of: dict[str, list[int]] = {}
    for g in ranker.groups:
        if present is not None and g.name not in present and g.category != SPONSORSHIP:
            continue
        if g.category in PERSONAL_CATEGORIES or g.category == SPONSORSHIP:
            cols_of.setdefault(g.category, []).extend(pos[f] for f in g.features)
    lead = list(dict.fromkeys(int(r) for r in pinned))
    rest = np.array([r for r in range(len(X)) if r not in lead], dtype=np.int64)
    out: dict[str, int] = {}
    for cat, cols in cols_of.items():
        values = not_shared_values(ranker.reference, cols)
        Xw = X.copy()
        if cat == SPONSORSHIP:
            if np.all(X[row, cols] == values):
                continue
            Xw[row, cols] = values
        else:
            if np.all(X[:, cols] == values):
                continue  # nothing shared in this category: no effect to show
            Xw[:, cols] = values
        if row in lead:  # the question's rule placed it: no data changes that
            out[cat] = lead.index(row) + 1
            continue
        at = int(np.nonzero(rest == row)[0][0])
        out[cat] = len(lead) + rank_of(ranker.score(Xw[rest]), at)
    return out


__all__ = ["not_shared_values", "rank_of", "what_if_ranks"]
