"""What-if ranks, global view, and the explainer on a real `models.ranker` model."""

from __future__ import annotations

import numpy as np
import pytest

from explain.global_view import describe_parameters, global_importance, main_parameters
from explain.shapley import GroupExplainer, explain_rows, groups_for_categories
from explain.types import Explanation
from explain.verify import verify_explanation
from explain.whatif import rank_of, what_if_ranks
from models.errors import InputError

from explain_testkit import GROUPS, X4, LinearRanker


def test_rank_of_is_stable_one_based() -> None:
    assert rank_of(np.array([1.0, 3.0, 3.0, 0.0]), 2) == 2
    assert rank_of(np.array([1.0, 3.0, 3.0, 0.0]), 3) == 4


def test_what_if_ranks_recomputed_by_the_model() -> None:
    r = LinearRanker()
    # scores with everything: [3, 2, 11, 2.5]; row 2 is first because of its browsing history
    assert what_if_ranks(r, X4, 2) == {"browsing_history": 4}
    # row 3's own boost lifts it from 4th to 3rd; without the shopper's browsing
    # history (row 2 loses its lift) it would be 2nd
    assert what_if_ranks(r, X4, 3) == {"browsing_history": 2, "sponsorship": 4}
    # a category that is not a player is not shown
    assert what_if_ranks(r, X4, 2, present={"req", "sponsorship"}) == {}


def test_what_if_refuses_non_constant_reference() -> None:
    r = LinearRanker()
    r.reference = np.arange(12.0).reshape(4, 3)
    with pytest.raises(InputError, match="not constant"):
        what_if_ranks(r, X4, 2)


def test_explain_rows_linear_terms_exact() -> None:
    r = LinearRanker()
    e = explain_rows(r, X4)[2]
    assert e.values == {"req": 1.0, "viewed": 10.0, "sponsorship": 0.0}
    assert e.score == 11.0 and e.base_value == 0.0


def _expl(values: dict[str, float]) -> Explanation:
    cats = {g.name: g.category for g in GROUPS}
    return Explanation(sum(values.values()), 0.0, values, cats, tuple(values))


def test_global_importance_means_and_shares() -> None:
    logged = [_expl({"req": 1.0, "viewed": -3.0, "sponsorship": 0.0}),
              _expl({"req": -1.0, "viewed": 1.0, "sponsorship": 2.0}).to_dict()]
    gi = global_importance(logged)
    assert gi.n == 2
    assert gi.by_group == {"viewed": 2.0, "req": 1.0, "sponsorship": 1.0}
    assert gi.shares()["viewed"] == pytest.approx(0.5, abs=1e-12)
    assert sum(gi.category_shares().values()) == pytest.approx(1.0, abs=1e-12)
    params = main_parameters(GROUPS, gi)
    assert [p.group for p in params] == ["viewed", "req", "sponsorship"]
    text = describe_parameters(GROUPS, gi)
    assert "Products you viewed: 50%" in text and "over 2 suggestions" in text
    with pytest.raises(InputError):
        global_importance([])


def test_real_ranker_explanations_are_exact() -> None:
    """fit_ranker on random data with the real feature groups; brute force over the players."""
    from models.features import FEATURE_GROUPS, FEATURE_NAMES, NOT_SHARED
    from models.ranker import RankerConfig, fit_ranker

    rng = np.random.default_rng(0)
    n, f = 600, len(FEATURE_NAMES)
    X = rng.normal(size=(n, f))
    y = (X[:, 0] + X[:, 5] - X[:, 3] + rng.normal(size=n) > 0).astype(int)
    pos = {name: j for j, name in enumerate(FEATURE_NAMES)}
    ref = X[:24].copy()
    for name, v in NOT_SHARED.items():
        ref[:, pos[name]] = v
    ranker = fit_ranker(X, y, FEATURE_NAMES, FEATURE_GROUPS, ref,
                        RankerConfig(max_iter=25, min_samples_leaf=10))
    present = groups_for_categories(FEATURE_GROUPS, {"request", "product", "purchase_history",
                                                     "sponsorship"})
    rows = X[100:103].copy()
    for g in FEATURE_GROUPS:
        if g.name not in present:
            for name in g.features:
                rows[:, pos[name]] = NOT_SHARED[name]
    ex = GroupExplainer(ranker.ensemble(), ranker.feature_names, ranker.groups, ranker.reference)
    exps = ex.explain(rows, present)
    np.testing.assert_allclose([e.score for e in exps], ranker.score(rows), rtol=0, atol=1e-9)
    for e in exps:
        assert verify_explanation(e, tol=1e-9) == []
        assert e.values["viewed_similarity"] == 0.0
        # linear weight 1, reference 0: the promotion's value is exactly the boost
        boost = e.feature_values["sponsor_boost"]
        assert e.values["sponsorship"] == pytest.approx(boost, abs=1e-12)
