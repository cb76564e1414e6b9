"""Format readers, one per layout a shop exports, chosen from the file's headers.

`detect(table)` names the layout: "shopify" (Handle + Variant Price), "merchant" (a
Merchant Center feed: id, title, price, with g: names or Merchant Center columns such
as availability / item_group_id / google_product_category / product_type, and no
category column), "costco" (the raw scrape of the demo data) or "canonical". Each
reader turns one row into `Draft`s; `reader(name, table)` makes one.
"""

from __future__ import annotations

import re
from typing import Protocol

from assistant.catalog.draft import Draft
from assistant.catalog.formats import canonical, merchant, shopify
from assistant.catalog.formats.canonical import CanonicalReader
from assistant.catalog.formats.merchant import MerchantReader
from assistant.catalog.formats.shopify import Inactive, ShopifyReader
from assistant.catalog.records import RawRow, Table
from models.errors import CatalogError

# Layout -> what `catalog check` calls it.
FORMAT_NAMES = {
    "shopify": "Shopify product CSV export",
    "merchant": "Google Merchant Center feed",
    "canonical": "ClearCart canonical catalog",
    "costco": "raw Costco scrape (demo source)",
}
_MERCHANT_HINTS = {"availability", "item_group_id", "google_product_category", "product_type",
                   "image_link", "link", "sale_price", "gtin", "mpn", "condition"}


class Reader(Protocol):
    def drafts(self, raw: RawRow) -> list[Draft]: ...


def _names(table: Table) -> set[str]:
    return {re.sub(r"[\s\-]+", "_", h.strip().lower()) for h in table.header}


def detect(table: Table) -> str:
    """The layout of a table, from its header (or, for XML, its elements)."""
    names = _names(table)
    if "handle" in names and ({"variant_price", "option1_name"} & names):
        return "shopify"
    plain = {n.removeprefix("g:") for n in names}
    if table.kind == "xml" or (
        {"id", "title", "price"} <= plain and "category" not in names
        and (any(n.startswith("g:") for n in names) or _MERCHANT_HINTS & plain)
    ):
        return "merchant"
    if {"sub_category", "feature"} & names:
        return "costco"
    return "canonical"


def _require(table: Table, fmt: str) -> None:
    if fmt == "shopify":
        required, found = shopify.REQUIRED, set(table.header)
    elif fmt == "merchant":
        required = merchant.REQUIRED
        found = {h.strip().lower().removeprefix("g:") for h in table.header}
    else:
        required = canonical.REQUIRED
        found = {canonical.normalise(h) for h in table.header}
    missing = [c for c in required if c not in found]
    if missing or not table.rows:
        raise CatalogError(
            f"{table.path}: missing required column(s) {missing or list(required)}; "
            f"found {sorted(found)}; required {list(required)}",
            fix="Export the catalog from Shopify (Products > Export) or Merchant Center, or "
            "rename your columns to title, category, price (optional: id, brand, discount, "
            "discount_text, rating, review_count, features, description, sku, stock, ...).",
        )


def reader(fmt: str, table: Table) -> Reader:
    """A reader for the layout `fmt` of `table` (its required columns checked)."""
    _require(table, fmt)
    if fmt == "shopify":
        return ShopifyReader(table)
    if fmt == "merchant":
        return MerchantReader(table)
    return CanonicalReader(table)


__all__ = ["FORMAT_NAMES", "Inactive", "Reader", "detect", "reader"]
