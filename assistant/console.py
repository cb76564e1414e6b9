"""What marketers and auditors see: the audit log, global importance, the
model's main parameters, a bias audit, and sponsorship settings.

`ShopAssistant.console` is a `MarketerConsole`; everything here is data the
UI only renders (plots are matplotlib Figures, audit records `AuditRecord`s).
"""

from __future__ import annotations

from dataclasses import asdict
from functools import cached_property
from typing import TYPE_CHECKING, Any

from assistant.privacy.records import AuditRecord
from models.categories import CATEGORY_INFO
from models.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

    from assistant.catalog import Catalog
    from assistant.demo import ShopDemo
    from assistant.pipeline import Recommender

# The purpose shown for a personal category the shop's ranker has no features for.
NOT_USED_PURPOSE = "Not used by this shop's model; kept off."


class MarketerConsole:
    """Marketer-facing views over the store and the ranker."""

    def __init__(self, catalog: Catalog, store: Any, recommender: Recommender,
                 demo: ShopDemo) -> None:
        self.catalog = catalog
        self.store = store
        self.recommender = recommender
        self.ranker = recommender.ranker
        self.demo = demo  # demo traffic, used while the audit log is empty or for the bias audit

    # -- audit log -------------------------------------------------------
    def audit_log(
        self,
        shopper_pseudonym: str | None = None,
        product_id: str | None = None,
        limit: int = 200,
        since: float | None = None,
        until: float | None = None,
    ) -> list[AuditRecord]:
        """The newest suggestions shown that match every filter, newest first.

        `shopper_pseudonym`: a prefix of the pseudonym; `product_id`: exact;
        `since` / `until`: Unix times. The store filters, so old records are found too.
        """
        return list(self.store.audit_records(
            limit=limit, pseudonym=(shopper_pseudonym or "").strip() or None,
            product_id=(product_id or "").strip() or None, since=since, until=until))

    def audit_record(self, audit_id: int) -> AuditRecord:
        """One stored record: explanation, reasons and disclosure exactly as shown."""
        try:
            rec = self.store.audit_record(int(audit_id))
        except (TypeError, ValueError):
            rec = None
        if rec is not None:
            return rec  # type: ignore[no-any-return]
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
        items: list[Any] = [{"values": r.shap, "category_of": r.category_of} for r in records]
        if not items:
            items = [s.explanation for s in self.demo.traffic().suggestions]
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
        traffic = self.demo.traffic()
        X = traffic.features
        return bias_audit(
            traffic.shown,
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


__all__ = ["NOT_USED_PURPOSE", "MarketerConsole", "Plots"]
