"""Bias audit: exposure of product categories and price bands across shopper groups,
demographic-parity gaps (Fairlearn), and a proxy check (no feature predicts a
protected attribute).

Input for exposure is one row per suggestion shown, with the shopper group the
shop defines (region, any column), the product category and price. The proxy
check takes the ranker's feature rows and a protected attribute per row (the
simulator's, or `synthetic_protected` when none is recorded).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from models.errors import InputError


@dataclass(frozen=True)
class AuditConfig:
    # Price band edges in dollars:
    # (100, 300, 1000) -> "<$100", "$100-$300", "$300-$1,000", ">=$1,000".
    price_edges: tuple[float, ...] = (100.0, 300.0, 1000.0)
    # Flag a category/price band whose exposure rate differs by more than this across groups.
    gap_threshold: float = 0.10
    # Flag a feature whose single-feature AUC for the protected attribute exceeds this.
    proxy_auc_threshold: float = 0.70
    # ... or whose mutual information with it exceeds this (nats).
    proxy_mi_threshold: float = 0.05
    # Seed for the mutual-information estimate and the cross-validated joint model.
    seed: int = 0


@dataclass(frozen=True)
class ProxyResult:
    feature: str
    auc: float  # max(AUC, 1 - AUC) of the feature alone as a score for the protected attribute
    mutual_info: float  # nats
    flagged: bool


@dataclass(frozen=True)
class AuditReport:
    shopper_col: str
    exposure: dict[str, dict[str, float]]  # shopper group -> category -> share of its suggestions
    price_exposure: dict[str, dict[str, float]]  # shopper group -> price band -> share
    category_gaps: dict[str, float]  # category -> demographic-parity difference across groups
    price_gaps: dict[str, float]  # price band -> demographic-parity difference
    n_shown: int
    proxies: list[ProxyResult] = field(default_factory=list)
    joint_auc: float | None = None  # all features together (cross-validated logistic model)
    config: AuditConfig = field(default_factory=AuditConfig)

    @property
    def flagged_gaps(self) -> list[str]:
        t = self.config.gap_threshold
        return ([f"category {c}: gap {g:.2f}" for c, g in self.category_gaps.items() if g > t]
                + [f"price {b}: gap {g:.2f}" for b, g in self.price_gaps.items() if g > t])

    @property
    def flagged_proxies(self) -> list[str]:
        return [p.feature for p in self.proxies if p.flagged]

    @property
    def passed(self) -> bool:
        return not self.flagged_gaps and not self.flagged_proxies

    def to_dict(self) -> dict[str, Any]:
        return {
            "shopper_col": self.shopper_col, "n_shown": self.n_shown,
            "exposure": self.exposure, "price_exposure": self.price_exposure,
            "category_gaps": self.category_gaps, "price_gaps": self.price_gaps,
            "flagged_gaps": self.flagged_gaps, "proxies": [asdict(p) for p in self.proxies],
            "joint_auc": self.joint_auc, "flagged_proxies": self.flagged_proxies,
            "passed": self.passed, "config": asdict(self.config),
        }


def price_band_labels(edges: Sequence[float]) -> list[str]:
    e = [f"${x:,.0f}" for x in edges]
    return [f"<{e[0]}"] + [f"{a}-{b}" for a, b in zip(e, e[1:], strict=False)] + [f">={e[-1]}"]


def price_bands(prices: np.ndarray, edges: Sequence[float]) -> np.ndarray:
    labels = np.array(price_band_labels(edges), dtype=object)
    return labels[np.searchsorted(np.asarray(edges), np.asarray(prices, dtype=float), side="right")]


def _gaps(values: pd.Series, groups: pd.Series) -> dict[str, float]:
    """value -> max minus min (over shopper groups) of the share of suggestions with that value."""
    from fairlearn.metrics import demographic_parity_difference

    out: dict[str, float] = {}
    dummy = np.zeros(len(values), dtype=int)
    for v in sorted(values.unique(), key=str):
        out[str(v)] = float(demographic_parity_difference(
            dummy, (values == v).astype(int).to_numpy(), sensitive_features=groups.to_numpy()))
    return dict(sorted(out.items(), key=lambda kv: -kv[1]))


def _shares(values: pd.Series, groups: pd.Series) -> dict[str, dict[str, float]]:
    tab = pd.crosstab(groups, values, normalize="index")
    return {str(g): {str(c): float(tab.loc[g, c]) for c in tab.columns} for g in tab.index}


def proxy_check(features: np.ndarray, feature_names: Sequence[str], protected: np.ndarray,
                config: AuditConfig | None = None) -> tuple[list[ProxyResult], float]:
    """Per-feature AUC and mutual information against a binary protected attribute,
    and the cross-validated AUC of a logistic model on all features together."""
    from sklearn.feature_selection import mutual_info_classif
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import cross_val_predict
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    cfg = config or AuditConfig()
    X = np.asarray(features, dtype=np.float64)
    labels, y = np.unique(np.asarray(protected), return_inverse=True)
    if len(labels) != 2 or X.shape != (len(y), len(feature_names)):
        raise InputError(
            "proxy check needs a binary protected attribute and "
            f"(n, {len(feature_names)}) features; "
            f"got {len(labels)} classes and shape {X.shape}",
            fix="pass one protected value per feature row, with exactly two groups",
        )
    mi = mutual_info_classif(X, y, random_state=cfg.seed)
    results = []
    for j, name in enumerate(feature_names):
        col = X[:, j]
        auc = 0.5 if np.all(col == col[0]) else float(roc_auc_score(y, col))
        auc = max(auc, 1.0 - auc)
        flagged = auc > cfg.proxy_auc_threshold or mi[j] > cfg.proxy_mi_threshold
        results.append(ProxyResult(name, auc, float(mi[j]), bool(flagged)))
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=500))
    proba = cross_val_predict(model, X, y, cv=3, method="predict_proba")[:, 1]
    joint = float(roc_auc_score(y, proba))
    return sorted(results, key=lambda r: -r.auc), max(joint, 1.0 - joint)


def synthetic_protected(n: int, seed: int = 0) -> np.ndarray:
    """A binary protected attribute drawn independently of everything (when none is logged)."""
    return np.random.default_rng(seed).integers(0, 2, size=n)


def bias_audit(
    shown: pd.DataFrame,
    shopper_col: str,
    category_col: str = "category",
    price_col: str = "price",
    features: np.ndarray | None = None,
    feature_names: Sequence[str] | None = None,
    protected: np.ndarray | None = None,
    config: AuditConfig | None = None,
) -> AuditReport:
    """Exposure and parity gaps across `shopper_col`; proxy check if features are given."""
    cfg = config or AuditConfig()
    missing = [c for c in (shopper_col, category_col, price_col) if c not in shown.columns]
    if missing:
        raise InputError(f"the shown-suggestions table lacks columns {missing}",
                         fix="pass one row per suggestion shown with the shopper group, "
                             "product category and price")
    if shown[shopper_col].nunique() < 2:
        raise InputError(f"only one shopper group in {shopper_col!r}; nothing to compare",
                         fix="audit over a column with at least two groups")
    groups = shown[shopper_col].astype(str)
    cats = shown[category_col].astype(str)
    bands = pd.Series(price_bands(shown[price_col].to_numpy(), cfg.price_edges), index=shown.index)
    proxies: list[ProxyResult] = []
    joint: float | None = None
    if features is not None and protected is not None:
        proxies, joint = proxy_check(features, list(feature_names or []), protected, cfg)
    return AuditReport(
        shopper_col=shopper_col,
        exposure=_shares(cats, groups),
        price_exposure=_shares(bands, groups),
        category_gaps=_gaps(cats, groups),
        price_gaps=_gaps(bands, groups),
        n_shown=len(shown),
        proxies=proxies,
        joint_auc=joint,
        config=cfg,
    )


__all__ = [
    "AuditConfig",
    "AuditReport",
    "ProxyResult",
    "bias_audit",
    "price_band_labels",
    "price_bands",
    "proxy_check",
    "synthetic_protected",
]
