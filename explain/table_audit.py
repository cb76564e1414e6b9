"""Bias audit of a shop's own table: its own attribute columns, its own outcomes.

The console's audit runs on demo traffic (simulated shoppers, random regions, a
synthetic protected attribute). A shop audits its real traffic here: one row per
suggestion shown, exported from its own logs, with its own shopper attribute
columns (age band, region, loyalty tier, ...), and any of: the product category
and price, an outcome (clicked or bought: 0/1). For each group column:

* exposure: the categories and price bands each group was shown and their
  demographic-parity gaps (`explain.audit.bias_audit`), when the table has
  category and price columns;
* outcome: the outcome rate of each group and the gap between the highest and
  the lowest rate, when an outcome column is named.

A gap above `AuditConfig.gap_threshold` is flagged. Groups with fewer rows than
`min_group_rows` are listed with their size but left out of the gaps: a handful
of rows gives a gap by chance. Blank group values form their own "(blank)" group.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd

from explain.audit import AuditConfig, AuditReport, bias_audit
from models.errors import InputError

BLANK = "(blank)"  # the group of rows whose group value is empty
_TRUE = {"1", "1.0", "true", "yes", "y", "t"}
_FALSE = {"0", "0.0", "false", "no", "n", "f"}


@dataclass(frozen=True)
class TableAuditConfig:
    # Gap threshold and price bands (see explain.audit.AuditConfig).
    audit: AuditConfig = field(default_factory=AuditConfig)
    # Groups with fewer rows are listed but left out of the gaps (too few to compare).
    min_group_rows: int = 20


@dataclass(frozen=True)
class GroupAudit:
    """The audit over one group column."""

    column: str
    sizes: dict[str, int]  # group -> rows, largest first
    small_groups: list[str]  # groups under min_group_rows, left out of the gaps
    exposure: AuditReport | None  # None without category and price columns
    outcome_col: str | None
    outcome_rates: dict[str, float]  # group -> share of its rows with outcome 1
    outcome_gap: float | None  # highest minus lowest outcome rate; None without outcome
    gap_threshold: float

    @property
    def flagged(self) -> list[str]:
        out = list(self.exposure.flagged_gaps) if self.exposure is not None else []
        if self.outcome_gap is not None and self.outcome_gap > self.gap_threshold:
            rates = self.outcome_rates
            high, low = max(rates, key=rates.__getitem__), min(rates, key=rates.__getitem__)
            out.append(
                f"outcome {self.outcome_col}: gap {self.outcome_gap:.2f} "
                f"({high} {rates[high]:.0%} vs {low} {rates[low]:.0%})"
            )
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "column": self.column,
            "sizes": self.sizes,
            "small_groups": self.small_groups,
            "exposure": self.exposure.to_dict() if self.exposure is not None else None,
            "outcome_col": self.outcome_col,
            "outcome_rates": self.outcome_rates,
            "outcome_gap": self.outcome_gap,
            "flagged": self.flagged,
        }


@dataclass(frozen=True)
class TableAudit:
    """The audit of one table over each of the shop's group columns."""

    n_rows: int
    groups: list[GroupAudit]
    config: TableAuditConfig

    @property
    def flagged(self) -> list[str]:
        return [f"{g.column}: {f}" for g in self.groups for f in g.flagged]

    @property
    def passed(self) -> bool:
        return not self.flagged

    def to_dict(self) -> dict[str, Any]:
        return {
            "n_rows": self.n_rows,
            "passed": self.passed,
            "flagged": self.flagged,
            "groups": [g.to_dict() for g in self.groups],
            "config": asdict(self.config),
        }

    def summary(self) -> str:
        """Plain text: per group column, the group sizes, rates, gaps and what is flagged."""
        threshold = self.config.audit.gap_threshold
        lines = [f"{self.n_rows} rows audited; a gap above {threshold:.2f} is flagged."]
        for g in self.groups:
            sizes = ", ".join(f"{k} {n}" for k, n in g.sizes.items())
            lines += ["", f"group column {g.column!r}: {sizes}"]
            if g.small_groups:
                lines.append(
                    f"  left out (under {self.config.min_group_rows} rows): "
                    + ", ".join(g.small_groups)
                )
            if g.outcome_gap is not None:
                rates = ", ".join(f"{k} {v:.0%}" for k, v in g.outcome_rates.items())
                lines.append(f"  {g.outcome_col} rate: {rates}; gap {g.outcome_gap:.2f}")
            if g.exposure is not None:
                top = list(g.exposure.category_gaps.items())[:3]
                gaps = ", ".join(f"{c} {v:.2f}" for c, v in top)
                lines.append(f"  largest category exposure gaps: {gaps}")
            lines += [f"  FLAGGED {f}" for f in g.flagged] or ["  no gap above the threshold"]
        lines += ["", "PASSED" if self.passed else f"FLAGGED: {len(self.flagged)} gap(s)"]
        return "\n".join(lines)


def _missing(table: pd.DataFrame, col: str, what: str, option: str) -> InputError:
    return InputError(
        f"the table has no {what} column {col!r}; its columns are {list(map(str, table.columns))}",
        fix=f"Name one of those columns with {option} (names are case-sensitive), "
        "or add the column to the table.",
    )


