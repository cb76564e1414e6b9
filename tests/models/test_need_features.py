"""Needs said in words as ranker features (issue 23): the band position and what the
product is for, in the request category; the simulator's personas react to both."""

from __future__ import annotations

import numpy as np
import pytest

from models.categories import REQUEST
from models.evidence import evidence
from models.features import (
    FEATURE_GROUPS,
    FEATURE_INDEX,
    NO_BAND_POSITION,
    ShopperContext,
    band_position,
    build_features,
)
from models.personas import REQUEST_WEIGHTS, personas
from models.simulator import REQUEST_COLUMNS, SimConfig, price_band, simulate

from ranker_testkit import demo_table


def test_the_need_groups_are_request_data() -> None:
    groups = {g.name: g for g in FEATURE_GROUPS}
    assert groups["request_price"].category == REQUEST
    assert {"band_asked", "band_position"} <= set(groups["request_price"].features)
    assert groups["request_use"].category == REQUEST
    assert groups["request_use"].features == ("use_asked", "use_similarity")


def test_band_position_says_where_a_price_sits() -> None:
    p = np.array([100.0, 200.0, 300.0])
    assert band_position(p, 100.0, 300.0).tolist() == [0.0, 0.5, 1.0]
    assert band_position(p, None, 200.0).tolist() == pytest.approx([0.5, 1.0, 1.5])
    below = band_position(np.array([50.0, 200.0]), 100.0, None)
    assert below[0] < 0 <= below[1] <= 1


def test_band_and_use_features_on_known_rows() -> None:
    table = demo_table()
    cheap, dear = int(np.argmin(table.price)), int(np.argmax(table.price))
    idx = np.array([cheap, dear])
    none = build_features(ShopperContext(), table, idx)
    assert none[:, FEATURE_INDEX["band_asked"]].tolist() == [0.0, 0.0]
    assert none[:, FEATURE_INDEX["band_position"]].tolist() == [NO_BAND_POSITION] * 2
    assert none[:, FEATURE_INDEX["use_asked"]].tolist() == [0.0, 0.0]
    high = float(table.price[cheap]) + 1.0
    use = table.embeddings[dear]
    ctx = ShopperContext(request_band=(None, high), use_text="for work", use_embedding=use)
    X = build_features(ctx, table, idx)
    assert X[:, FEATURE_INDEX["band_asked"]].tolist() == [1.0, 1.0]
    assert X[0, FEATURE_INDEX["band_position"]] <= 1.0 < X[1, FEATURE_INDEX["band_position"]]
    assert X[1, FEATURE_INDEX["use_similarity"]] == pytest.approx(1.0, abs=1e-5)
    ev = evidence(ctx, table, cheap)
    assert "within the budget read from your words" in ev["request_price"]
    assert f"(${high:,.2f} or less)" in ev["request_price"]  # the edge is in the band
    assert "request_use" in ev and "for work" not in ev["request_use"]  # never their words


def test_simulated_requests_say_budgets_and_uses_in_words() -> None:
    table = demo_table()
    log = simulate(table, SimConfig(n_users=16, sessions_per_user=4, seed=5))
    rq = log.requests
    assert tuple(rq.columns) == REQUEST_COLUMNS
    banded = rq[rq.band_max.notna() | rq.band_min.notna()]
    assert len(banded) and rq.max_price[banded.index].isna().all()  # words or numbers
    assert (rq.use_text.fillna("") != "").any()
    for _, r in banded.iterrows():
        prices = table.price[table.cat_codes == table.category_names.index(r.category)]
        lo, hi = (None if np.isnan(r.band_min) else r.band_min,
                  None if np.isnan(r.band_max) else r.band_max)
        assert any(price_band(prices, share) == (lo, hi) for share in
                   ((0.0, 1 / 3), (0.0, 0.4), (0.3, 0.7), (0.6, 1.0)))


def test_personas_react_to_the_band_and_the_use() -> None:
    """Clicks after a budget in words fall inside the band far more often than chance."""
    assert all(p.weights["band"] > 0 and p.weights["use"] > 0 for p in personas())
    assert REQUEST_WEIGHTS["band"] > 0
    table = demo_table()
    log = simulate(table, SimConfig(n_users=60, sessions_per_user=4, seed=7, budget_prob=0.0,
                                    band_prob=1.0))
    rq, ev = log.requests, log.events
    inside = total = share = 0
    for _, r in rq.iterrows():
        later = ev[(ev.user_id == r.user_id) & (ev.event == "click") & (ev.timestamp > r.timestamp)]
        if later.empty:
            continue
        row = table.index[later.iloc[0].product_id]
        lo = -np.inf if np.isnan(r.band_min) else r.band_min
        hi = np.inf if np.isnan(r.band_max) else r.band_max
        inside += lo <= table.price[row] <= hi
        prices = table.price[table.cat_codes == table.cat_codes[row]]
        share += np.mean((prices >= lo) & (prices <= hi))
        total += 1
    assert total > 100 and inside / total > share / total + 0.25
