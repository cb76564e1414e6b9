"""A documented shopper simulator over a catalog: training data with known truth.

Each simulated shopper follows one `Persona`: known preference weights over
product attributes. A shopper's utility for product p among the products shown
(all products of one category) is

    U(p) = sum_k weight_k * component_k(p) + noise * Gumbel

with components standardised (z-scores) over the products shown:
  price      -z(log price)                 (price sensitivity)
  rating     z(star rating; unrated = 3.5)
  reviews    z(log(1 + review count))
  discount   z(dollars off / list price)
  taste      z(cosine(product text, the shopper's hidden taste))  -> seen in BROWSING history
  brand      z(share of the shopper's purchases that are of this brand) -> PURCHASE history
  tier       -z(|relative price - the shopper's price tier|)       -> seen in PURCHASE history
  use        z(cosine(product text, what the request says it is for))   -> REQUEST (use)
  band       -1 if the price is outside the budget the request said in words -> REQUEST
  budget     -4 if the price is above the limit the shopper asked for

A request may state a price limit in numbers (`budget_prob`), or instead a budget in words
(`band_prob`: "on a budget", "not too pricey", "mid-range", "premium"), which is a band of
the category's own prices (the cheapest third, the cheapest 40%, 30-70%, the dearest 40%;
as assistant/qa/answering/budget.py reads it), and may say what the product is for
(`use_prob`): the first feature line of a random product of the category ("Up to 18 hours
of battery life"), which the shopper then prefers products close to. Every persona weighs
both (models/personas.py REQUEST_WEIGHTS), so the ranker's request groups have a known truth.

Brand loyalty follows what the shopper actually bought: before the first
purchase (the purchases that open each shopper's log) the share is 1 for the
shopper's hidden favourite brands, after that it is the share among the
purchases so far, so purchase history is the cause of these choices, not just a
correlate. The price tier is a stable hidden trait that purchases reveal.
"Relative price" is log price minus the median log price of the product's
category (ProductTable.rel_price), so a price tier means the same thing in
every category ("buys the premium end", "buys the cheap end").

Clicks and purchases are draws from this utility, so purchases reveal the
favourite brands and the price tier. Page views (just browsing) ignore brand
and price tier. How focused browsing is depends on the persona
(`Persona.browse_focus`): a focused browser views products that match the
hidden taste in the persona's own categories, so views reveal the taste; a
broad browser views products at random across the whole catalog. Purchase-driven
personas browse broadly (all views random, so their "strongest driver" stays a
clean truth for checking explanations) and choose by the brands and price tier
their purchases show; browsing-driven personas browse with focus and choose what
resembles what they viewed. Purchase-driven personas are also repeat buyers
(`Persona.buy_rate`): more purchases before the log starts and a higher chance
that a session ends in a purchase.

Browsing history is the page views only (as in the app, where `Session.view`
records it): suggestion clicks answer a request and follow the full utility, so
for purchase-driven shoppers they would echo the brands and price tier their
purchases show; the ranker uses them as training labels, not as browsing data.

The personas live in models/personas.py; `Persona.driver` is the known strongest
personal driver ("browsing_history", "purchase_history" or "none"), which
explanations can be checked against (`ground_truth`). `simulate_shopper` gives one
persona's history, e.g. for demo shoppers in an app.

Logs have the format a real shop passes, `user_id,product_id,event,timestamp`
(events: view = product page view, click = clicked a suggestion, purchase),
plus a requests file `user_id,timestamp,request_text,category,max_price,min_price`:
the clicks and purchases after a request and before that user's next request
answer it.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from models.features import ProductTable
from models.personas import COMPONENTS, Persona, persona_named, personas
from models.price_bands import outside
from models.price_bands import quantile_limits as price_band

EVENT_COLUMNS = ("user_id", "product_id", "event", "timestamp")
REQUEST_COLUMNS = ("user_id", "timestamp", "request_text", "category", "max_price", "min_price",
                   "band_min", "band_max", "use_text")
# Budgets in words as shares of a category's prices (lower quantile, upper quantile).
BAND_LEVELS: tuple[tuple[float, float], ...] = ((0.0, 1 / 3), (0.0, 0.4), (0.3, 0.7), (0.6, 1.0))


@dataclass(frozen=True)
class SimConfig:
    # Simulated shoppers (personas assigned round-robin).
    n_users: int = 480
    # Requests (chat sessions) per shopper.
    sessions_per_user: int = 6
    # Product page views before each request, inclusive range.
    views_per_session: tuple[int, int] = (1, 5)
    # Purchases in the history before the first simulated session, inclusive range.
    initial_purchases: tuple[int, int] = (2, 5)
    # Chance that the first click of a session ends in a purchase.
    purchase_prob: float = 0.35
    # Chance of a second click in a session.
    second_click_prob: float = 0.3
    # Share of requests that name a price limit.
    budget_prob: float = 0.5
    # Share of the other requests that say a budget in words (a band of the category's prices).
    band_prob: float = 0.5
    # Share of requests that say what the product is for.
    use_prob: float = 0.4
    # Scale of the Gumbel noise on utilities (1.0 = logit choice).
    noise: float = 1.0
    # Seed: same seed and catalog -> identical logs.
    seed: int = 0
    # Timestamp of the first event.
    start: str = "2024-01-01T09:00:00"


@dataclass
class SimLog:
    events: pd.DataFrame  # user_id, product_id, event, timestamp (ISO 8601)
    requests: pd.DataFrame  # user_id, timestamp, request_text, category, max_price, min_price
    users: dict[str, str]  # user_id -> persona name
    latents: dict[str, dict[str, Any]]  # user_id -> first taste anchor, favourite brands, tier

    def write(self, directory: str | Path) -> tuple[Path, Path]:
        d = Path(directory)
        d.mkdir(parents=True, exist_ok=True)
        ev, rq = d / "events.csv", d / "requests.csv"
        self.events.to_csv(ev, index=False)
        self.requests.to_csv(rq, index=False)
        return ev, rq


# Request phrasings without and with a price limit ({c}: category, {p}: the limit).
_TEMPLATES = (
    "I'm looking for {c}",
    "what are the best rated {c}",
    "recommend some {c}",
    "good {c} for me",
)
_TEMPLATES_PRICE = ("{c} under ${p:,.0f}", "I need {c}, max ${p:,.0f}", "best {c} below ${p:,.0f}")


def request_text(category: str, max_price: float | None, pick: int) -> str:
    """A shopper's request for `category` (and a price limit), phrasing number `pick`."""
    phrase = category.lower().replace("&", "and")
    if max_price is None:
        return _TEMPLATES[pick % len(_TEMPLATES)].format(c=phrase)
    return _TEMPLATES_PRICE[pick % len(_TEMPLATES_PRICE)].format(c=phrase, p=max_price)


