"""Recommendation pipeline: candidates -> features -> ranker -> exact explanation.

Pure computation over already-loaded parts; no I/O, no LM. The session feeds
it the shopper's consented data and what the question decided (a `Placement`:
the products its rule placed, the constraints stage) and stores what it returns.
Every suggestion carries its decision record: the stages that placed it, and the
feature row its score and Shapley values come from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from assistant.reply import Suggestion
from explain import GroupExplainer, card_reasons, disclose, what_if_ranks
from explain.decision import Admitted, Decision, Placed, RankerPlaced, RulePlaced, Runner, Scored
from models.categories import PERSONAL_CATEGORIES, SPONSORSHIP
from models.evidence import evidence
from models.features import ShopperContext, build_features

if TYPE_CHECKING:
    from assistant.catalog import Catalog, Product
    from assistant.decide import Placement
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
        placement: Placement | None = None,
    ) -> list[Suggestion]:
        """Top-k candidates for this shopper, each with its decision and exact explanation.

        `placement` (assistant.decide): what the question decided: the products its
        rule placed (they lead, in that order, with their rule stage) and each
        card's constraints stage. `pinned` product ids do the same without saying
        why. The rest follow by model score. Every suggestion's score and
        explanation are the model's; its `decision` says which stage set its place.
        """
        if not candidates:
            return []
        if placement is not None:
            pinned = placement.pinned
        idx = np.array([self._row_of[p.id] for p in candidates], dtype=np.int64)
        X = build_features(ctx, self.table, idx)
        scores = self.ranker.score(X)
        order = np.argsort(-scores, kind="stable")
        position = {p.id: i for i, p in enumerate(candidates)}
        lead = [position[pid] for pid in dict.fromkeys(pinned) if pid in position]
        rest = [int(i) for i in order if int(i) not in lead]
        top = np.array((lead + rest)[: self.config.top_k], dtype=np.int64)
        present = self.present_groups(consent)
        in_use = {c: bool(consent.granted.get(c)) and not consent.objected
                  for c in PERSONAL_CATEGORIES}
        explanations = self.explainer.explain(X[top], present=present)
        suggestions: list[Suggestion] = []
        for rank, (row, expl) in enumerate(zip(top, explanations, strict=True), start=1):
            product = candidates[int(row)]
            ev = evidence(ctx, self.table, int(idx[row]))
            shifts = what_if_ranks(self.ranker, X, int(row), present, pinned=lead)
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
            decision = Decision(
                admitted=placement.admitted(product) if placement is not None
                else Admitted("catalog"),
                placed=self._placed(int(row), lead, rest, scores, candidates, placement),
                model=Scored(float(scores[row]), expl.players, dict(expl.feature_values),
                             ctx.request_category, ctx.request_min_price, ctx.request_max_price,
                             ctx.request_band),
                consent=in_use,
                turn=placement.turn if placement is not None else "",
            )
            why = card_reasons(
                expl,
                product,
                ev,
                decision,
                # a promotion moves nothing the question placed
                rank_shift=None if int(row) in lead else _rank_shift(rank, shifts.get(SPONSORSHIP)),
                sponsored_by=sponsored_by,
            )
            suggestions.append(
                Suggestion(
                    product=product,
                    score=float(scores[row]),
                    rank=rank,
                    explanation=expl,
                    reasons=why.texts,
                    disclosure=disclosure,
                    decision=decision,
                    held_back=why.held_back_texts,
                )
            )
        return suggestions

    @staticmethod
    def _placed(row: int, lead: list[int], rest: list[int], scores: np.ndarray,
                candidates: Sequence[Product], placement: Placement | None) -> Placed:
        """The stage that set this row's place: the question's (pinned) or the ranker's."""
        if row in lead:
            pid = candidates[row].id
            if placement is not None and pid in placement.placed:
                return placement.placed[pid]
            return RulePlaced("question", "", position=lead.index(row) + 1, among=len(lead))
        at = rest.index(row)
        runner = None
        if at + 1 < len(rest):
            nxt = rest[at + 1]
            runner = Runner(candidates[nxt].id, float(scores[nxt]))
        return RankerPlaced(float(scores[row]), at + 1, len(rest), runner)


def _rank_shift(rank: int, rank_without: int | None) -> int | None:
    return None if rank_without is None else rank_without - rank


__all__ = ["ConsentView", "PipelineConfig", "Recommender"]
