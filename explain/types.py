"""Typed explanation results. The UI and the audit log only render these."""

from __future__ import annotations

from collections.abc import Callable, Iterable
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
    _value_fn: Callable[[frozenset[str]], float] | None = field(default=None, repr=False, compare=False)

    def value_of(self, groups: Iterable[str]) -> float:
        if self._value_fn is None:
            raise RuntimeError("this Explanation was loaded from storage; value_of needs the model")
        return self._value_fn(frozenset(groups))

    def by_category(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for g, v in self.values.items():
            out[self.category_of[g]] = out.get(self.category_of[g], 0.0) + v
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "base_value": self.base_value,
            "values": dict(self.values),
            "category_of": dict(self.category_of),
            "players": list(self.players),
            "feature_values": dict(self.feature_values),
        }


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


__all__ = ["Disclosure", "Explanation"]
