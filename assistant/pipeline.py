"""Recommendation pipeline: candidates -> features -> ranker -> exact explanation.

Pure computation over already-loaded parts; no I/O, no LM. The session feeds
it the shopper's consented data and stores what it returns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from assistant.reply import Suggestion
from explain import GroupExplainer, disclose, reasons, what_if_ranks
from models.categories import PERSONAL_CATEGORIES, SPONSORSHIP
from models.evidence import evidence
from models.features import ShopperContext, build_features

if TYPE_CHECKING:
    from assistant.catalog import Catalog, Product
    from models.features import ProductTable
    from models.ranker import Ranker


@dataclass(frozen=True)
class PipelineConfig:
    # How many suggestions a reply shows.
    top_k: int = 3
    # Candidates considered when the question names no constraint (nearest by embedding).
    max_candidates: int = 50


@dataclass(frozen=True)
class ConsentView:
    """What the pipeline may use about one shopper, decided by the privacy layer."""

    granted: dict[str, bool]  # personal category -> consent
    objected: bool  # objected to profiling altogether
    has_data: dict[str, bool]  # personal category -> any rows held


class Recommender:
    """Ranks candidate products for a shopper context and explains the top ones."""

    def __init__(
        self,
        catalog: Catalog,
        table: ProductTable,
        ranker: Ranker,
        config: PipelineConfig | None = None,
    ) -> None:
        self.catalog = catalog
        self.table = table
        self.ranker = ranker
        self.config = config or PipelineConfig()
        self.explainer = GroupExplainer(
            ranker.ensemble(), ranker.feature_names, ranker.groups, ranker.reference
        )
        self._row_of = {pid: i for i, pid in enumerate(table.ids)}
        self.model_categories = {g.category for g in ranker.groups}

    def present_groups(self, consent: ConsentView) -> list[str]:
        """Groups that are players: non-personal ones, and personal ones with consent."""
        return [
            g.name
            for g in self.ranker.groups
            if g.category not in PERSONAL_CATEGORIES
            or (consent.granted.get(g.category, False) and not consent.objected)
        ]

    def recommend(
        self,
        ctx: ShopperContext,
        candidates: Sequence[Product],
        consent: ConsentView,
        pinned: Sequence[str] = (),
    ) -> list[Suggestion]:
        """Top-k candidates for this shopper, each with its exact explanation.

        `pinned` product ids (what the question itself asked for, e.g. "the
        cheapest") lead the list in the given order; the rest follow by
        model score. Every suggestion's score and explanation are the model's.
        """
        if not candidates:
            return []
        idx = np.array([self._row_of[p.id] for p in candidates], dtype=np.int64)
        X = build_features(ctx, self.table, idx)
        scores = self.ranker.score(X)
        order = np.argsort(-scores, kind="stable")
        position = {p.id: i for i, p in enumerate(candidates)}
        lead = [position[pid] for pid in dict.fromkeys(pinned) if pid in position]
        rest = [int(i) for i in order if int(i) not in lead]
        top = np.array((lead + rest)[: self.config.top_k], dtype=np.int64)
        present = self.present_groups(consent)
        explanations = self.explainer.explain(X[top], present=present)
        suggestions: list[Suggestion] = []
        for rank, (row, expl) in enumerate(zip(top, explanations, strict=True), start=1):
            product = candidates[int(row)]
            ev = evidence(ctx, self.table, int(idx[row]))
            shifts = what_if_ranks(self.ranker, X, int(row), present)
            sponsor = ctx.sponsorships.get(product.id)
            sponsored_by = sponsor[0] if sponsor and sponsor[1] != 0 else None
            disclosure = disclose(
                expl,
                consent=consent.granted,
                objected=consent.objected,
                model_categories=self.model_categories,
                sponsored_by=sponsored_by,
                what_if={c: r for c, r in shifts.items() if c in PERSONAL_CATEGORIES},
                has_data=consent.has_data,
            )
            sentences = reasons(
                expl,
                product,
                ev,
                rank_shift=_rank_shift(rank, shifts.get(SPONSORSHIP)),
                sponsored_by=sponsored_by,
            )
            suggestions.append(
                Suggestion(
                    product=product,
                    score=float(scores[row]),
                    rank=rank,
                    explanation=expl,
                    reasons=sentences,
                    disclosure=disclosure,
                )
            )
        return suggestions


def _rank_shift(rank: int, rank_without: int | None) -> int | None:
    return None if rank_without is None else rank_without - rank


__all__ = ["ConsentView", "PipelineConfig", "Recommender"]
