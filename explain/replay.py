"""Re-run the model part of a stored decision: the score and its exact Shapley values.

`replay_scored` rebuilds the feature row a decision record holds, scores it with the
ranker and explains it with the same players (the groups the shopper's consent
allowed), and lists every difference from what was stored beyond `tol`. It also
checks that groups outside the players sat at their not-shared value, as a row
built without that consent must. The constraints and the question's rule are
re-run by assistant/replay.py, which knows the catalog.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from explain.decision import Scored
from explain.shapley import GroupExplainer
from explain.whatif import not_shared_values
from models.errors import InputError


def row_of(scored: Scored, feature_names: list[str]) -> np.ndarray | None:
    """The stored feature row in the ranker's column order; None if a feature is missing."""
    if any(f not in scored.features for f in feature_names):
        return None
    return np.array([scored.features[f] for f in feature_names], dtype=np.float64)


def replay_scored(
    ranker: Any,
    explainer: GroupExplainer,
    scored: Scored,
    shap: Mapping[str, float],
    base_value: float | None,
    score: float,
    tol: float = 1e-9,
) -> list[str]:
    """Differences between the stored score / Shapley values and the model's, re-run.

    `ranker`: has `score(X)`, `feature_names`, `groups`, `reference`. `scored`: the
    decision record's model inputs; `shap`, `base_value`, `score`: what the record
    stored. An empty list means everything reproduced within `tol`.
    """
    names = list(ranker.feature_names)
    row = row_of(scored, names)
    if row is None:
        missing = sorted(set(names) - set(scored.features))
        return [f"the stored feature row lacks {missing[:5]}: not this model's row"]
    problems: list[str] = []
    unknown = set(scored.players) - {g.name for g in ranker.groups}
    if unknown:
        return [f"players {sorted(unknown)} are not groups of this model"]
    pos = {f: j for j, f in enumerate(names)}
    for g in ranker.groups:
        if g.name in scored.players:
            continue
        cols = [pos[f] for f in g.features]
        try:
            held = not_shared_values(ranker.reference, cols)
        except InputError:
            continue  # a group whose reference varies is never absent (request, product)
        if not np.allclose(row[cols], held, rtol=0.0, atol=tol):
            problems.append(f"group {g.name} is not a player (no consent) but its features "
                            "differ from their not-shared values")
    model_score = float(ranker.score(row[None])[0])
    for label, stored in (("score", score), ("decision's score", scored.score)):
        if abs(model_score - stored) > tol:
            problems.append(f"{label} {stored!r} but the model gives {model_score!r}")
    try:
        expl = explainer.explain(row[None], present=scored.players)[0]
    except InputError as e:  # a row the explainer refuses is no row it explained
        return [*problems, f"the stored row cannot be explained: {e}"]
    if base_value is not None and abs(expl.base_value - base_value) > tol:
        problems.append(f"base value {base_value!r} but the model's is {expl.base_value!r}")
    for g in sorted(set(expl.values) | set(shap)):
        want, got = expl.values.get(g, 0.0), shap.get(g)
        if got is None or abs(want - float(got)) > tol:
            problems.append(f"Shapley value of {g}: stored {got!r}, recomputed {want!r}")
    return problems


__all__ = ["replay_scored", "row_of"]
