"""What marketers and auditors see: the audit log, global importance, the
model's main parameters, a bias audit, and sponsorship settings.

`MarketerConsole` is mixed into `ShopAssistant`; everything here is data the
UI only renders (plots are matplotlib Figures).
"""

from __future__ import annotations

from dataclasses import asdict
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from models.categories import CATEGORY_INFO
from models.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

    from assistant.catalog import Catalog
    from assistant.pipeline import Recommender
    from models.features import ProductTable

# Regions the demo simulator assigns to simulated shoppers, independently of behaviour.
DEMO_REGIONS = ("north", "south", "east", "west")


class MarketerConsole:
    """Marketer-facing views over the store and the ranker (mixin for ShopAssistant)."""

    catalog: Catalog
    store: Any
    ranker: Any
    table: ProductTable
    recommender: Recommender

    # -- audit log -------------------------------------------------------
    def audit_log(
        self,
        shopper_pseudonym: str | None = None,
        product_id: str | None = None,
        limit: int = 200,
    ) -> list[dict[str, Any]]:
        """Latest suggestions shown, newest first, one row each (filterable)."""
        rows = []
        for rec in self.store.audit_records(limit=max(limit * 5, 500)):
            if shopper_pseudonym and not rec["pseudonym"].startswith(shopper_pseudonym):
                continue
            if product_id and rec["product_id"] != product_id:
                continue
            reasons = rec.get("reasons") or []
            rows.append({
                "id": rec["id"],
                "time": rec["time"],
                "pseudonym": rec["pseudonym"],
                "product_id": rec["product_id"],
                "product_title": rec.get("product_title", ""),
                "score": rec["score"],
                "top_reason": reasons[0] if reasons else "",
            })
            if len(rows) >= limit:
                break
        return rows

    def audit_record(self, audit_id: int) -> dict[str, Any]:
        """One stored record: explanation, reasons and disclosure exactly as shown."""
        try:
            rec = self.store.audit_record(int(audit_id))
        except (TypeError, ValueError):
            rec = None
        if rec is not None:
            return dict(rec)
        raise InputError(
            f"no audit record with id {audit_id}",
            fix="pick an id from audit_log() (records are numbered from 1)",
        )

    def verify_audit(self) -> Any:
        """Recompute the hash chain; `.ok` and `.problems` say what was tampered with."""
        return self.store.verify_audit()

    # -- model transparency ----------------------------------------------
    def global_importance(self, limit: int = 5000) -> Any:
        """Mean |SHAP| per group and category over logged suggestions (demo traffic if none)."""
        from explain import global_importance

        records = self.store.audit_records(limit=limit)
        items = [{"values": r["shap"], "category_of": r["category_of"]} for r in records]
        if not items:
            items = [s.explanation for s in self._demo_traffic()["suggestions"]]
        return global_importance(items)

    def model_parameters(self) -> list[dict[str, Any]]:
        """The ranker's main parameters in plain language (DSA Art. 27), heaviest first."""
        from explain import main_parameters

        params = main_parameters(self.ranker.groups, self.global_importance())
        return [asdict(p) for p in params]

    def model_parameters_text(self) -> str:
        from explain import describe_parameters

        return str(describe_parameters(self.ranker.groups, self.global_importance()))

    def bias_audit(self, shown: pd.DataFrame | None = None, group_col: str = "region") -> Any:
        """Exposure of categories and price levels across shopper groups, with parity gaps.

        `shown`: one row per suggestion shown, with `group_col`, `category`,
        `price`. Default: demo traffic of simulated shoppers whose region the
        simulator assigned at random, plus a proxy check of every feature
        against a synthetic protected attribute.
        """
        from explain import bias_audit, synthetic_protected

        if shown is not None:
            return bias_audit(shown, group_col)
        traffic = self._demo_traffic()
        X = traffic["features"]
        return bias_audit(
            traffic["shown"],
            "region",
            features=X,
            feature_names=self.ranker.feature_names,
            protected=synthetic_protected(len(X), seed=11),
        )

    # -- privacy facts for the privacy center ----------------------------
    def retention(self) -> dict[str, str]:
        """How long each kept category is kept, in words (from models.categories)."""
        return {c: info.retention for c, info in CATEGORY_INFO.items() if info.retention}

    def purposes(self) -> dict[str, str]:
        """What each personal category is used for, in the shopper's words."""
        used = self.recommender.model_categories
        return {c: info.purpose if c in used else NOT_USED_PURPOSE
                for c, info in CATEGORY_INFO.items() if info.personal}

    @cached_property
    def plots(self) -> Plots:
        """matplotlib figures: waterfall(explanation), global_bar(), audit_chart()."""
        return Plots(self)

    # -- sponsorship -----------------------------------------------------
    def set_sponsorship(self, product_id: str, payer: str, boost: float) -> None:
        """A paid boost (added to the score; disclosed with the payer's name)."""
        self.catalog.get(product_id)
        if not payer or not payer.strip():
            raise InputError("a sponsorship needs the payer's name", fix="pass payer='Brand Inc.'")
        self.store.set_sponsorship(product_id, payer.strip(), float(boost))

    def clear_sponsorship(self, product_id: str) -> bool:
        return bool(self.store.clear_sponsorship(product_id))

    def sponsorships(self) -> dict[str, tuple[str, float]]:
        return dict(self.store.sponsorships())

    # -- demo data -------------------------------------------------------
    def demo_shoppers(self) -> list[dict[str, str]]:
        """Named demo shoppers for the persona picker (their history is seeded on first use)."""
        from models.simulator import personas

        desc = {p.name: p.description for p in personas()}
        return [
            {
                "id": d.id,
                "name": d.persona.replace("_", " ").title(),
                "persona": d.persona,
                "description": desc.get(d.persona, ""),
            }
            for d in self._demo_shopper_data
        ]

    def seed_demo_shopper(self, shopper_id: str) -> None:
        """Give a demo shopper consent and simulated history (idempotent)."""
        from assistant.privacy import ConsentManager
        from models.categories import BROWSING_HISTORY, PURCHASE_HISTORY

        demo = {d.id: d for d in self._demo_shopper_data}.get(shopper_id)
        if demo is None:
            raise InputError(f"{shopper_id!r} is not a demo shopper",
                             fix=f"pick one of {sorted(d.id for d in self._demo_shopper_data)}")
        consent = ConsentManager(self.store, shopper_id)
        if consent.objected:
            return
        state = consent.state()
        if not state.get(BROWSING_HISTORY):
            consent.grant(BROWSING_HISTORY, source="demo seed")
        if not state.get(PURCHASE_HISTORY):
            consent.grant(PURCHASE_HISTORY, source="demo seed")
        if not self.store.views(shopper_id):
            for pid in demo.viewed_ids:
                self.store.record_view(shopper_id, pid)
        if not self.store.purchases(shopper_id):
            for pid, price in demo.bought:
                self.store.record_purchase(shopper_id, pid, price)

    @cached_property
    def _demo_shopper_data(self) -> list[Any]:
        from models.simulator import demo_shoppers

        return demo_shoppers(self.table)

    @cached_property
    def _demo_traffic_cache(self) -> dict[str, Any]:
        return _simulate_traffic(self.table, self.recommender, self.catalog)

    def _demo_traffic(self) -> dict[str, Any]:
        return self._demo_traffic_cache


