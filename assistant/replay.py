"""Replay: re-run the decisions of one reply from its audit records and compare.

    report = Replayer(bot).replay_id(audit_id)      # that card and the rest of its reply
    report.ok, report.problems, report.summary()

What a record stores is enough to re-run every stage without the shopper's free
text or personal data: the constraints (with the catalog's values), the rule
(re-run over the catalog at the stored catalog version, within the stored pool
for "which of those" follow-ups), the model's feature row and players (its score
and exact Shapley values recomputed, 1e-9), the consent state. Across the cards
of one reply, the shown order must be the procedure's: the question's placements
first in their rule's (or search's) order, then the ranker's by falling score,
each runner-up the next card. What replay cannot re-run it takes as given and
says so: the text-match feature and the search's relevance (they come from the
request's words, never stored) and personal features (never in the audit log).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.pipeline import ConsentView
from explain.decision import Decision, RankerPlaced, RetrievalPlaced, RulePlaced
from explain.replay import replay_scored, row_of
from models.categories import PERSONAL_CATEGORIES, PRODUCT, REQUEST
from models.features import ShopperContext, build_features

if TYPE_CHECKING:
    from assistant.privacy.records import AuditRecord
    from assistant.shop import ShopAssistant

# Request features the record's constraints cannot rebuild: the text matches need the words
# (of the request, and of what it said the product is for).
GIVEN_FEATURES = frozenset({"request_similarity", "use_asked", "use_similarity"})


@dataclass(frozen=True)
class ReplayConfig:
    # Largest difference allowed between a recomputed and a stored number ("exactly").
    tolerance: float = 1e-9
    # Seconds either side of a record searched for the other cards of its reply.
    turn_window_s: float = 600.0


@dataclass(frozen=True)
class ReplayReport:
    """The outcome of replaying one reply's records."""

    audit_ids: tuple[int, ...]  # the records replayed, in the order shown
    problems: tuple[str, ...] = ()  # one line per difference, naming the record
    replayable: bool = True  # False: no decision record, or another model/catalog version
    given: tuple[str, ...] = field(default=tuple(sorted(GIVEN_FEATURES)))  # taken as stored

    @property
    def ok(self) -> bool:
        return self.replayable and not self.problems

    def summary(self) -> str:
        ids = ", ".join(map(str, self.audit_ids))
        if self.ok:
            return (f"replay OK: records {ids} reproduced (constraints, rule, order, score and "
                    "Shapley values within 1e-9)")
        head = "replay NOT POSSIBLE" if not self.replayable else "replay FAILED"
        return f"{head} for records {ids}:\n" + "\n".join(f"  - {p}" for p in self.problems)

    def to_dict(self) -> dict[str, Any]:
        return {"audit_ids": list(self.audit_ids), "ok": self.ok, "replayable": self.replayable,
                "problems": list(self.problems), "taken_as_stored": list(self.given)}


def _differs(a: Any, b: Any, tol: float) -> bool:
    if isinstance(a, bool) or isinstance(b, bool) or not isinstance(a, float | int) \
            or not isinstance(b, float | int):
        return bool(a != b)
    return not math.isclose(float(a), float(b), rel_tol=0.0, abs_tol=tol)


