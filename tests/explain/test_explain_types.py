"""Explanation / Disclosure round-trip through their dict forms (audit log, export, UI)."""

from __future__ import annotations

import json
import math

import pytest

from explain.types import Disclosure, Explanation


def _explanation() -> Explanation:
    return Explanation(
        score=-1.25, base_value=-2.5,
        values={"request_match": 0.75, "price": 0.5, "viewed_similarity": 0.0},
        category_of={"request_match": "request", "price": "product",
                     "viewed_similarity": "browsing_history"},
        players=("request_match", "price"),
        feature_values={"match_bm25": 3.5, "price_log": 6.25},
        _value_fn=lambda s: 0.0,
    )


def _disclosure() -> Disclosure:
    return Disclosure(
        used={"request": 0.6, "sponsorship": 0.4}, not_used={"location": "not needed by the model"},
        sponsored_by="Acme Ads", sources={"request": "this chat"},
        retention={"request": "30 days"}, what_if={"browsing_history": 3},
    )


def test_explanation_round_trips_through_json() -> None:
    e = _explanation()
    back = Explanation.from_dict(json.loads(json.dumps(e.to_dict())))
    assert back == e  # the value function is not compared (it is not stored)
    assert back.players == ("request_match", "price")  # absent groups stay absent
    with pytest.raises(RuntimeError, match="needs the model"):
        back.value_of([])


def test_explanation_reads_the_audit_logs_flat_form_and_nested_records() -> None:
    e = _explanation()
    flat = {"score": e.score, "base_value": e.base_value, "shap": e.values,
            "category_of": e.category_of, "product_id": "p1"}
    back = Explanation.from_dict(flat)
    assert back.values == e.values and back.players == tuple(e.values)
    assert Explanation.from_dict({"explanation": e.to_dict(), "rank": 1}) == e


def test_explanation_keeps_a_stored_nan_feature_value() -> None:
    d = _explanation().to_dict() | {"feature_values": {"price_log": None}}
    assert math.isnan(Explanation.from_dict(d).feature_values["price_log"])


def test_disclosure_round_trips_through_json() -> None:
    d = _disclosure()
    assert Disclosure.from_dict(json.loads(json.dumps(d.to_dict()))) == d
    bare = Disclosure.from_dict({"used": {"request": 1.0}, "not_used": {}})
    assert bare == Disclosure(used={"request": 1.0}, not_used={}, sponsored_by=None)
