"""Explanation.to_shap: shap's own Explanation, holding exactly our values."""

from __future__ import annotations

import math

import numpy as np
import pytest

from explain.shapley import GroupExplainer
from explain.types import Explanation

from explain_testkit import random_case

shap = pytest.importorskip("shap")


def test_to_shap_holds_the_same_values_base_and_group_data() -> None:
    case = random_case(3, n_features=7, n_groups=4, n_absent=1)
    explainer = GroupExplainer(case.ensemble, case.feature_names, case.groups, case.reference)
    features_of = {g.name: g.features for g in case.groups}
    for row, e in zip(case.X, explainer.explain(case.X, case.present), strict=True):
        s = e.to_shap(features_of)
        assert isinstance(s, shap.Explanation)
        assert list(s.feature_names) == list(e.values)
        assert np.array_equal(s.values, np.array([e.values[g] for g in e.values]))
        assert s.base_values == e.base_value
        assert math.isclose(s.base_values + s.values.sum(), e.score, abs_tol=1e-9)
        for k, g in enumerate(case.groups):
            cols = [case.feature_names.index(f) for f in g.features]
            if len(cols) == 1:
                assert s.data[k] == row[cols[0]]
            else:
                assert math.isnan(s.data[k])
            for f, j in zip(g.features, cols, strict=True):
                assert f"{f}={row[j]:.4g}" in s.display_data[k]


def test_shap_plots_accept_it() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    case = random_case(1)
    explainer = GroupExplainer(case.ensemble, case.feature_names, case.groups, case.reference)
    e = explainer.explain(case.X[:1], case.present)[0]
    shap.plots.waterfall(e.to_shap({g.name: g.features for g in case.groups}), show=False)
    plt.close("all")


def test_a_stored_explanation_without_feature_values_has_no_data() -> None:
    e = Explanation(
        score=-1.5,
        base_value=-2.0,
        values={"request_match": 0.75, "price": -0.25, "sponsorship": 0.0},
        category_of={"request_match": "request", "price": "product", "sponsorship": "sponsorship"},
        players=("request_match", "price"),
    )
    s = e.to_shap()
    assert s.data is None and s.display_data is None
    assert list(s.values) == [0.75, -0.25, 0.0] and s.base_values == -2.0


def test_default_groups_are_the_rankers() -> None:
    from models.features import FEATURE_GROUPS

    values = {g.name: 0.1 * k for k, g in enumerate(FEATURE_GROUPS)}
    names = [f for g in FEATURE_GROUPS for f in g.features]
    feature_values = {f: float(i) for i, f in enumerate(names)}
    e = Explanation(
        score=-2.0 + sum(values.values()),
        base_value=-2.0,
        values=values,
        category_of={g.name: g.category for g in FEATURE_GROUPS},
        players=tuple(values),
        feature_values=feature_values,
    )
    s = e.to_shap()
    popularity = list(values).index("popularity")
    assert s.data[popularity] == feature_values["log_reviews"]
    assert "relative_price=" in s.display_data[list(values).index("price")]
