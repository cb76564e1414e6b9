"""Demo data for the web demo and the marketer console, from the shopper simulator.

`DemoShopper`s are named shoppers with simulated history for the persona
picker (seeded into the store on first use); `DemoTraffic` is simulated
requests ranked without the LM, so the console has something to audit before
real shoppers arrive. Nothing here runs for a shop that never asks for it.
The simulator (models.simulator) keeps the simulation and its ground truth.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from models.categories import BROWSING_HISTORY, PURCHASE_HISTORY
from models.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

    from assistant.catalog import Catalog
    from assistant.pipeline import Recommender
    from assistant.reply import Suggestion
    from models.features import ProductTable

# The simulator's personas offered in the persona picker.
DEMO_PERSONAS = ("budget_gamer", "home_office_pro", "smart_home_tinkerer", "cinephile")
# Regions the demo assigns to simulated shoppers at random, independently of behaviour.
DEMO_REGIONS = ("north", "south", "east", "west")


@dataclass(frozen=True)
class DemoConfig:
    seed: int = 7  # demo shoppers: the k-th persona simulates with seed + k
    sessions: int = 3  # simulated sessions of history per demo shopper
    max_views: int = 12  # the latest page views kept per demo shopper
    traffic_users: int = 48  # simulated shoppers in the console's demo traffic
    traffic_seed: int = 123  # seed of the demo traffic's simulation
    region_seed: int = 5  # seed of the random region per simulated shopper
    candidates: int = 200  # candidates ranked per simulated request


@dataclass(frozen=True)
class DemoShopper:
    """A named demo shopper with simulated history."""

    id: str  # stable demo shopper id, e.g. "demo-budget_gamer"
    persona: str  # persona name (models.simulator.personas())
    name: str  # display name, e.g. "Budget Gamer"
    description: str  # the persona in one sentence
    viewed_ids: tuple[str, ...]  # product page views, oldest first
    bought: tuple[tuple[str, float], ...]  # (product id, price paid = Product.price)


@dataclass(frozen=True)
class DemoTraffic:
    """Simulated requests ranked by the real recommender (no LM)."""

    shown: pd.DataFrame  # one row per suggestion: region, category, price (what the shopper pays)
    features: np.ndarray  # the ranker's features of each shown suggestion (rows as `shown`)
    suggestions: list[Suggestion]  # the suggestions themselves, with explanations


def demo_shoppers(table: ProductTable, config: DemoConfig | None = None) -> list[DemoShopper]:
    """One shopper per demo persona, with `config.sessions` sessions of simulated history."""
    from models.simulator import personas, simulate_shopper

    cfg = config or DemoConfig()
    desc = {p.name: p.description for p in personas()}
    out = []
    for k, persona in enumerate(DEMO_PERSONAS):
        one = simulate_shopper(table, persona, sessions=cfg.sessions, seed=cfg.seed + k)
        out.append(DemoShopper(
            id=f"demo-{persona}",
            persona=persona,
            name=persona.replace("_", " ").title(),
            description=desc.get(persona, ""),
            viewed_ids=one.viewed_ids[-cfg.max_views:],
            bought=one.bought,
        ))
    return out


class ShopDemo:
    """A shop's demo shoppers and demo traffic, built on first use."""

    def __init__(self, catalog: Catalog, recommender: Recommender, store: Any,
                 config: DemoConfig | None = None) -> None:
        self.catalog = catalog
        self.recommender = recommender
        self.store = store
        self.config = config or DemoConfig()

    @cached_property
    def _shoppers(self) -> dict[str, DemoShopper]:
        return {d.id: d for d in demo_shoppers(self.recommender.table, self.config)}

    def shoppers(self) -> list[DemoShopper]:
        """Named demo shoppers for the persona picker (their history is seeded on first use)."""
        return list(self._shoppers.values())

    def persona(self, persona_id: str) -> DemoShopper:
        """A demo shopper by id; InputError naming the ids there are."""
        demo = self._shoppers.get(persona_id) if isinstance(persona_id, str) else None
        if demo is None:
            raise InputError(f"{persona_id!r} is not a demo shopper",
                             fix=f"pick one of {sorted(self._shoppers)}")
        return demo

    def seed_shopper(self, persona_id: str, into: str | None = None) -> None:
        """Give shopper `into` (default: the persona's own id) the persona's consent and
        simulated history (idempotent; an objection stands). The web app seeds a copy
        per visitor, so one visitor's consent changes or erasure never touch another's."""
        from assistant.privacy import ConsentManager

        demo = self.persona(persona_id)
        shopper_id = into or demo.id
        consent = ConsentManager(self.store, shopper_id)
        if consent.objected:
            return
        state = consent.state()
        for category in (BROWSING_HISTORY, PURCHASE_HISTORY):
            if not state.get(category):
                consent.grant(category, source="demo seed")
        if not self.store.views(shopper_id):
            for pid in demo.viewed_ids:
                self.store.record_view(shopper_id, pid)
        if not self.store.purchases(shopper_id):
            for pid, price in demo.bought:
                self.store.record_purchase(shopper_id, pid, price)

    @cached_property
    def _traffic(self) -> DemoTraffic:
        return simulate_traffic(self.catalog, self.recommender, self.config)

    def traffic(self) -> DemoTraffic:
        """Simulated shoppers' requests, ranked (computed once)."""
        return self._traffic


def simulate_traffic(catalog: Catalog, recommender: Recommender,
                     config: DemoConfig | None = None) -> DemoTraffic:
    """Rank simulated requests (no LM) to give the console something to audit."""
    import pandas as pd

    from assistant.pipeline import ConsentView
    from models.features import ShopperContext
    from models.simulator import SimConfig, simulate

    cfg = config or DemoConfig()
    log = simulate(recommender.table,
                   SimConfig(n_users=cfg.traffic_users, sessions_per_user=1, seed=cfg.traffic_seed))
    rng = np.random.default_rng(cfg.region_seed)
    region = {u: DEMO_REGIONS[int(rng.integers(len(DEMO_REGIONS)))] for u in sorted(log.users)}
    consent = ConsentView(granted={}, objected=False, has_data={})
    names = recommender.ranker.feature_names
    rows, feats, suggestions = [], [], []
    for req in log.requests.itertuples():
        cat = req.category if isinstance(req.category, str) else None
        cands = [p for p in catalog.products if cat is None or p.category == cat]
        if not cands:
            continue
        ctx = ShopperContext(
            request_text=str(req.request_text),
            request_embedding=None,
            request_category=cat,
            request_max_price=None if pd.isna(req.max_price) else float(req.max_price),
            request_min_price=None if pd.isna(req.min_price) else float(req.min_price),
        )
        for s in recommender.recommend(ctx, cands[:cfg.candidates], consent):
            suggestions.append(s)
            rows.append({"region": region[req.user_id], "category": s.product.category,
                         "price": s.product.price})
            feats.append([s.explanation.feature_values.get(f, 0.0) for f in names])
    return DemoTraffic(pd.DataFrame(rows), np.asarray(feats, dtype=float), suggestions)


__all__ = [
    "DEMO_PERSONAS", "DEMO_REGIONS", "DemoConfig", "DemoShopper", "DemoTraffic", "ShopDemo",
    "demo_shoppers", "simulate_traffic",
]