def _category_probs(persona: Persona, table: ProductTable) -> np.ndarray:
    w = np.zeros(len(table.category_names))
    for key, weight in persona.category_weights.items():
        for i, name in enumerate(table.category_names):
            if key.lower() in name.lower():
                w[i] += weight
    if w.sum() == 0:  # a catalog without any of the persona's categories
        w[:] = 1.0
    return w / w.sum()


def _z(v: np.ndarray) -> np.ndarray:
    sd = v.std()
    return (v - v.mean()) / sd if sd > 1e-12 else np.zeros_like(v)


class _Shopper:
    def __init__(self, uid: str, persona: Persona, table: ProductTable, rng: np.random.Generator):
        self.uid, self.persona, self.table, self.rng = uid, persona, table, rng
        self.cat_p = _category_probs(persona, table)
        anchor_cat = int(rng.choice(len(self.cat_p), p=self.cat_p))
        self.session_cat: int | None = None  # this session's category of interest
        self.interest(anchor_cat)
        own_categories = np.flatnonzero(self.cat_p)
        rows = np.flatnonzero(np.isin(table.cat_codes, own_categories))
        brands = [table.brands[i] for i in rows]
        uniq, counts = np.unique(brands, return_counts=True)
        k = min(2, len(uniq))
        self.fav_brands = set(rng.choice(uniq, size=k, replace=False, p=counts / counts.sum()))
        # price tier: the relative price (log price - category median) the shopper prefers
        self.tier = float(np.clip(rng.normal(0.0, 0.45), -0.9, 0.9))
        self.owned: list[int] = []  # rows bought so far (in the log)

    def buy(self, row: int) -> int:
        self.owned.append(row)
        return row

    def utility(
        self, rows: np.ndarray, max_price: float | None, noise: float, browsing: bool = False,
        band: tuple[float | None, float | None] | None = None, use: int | None = None,
    ) -> np.ndarray:
        """U over `rows`; when just browsing, brand and price level do not steer the views.
        `band`: a budget in words (min, max); `use`: the row whose first feature line the
        request said the product is for."""
        t, w = self.table, self.persona.weights
        logp = np.log(np.maximum(t.price[rows], 0.01))
        rating = np.where(np.isnan(t.rating[rows]), 3.5, t.rating[rows])
        comp = {
            "price": -_z(logp),
            "rating": _z(rating),
            "reviews": _z(np.log1p(t.review_count[rows].astype(float))),
            "discount": _z(t.discount[rows] / (t.price[rows] + t.discount[rows])),
            "taste": _z(t.embeddings[rows].astype(np.float64) @ self.taste),
            "brand": _z(self._brand(rows)),
            "tier": -_z(np.abs(t.rel_price[rows] - self.tier)),
            "use": (_z(t.embeddings[rows].astype(np.float64) @ t.embeddings[use])
                    if use is not None else np.zeros(len(rows))),
            "band": -outside(t.price[rows], band),
        }
        skip = ("brand", "tier") if browsing else ()
        u = sum(w[k] * comp[k] for k in COMPONENTS if k not in skip)
        if max_price is not None:
            u = u - 4.0 * (t.price[rows] > max_price)
        return np.asarray(u) + noise * self.rng.gumbel(size=len(rows))

    def _brand(self, rows: np.ndarray) -> np.ndarray:
        """Loyalty to what was bought: share of purchases of each row's brand
        (before any purchase: 1 for the hidden favourite brands)."""
        t = self.table
        if not self.owned:
            return np.array([t.brands[r] in self.fav_brands for r in rows], dtype=float)
        counts = np.bincount(t.brand_codes[self.owned], minlength=int(t.brand_codes.max()) + 1)
        return counts[t.brand_codes[rows]] / len(self.owned)

    def interest(self, cat: int) -> None:
        """Anchor the hidden taste on a random product of category `cat`."""
        self.anchor = int(self.rng.choice(np.flatnonzero(self.table.cat_codes == cat)))
        taste = self.table.embeddings[self.anchor].astype(np.float64)
        self.taste = taste / max(np.linalg.norm(taste), 1e-12)

    def start_session(self) -> int:
        """The category this session is about; a session-interest persona gets a new taste in it."""
        cat = self.pick_category()
        if self.persona.session_interest:
            self.interest(cat)
            self.session_cat = cat
        return cat

    def pick_category(self) -> int:
        if self.session_cat is not None and self.rng.random() < 0.7:
            return self.session_cat  # mostly browsing what this session is about
        return int(self.rng.choice(len(self.cat_p), p=self.cat_p))

    def browse(self, noise: float) -> int:
        """One page view: focused (taste, own categories) or, otherwise, a random product."""
        if self.rng.random() >= self.persona.browse_focus:
            return int(self.rng.integers(0, len(self.table)))
        rows = np.flatnonzero(self.table.cat_codes == self.pick_category())
        return int(rows[np.argmax(self.utility(rows, None, noise, True))])


