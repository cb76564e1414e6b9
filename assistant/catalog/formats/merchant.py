"""A Google Merchant Center product feed, as TSV or as RSS 2.0 XML with g: elements.

One item is one buyable variant: id (its SKU), title, description, price ("129.00 USD",
the regular price) and sale_price (what the shopper pays), availability, brand,
product_type (the shop's own category path; its last part is the category) or
google_product_category, item_group_id (items sharing it are one product, whose id
it is), color / size / material / pattern (options where they vary inside a group),
size_system, gender, age_group, condition, product_detail ("section:name:value", or
nested in XML), product_highlight (features), product_length / width / height /
weight and shipping_weight ("137 cm"). Not in Google's main feed but read when
present: quantity or sell_on_google_quantity (stock), product_rating and
product_review_count.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.catalog.draft import (
    Draft,
    departments,
    every,
    money,
    one,
    stated_attribute,
    whole,
)
from assistant.catalog.formats.canonical import both, describe
from assistant.catalog.parse import BadValue, amount, brand_of
from assistant.catalog.records import RawRow, Table
from assistant.catalog.types import availability_of

REQUIRED = ("id", "title", "price")
_OPTIONS = {"color": "Color", "size": "Size", "material": "Material", "pattern": "Pattern"}
_ATTRIBUTES = ("size_system", "size_type", "gender", "age_group", "condition",
               "product_length", "product_width", "product_height", "product_weight",
               "shipping_weight")  # fmt: skip
_DETAIL = re.compile(r"^(?P<section>[^:]*):(?P<name>[^:]+):(?P<value>.+)$")


def _name(header: str) -> str:
    return re.sub(r"[\s\-]+", "_", header.strip().lower().removeprefix("g:"))


class MerchantReader:
    """Items of a Merchant Center feed (TSV or XML) -> drafts."""

    def __init__(self, table: Table) -> None:
        self.columns = {_name(h): h for h in table.header}

    def drafts(self, raw: RawRow) -> list[Draft]:
        c: dict[str, Any] = {}
        for key, value in raw.cells.items():
            c.setdefault(_name(key), value)
        col = self.columns.get
        sku = one(c.get("id"))
        if not sku:
            raise BadValue(col("id", "id"), c.get("id"), "no id", "Give every item its id.")
        title = " ".join(one(c.get("title")).split())
        if not title:
            raise BadValue(col("title", "title"), c.get("title"), "empty title",
                           "Give every item a title.")
        regular, currency = money(col("price", "price"), c.get("price"))
        sale, sale_currency = money(col("sale_price", "sale_price"), c.get("sale_price"), False)
        if sale is not None and sale_currency and currency and sale_currency != currency:
            raise BadValue(col("sale_price", "sale_price"), c.get("sale_price"),
                           f"currency {sale_currency} differs from the price's {currency}",
                           "State price and sale_price in the same currency.")
        price = sale if sale is not None and sale <= (regular or 0.0) else regular or 0.0
        path = one(c.get("product_type"))
        category = leaf_category(path)
        if not category:
            path = one(c.get("google_product_category"))
            category = "" if path.isdigit() else leaf_category(path)
        if not category:
            raise BadValue(col("product_type", "product_type"), c.get("product_type"),
                           "no category", "Add product_type, your own category path "
                           "(e.g. 'Home > Rugs'), or a google_product_category path.")
        availability = ""
        if one(c.get("availability")):
            availability = availability_of(one(c.get("availability"))) or ""
            if not availability:
                raise BadValue(col("availability", "availability"), c.get("availability"),
                               "unknown availability",
                               "Write in_stock, out_of_stock, preorder or backorder.")
        description, items = describe(one(c.get("description")))
        stock_key = "quantity" if "quantity" in c else "sell_on_google_quantity"
        d = Draft(
            row=raw.row, group=one(c.get("item_group_id")), id=sku, title=title,
            category=" ".join(category.split()), departments=departments(path),
            brand=one(c.get("brand")) or brand_of(title),
            price=price, discount=round(max(0.0, (regular or 0.0) - price), 2),
            features=both(every(c.get("product_highlight")), items), description=description,
            currency=currency or sale_currency or "USD", sku=sku,
            stock=whole(col(stock_key, stock_key), c.get(stock_key)), availability=availability,
            variant=True,
        )  # fmt: skip
        if one(c.get("product_rating")):
            d.rating = amount(col("product_rating", "product_rating"), c.get("product_rating"),
                              "4.5 (stars out of 5)")
            if d.rating > 5:
                raise BadValue(col("product_rating", "product_rating"), c.get("product_rating"),
                               "outside 0-5", "Ratings are stars out of 5, e.g. 4.5.")
            d.review_count = whole(col("product_review_count", "product_review_count"),
                                   c.get("product_review_count")) or 0
        for key, label in _OPTIONS.items():
            if one(c.get(key)):
                d.option_columns[label] = (" ".join(one(c.get(key)).split()), col(key, key))
        for key in _ATTRIBUTES:
            if a := stated_attribute(key, c.get(key), col(key, key)):
                d.attributes.append(a)
        for detail in every_detail(c.get("product_detail")):
            name, value = detail
            if a := stated_attribute(name, value, col("product_detail", "product_detail"),
                                     free_form=True):
                d.attributes.append(a)
        return [d]


def leaf_category(path: str) -> str:
    """A category path's last part, with its parent where the part only narrows it:
    "Suitcases > Carry-On" is "Carry-On Suitcases" (no shopper asks for "checked" alone),
    "Apparel > Jackets" and "Games > Board Games" stay "Jackets" and "Board Games"."""
    parts = [p.strip() for p in path.split(">") if p.strip()]
    if len(parts) < 2:
        return parts[0] if parts else ""
    leaf, parent = parts[-1], parts[-2]
    plural = re.fullmatch(r"[A-Za-z-]+[^s]s", parent) is not None
    if plural and not re.search(r"(?:s|ware|wear)$", leaf, re.I) and len(leaf.split()) <= 2 \
            and parent.lower()[:-1] not in leaf.lower():
        return f"{leaf} {parent}"
    return leaf


def every_detail(value: Any) -> list[tuple[str, str]]:
    """product_detail values -> (attribute name, value) pairs.

    XML nests them ({section_name, attribute_name, attribute_value}); TSV writes
    "section:name:value", several in one cell joined by commas.
    """
    items = value if isinstance(value, list) else [value] if value else []
    out = []
    for item in items:
        if isinstance(item, dict):
            if item.get("attribute_name") and item.get("attribute_value"):
                out.append((item["attribute_name"], item["attribute_value"]))
            continue
        text = str(item).strip()
        parts = re.split(r",(?=[^,:]*:[^,:]+:)", text) if text else []
        for part in parts:
            m = _DETAIL.match(part.strip())
            if not m:
                raise BadValue("product_detail", text, "not section:name:value",
                               "Write product_detail as section_name:attribute_name:value.")
            out.append((m.group("name").strip(), m.group("value").strip()))
    return out


__all__ = ["MerchantReader", "REQUIRED", "every_detail"]
