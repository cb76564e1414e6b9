"""replay_scored: a stored score and its Shapley values re-run from the stored row, exactly."""

from __future__ import annotations

from dataclasses import replace

from explain.decision import Scored
from explain.replay import replay_scored
from explain.shapley import GroupExplainer

from explain_testkit import X4, LinearRanker


def _stored(row: int = 2) -> tuple[LinearRanker, GroupExplainer, Scored, dict[str, float]]:
    r = LinearRanker()
    ex = GroupExplainer(r.ensemble(), r.feature_names, r.groups, r.reference)
    e = ex.explain(X4[row][None])[0]
    scored = Scored(e.score, e.players, dict(e.feature_values))
    return r, ex, scored, dict(e.values)


def test_a_stored_row_reproduces_its_score_and_shapley_values() -> None:
    r, ex, scored, shap = _stored()
    assert replay_scored(r, ex, scored, shap, 0.0, scored.score) == []


def test_an_edited_value_score_or_row_is_named() -> None:
    r, ex, scored, shap = _stored()
    edited = replay_scored(r, ex, scored, {**shap, "viewed": shap["viewed"] + 1e-7}, 0.0,
                           scored.score)
    assert edited == [f"Shapley value of viewed: stored {shap['viewed'] + 1e-7!r}, "
                      f"recomputed {shap['viewed']!r}"]
    assert any("score" in p for p in replay_scored(r, ex, scored, shap, 0.0, scored.score + 1))
    moved = replace(scored, features={**scored.features, "f0": 9.0})
    assert any("Shapley value of req" in p for p in replay_scored(r, ex, moved, shap, 0.0,
                                                                   scored.score))
    short = replace(scored, features={"f0": 1.0})
    assert "lacks" in replay_scored(r, ex, short, shap, 0.0, scored.score)[0]


def test_a_group_without_consent_must_sit_at_its_not_shared_value() -> None:
    r, ex, scored, shap = _stored()
    # the row carries browsing data (f1 = 5) but the stored players leave browsing out
    hidden = replace(scored, players=("req", "sponsorship"))
    problems = replay_scored(r, ex, hidden, shap, 0.0, scored.score)
    assert any("viewed is not a player" in p for p in problems)
