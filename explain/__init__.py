"""Exact SHAP explanations of the ranker: reasons, data-used disclosures, 'what if',
global view, bias audit (demo traffic, or a shop's own table: `audit_table`) and plots.

Light to import: numpy only. `explain.audit` (pandas, fairlearn, sklearn) and
`explain.plots` (matplotlib) load on first use of their names.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from explain.decision import (
    Admitted,
    Condition,
    Decision,
    RankerPlaced,
    RetrievalPlaced,
    RulePlaced,
    Runner,
    Scored,
)
from explain.disclosure import RETENTION_DAYS, SOURCES, category_shares, disclose
from explain.global_view import (
    GlobalImportance,
    Parameter,
    describe_parameters,
    global_importance,
    main_parameters,
)
from explain.names import CATEGORY_TITLES, GROUP_TITLES, category_title, group_title
from explain.reasons import CardReasons, Reason, ReasonsConfig, card_reasons, reason_items, reasons
from explain.shapley import (
    GroupExplainer,
    brute_force_shapley,
    explain_rows,
    explainer_for,
    groups_for_categories,
)
from explain.types import Disclosure, Explanation
from explain.verify import verify_explanation
from explain.whatif import rank_of, what_if_ranks
from models.errors import ClearCartError, InputError

_LAZY = {
    "AuditConfig": "explain.audit",
    "AuditReport": "explain.audit",
    "ProxyResult": "explain.audit",
    "bias_audit": "explain.audit",
    "proxy_check": "explain.audit",
    "synthetic_protected": "explain.audit",
    "TableAudit": "explain.table_audit",
    "TableAuditConfig": "explain.table_audit",
    "audit_table": "explain.table_audit",
    "audit_chart": "explain.plots",
    "importance_bar": "explain.plots",
    "waterfall": "explain.plots",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'explain' has no attribute {name!r}")


__all__ = [
    "CATEGORY_TITLES",
    "GROUP_TITLES",
    "RETENTION_DAYS",
    "SOURCES",
    "Admitted",
    "AuditConfig",
    "AuditReport",
    "CardReasons",
    "ClearCartError",
    "Condition",
    "Decision",
    "Disclosure",
    "Explanation",
    "GlobalImportance",
    "GroupExplainer",
    "InputError",
    "Parameter",
    "ProxyResult",
    "RankerPlaced",
    "Reason",
    "ReasonsConfig",
    "RetrievalPlaced",
    "RulePlaced",
    "Runner",
    "Scored",
    "TableAudit",
    "TableAuditConfig",
    "audit_chart",
    "audit_table",
    "bias_audit",
    "brute_force_shapley",
    "card_reasons",
    "category_shares",
    "category_title",
    "describe_parameters",
    "disclose",
    "explain_rows",
    "explainer_for",
    "global_importance",
    "group_title",
    "groups_for_categories",
    "importance_bar",
    "main_parameters",
    "proxy_check",
    "rank_of",
    "reason_items",
    "reasons",
    "synthetic_protected",
    "verify_explanation",
    "waterfall",
    "what_if_ranks",
]
