"""The catalog as the ranker's features see it: one row per product, prices relative to
their category, category and brand codes, and the product texts to embed
(`features.build_features` reads it; `hashed_embeddings` is the offline stand-in for
the sentence embedder)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from models.errors import InputError

CANONICAL_COLUMNS = ("id", "title", "category", "brand", "price", "discount",
                     "discount_text", "rating", "review_count", "features")


@dataclass
class ProductTable:
    """Column arrays of a catalog, plus one text embedding per product."""

    ids: list[str]
    titles: list[str]
    categories: list[str]
    brands: list[str]
    price: np.ndarray  # float64 dollars
    discount: np.ndarray  # float64 dollars off
    rating: np.ndarray  # float64, NaN when unrated
    review_count: np.ndarray  # int64
    embeddings: np.ndarray  # (n, d) float32, L2-normalised rows
    # each product's first feature line ("" when none): what a simulated shopper says a
    # product is for (models/simulator.py)
    first_features: list[str] = field(default_factory=list)
    index: dict[str, int] = field(init=False)
    cat_codes: np.ndarray = field(init=False)
    rel_price: np.ndarray = field(init=False)  # log price - median log price of its category
    cat_median_price: np.ndarray = field(init=False)  # per category code: median price
    category_names: list[str] = field(init=False)
    brand_codes: np.ndarray = field(init=False)
    _product_cols: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        n = len(self.ids)
        if self.embeddings.shape[0] != n:
            raise InputError(
                f"{self.embeddings.shape[0]} embeddings for {n} products",
                fix="embed exactly the catalog rows, in order (product_texts(frame)).",
            )
        self.index = {pid: i for i, pid in enumerate(self.ids)}
        self.category_names = sorted(set(self.categories))
        cat_pos = {c: i for i, c in enumerate(self.category_names)}
        self.cat_codes = np.array([cat_pos[c] for c in self.categories], dtype=np.int64)
        brand_pos = {b: i for i, b in enumerate(sorted(set(self.brands)))}
        self.brand_codes = np.array([brand_pos[b] for b in self.brands], dtype=np.int64)
        self.embeddings = np.ascontiguousarray(self.embeddings, dtype=np.float32)
        price = np.maximum(self.price.astype(np.float64), 0.01)
        rated = ~np.isnan(self.rating)
        logp = np.log(price)
        n_cats = len(self.category_names)
        med = np.array([np.median(logp[self.cat_codes == c]) for c in range(n_cats)])
        self.cat_median_price = np.exp(med)
        self.rel_price = logp - med[self.cat_codes]
        cols = np.zeros((n, 5), dtype=np.float64)
        cols[:, 0] = self.rel_price
        cols[:, 1] = self.discount / (price + self.discount)
        cols[:, 2] = np.where(rated, self.rating, 0.0)
        cols[:, 3] = rated.astype(np.float64)
        cols[:, 4] = np.log1p(self.review_count.astype(np.float64))
        self._product_cols = cols

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def from_products(cls, products: Sequence[Any], embeddings: np.ndarray) -> ProductTable:
        """Build from product records (objects with the canonical fields as attributes:
        id, title, category, brand, price, discount, rating, review_count, features), as
        `from_frame` reads the same catalog's frame, without making the frame (~100 MB at
        100,000 products, which the process then keeps)."""
        def number(x: Any, default: float) -> float:
            return default if x is None else float(x)

        return cls(
            ids=[str(p.id) for p in products],
            titles=[str(p.title) for p in products],
            categories=[str(p.category) for p in products],
            brands=[str(p.brand) if p.brand else str(p.title).split()[0] for p in products],
            price=np.array([float(p.price) for p in products], dtype=np.float64),
            discount=np.array([number(p.discount, 0.0) for p in products], dtype=np.float64),
            rating=np.array([number(p.rating, np.nan) for p in products], dtype=np.float64),
            review_count=np.array([int(p.review_count or 0) for p in products], dtype=np.int64),
            embeddings=np.asarray(embeddings, dtype=np.float32),
            first_features=[str(p.features[0]) if p.features else "" for p in products],
        )

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, embeddings: np.ndarray) -> ProductTable:
        """Build from a catalog frame with the canonical columns (see module doc)."""
        missing = [c for c in ("id", "title", "category", "price") if c not in frame.columns]
        if missing:
            raise InputError(f"catalog frame lacks columns {missing}",
                             fix=f"pass a frame with columns {', '.join(CANONICAL_COLUMNS)}.")
        n = len(frame)

        def col(name: str, default: object) -> pd.Series:
            return frame[name] if name in frame.columns else pd.Series([default] * n)

        brands = [str(b) if isinstance(b, str) and b else str(t).split()[0]
                  for b, t in zip(col("brand", ""), frame["title"], strict=True)]
        return cls(
            ids=[str(x) for x in frame["id"]],
            titles=[str(x) for x in frame["title"]],
            categories=[str(x) for x in frame["category"]],
            brands=brands,
            price=pd.to_numeric(frame["price"]).to_numpy(np.float64),
            discount=pd.to_numeric(col("discount", 0.0)).fillna(0.0).to_numpy(np.float64),
            rating=pd.to_numeric(col("rating", np.nan)).to_numpy(np.float64),
            review_count=pd.to_numeric(col("review_count", 0)).fillna(0).to_numpy(np.int64),
            embeddings=np.asarray(embeddings, dtype=np.float32),
            first_features=[str(f).split(" | ")[0] if isinstance(f, str) else ""
                            for f in col("features", "")],
        )

    def rows(self, ids: tuple[str, ...] | list[str]) -> np.ndarray:
        """Row indices of known ids (unknown ids, e.g. delisted products, are skipped)."""
        return np.array([self.index[i] for i in ids if i in self.index], dtype=np.int64)


def product_texts(frame: pd.DataFrame, max_chars: int = 600) -> list[str]:
    """The text embedded for each product: "title. category. feature; feature; ..."

    Same recipe as the assistant's product index, so training and serving match.
    """
    feats = frame["features"] if "features" in frame.columns else [""] * len(frame)
    return [f"{t}. {c}. {'; '.join(str(f).split(' | ')) if isinstance(f, str) else ''}"[:max_chars]
            for t, c, f in zip(frame["title"], frame["category"], feats, strict=True)]


def hashed_embeddings(texts: list[str], dim: int = 384) -> np.ndarray:
    """A cheap deterministic stand-in for the sentence embedder (hashed bag of words).

    For tests and quick offline runs; the shipped artifact uses models.embedder.
    """
    out = np.zeros((len(texts), dim), dtype=np.float32)
    for r, text in enumerate(texts):
        for word in re.findall(r"[a-z0-9]+", text.lower()):
            h = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")
            out[r, h % dim] += 1.0 if (h >> 40) & 1 else -1.0
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms > 0, norms, 1.0)


__all__ = ["CANONICAL_COLUMNS", "ProductTable", "hashed_embeddings", "product_texts"]
