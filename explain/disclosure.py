"""Which data a suggestion used (with its share), which it did not and why.

Sources and retention periods come from the one category table
(`models.categories.CATEGORY_INFO`); `RETENTION_DAYS` and `SOURCES` are views of it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from explain.types import Disclosure, Explanation
from models.categories import CATEGORY_INFO, PERSONAL_CATEGORIES, SPONSORSHIP, days_text
from models.errors import InputError

# Views of the one category table: category -> days kept, category -> where its data comes from.
RETENTION_DAYS: dict[str, int] = {
    c: info.retention_days for c, info in CATEGORY_INFO.items() if info.retention_days is not None
}
SOURCES: dict[str, str] = {c: info.source for c, info in CATEGORY_INFO.items()}

NO_CONSENT = "no consent"
OBJECTED = "you objected to profiling"
NOT_NEEDED = "not needed by the model"
NO_DATA = "no data yet"
NO_EFFECT = "did not change this suggestion"

_ZERO = 1e-12  # contributions below this (in score units) count as "not used"


retention_text = days_text  # kept for callers of explain.retention_text: '90 days', '2 years'


def category_shares(explanation: Explanation) -> dict[str, float]:
    """Data category -> share of the suggestion's |SHAP| mass (sum over its groups' |phi|)."""
    mass: dict[str, float] = {}
    for g, v in explanation.values.items():
        if abs(v) > _ZERO:
            cat = explanation.category_of[g]
            mass[cat] = mass.get(cat, 0.0) + abs(v)
    total = sum(mass.values())
    return {c: m / total for c, m in sorted(mass.items(), key=lambda cm: -cm[1])} if total else {}


def disclose(
    explanation: Explanation,
    consent: Mapping[str, bool],
    objected: bool = False,
    model_categories: Collection[str] | None = None,
    sponsored_by: str | None = None,
    what_if: Mapping[str, int] | None = None,
    has_data: Mapping[str, bool] | None = None,
) -> Disclosure:
    """Build the data-used disclosure of one suggestion.

    `used`: each category with a nonzero contribution and its share of the |SHAP|
    mass (shares sum to 1; empty if the score equals the base value). `not_used`:
    every personal category that did not contribute, with why: not needed by the
    model, you objected to profiling, no consent, no data yet, or no effect.
    `consent`: personal category -> granted. `model_categories`: the categories the
    ranker has features for (None: those in the explanation). `has_data`: personal
    category -> any rows held (None: assume yes). `what_if`: personal category ->
    rank without it (explain.whatif). A nonzero sponsorship needs `sponsored_by`.
    """
    used = category_shares(explanation)
    model_cats = set(model_categories) if model_categories is not None \
        else set(explanation.category_of.values())
    not_used: dict[str, str] = {}
    for cat in PERSONAL_CATEGORIES:
        if cat in used:
            continue
        if cat not in model_cats:
            not_used[cat] = NOT_NEEDED
        elif objected:
            not_used[cat] = OBJECTED
        elif not consent.get(cat, False):
            not_used[cat] = NO_CONSENT
        elif has_data is not None and not has_data.get(cat, False):
            not_used[cat] = NO_DATA
        else:
            not_used[cat] = NO_EFFECT
    leaked = [c for c in used if c in PERSONAL_CATEGORIES
              and (objected or not consent.get(c, False))]
    if leaked:
        raise InputError(
            f"the explanation uses {leaked} although the shopper did not consent",
            fix="explain with present= only the groups of consented categories "
                "(and build features with their not-shared values)",
        )
    if SPONSORSHIP in used and not sponsored_by:
        raise InputError("a paid promotion moved this suggestion but no payer was given",
                         fix="pass sponsored_by= the payer's name; promotions are always disclosed")
    sources = {c: CATEGORY_INFO[c].source for c in used if c in CATEGORY_INFO}
    retention = {c: text for c in used
                 if c in CATEGORY_INFO and (text := CATEGORY_INFO[c].retention) is not None}
    wi = {c: int(r) for c, r in (what_if or {}).items() if c in used}
    return Disclosure(
        used=used,
        not_used=not_used,
        sponsored_by=sponsored_by if SPONSORSHIP in used else None,
        sources=sources,
        retention=retention,
        what_if=wi,
    )


__all__ = [
    "NOT_NEEDED",
    "NO_CONSENT",
    "NO_DATA",
    "NO_EFFECT",
    "OBJECTED",
    "RETENTION_DAYS",
    "SOURCES",
    "category_shares",
    "disclose",
    "retention_text",
]
