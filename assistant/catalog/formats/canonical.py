"""The project's own layout (and the raw Costco scrape it was first built from).

Columns (case and spacing ignored): id, title, category, brand, price (what the shopper
pays), discount (dollars off) or list_price, discount_text, rating, review_count,
features (joined by " | "); optional: description, currency, sku, group_id (rows
sharing it are variants of one product, whose id it is), stock, availability,
color / size / material / pattern (options where they vary inside a group), an
`attributes` cell, and any other column, read as an attribute of that name. A JSON
or Parquet record may hold its variants and attributes nested (what
`Product.to_dict()` writes). The raw Costco scrape (Sub Category, Price, Discount,
Rating, Title, Currency, Feature) is read with the phrasing rules of `parse`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from assistant.catalog.draft import (
    Draft,
    attributes_cell,
    currency_code,
    one,
    stated_attribute,
    whole,
)
from assistant.catalog.html import looks_like_html, split_html
from assistant.catalog.parse import (
    BadValue,
    amount,
    brand_of,
    cell_text,
    parse_discount,
    parse_price,
    parse_rating,
    split_features,
)
from assistant.catalog.records import RawRow, Table
from assistant.catalog.types import availability_of

# A column's normalised name -> the canonical one.
ALIASES = {
    "sub_category": "category", "feature": "features", "item_group_id": "group_id",
    "parent_id": "group_id", "compare_at_price": "list_price", "regular_price": "list_price",
    "inventory": "stock", "quantity": "stock", "qty": "stock", "inventory_qty": "stock",
    "colour": "color", "body": "description",
}  # fmt: skip
KNOWN = frozenset({
    "id", "title", "category", "brand", "price", "discount", "discount_text", "rating",
    "review_count", "features", "currency", "description", "sku", "group_id", "list_price",
    "stock", "availability", "attributes", "variants",
})  # fmt: skip
# Columns that are a variant's option where their value varies inside a group.
OPTION_COLUMNS = {"color": "Color", "size": "Size", "material": "Material", "pattern": "Pattern"}
# Columns that say nothing about the product itself.
IGNORED = re.compile(r"^(?:url|link|image|images|handle|unnamed_\d+)$|_(?:url|link|image)$")
REQUIRED = ("title", "category", "price")


@lru_cache(maxsize=1024)  # called for every cell: a file has a few dozen column names
def normalise(name: str) -> str:
    key = re.sub(r"[\s\-]+", "_", str(name).strip().lower())
    return ALIASES.get(key, key)


def describe(value: Any) -> tuple[str, tuple[str, ...]]:
    """A description cell: plain text, or HTML whose list items are features."""
    text = cell_text(value)
    if looks_like_html(text):
        return split_html(text)
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip()), ()


def both(features: Any, items: tuple[str, ...]) -> tuple[str, ...]:
    """A feed's own feature lines, then its description's list items not already among
    them: a Merchant Center feed's product_highlight beside "<li>Seat width 50 cm</li>"
    keeps both (the items were dropped once, and with them a chair's seat width)."""
    given = tuple(features or ())
    seen = {" ".join(f.lower().split()) for f in given}
    return given + tuple(i for i in items if " ".join(i.lower().split()) not in seen)


class CanonicalReader:
    """Rows of the canonical (or raw Costco) layout -> drafts."""

    def __init__(self, table: Table) -> None:
        self.columns = {normalise(h): h for h in table.header}

    def drafts(self, raw: RawRow) -> list[Draft]:
        rec = {normalise(k): v for k, v in raw.cells.items()}
        d = self._product(raw.row, rec)
        nested: Any = rec.get("variants")
        if hasattr(nested, "tolist"):  # Parquet arrays
            nested = nested.tolist()
        if isinstance(nested, list | tuple) and len(nested):
            return [self._nested(d, rec, v) for v in nested]
        return [d]

    def _product(self, row: int, rec: dict[str, Any]) -> Draft:
        title = " ".join(cell_text(rec.get("title")).split())
        if not title:
            raise BadValue("title", rec.get("title"), "empty title", "Give every product a title.")
        category = " ".join(cell_text(rec.get("category")).split())
        if not category:
            raise BadValue("category", rec.get("category"), "empty category",
                           "Give every product a category.")
        currency = currency_code("currency", cell_text(rec.get("currency")))
        price, range_note = parse_price(rec.get("price"))
        if "discount_text" in rec or "list_price" in rec:  # canonical: dollars off as a number
            discount = 0.0
            if cell_text(rec.get("discount")):
                discount = amount("discount", rec.get("discount"), "200 (dollars off) or 0")
            discount_text = cell_text(rec.get("discount_text"))
        else:
            discount, discount_text = parse_discount(rec.get("discount"))
            discount_text = "; ".join(t for t in (discount_text, range_note) if t)
        if cell_text(rec.get("list_price")):
            listed = amount("list_price", rec.get("list_price"), "129.99 (before any discount)")
            discount = round(max(0.0, listed - price), 2)
        rating, reviews = parse_rating(rec.get("rating"), rec.get("review_count"))
        description, items = describe(rec.get("description"))
        availability = ""
        if cell_text(rec.get("availability")):
            availability = availability_of(cell_text(rec.get("availability"))) or ""
            if not availability:
                raise BadValue("availability", rec.get("availability"), "unknown availability",
                               "Write in_stock, out_of_stock, preorder or backorder.")
        d = Draft(
            row=row, group=cell_text(rec.get("group_id")), id=cell_text(rec.get("id")),
            title=title, category=category, brand=cell_text(rec.get("brand")) or brand_of(title),
            price=price, discount=discount, discount_text=discount_text, rating=rating,
            review_count=reviews, features=both(split_features(rec.get("features")), items),
            description=description, currency=currency, sku=cell_text(rec.get("sku")),
            stock=whole("stock", rec.get("stock")), availability=availability,
        )  # fmt: skip
        stated = d.availability not in ("", "unknown")
        d.variant = bool(d.sku or d.group or d.stock is not None or stated)
        if "attributes" in rec and not _empty(rec["attributes"]):
            d.attributes += attributes_cell(self.columns.get("attributes", "attributes"),
                                            rec["attributes"])
        for key, value in rec.items():
            if key in KNOWN or IGNORED.search(key) or _empty(value):
                continue
            column = self.columns.get(key, key)
            if key in OPTION_COLUMNS:
                d.option_columns[OPTION_COLUMNS[key]] = (" ".join(one(value).split()), column)
            elif (a := stated_attribute(key, value, column)) is not None:
                d.attributes.append(a)
        return d

    def _nested(self, product: Draft, rec: dict[str, Any], v: Any) -> Draft:
        """One variant of a JSON/Parquet record that nests them (Product.to_dict())."""
        if not isinstance(v, dict):
            raise BadValue("variants", v, "a variant that is not an object",
                           'Write variants as [{"sku": ..., "price": ..., "options": [...]}].')
        price = amount("variants.price", v.get("price"), "129.99")
        listed = amount("variants.list_price", v.get("list_price") or price, "129.99")
        availability = availability_of(cell_text(v.get("availability"))) or ""
        options = tuple((cell_text(n), cell_text(x)) for n, x in v.get("options") or ())
        return Draft(
            row=product.row, group=cell_text(rec.get("id")) or product.group,
            id=product.id, title=product.title, category=product.category, brand=product.brand,
            price=price, discount=round(max(0.0, listed - price), 2),
            discount_text=product.discount_text, rating=product.rating,
            review_count=product.review_count, features=product.features,
            description=product.description, currency=product.currency,
            sku=cell_text(v.get("sku")), stock=whole("variants.stock", v.get("stock")),
            availability=availability, options=options, attributes=list(product.attributes),
            variant=True,
        )  # fmt: skip


def _empty(value: Any) -> bool:
    if isinstance(value, list | tuple | dict):
        return len(value) == 0
    if hasattr(value, "__len__") and not isinstance(value, str):  # numpy arrays (Parquet)
        return len(value) == 0
    return not cell_text(value)


__all__ = ["ALIASES", "CanonicalReader", "KNOWN", "OPTION_COLUMNS", "REQUIRED", "both", "describe",
           "normalise"]