def simulate(
    table: ProductTable,
    config: SimConfig | None = None,
    cohort: tuple[Persona, ...] | None = None,
) -> SimLog:
    """Simulate shoppers over `table`; deterministic for a given seed and table.

    Personas are assigned round-robin from `cohort` (default: all personas()).
    """
    cfg = config or SimConfig()
    rng = np.random.default_rng(cfg.seed)
    t0 = _dt.datetime.fromisoformat(cfg.start)
    events: list[tuple[str, str, str, str]] = []
    requests: list[tuple[str, str, str, str, float | None, float | None, float | None,
                         float | None, str]] = []
    users: dict[str, str] = {}
    latents: dict[str, dict[str, Any]] = {}
    pers = cohort or personas()
    for u in range(cfg.n_users):
        persona = pers[u % len(pers)]
        uid = f"sim-{u:05d}"
        shopper = _Shopper(uid, persona, table, rng)
        users[uid] = persona.name
        latents[uid] = {
            "taste_anchor": table.ids[shopper.anchor],
            "favourite_brands": sorted(shopper.fav_brands),
            "price_tier": round(shopper.tier, 3),
        }
        clock = t0 + _dt.timedelta(hours=u % 24, days=int(rng.integers(0, 7)))

        def log(pid: int, event: str, minutes: float, uid: str = uid) -> None:
            nonlocal clock
            clock += _dt.timedelta(minutes=minutes)
            events.append((uid, table.ids[pid], event, clock.isoformat(timespec="seconds")))

        n_buy = int(rng.integers(cfg.initial_purchases[0], cfg.initial_purchases[1] + 1))
        buy_prob = min(0.95, cfg.purchase_prob * persona.buy_rate)
        for _ in range(int(round(n_buy * persona.buy_rate))):
            rows = np.flatnonzero(table.cat_codes == shopper.pick_category())
            best = int(rows[np.argmax(shopper.utility(rows, None, cfg.noise))])
            log(shopper.buy(best), "purchase", 60 * 24)
        for _ in range(cfg.sessions_per_user):
            clock += _dt.timedelta(days=float(rng.uniform(1, 10)))
            cat = shopper.start_session()
            n_views = int(rng.integers(cfg.views_per_session[0], cfg.views_per_session[1] + 1))
            for _ in range(int(round(n_views * persona.view_rate))):
                log(shopper.browse(2 * cfg.noise), "view", float(rng.uniform(1, 5)))
            rows = np.flatnonzero(table.cat_codes == cat)
            max_price = None
            band: tuple[float | None, float | None] | None = None
            if rng.random() < cfg.budget_prob:
                q = float(rng.uniform(0.3, 0.9))
                max_price = float(np.ceil(np.quantile(table.price[rows], q) / 50) * 50)
            elif rng.random() < cfg.band_prob and len(rows) >= 2:
                level = BAND_LEVELS[int(rng.integers(0, len(BAND_LEVELS)))]
                band = price_band(table.price[rows], level)
            use = int(rng.choice(rows)) if rng.random() < cfg.use_prob else None
            use_text = (table.first_features[use] or table.titles[use]) \
                if use is not None and table.first_features else ""
            clock += _dt.timedelta(minutes=float(rng.uniform(1, 5)))
            name = table.category_names[cat]
            text = request_text(name, max_price, int(rng.integers(0, 12)))
            requests.append((uid, clock.isoformat(timespec="seconds"), text, name, max_price, None,
                             band[0] if band else None, band[1] if band else None, use_text))
            use = use if use_text else None
            order = np.argsort(-shopper.utility(rows, max_price, cfg.noise, band=band, use=use))
            log(int(rows[order[0]]), "click", float(rng.uniform(0.5, 3)))
            if rng.random() < buy_prob:
                log(shopper.buy(int(rows[order[0]])), "purchase", float(rng.uniform(1, 10)))
            if len(order) > 1 and rng.random() < cfg.second_click_prob:
                log(int(rows[order[1]]), "click", float(rng.uniform(0.5, 3)))
    return SimLog(
        pd.DataFrame(events, columns=list(EVENT_COLUMNS)),
        pd.DataFrame(requests, columns=list(REQUEST_COLUMNS)),
        users,
        latents,
    )


