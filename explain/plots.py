"""Matplotlib figures (object API, no pyplot; imported lazily): waterfall per suggestion,
global importance bars, audit exposure chart. Each returns a Figure."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from explain.names import category_title, group_title

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from explain.audit import AuditReport
    from explain.global_view import GlobalImportance
    from explain.types import Explanation

_POS, _NEG, _NEUTRAL = "#2e7d32", "#c62828", "#607d8b"


def _new_figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure  # no pyplot: no GUI backend, no global state

    return Figure(figsize=(width, height), layout="constrained")


def waterfall(explanation: Explanation, descriptions: Mapping[str, str] | None = None,
              max_groups: int = 10) -> Figure:
    """Base value -> score, one horizontal bar per player group (plain names), largest first.

    Groups beyond `max_groups` are merged into one "Everything else" bar, so the
    bars always add up from the base value to the score.
    """
    items = sorted(((g, explanation.values[g]) for g in explanation.players),
                   key=lambda gv: -abs(gv[1]))
    shown = items[:max_groups]
    rest = items[max_groups:]
    labels = [group_title(g, explanation.category_of[g], descriptions) for g, _ in shown]
    vals = [v for _, v in shown]
    if rest:
        labels.append("Everything else")
        vals.append(sum(v for _, v in rest))
    fig = _new_figure(7.0, 1.2 + 0.45 * max(len(vals), 1))
    ax = fig.add_subplot()
    start = explanation.base_value
    lefts = []
    for v in vals:
        lefts.append(start)
        start += v
    ypos = list(range(len(vals)))[::-1]
    ax.barh(ypos, vals, left=lefts, color=[_POS if v >= 0 else _NEG for v in vals])
    ax.set_yticks(ypos, labels)
    ax.axvline(explanation.base_value, color=_NEUTRAL, linestyle=":", linewidth=1)
    ax.axvline(explanation.score, color="black", linewidth=1)
    ax.set_xlabel(f"score (base {explanation.base_value:.3f} -> {explanation.score:.3f})")
    ax.set_title("Why this suggestion: contribution of each kind of data")
    return fig


def importance_bar(importance: GlobalImportance, descriptions: Mapping[str, str] | None = None,
                   by: str = "group") -> Figure:
    """Mean |SHAP| per group (or per data category with by="category"), largest on top."""
    if by == "category":
        data = {category_title(c): v for c, v in importance.by_category.items()}
    else:
        data = {group_title(g, importance.category_of[g], descriptions): v
                for g, v in importance.by_group.items()}
    fig = _new_figure(7.0, 1.2 + 0.4 * max(len(data), 1))
    ax = fig.add_subplot()
    labels = list(data)[::-1]
    ax.barh(range(len(labels)), [data[k] for k in labels], color=_NEUTRAL)
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel(f"mean |SHAP| over {importance.n} suggestions")
    ax.set_title("What drives the ranking overall")
    return fig


def audit_chart(report: AuditReport, kind: str = "category") -> Figure:
    """Grouped bars: exposure share of each category (or price band) per shopper group."""
    table = report.exposure if kind == "category" else report.price_exposure
    groups = sorted(table)
    keys = sorted({k for g in groups for k in table[g]})
    fig = _new_figure(max(6.0, 0.8 * len(keys) * max(len(groups), 1) / 2 + 2), 4.0)
    ax = fig.add_subplot()
    width = 0.8 / max(len(groups), 1)
    for i, g in enumerate(groups):
        xs = [k + i * width for k in range(len(keys))]
        heights = [table[g].get(k, 0.0) for k in keys]
        ax.bar(xs, heights, width=width, label=f"{report.shopper_col}={g}")
    ax.set_xticks([k + 0.4 - width / 2 for k in range(len(keys))], keys, rotation=30, ha="right")
    ax.set_ylabel("share of suggestions shown")
    ax.set_title(f"Exposure by {kind} across {report.shopper_col}")
    ax.legend(fontsize="small")
    return fig


__all__ = ["audit_chart", "importance_bar", "waterfall"]