# The purpose shown for a personal category the shop's ranker has no features for.
NOT_USED_PURPOSE = "Not used by this shop's model; kept off."


class Plots:
    """Figures for the UI, built on demand from the console's data."""

    def __init__(self, console: MarketerConsole) -> None:
        self._console = console

    def waterfall(self, explanation: Any) -> Any:
        from explain import waterfall

        return waterfall(explanation)

    def global_bar(self, by: str = "group") -> Any:
        from explain import importance_bar

        return importance_bar(self._console.global_importance(), by=by)

    def audit_chart(self, kind: str = "category") -> Any:
        from explain import audit_chart

        return audit_chart(self._console.bias_audit(), kind)


def _simulate_traffic(table: ProductTable, recommender: Recommender, catalog: Catalog) -> dict[str, Any]:
    """Rank simulated requests (no LM) to give the console something to audit."""
    import pandas as pd

    from assistant.pipeline import ConsentView
    from models.features import ShopperContext
    from models.simulator import SimConfig, simulate

    log = simulate(table, SimConfig(n_users=48, sessions_per_user=1, seed=123))
    rng = np.random.default_rng(5)
    region = {u: DEMO_REGIONS[int(rng.integers(len(DEMO_REGIONS)))] for u in sorted(log.users)}
    consent = ConsentView(granted={}, objected=False, has_data={})
    rows, feats, suggestions = [], [], []
    for req in log.requests.itertuples():
        cat = req.category if isinstance(req.category, str) else None
        cands = [p for p in catalog.products if cat is None or p.category == cat][:200]
        if not cands:
            continue
        ctx = ShopperContext(
            request_text=str(req.request_text),
            request_embedding=None,
            request_category=cat,
            request_max_price=None if pd.isna(req.max_price) else float(req.max_price),
            request_min_price=None if pd.isna(req.min_price) else float(req.min_price),
        )
        for s in recommender.recommend(ctx, cands, consent):
            suggestions.append(s)
            rows.append({"region": region[req.user_id], "category": s.product.category,
                         "price": s.product.price})
            feats.append([s.explanation.feature_values.get(f, 0.0)
                          for f in recommender.ranker.feature_names])
    return {"shown": pd.DataFrame(rows), "features": np.asarray(feats, dtype=float),
            "suggestions": suggestions}


__all__ = ["DEMO_REGIONS", "MarketerConsole"]
