"""The product catalog: the model (`model`), field parsers (`parse`), file loading (`load`).

`load_catalog(path)` reads a shop's CSV, Parquet or JSON file, canonical or raw Costco
scrape layout, into a `Catalog` of `Product`s; `load_catalog()` reads the demo catalog
shipped in the package (`demo_catalog_path()`). The rules are in `assistant.catalog.load`.
"""

from __future__ import annotations

from assistant.catalog.load import demo_catalog_path, load_catalog
from assistant.catalog.model import (
    CANONICAL_COLUMNS,
    FEATURE_SEP,
    REQUIRED_COLUMNS,
    Catalog,
    Product,
    SkippedRow,
)
from assistant.catalog.parse import (
    brand_of,
    make_id,
    parse_discount,
    parse_price,
    parse_rating,
    split_features,
)

__all__ = [
    "CANONICAL_COLUMNS", "FEATURE_SEP", "REQUIRED_COLUMNS", "Catalog", "Product", "SkippedRow",
    "brand_of", "demo_catalog_path", "load_catalog", "make_id", "parse_discount", "parse_price",
    "parse_rating", "split_features",
]  # fmt: skip