def ground_truth(log: SimLog | None = None, path: str | Path | None = None) -> dict[str, Any]:
    """Personas (weights, strongest driver) and each simulated user's persona and latents.

    With no `log`, reads the ground truth saved next to the ranker artifact.
    """
    if log is None:
        import json

        from models.errors import ArtifactError
        from models.ranker import DEFAULT_DIR

        p = Path(path) if path is not None else DEFAULT_DIR / "ground_truth.json"
        if not p.is_file():
            raise ArtifactError(
                f"no simulator ground truth at {p}",
                fix="run `python -m models.train` (it saves it with the ranker).",
            )
        data: dict[str, Any] = json.loads(p.read_text())
        return data
    return {
        "utility": "U(p) = sum_k weight_k * component_k(p) + Gumbel noise; see models/simulator.py",
        "personas": {p.name: asdict(p) for p in personas()},
        "users": {u: {"persona": name} | log.latents.get(u, {}) for u, name in log.users.items()},
    }


@dataclass(frozen=True)
class ShopperHistory:
    """One simulated shopper's history, as an app would have stored it."""

    persona: str  # persona name (see personas())
    viewed_ids: tuple[str, ...]  # product page views, oldest first
    bought: tuple[tuple[str, float], ...]  # (product id, price paid), oldest first


def simulate_shopper(
    table: ProductTable, persona: str, sessions: int = 3, seed: int = 0
) -> ShopperHistory:
    """The page views and purchases of one shopper following `persona` over `sessions`.

    Deterministic for a given table, persona, sessions and seed; an app's demo
    shoppers (assistant/demo.py) are built from it.
    """
    cfg = SimConfig(n_users=1, sessions_per_user=sessions, seed=seed)
    events = simulate(table, cfg, cohort=(persona_named(persona),)).events
    viewed = tuple(events.loc[events.event == "view", "product_id"])
    bought = tuple(
        (pid, float(table.price[table.index[pid]]))
        for pid in events.loc[events.event == "purchase", "product_id"]
    )
    return ShopperHistory(persona, viewed, bought)


__all__ = [
    "BAND_LEVELS", "COMPONENTS", "EVENT_COLUMNS", "REQUEST_COLUMNS", "Persona", "ShopperHistory",
    "SimConfig", "SimLog", "ground_truth", "persona_named", "personas", "price_band",
    "request_text", "simulate", "simulate_shopper",
]  # fmt: skip
