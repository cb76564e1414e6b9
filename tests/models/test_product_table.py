"""The ranker's product table made from product records equals the one read from the frame."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.catalog import load_catalog
from models.product_table import ProductTable

DATA = Path(__file__).resolve().parents[1] / "data"
SHOPS = [None, DATA / "outdoor_kitchen.csv", DATA / "home_apparel.csv",
         DATA / "pet_supplies.csv"]


@pytest.mark.parametrize("shop", SHOPS, ids=lambda s: "demo" if s is None else s.stem)
def test_from_products_is_from_frame_without_the_frame(shop: Path | None) -> None:
    catalog = load_catalog(shop)
    vectors = np.random.default_rng(0).random((len(catalog), 8), dtype=np.float32)
    made = ProductTable.from_products(catalog.products, vectors)
    read = ProductTable.from_frame(catalog.to_frame(), vectors)
    for name in ("ids", "titles", "categories", "brands", "first_features", "category_names"):
        assert getattr(made, name) == getattr(read, name), name
    for name in ("price", "discount", "rating", "review_count", "cat_codes", "brand_codes",
                 "rel_price", "embeddings"):
        assert np.array_equal(getattr(made, name), getattr(read, name), equal_nan=True), name