def _outcome(values: pd.Series, col: str) -> pd.Series:
    """0/1 from numbers, booleans or true/false, yes/no text; a clear error otherwise."""
    text = values.astype(str).str.strip().str.lower()
    bad = ~text.isin(_TRUE | _FALSE)
    if bad.any():
        row = int(bad.to_numpy().nonzero()[0][0]) + 1
        raise InputError(
            f"outcome column {col!r} must hold 0/1 (or true/false, yes/no); data row {row} "
            f"(1-based, header not counted) has {values.iloc[row - 1]!r}",
            fix="Write 1 where the shopper clicked or bought the suggestion and 0 where not.",
        )
    return text.isin(_TRUE).astype(int)


def _prices(values: pd.Series, col: str) -> pd.Series:
    cleaned = values.astype(str).str.replace(r"[$,\s]", "", regex=True)
    prices = pd.to_numeric(cleaned, errors="coerce")
    if prices.isna().any():
        row = int(prices.isna().to_numpy().nonzero()[0][0]) + 1
        raise InputError(
            f"price column {col!r}: data row {row} (1-based) has {values.iloc[row - 1]!r}, "
            "not a number",
            fix="Write prices as numbers, e.g. 799.99 or $799.99.",
        )
    return prices


def audit_table(
    table: pd.DataFrame,
    group_cols: str | Sequence[str],
    outcome_col: str | None = None,
    category_col: str | None = "category",
    price_col: str | None = "price",
    config: TableAuditConfig | None = None,
) -> TableAudit:
    """Audit a table of suggestions shown over the shop's own group columns.

    `table`: one row per suggestion shown. `group_cols`: the shop's attribute
    column(s) to compare groups over. `outcome_col`: a 0/1 column (clicked,
    bought) whose rate is compared. Exposure of categories and price bands is
    audited when `category_col` and `price_col` are in the table (pass None to
    skip it). Raises InputError naming any missing column and how to fix it.
    """
    cfg = config or TableAuditConfig()
    cols = [group_cols] if isinstance(group_cols, str) else list(group_cols)
    if not cols:
        raise InputError("no group column given", fix="Name at least one column to compare.")
    for col in cols:
        if col not in table.columns:
            raise _missing(table, col, "group", "--group / group_cols")
    if outcome_col is not None and outcome_col not in table.columns:
        raise _missing(table, outcome_col, "outcome", "--outcome / outcome_col")
    present = [c for c in (category_col, price_col) if c is not None and c in table.columns]
    if len(present) == 1:
        absent = price_col if present[0] == category_col else category_col
        raise _missing(table, str(absent), "category/price", "--category / --price")
    exposure = len(present) == 2
    if outcome_col is None and not exposure:
        raise InputError(
            f"nothing to audit: no outcome column named and no {category_col!r} and "
            f"{price_col!r} columns; the table's columns are {list(map(str, table.columns))}",
            fix="Name a 0/1 outcome column (--outcome), or include the category and price "
            "of each suggestion shown (--category / --price name them).",
        )
    if len(table) == 0:
        raise InputError("the table has no rows", fix="Export at least one suggestion shown.")
    data = pd.DataFrame(index=table.index)
    if outcome_col is not None:
        data["_outcome"] = _outcome(table[outcome_col], outcome_col)
    if exposure:
        assert category_col is not None and price_col is not None
        data["category"] = table[category_col].astype(str)
        data["price"] = _prices(table[price_col], price_col)
    audits = [_audit_column(table, col, outcome_col, data, cfg, exposure) for col in cols]
    return TableAudit(len(table), audits, cfg)


def _audit_column(
    table: pd.DataFrame,
    col: str,
    outcome_col: str | None,
    data: pd.DataFrame,
    cfg: TableAuditConfig,
    exposure: bool,
) -> GroupAudit:
    groups = table[col].astype(str).str.strip()
    groups = groups.where(table[col].notna() & (groups != ""), BLANK)
    sizes = groups.value_counts()
    small = [str(g) for g, n in sizes.items() if n < cfg.min_group_rows]
    kept = groups[~groups.isin(small)]
    if kept.nunique() < 2:
        raise InputError(
            f"group column {col!r} has {kept.nunique()} group(s) with at least "
            f"{cfg.min_group_rows} rows (sizes: {dict(sizes.astype(int))}); nothing to compare",
            fix="Audit a column with at least two groups of that size, export more rows, "
            "or lower min_group_rows (--min-rows).",
        )
    rows = data.loc[kept.index].assign(_group=kept)
    rates: dict[str, float] = {}
    gap = None
    if outcome_col is not None:
        by_group = rows.groupby("_group")["_outcome"].mean().sort_values(ascending=False)
        rates = {str(g): float(r) for g, r in by_group.items()}
        gap = float(by_group.max() - by_group.min())
    report = bias_audit(rows, "_group", config=cfg.audit) if exposure else None
    if report is not None:
        report = AuditReport(**{**report.__dict__, "shopper_col": col})
    return GroupAudit(
        column=col,
        sizes={str(g): int(n) for g, n in sizes.items()},
        small_groups=small,
        exposure=report,
        outcome_col=outcome_col,
        outcome_rates=rates,
        outcome_gap=gap,
        gap_threshold=cfg.audit.gap_threshold,
    )


__all__ = ["BLANK", "GroupAudit", "TableAudit", "TableAuditConfig", "audit_table"]
