"""Typed explanation results. The UI and the audit log only render these."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Explanation:
    """Exact Shapley values of one suggestion's score over feature groups.

    `value_of(S)` is the value function: the model's expected score when only
    the groups in S take this shopper's values and the rest are drawn from the
    reference sample. v(all groups) == score, v({}) == base_value, and
    `values` are the exact Shapley values of v.
    """

    score: float
    base_value: float
    values: dict[str, float]  # feature group -> SHAP value (absent groups: exactly 0.0)
    category_of: dict[str, str]  # feature group -> data category
    players: tuple[str, ...]  # groups that took part (the rest were held at the reference)
    feature_values: dict[str, float] = field(default_factory=dict)  # this row, by feature name
    _value_fn: Callable[[frozenset[str]], float] | None = field(
        default=None, repr=False, compare=False
    )

    def value_of(self, groups: Iterable[str]) -> float:
        if self._value_fn is None:
            raise RuntimeError("this Explanation was loaded from storage; value_of needs the model")
        return self._value_fn(frozenset(groups))

    def by_category(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for g, v in self.values.items():
            out[self.category_of[g]] = out.get(self.category_of[g], 0.0) + v
        return out

    def to_shap(self, features_of: Mapping[str, Sequence[str]] | None = None) -> Any:
        """This explanation as a `shap.Explanation`, for shap's own plots and tools.

        One column per feature group, in the order of `values`: `values` and
        `base_values` are this explanation's, so base_values + sum(values) == score.
        `data` is a group's value where the group is a single feature (NaN where it
        has several) and `display_data` spells out all of a group's feature values;
        both are None when no feature values were kept. `features_of` maps each
        group to its feature names (default: the ranker's groups, models.features).
        """
        import numpy as np
        import shap

        names = list(self.values)
        data = display = None
        if self.feature_values:
            if features_of is None:
                from models.features import FEATURE_GROUPS

                features_of = {g.name: g.features for g in FEATURE_GROUPS}
            kept = self.feature_values
            parts = [[(f, kept[f]) for f in features_of.get(g, ()) if f in kept] for g in names]
            data = np.array([p[0][1] if len(p) == 1 else np.nan for p in parts])
            shown = [", ".join(f"{f}={v:.4g}" for f, v in p) for p in parts]
            display = np.array(shown, dtype=object)
        return shap.Explanation(
            values=np.array([self.values[g] for g in names], dtype=np.float64),
            base_values=self.base_value,
            data=data,
            display_data=display,
            feature_names=names,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "base_value": self.base_value,
            "values": dict(self.values),
            "category_of": dict(self.category_of),
            "players": list(self.players),
            "feature_values": dict(self.feature_values),
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Explanation:
        """Rebuild a stored explanation (without a value function) so it can be shown and plotted.

        Accepts `to_dict()`'s form, a record holding one under "explanation", or the
        audit log's flat form (score, base_value, shap, category_of).
        `value_of` raises on the result: it needs the model.
        """
        inner = d.get("explanation")
        if isinstance(inner, Mapping):
            d = inner
        values = d["values"] if "values" in d else d["shap"]
        return cls(
            score=float(d["score"]),
            base_value=float(d["base_value"]),
            values={str(k): float(v) for k, v in values.items()},
            category_of={str(k): str(v) for k, v in d["category_of"].items()},
            players=tuple(d["players"]) if "players" in d else tuple(values),
            # stored JSON holds NaN as null
            feature_values={str(k): math.nan if v is None else float(v)
                            for k, v in (d.get("feature_values") or {}).items()},
        )


@dataclass(frozen=True)
class Disclosure:
    """Which data was used for one suggestion, and which was not and why."""

    used: dict[str, float]  # data category -> share of the |SHAP| mass (sums to 1)
    not_used: dict[str, str]  # personal category -> reason ("no consent", ...)
    sponsored_by: str | None  # payer of a promotion, if any
    sources: dict[str, str] = field(default_factory=dict)  # category -> where the data came from
    retention: dict[str, str] = field(default_factory=dict)  # category -> how long it is kept
    what_if: dict[str, int] = field(default_factory=dict)  # personal category -> rank without it

    def to_dict(self) -> dict[str, Any]:
        return {
            "used": dict(self.used),
            "not_used": dict(self.not_used),
            "sponsored_by": self.sponsored_by,
            "sources": dict(self.sources),
            "retention": dict(self.retention),
            "what_if": dict(self.what_if),
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Disclosure:
        """Rebuild a stored disclosure (`to_dict()`'s form; missing optional parts are empty)."""
        payer = d.get("sponsored_by")
        return cls(
            used={str(k): float(v) for k, v in (d.get("used") or {}).items()},
            not_used={str(k): str(v) for k, v in (d.get("not_used") or {}).items()},
            sponsored_by=None if payer is None else str(payer),
            sources={str(k): str(v) for k, v in (d.get("sources") or {}).items()},
            retention={str(k): str(v) for k, v in (d.get("retention") or {}).items()},
            what_if={str(k): int(v) for k, v in (d.get("what_if") or {}).items()},
        )


__all__ = ["Disclosure", "Explanation"]
