"""Global view over logged suggestions, and the ranker's main parameters in plain words.

`global_importance` averages |SHAP| per group and per data category over many
explanations (live `Explanation`s or the dicts the audit log stores).
`main_parameters` is the DSA Art. 27 statement: what the ranker uses, each
group's description and its relative weight ("Match to your request: 41%").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from explain.names import category_title, group_title
from explain.shapley import GroupLike
from explain.types import Explanation
from models.errors import InputError


@dataclass(frozen=True)
class GlobalImportance:
    """Mean |SHAP| per group and per category over `n` suggestions."""

    n: int
    by_group: dict[str, float]  # group -> mean |SHAP| (absent groups count as 0)
    by_category: dict[str, float]  # category -> mean of the sum of its groups' |SHAP|
    category_of: dict[str, str]  # group -> category

    def shares(self) -> dict[str, float]:
        """group -> share of the total mean |SHAP| (sums to 1)."""
        total = sum(self.by_group.values())
        return {g: v / total for g, v in self.by_group.items()} if total else {}

    def category_shares(self) -> dict[str, float]:
        total = sum(self.by_category.values())
        return {c: v / total for c, v in self.by_category.items()} if total else {}

    def to_dict(self) -> dict[str, Any]:
        return {"n": self.n, "by_group": dict(self.by_group),
                "by_category": dict(self.by_category), "category_of": dict(self.category_of),
                "shares": self.shares(), "category_shares": self.category_shares()}


def _as_parts(
    item: Explanation | Mapping[str, Any]
) -> tuple[Mapping[str, float], Mapping[str, str]]:
    if isinstance(item, Explanation):
        return item.values, item.category_of
    try:
        return item["values"], item["category_of"]
    except (KeyError, TypeError) as exc:
        raise InputError("a logged explanation lacks 'values' or 'category_of'",
                         fix="pass Explanation objects or their to_dict() output") from exc


def global_importance(explanations: Iterable[Explanation | Mapping[str, Any]]) -> GlobalImportance:
    """Mean |SHAP| per group and per category, sorted largest first."""
    sums: dict[str, float] = {}
    cat_sums: dict[str, float] = {}
    category_of: dict[str, str] = {}
    n = 0
    for item in explanations:
        values, cats = _as_parts(item)
        n += 1
        for g, v in values.items():
            category_of[g] = cats[g]
            sums[g] = sums.get(g, 0.0) + abs(float(v))
            cat_sums[cats[g]] = cat_sums.get(cats[g], 0.0) + abs(float(v))
    if n == 0:
        raise InputError("no explanations to summarise",
                         fix="show some suggestions first (the audit log stores their SHAP values)")
    by_group = {g: s / n for g, s in sorted(sums.items(), key=lambda kv: -kv[1])}
    by_cat = {c: s / n for c, s in sorted(cat_sums.items(), key=lambda kv: -kv[1])}
    return GlobalImportance(n, by_group, by_cat, category_of)


@dataclass(frozen=True)
class Parameter:
    """One main parameter of the ranking, for shoppers and regulators."""

    group: str
    title: str  # plain name, e.g. "Match to your request"
    category: str
    description: str
    weight: float  # share of the mean |SHAP| mass (0..1)

    def line(self) -> str:
        data = category_title(self.category)
        return f"{self.title}: {self.weight:.0%} — {self.description} (data: {data})"


def main_parameters(groups: Sequence[GroupLike], importance: GlobalImportance) -> list[Parameter]:
    """Every group the ranker uses, with its relative weight, largest first."""
    shares = importance.shares()
    descriptions = {g.name: g.description for g in groups}
    params = [Parameter(g.name, group_title(g.name, g.category, descriptions), g.category,
                        g.description, shares.get(g.name, 0.0)) for g in groups]
    return sorted(params, key=lambda p: -p.weight)


def describe_parameters(groups: Sequence[GroupLike], importance: GlobalImportance) -> str:
    """The main parameters as plain text (DSA Art. 27 statement)."""
    head = ("Suggestions are ranked by a learned model. It weighs these parameters "
            f"(relative weight over {importance.n} suggestions shown):")
    return "\n".join([head] + [f"- {p.line()}" for p in main_parameters(groups, importance)])


__all__ = ["GlobalImportance", "Parameter", "describe_parameters", "global_importance",
           "main_parameters"]
