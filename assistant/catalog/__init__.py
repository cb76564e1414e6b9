"""The product catalog: products with variants and typed attributes, from a shop's export.

`load_catalog(path)` reads a Shopify product CSV export, a Google Merchant Center feed
(TSV or RSS XML), or the canonical CSV / Parquet / JSON (and the raw Costco scrape of
the demo data), detected from the headers, into a `Catalog` of `Product`s, each with
its `Variant`s and `Attribute`s (stated in columns, options, or read from the
product's prose with the span they came from). `load_catalog()` reads the demo
catalog shipped in the package (`demo_catalog_path()`). Modules: `model` (Product,
Catalog), `types` (Variant, Attribute, enumerations), `records` (files -> rows),
`formats` (one reader per layout), `build` (rows -> products), `extract` / `rules`
(attributes in prose), `units`, `html`, `injection`, `check` (`catalog check`).
"""

from __future__ import annotations

from assistant.catalog.injection import TextFlag
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
from assistant.catalog.types import AVAILABILITY, Attribute, Variant

__all__ = [
    "AVAILABILITY", "CANONICAL_COLUMNS", "FEATURE_SEP", "REQUIRED_COLUMNS", "Attribute", "Catalog",
    "Product", "SkippedRow", "TextFlag", "Variant", "brand_of", "demo_catalog_path",
    "load_catalog", "make_id", "parse_discount", "parse_price", "parse_rating", "split_features",
]  # fmt: skip