class Replayer:
    """Re-runs stored decisions against a loaded assistant (catalog, executor, ranker)."""

    def __init__(self, bot: ShopAssistant, config: ReplayConfig | None = None) -> None:
        self.bot = bot
        self.cfg = config or ReplayConfig()
        self.model_version = str(bot.ranker.card.get("content_hash", "unknown"))

    # -- finding a reply's records -----------------------------------------------------
    def turn_of(self, audit_id: int) -> list[AuditRecord]:
        """The record and the other cards of its reply (same pseudonym and turn id)."""
        rec = self.bot.console.audit_record(audit_id)
        if rec.decision is None or not rec.decision.turn:
            return [rec]
        w = self.cfg.turn_window_s
        near = self.bot.store.audit_records(limit=200, pseudonym=rec.pseudonym or None,
                                            since=rec.time - w, until=rec.time + w)
        same = [r for r in near if r.decision is not None and r.decision.turn == rec.decision.turn]
        return same or [rec]

    def replay_id(self, audit_id: int) -> ReplayReport:
        return self.replay(self.turn_of(audit_id))

    # -- one reply -----------------------------------------------------------------------
    def replay(self, records: Sequence[AuditRecord]) -> ReplayReport:
        """Replay the records of one reply (any order); the report names every difference."""
        shown = sorted(records, key=lambda r: (r.rank if r.rank is not None else 10**9, r.id))
        ids = tuple(r.id for r in shown)
        blocked = [p for r in shown for p in self._replayable(r)]
        if blocked:
            return ReplayReport(ids, tuple(blocked), replayable=False)
        problems = [p for r in shown for p in self._record(r)]
        problems += self._order(shown)
        return ReplayReport(ids, tuple(problems))

    def _replayable(self, r: AuditRecord) -> list[str]:
        if r.decision is None:
            return [f"record {r.id}: no decision record (written before decisions were stored)"]
        out = []
        if r.model_version != self.model_version:
            out.append(f"record {r.id}: model version {r.model_version[:12]} is not the loaded "
                       f"ranker ({self.model_version[:12]}); load that model to replay it")
        if r.catalog_version != self.bot.catalog.version:
            out.append(f"record {r.id}: catalog version {r.catalog_version} is not the loaded "
                       f"catalog ({self.bot.catalog.version}); load that catalog to replay it")
        return out

    def _record(self, r: AuditRecord) -> list[str]:
        d = r.decision
        assert d is not None
        p = self.bot.catalog.by_id.get(r.product_id)
        if p is None:
            return [f"record {r.id}: product {r.product_id} is not in the catalog"]
        tag = f"record {r.id} (#{r.rank} {r.product_id})"
        out = [f"{tag}: {m}" for m in self._facts(r, p)]
        out += [f"{tag}: {m}" for m in self._admitted(d, p)]
        out += [f"{tag}: {m}" for m in self._placed(d, p, r.score)]
        out += [f"{tag}: {m}" for m in self._model(d, r, p)]
        return out

    def _facts(self, r: AuditRecord, p: Any) -> list[str]:
        """The card's catalog facts as stored against the catalog's."""
        want = {"price": p.price, "list_price": p.list_price, "rating": p.rating,
                "review_count": p.review_count, "title": p.title, "category": p.category}
        return [f"stored {k} {r.product.get(k)!r} but the catalog says {v!r}"
                for k, v in want.items()
                if k in r.product and _differs(r.product.get(k), v, self.cfg.tolerance)]

    def _admitted(self, d: Decision, p: Any) -> list[str]:
        decider, a = self.bot.decider, d.admitted
        out = []
        again = decider.admitted(a.source, a.conditions, p, a.matched, a.pool_ids)
        for stored, new in zip(a.conditions, again.conditions, strict=True):
            if _differs(stored.value, new.value, self.cfg.tolerance) or stored.met != new.met:
                out.append(f"constraint {stored.name} {stored.op} {stored.limit!r}: stored value "
                           f"{stored.value!r} (met {stored.met}), catalog {new.value!r} "
                           f"(met {new.met})")
        if a.source in ("catalog", "earlier", "line", "nearest", "named"):
            n = len(decider.base(a.source, a.conditions, a.pool_ids))
            if a.matched != n:
                out.append(f"{a.matched} products met the constraints when shown, {n} now")
        return out

    def _placed(self, d: Decision, p: Any, score: float) -> list[str]:
        placed = d.placed
        if isinstance(placed, RankerPlaced):
            if _differs(placed.score, score, self.cfg.tolerance):
                return [f"the ranker stage's score {placed.score!r} is not the card's {score!r}"]
            return []
        if isinstance(placed, RetrievalPlaced):  # its relevance is taken as stored, but a
            # place in the search's order is one of the places it has
            ok = 1 <= placed.position <= placed.among and (
                placed.runner_up is None or placed.position < placed.among)
            return [] if ok else [f"the search's stage has place {placed.position} of "
                                  f"{placed.among}"]
        if not isinstance(placed, RulePlaced) or placed.rule == "question":
            return []  # a caller's pin is taken as stored
        decider, a = self.bot.decider, d.admitted
        base = decider.base(a.source, a.conditions, a.pool_ids)
        order = decider.rule_order(base, a.source, placed.rule, placed.key, placed.descending)
        at = next((i for i, q in enumerate(order) if q.id == p.id), None)
        if at is None:
            return [f"the rule {placed.rule} {placed.key} does not reach it when re-run"]
        again = decider.rule_stage(order, at, placed.rule, placed.key, placed.descending,
                                   placed.unit)
        out = []
        for name in ("position", "among", "value", "reviews"):
            stored, new = getattr(placed, name), getattr(again, name)
            if _differs(stored, new, self.cfg.tolerance):
                out.append(f"rule {placed.rule}: stored {name} {stored!r}, re-run {new!r}")
        s_run, n_run = placed.runner_up, again.runner_up
        if (s_run is None) != (n_run is None) or (s_run and n_run and (
                s_run.product_id != n_run.product_id
                or _differs(s_run.value, n_run.value, self.cfg.tolerance))):
            out.append(f"rule {placed.rule}: stored runner-up {s_run}, re-run {n_run}")
        return out

    def _model(self, d: Decision, r: AuditRecord, p: Any) -> list[str]:
        rec = self.bot.recommender
        m = d.model
        consent = ConsentView(granted=dict(d.consent), objected=False, has_data={})
        present = set(rec.present_groups(consent))
        if set(m.players) != present:
            return [f"players {sorted(m.players)} do not follow the stored consent "
                    f"{d.consent} (it allows {sorted(present)})"]
        out = []
        row = row_of(m, list(self.bot.ranker.feature_names))
        if row is not None:
            out += self._rebuilt_features(m, p, row)
        out += replay_scored(self.bot.ranker, rec.explainer, m, r.shap, r.base_value, r.score,
                             self.cfg.tolerance)
        return out

    def _rebuilt_features(self, m: Any, p: Any, row: np.ndarray) -> list[str]:
        """Request and product features rebuilt from the catalog and the stored request facts."""
        ctx = ShopperContext(request_category=m.request_category,
                             request_min_price=m.request_min_price,
                             request_max_price=m.request_max_price,
                             request_band=m.request_band)
        idx = np.array([self.bot.table.index[p.id]], dtype=np.int64)
        built = build_features(ctx, self.bot.table, idx)[0]
        names = list(self.bot.ranker.feature_names)
        out = []
        for g in self.bot.ranker.groups:
            if g.category in PERSONAL_CATEGORIES or g.category not in (REQUEST, PRODUCT):
                continue  # personal data is never in the audit log; sponsorship as stored
            for f in g.features:
                j = names.index(f)
                if f not in GIVEN_FEATURES and _differs(row[j], built[j], self.cfg.tolerance):
                    out.append(f"feature {f}: stored {row[j]!r}, rebuilt from the catalog "
                               f"{built[j]!r}")
        return out

    # -- the order of the cards ----------------------------------------------------------
    def _order(self, shown: Sequence[AuditRecord]) -> list[str]:
        """The shown order against the procedure: placements first, then the ranker's."""
        out: list[str] = []
        ranks = [r.rank for r in shown]
        if ranks != list(range(1, len(shown) + 1)):
            out.append(f"the reply's ranks are {ranks}, not 1..{len(shown)}")
        turns = {r.decision.turn for r in shown if r.decision is not None}
        if len(turns) > 1:
            out.append(f"records of {len(turns)} different replies were replayed together")
        stages = [r.decision.placed for r in shown if r.decision is not None]
        by_ranker = [isinstance(s, RankerPlaced) for s in stages]
        if by_ranker != sorted(by_ranker):  # False (the question's) before True (the ranker's)
            out.append("a card the question placed is shown after one the ranker placed")
        for (a, sa), (b, sb) in zip(zip(shown, stages, strict=True),
                                    list(zip(shown, stages, strict=True))[1:], strict=False):
            out += self._pair(a, sa, b, sb)
        return out

    def _pair(self, a: AuditRecord, sa: Any, b: AuditRecord, sb: Any) -> list[str]:
        """Two neighbouring cards: the first must come first under the stage that placed them."""
        tol = self.cfg.tolerance
        where = f"#{a.rank} (record {a.id}) before #{b.rank} (record {b.id})"
        if isinstance(sa, RankerPlaced) and isinstance(sb, RankerPlaced):
            if sb.score > sa.score + tol or sb.place <= sa.place:
                return [f"{where}: the ranker puts {sb.score:.6f} (place {sb.place}) "
                        f"after {sa.score:.6f} (place {sa.place})"]
            nxt = sa.runner_up
            if sb.place == sa.place + 1 and nxt is not None and (
                    nxt.product_id != b.product_id or _differs(nxt.value, sb.score, tol)):
                return [f"{where}: the runner-up stored for #{a.rank} is {nxt.product_id}, "
                        f"the next card is {b.product_id}"]
        if isinstance(sa, RulePlaced | RetrievalPlaced) and type(sa) is type(sb):
            if sb.position <= sa.position:
                return [f"{where}: the question's order has them at {sa.position} and "
                        f"{sb.position}"]
            if isinstance(sa, RetrievalPlaced) and isinstance(sb, RetrievalPlaced) and \
                    sb.relevance > sa.relevance + tol:
                return [f"{where}: the search ranks relevance {sb.relevance:.6f} after "
                        f"{sa.relevance:.6f}"]
            nxt = sa.runner_up
            if sb.position == sa.position + 1 and nxt is not None and \
                    nxt.product_id != b.product_id:
                return [f"{where}: the runner-up stored for #{a.rank} is {nxt.product_id}, "
                        f"the next card is {b.product_id}"]
        return []


__all__ = ["GIVEN_FEATURES", "ReplayConfig", "ReplayReport", "Replayer"]
