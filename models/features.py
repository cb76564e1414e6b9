"""Consent-aware features for the learned ranker.

Every feature belongs to exactly one `FeatureGroup`, and every group to exactly
one data category (models/categories.py). A group is the unit of explanation:
its Shapley value says how much that kind of data moved the score.

Personal groups (browsing history, purchase history) are computed only when the
shopper shared that data (`ShopperContext.viewed_ids` / `.bought` not None);
otherwise every feature of the group takes its constant NOT-SHARED value, which
is also the value the stored reference sample holds. A group without consent is
therefore exactly "held at the reference" and is not a player in explanations.

The sponsorship boost is a plain feature that the ranker adds linearly (weight
1, outside the trees), so its Shapley value is exactly the boost. The payer's
name travels in the context, never as a feature. No feature uses location:
the demo model does not need it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from models.categories import (
    BROWSING_HISTORY,
    PRODUCT,
    PURCHASE_HISTORY,
    REQUEST,
    SPONSORSHIP,
)
from models.product_table import ProductTable, hashed_embeddings, product_texts


@dataclass(frozen=True)
class FeatureGroup:
    name: str  # player name in explanations, e.g. "viewed_similarity"
    category: str  # exactly one data category of models.categories
    features: tuple[str, ...]  # feature names, in column order
    description: str  # plain-language sentence shown to shoppers and marketers


FEATURE_GROUPS: tuple[FeatureGroup, ...] = (
    FeatureGroup("request_match", REQUEST, ("request_similarity",),
                 "How closely the product's text matches what you asked for in this chat."),
    FeatureGroup("request_category", REQUEST, ("category_asked", "category_match"),
                 "Whether the product is in the kind of product you asked for."),
    FeatureGroup("request_price", REQUEST,
                 ("within_budget", "budget_headroom", "band_asked", "band_position"),
                 "Whether the price fits the price limit you gave in this chat, or the budget "
                 "read from your words (\"not too pricey\": the cheaper part of that kind's "
                 "prices)."),
    FeatureGroup("request_use", REQUEST, ("use_asked", "use_similarity"),
                 "How closely the product's text matches what you said it is for, or who it "
                 "is for, in this chat."),
    FeatureGroup("price", PRODUCT, ("relative_price", "discount_share"),
                 "The product's price compared with similar products, and any discount."),
    FeatureGroup("rating", PRODUCT, ("rating", "has_rating"),
                 "The star rating other buyers gave the product."),
    FeatureGroup("popularity", PRODUCT, ("log_reviews",),
                 "How many buyers reviewed the product."),
    FeatureGroup("viewed_similarity", BROWSING_HISTORY,
                 ("has_views", "viewed_max_similarity", "viewed_centroid_similarity",
                  "viewed_focus"),
                 "How similar the product is to products you looked at in this shop."),
    FeatureGroup("viewed_categories", BROWSING_HISTORY, ("viewed_category_share",),
                 "How many of the products you looked at recently were of this kind."),
    FeatureGroup("bought_affinity", PURCHASE_HISTORY,
                 ("has_purchases", "bought_category_share", "bought_brand_share",
                  "bought_max_similarity", "brand_loyalty"),
                 "Whether you bought products of this kind, of this brand, or like it before."),
    FeatureGroup("price_level", PURCHASE_HISTORY, ("price_gap_to_paid", "paid_level_spread"),
                 "How far the price is from the price level of your purchases "
                 "(cheap end, middle or premium end of their kind)."),
    FeatureGroup("sponsorship", SPONSORSHIP, ("sponsor_boost",),
                 "A paid promotion by a marketer; who paid is always disclosed."),
)

FEATURE_NAMES: tuple[str, ...] = tuple(f for g in FEATURE_GROUPS for f in g.features)
FEATURE_INDEX: dict[str, int] = {f: i for i, f in enumerate(FEATURE_NAMES)}
GROUP_OF_FEATURE: dict[str, str] = {f: g.name for g in FEATURE_GROUPS for f in g.features}

# The value each personal/sponsorship feature takes when the data is not shared
# (or there is none). The ranker's reference sample holds exactly these values.
NOT_SHARED: dict[str, float] = {
    "has_views": 0.0,
    "viewed_max_similarity": 0.0,
    "viewed_centroid_similarity": 0.0,
    "viewed_focus": 0.0,
    "viewed_category_share": 0.0,
    "has_purchases": 0.0,
    "bought_category_share": 0.0,
    "bought_brand_share": 0.0,
    "bought_max_similarity": 0.0,
    # unknown price level = a typical gap (about the median over shoppers): neither close nor
    # far. (-1 would sit on the "closest" side of every tree split and hide the effect.)
    "price_gap_to_paid": 0.5,
    "paid_level_spread": 1.0,  # unknown = no consistent price level
    "brand_loyalty": 0.0,
    "sponsor_boost": 0.0,
}


@dataclass(frozen=True)
class ShopperContext:
    """Everything the ranker may know about one shopper at one request.

    `viewed_ids` / `bought` are None when the shopper did not consent to that
    category (an empty tuple means consent but no history yet; both give the
    NOT-SHARED feature values).
    """

    request_text: str = ""  # the (redacted) request in this chat
    request_embedding: np.ndarray | None = None  # (d,) L2-normalised; None: no text match
    request_category: str | None = None  # parsed catalog category, if the shopper named one
    request_max_price: float | None = None  # parsed upper price limit
    request_min_price: float | None = None  # parsed lower price limit
    # The price band read from a budget in words ("not too pricey": (None, 849.99)); None
    # when the shopper said no budget in words. A stated limit is request_max/min_price.
    request_band: tuple[float | None, float | None] | None = None
    # What the shopper said it is for or who it is for ("for college"), and its embedding
    # (d,) L2-normalised; None: nothing said.
    use_text: str = ""
    use_embedding: np.ndarray | None = None
    viewed_ids: tuple[str, ...] | None = None  # product page views, oldest first
    bought: tuple[tuple[str, float], ...] | None = None  # (product id, price paid)
    sponsorships: dict[str, tuple[str, float]] = field(default_factory=dict)  # id -> (payer, boost)


_F = FEATURE_INDEX
RECENT_VIEWS = 5  # "recent" browsing: the last few product page views (short-term interest)


def build_features(
    ctx: ShopperContext, table: ProductTable, candidate_idx: np.ndarray
) -> np.ndarray:
    """Feature matrix (n, F) for the candidate rows of `table`, no NaN anywhere."""
    idx = np.asarray(candidate_idx, dtype=np.int64)
    n = len(idx)
    X = np.zeros((n, len(FEATURE_NAMES)), dtype=np.float64)
    pc = table._product_cols[idx]
    price = table.price[idx]
    emb = table.embeddings[idx]
    # request
    if ctx.request_embedding is not None:
        request = np.asarray(ctx.request_embedding, np.float32)[None]
        X[:, _F["request_similarity"]] = _dot(emb, request)[:, 0]
    if ctx.request_category is not None:
        X[:, _F["category_asked"]] = 1.0
        X[:, _F["category_match"]] = table.cat_codes[idx] == _code(table, ctx.request_category)
    lo = ctx.request_min_price if ctx.request_min_price is not None else -np.inf
    hi = ctx.request_max_price if ctx.request_max_price is not None else np.inf
    X[:, _F["within_budget"]] = (price >= lo) & (price <= hi)
    if ctx.request_max_price is not None and ctx.request_max_price > 0:
        X[:, _F["budget_headroom"]] = np.clip(
            (ctx.request_max_price - price) / ctx.request_max_price, -1.0, 1.0)
    X[:, _F["band_position"]] = NO_BAND_POSITION
    if ctx.request_band is not None and any(b is not None for b in ctx.request_band):
        X[:, _F["band_asked"]] = 1.0
        X[:, _F["band_position"]] = band_position(price, *ctx.request_band)
    if ctx.use_embedding is not None:
        X[:, _F["use_asked"]] = 1.0
        use = np.asarray(ctx.use_embedding, np.float32)[None]
        X[:, _F["use_similarity"]] = _dot(emb, use)[:, 0]
    # product
    X[:, _F["relative_price"]] = pc[:, 0]
    X[:, _F["discount_share"]] = pc[:, 1]
    X[:, _F["rating"]] = pc[:, 2]
    X[:, _F["has_rating"]] = pc[:, 3]
    X[:, _F["log_reviews"]] = pc[:, 4]
    # personal groups start at NOT-SHARED
    for name, value in NOT_SHARED.items():
        X[:, _F[name]] = value
    viewed = table.rows(ctx.viewed_ids) if ctx.viewed_ids else np.zeros(0, np.int64)
    if len(viewed):
        sims = _dot(emb, table.embeddings[viewed])
        centroid = table.embeddings[viewed].mean(axis=0)
        norm = float(np.linalg.norm(centroid))
        X[:, _F["has_views"]] = 1.0
        X[:, _F["viewed_max_similarity"]] = sims[:, -RECENT_VIEWS:].max(axis=1)
        centroid_sim = _dot(emb, (centroid / norm)[None])[:, 0] if norm > 0 else 0.0
        X[:, _F["viewed_centroid_similarity"]] = centroid_sim
        recent = viewed[-RECENT_VIEWS:]
        # how focused recent browsing was (mean pairwise similarity of the recent views):
        # similarity to what a shopper looked at says more when the looking had a direction
        if len(recent) > 1:
            pair = _dot(table.embeddings[recent], table.embeddings[recent])
            k = len(recent)
            X[:, _F["viewed_focus"]] = (pair.sum() - np.trace(pair)) / (k * (k - 1))
        share = np.bincount(table.cat_codes[recent], minlength=len(table.category_names))
        X[:, _F["viewed_category_share"]] = share[table.cat_codes[idx]] / len(recent)
    bought = [(table.index[p], pr) for p, pr in ctx.bought or () if p in table.index]
    if bought:
        rows = np.array([b[0] for b in bought], dtype=np.int64)
        paid = np.array([max(b[1], 0.01) for b in bought], dtype=np.float64)
        cat_share = np.bincount(table.cat_codes[rows], minlength=len(table.category_names))
        n_brands = int(table.brand_codes.max()) + 1
        brand_share = np.bincount(table.brand_codes[rows], minlength=n_brands)
        X[:, _F["has_purchases"]] = 1.0
        X[:, _F["bought_category_share"]] = cat_share[table.cat_codes[idx]] / len(rows)
        X[:, _F["bought_brand_share"]] = brand_share[table.brand_codes[idx]] / len(rows)
        X[:, _F["bought_max_similarity"]] = _dot(emb, table.embeddings[rows]).max(axis=1)
        X[:, _F["price_gap_to_paid"]] = np.abs(pc[:, 0] - paid_level(table, rows, paid))
        # how consistent the shopper's price level and brands are (a loyal, consistent
        # buyer's history says more about the next choice)
        spread = min(float(np.std(table.rel_price[rows])), 1.0) if len(rows) > 1 else 1.0
        X[:, _F["paid_level_spread"]] = spread
        X[:, _F["brand_loyalty"]] = brand_share.max() / len(rows) if len(rows) > 1 else 0.0
    if ctx.sponsorships:
        X[:, _F["sponsor_boost"]] = [
            ctx.sponsorships[table.ids[i]][1] if table.ids[i] in ctx.sponsorships else 0.0
            for i in idx
        ]
    return X


# A product's place in the band read from words: 0 its cheap end, 1 its dear end, below 0 or
# above 1 outside it; with no band every product sits in the middle.
NO_BAND_POSITION = 0.5


def band_position(price: np.ndarray, low: float | None, high: float | None) -> np.ndarray:
    """Where each price sits in the band (low, high): 0..1 inside, < 0 below, > 1 above.

    One-sided bands: "under $849.99" is price / high; "over $1,499.99" is 1 - low / price
    (0 at the edge, towards 1 for the dearest). Clipped to [-2, 3]."""
    p = np.maximum(np.asarray(price, dtype=np.float64), 0.01)
    if low is not None and high is not None and high > low:
        pos = (p - low) / (high - low)
    elif high is not None and high > 0:
        pos = p / high
    elif low is not None and low > 0:
        pos = 1.0 - low / p
    else:
        pos = np.full_like(p, NO_BAND_POSITION)
    return np.clip(pos, -2.0, 3.0)


def paid_level(table: ProductTable, rows: np.ndarray, paid: np.ndarray) -> float:
    """The shopper's price level: median over purchases of log(paid / category median price)."""
    cat_median = table.cat_median_price[table.cat_codes[rows]]
    return float(np.median(np.log(np.maximum(paid, 0.01) / cat_median)))


def _dot(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a @ b.T in numpy's own loop: small products must not wake a BLAS thread pool
    (on a busy 2-core machine that costs ~10 ms instead of ~0.1 ms)."""
    return np.einsum("ij,kj->ik", a, b)


def _code(table: ProductTable, category: str) -> int:
    try:
        return table.category_names.index(category)
    except ValueError:
        return -1


def shared_groups(ctx: ShopperContext) -> tuple[str, ...]:
    """Groups whose data this context actually carries (the explanation's players)."""
    out = []
    for g in FEATURE_GROUPS:
        if g.category == BROWSING_HISTORY and ctx.viewed_ids is None:
            continue
        if g.category == PURCHASE_HISTORY and ctx.bought is None:
            continue
        out.append(g.name)
    return tuple(out)


__all__ = [
    "FEATURE_GROUPS",
    "FEATURE_INDEX",
    "FEATURE_NAMES",
    "GROUP_OF_FEATURE",
    "NOT_SHARED",
    "NO_BAND_POSITION",
    "FeatureGroup",
    "ProductTable",
    "ShopperContext",
    "band_position",
    "build_features",
    "hashed_embeddings",
    "paid_level",
    "product_texts",
    "shared_groups",
]
