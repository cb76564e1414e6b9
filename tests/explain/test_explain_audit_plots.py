"""Bias audit (exposure gaps, proxy check) and figures."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from explain.audit import (
    AuditConfig,
    bias_audit,
    price_band_labels,
    proxy_check,
    synthetic_protected,
)
from explain.global_view import global_importance
from explain.plots import audit_chart, importance_bar, waterfall
from explain.types import Explanation
from models.errors import InputError


def _shown(skewed: bool, n: int = 400, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    region = rng.choice(["north", "south"], size=n)
    cats = rng.choice(["TVs", "Laptops"], size=n)
    if skewed:  # the south is shown TVs far more often
        cats = np.where((region == "south") & (rng.random(n) < 0.6), "TVs", cats)
    price = rng.choice([50.0, 250.0, 2000.0], size=n)
    return pd.DataFrame({"region": region, "category": cats, "price": price})


def test_exposure_gap_flags_a_skewed_log_only() -> None:
    fair = bias_audit(_shown(False), "region")
    skew = bias_audit(_shown(True), "region")
    assert fair.flagged_gaps == [] and fair.passed
    assert any(f.startswith("category TVs") for f in skew.flagged_gaps)
    assert skew.category_gaps["TVs"] > 0.2
    south_tv = skew.exposure["south"]["TVs"]
    north_tv = skew.exposure["north"]["TVs"]
    assert skew.category_gaps["TVs"] == pytest.approx(south_tv - north_tv, abs=1e-12)
    assert sum(skew.price_exposure["north"].values()) == pytest.approx(1.0, abs=1e-12)
    d = skew.to_dict()
    assert d["passed"] is False and d["n_shown"] == 400


def test_price_bands() -> None:
    assert price_band_labels((100.0, 300.0)) == ["<$100", "$100-$300", ">=$300"]
    rep = bias_audit(_shown(False), "region", config=AuditConfig(price_edges=(100.0, 300.0)))
    assert set(rep.price_gaps) == {"<$100", "$100-$300", ">=$300"}


def test_proxy_check_flags_a_planted_proxy_not_noise() -> None:
    rng = np.random.default_rng(1)
    n = 600
    protected = synthetic_protected(n, seed=2)
    X = rng.normal(size=(n, 3))
    X[:, 2] = protected + rng.normal(scale=0.5, size=n)  # a strong proxy
    results, joint = proxy_check(X, ["a", "b", "proxy"], protected)
    by = {r.feature: r for r in results}
    assert by["proxy"].flagged and by["proxy"].auc > 0.8
    assert not by["a"].flagged and not by["b"].flagged
    assert joint > 0.8
    clean, joint_clean = proxy_check(X[:, :2], ["a", "b"], protected)
    assert not any(r.flagged for r in clean) and joint_clean < 0.65


def test_audit_input_errors() -> None:
    with pytest.raises(InputError):
        bias_audit(_shown(False).drop(columns="price"), "region")
    one = _shown(False).assign(region="north")
    with pytest.raises(InputError):
        bias_audit(one, "region")


def _expl() -> Explanation:
    values = {"request_match": 0.8, "rating": -0.2, "viewed_similarity": 0.3, "popularity": 0.0}
    cats = {"request_match": "request", "rating": "product",
            "viewed_similarity": "browsing_history", "popularity": "product"}
    return Explanation(1.0 + sum(values.values()), 1.0, values, cats, tuple(values))


def _png(fig) -> bytes:  # type: ignore[no-untyped-def]
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    data = buf.getvalue()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return data


def test_waterfall_renders_one_bar_per_player_and_ends_at_score() -> None:
    e = _expl()
    fig = waterfall(e)
    _png(fig)
    bars = fig.axes[0].patches
    assert len(bars) == 4
    ends = [b.get_x() + b.get_width() for b in bars]
    assert bars[0].get_x() == pytest.approx(e.base_value, abs=1e-12)
    assert ends[-1] == pytest.approx(e.score, abs=1e-9)  # base -> score
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "Match to your request" in labels and "request_match" not in labels
    merged = waterfall(e, max_groups=2)
    assert len(merged.axes[0].patches) == 3


def test_importance_and_audit_charts_render() -> None:
    gi = global_importance([_expl(), _expl()])
    fig = importance_bar(gi)
    _png(fig)
    assert len(fig.axes[0].patches) == 4
    assert len(importance_bar(gi, by="category").axes[0].patches) == 3
    rep = bias_audit(_shown(True), "region")
    chart = audit_chart(rep)
    _png(chart)
    assert len(chart.axes[0].patches) == 2 * 2  # 2 regions x 2 categories
    assert len(audit_chart(rep, kind="price").axes[0].patches) == 2 * 3
