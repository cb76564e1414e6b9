"""Exact group Shapley values: additivity, brute-force agreement, absent groups, shap."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from explain.shapley import GroupExplainer, brute_force_shapley, groups_for_categories
from explain.verify import verify_explanation
from models.errors import InputError

from explain_testkit import Group, random_case, sklearn_to_ensemble


def _explainer(case, **kw) -> GroupExplainer:
    return GroupExplainer(case.ensemble, case.feature_names, case.groups, case.reference, **kw)


@pytest.mark.parametrize("seed", range(6))
def test_values_equal_brute_force_enumeration(seed: int) -> None:
    case = random_case(seed, n_features=6 + seed % 3, n_groups=3 + seed % 3, depth=2 + seed % 3,
                       n_absent=seed % 2)
    for e in _explainer(case).explain(case.X, case.present):
        assert verify_explanation(e, tol=1e-9) == []
        assert abs(e.base_value + sum(e.values.values()) - e.score) < 1e-6


def test_score_is_the_ensemble_prediction_and_base_the_reference_mean() -> None:
    case = random_case(11)
    ex = _explainer(case)
    exps = ex.explain(case.X, case.present)
    pred = case.ensemble.predict(case.X)
    np.testing.assert_allclose([e.score for e in exps], pred, rtol=0, atol=1e-9)
    assert ex.base_value == pytest.approx(case.ensemble.predict(case.reference).mean(), abs=1e-12)
    for e, x in zip(exps, case.X, strict=True):
        assert e.feature_values == dict(zip(case.feature_names, x.tolist(), strict=True))


def test_absent_group_is_exactly_zero_and_not_a_player() -> None:
    case = random_case(3, n_groups=4, n_absent=2)
    for e in _explainer(case).explain(case.X, case.present):
        for g in case.absent:
            assert e.values[g] == 0.0
            assert g not in e.players
        # absent groups are never taken from x: v(S + absent) == v(S)
        assert e.value_of(case.absent) == pytest.approx(e.base_value, abs=1e-12)


def test_row_path_matches_table_path_on_deep_trees() -> None:
    case = random_case(5, n_features=9, n_groups=7, depth=7, n_trees=4, n_ref=8, n_absent=2)
    table = _explainer(case)
    rowwise = _explainer(case, table_max_slots=0)
    assert table._use_table and not rowwise._use_table
    a = table.shapley_values(case.X, case.present)
    b = rowwise.shapley_values(case.X, case.present)
    np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)
    e = rowwise.explain(case.X[:1], case.present)[0]
    assert verify_explanation(e, tol=1e-9) == []


def test_broken_weights_are_caught_by_brute_force_not_by_additivity() -> None:
    case = random_case(7, n_groups=5, depth=4, n_absent=0)
    broken = _explainer(case)
    n = broken._wa.shape[0]
    a = np.arange(n)[:, None] + np.zeros((1, n))
    b = np.arange(n)[None, :] + np.zeros((n, 1))
    # equal split within A and within B: still additive, but not the Shapley value
    broken._wa[...] = np.where(a >= 1, 1.0 / np.maximum(a, 1), 0.0)
    broken._wb[...] = np.where(b >= 1, -1.0 / np.maximum(b, 1), 0.0)
    problems = [p for e in broken.explain(case.X) for p in verify_explanation(e, tol=1e-9)]
    assert problems, "wrong weights must be detected"
    assert not any(p.startswith("additivity") for p in problems)
    assert any("enumerated Shapley" in p for p in problems)


def test_dropping_reference_averaging_is_caught() -> None:
    case = random_case(8, n_groups=4, n_ref=16, n_absent=0)
    good = _explainer(case).explain(case.X)
    one_row = GroupExplainer(case.ensemble, case.feature_names, case.groups, case.reference[:1])
    broken = [dataclasses.replace(b, _value_fn=g._value_fn)
              for b, g in zip(one_row.explain(case.X), good, strict=True)]
    for e in broken:
        problems = verify_explanation(e, tol=1e-9)
        assert any(p.startswith("v({})") for p in problems)
        assert any("enumerated Shapley" in p for p in problems)


def test_row_with_absent_group_off_reference_is_refused() -> None:
    case = random_case(9, n_absent=1)
    ex = _explainer(case)
    X = case.X.copy()
    absent = next(g for g in case.groups if g.name in case.absent)
    used = {int(t.feature[i]) for t in case.ensemble.trees for i in range(len(t.feature))}
    cols = [case.feature_names.index(f) for f in absent.features]
    if not used & set(cols):
        pytest.skip("random model does not use the absent group")
    X[:, cols] += 5.0
    with pytest.raises(InputError, match="not-shared"):
        ex.explain(X, case.present)


def test_bad_inputs_raise_with_fix() -> None:
    case = random_case(10)
    ex = _explainer(case)
    with pytest.raises(InputError) as err:
        ex.explain(case.X, {"nope"})
    assert err.value.fix
    with pytest.raises(InputError):
        ex.explain(case.X[:, :-1])
    X = case.X.copy()
    X[0, 0] = np.nan
    with pytest.raises(InputError):
        ex.explain(X)
    two = [*case.groups, Group("dup", "product", case.groups[0].features[:1])]
    with pytest.raises(InputError, match="two groups"):
        GroupExplainer(case.ensemble, case.feature_names, two, case.reference)


def test_brute_force_shapley_on_a_known_game() -> None:
    # glove game: L owns a left glove, R1 and R2 right gloves; a pair is worth 1
    def v(s: frozenset[str]) -> float:
        return float("L" in s and bool({"R1", "R2"} & s))

    phi = brute_force_shapley(v, ["L", "R1", "R2"])
    assert phi["L"] == pytest.approx(2 / 3, abs=1e-12)
    assert phi["R1"] == pytest.approx(1 / 6, abs=1e-12)


def test_groups_for_categories() -> None:
    case = random_case(0, n_groups=4)
    assert groups_for_categories(case.groups, {"request"}) == {"g0"}


def test_agrees_with_shap_tree_explainer_on_single_feature_groups() -> None:
    shap = pytest.importorskip("shap")
    from sklearn.ensemble import GradientBoostingRegressor

    rng = np.random.default_rng(4)
    X = rng.normal(size=(200, 5)).astype(np.float32).astype(np.float64)
    y = X[:, 0] * X[:, 1] + np.sin(X[:, 2]) + (X[:, 3] > 0)
    model = GradientBoostingRegressor(n_estimators=30, max_depth=3, random_state=0).fit(X, y)
    names = [f"f{j}" for j in range(5)]
    groups = [Group(n, "product", (n,)) for n in names]
    ref = X[:20]
    ours = GroupExplainer(sklearn_to_ensemble(model, 5), names, groups, ref)
    theirs = shap.TreeExplainer(model, data=ref, feature_perturbation="interventional")
    rows = X[100:105]
    np.testing.assert_allclose(ours.shapley_values(rows), theirs.shap_values(rows),
                               rtol=0, atol=1e-6)
