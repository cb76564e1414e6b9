"""A Shopify product CSV export (Products > Export in the Shopify admin).

The rows of one Handle are one product: the first carries the product fields
(Title, Body (HTML), Vendor, Type / Product Category, Status, metafields), every
row with a Variant Price is a variant (Option1..3 Value, Variant SKU, Variant Price,
Variant Compare At Price, Variant Inventory Qty / Tracker / Policy, Variant Grams).
Rows with only an image are skipped quietly; draft and archived products are left
out (`Catalog.inactive`). Metafield columns ("Material (product.metafields.custom.
material)") and Google Shopping / Gender, Age Group, Condition become attributes;
review apps' reviews.rating and reviews.rating_count give the rating.
"""

from __future__ import annotations

import json
import re
from typing import Any

from assistant.catalog.draft import Draft, departments, money, one, stated_attribute, whole
from assistant.catalog.html import split_html
from assistant.catalog.parse import BadValue, amount, cell_text
from assistant.catalog.records import RawRow, Table
from assistant.catalog.types import Attribute, canonical_name
from assistant.catalog.units import to_canonical

_METAFIELD = re.compile(r"^(?P<label>.*?)\s*\((?:product|variant)\.metafields\.(?P<ns>[\w-]+)"
                        r"\.(?P<key>[\w-]+)\)$")
# Google Shopping columns that are attributes of the product.
_GOOGLE = {"gender": "gender", "age group": "age_group", "condition": "condition"}
REQUIRED = ("Handle", "Title", "Variant Price")


class Inactive(Exception):
    """A row of a product that is not on sale (Status draft or archived)."""

    def __init__(self, status: str) -> None:
        super().__init__(status)
        self.status = status


class ShopifyReader:
    """Rows of a Shopify export -> drafts, remembering each Handle's first row."""

    def __init__(self, table: Table) -> None:
        self.header = table.header
        self._names: dict[str, list[str]] = {}  # handle -> option names
        self._failed: dict[str, int] = {}  # handle -> the data row that did not load
        self._inactive: dict[str, str] = {}  # handle -> status

    def drafts(self, raw: RawRow) -> list[Draft]:
        c = raw.cells
        handle = one(c.get("Handle"))
        if not handle:
            raise BadValue("Handle", c.get("Handle"), "no handle",
                           "Every row needs its product's Handle (as in the Shopify export).")
        if handle in self._failed:
            raise BadValue("Handle", handle,
                           f"its product row (data row {self._failed[handle]}) did not load",
                           "Fix that row first.")
        if handle in self._inactive:
            raise Inactive(self._inactive[handle])
        first = handle not in self._names
        try:
            return self._read(raw, handle, first)
        except BadValue:
            if first:
                self._failed[handle] = raw.row
            raise

    def _read(self, raw: RawRow, handle: str, first: bool) -> list[Draft]:
        c = raw.cells
        d = Draft(row=raw.row, group=handle, product_row=first)
        if first:
            status = one(c.get("Status")).lower()
            if status in ("draft", "archived"):
                self._inactive[handle] = status
                raise Inactive(status)
            self._names[handle] = [one(c.get(f"Option{i} Name")) for i in (1, 2, 3)]
            self._product(d, c)
        is_variant = any(one(c.get(k)) for k in ("Variant Price", "Variant SKU", "Option1 Value"))
        if not is_variant:
            return [d] if first else []  # an image-only row
        self._variant(d, c, self._names[handle])
        return [d]

    def _product(self, d: Draft, c: dict[str, Any]) -> None:
        d.title = " ".join(one(c.get("Title")).split())
        if not d.title:
            raise BadValue("Title", c.get("Title"), "empty title",
                           "The first row of each Handle needs the product's Title.")
        category = one(c.get("Type")) or one(c.get("Product Category")).split(">")[-1].strip()
        if not category:
            raise BadValue("Type", c.get("Type"), "no product type or category",
                           "Fill in Type (e.g. Jackets) or Product Category.")
        d.category = " ".join(category.split())
        path = one(c.get("Product Category"))  # Google's taxonomy path: all of it is above
        d.departments = tuple(x for x in departments(f"{path} > {d.category}")  # the Type
                              if x != d.category)
        d.brand = one(c.get("Vendor"))
        d.description, d.features = split_html(one(c.get("Body (HTML)")))
        for column in self.header:
            m = _METAFIELD.match(column)
            value = one(c.get(column))
            if value and m:
                self._metafield(d, column, m.group("ns"), m.group("key"), value)
            elif value and column.startswith("Google Shopping / "):
                name = _GOOGLE.get(column.split("/", 1)[1].strip().lower())
                if name and (a := stated_attribute(name, value, column)):
                    d.attributes.append(a)

    def _metafield(self, d: Draft, column: str, ns: str, key: str, value: str) -> None:
        if ns == "reviews":
            data = _json(value)
            text = data.get("value", value) if isinstance(data, dict) else value
            if key == "rating":
                d.rating = amount(column, text, "4.5 (stars out of 5)")
                if d.rating > 5:
                    raise BadValue(column, value, "outside 0-5", "Ratings are stars out of 5.")
            elif key == "rating_count":
                d.review_count = whole(column, text) or 0
            return
        data = _json(value)
        name = canonical_name(key)
        if isinstance(data, dict) and "value" in data:  # a measurement: {"value", "unit"}
            q = to_canonical(float(data["value"]), str(data.get("unit", "")))
            if q is None:
                raise BadValue(column, value, "unknown unit", "Use a Shopify measurement unit.")
            stated = f"{data['value']:g} {str(data.get('unit', '')).lower()}"
            d.attributes.append(Attribute(name, q[0], q[1], f"column:{column}", stated))
            return
        items = data if isinstance(data, list) else value.split(";")
        for item in items:
            text = str(item).strip()
            if ns == "shopify":  # standard metaobject handles: "pine-green"
                text = text.replace("-", " ")
            if a := stated_attribute(name, text, column, free_form=True):
                d.attributes.append(a)

    def _variant(self, d: Draft, c: dict[str, Any], names: list[str]) -> None:
        d.variant = True
        d.sku = one(c.get("Variant SKU"))
        price, _ = money("Variant Price", c.get("Variant Price"))
        d.price = price or 0.0
        listed, _ = money("Variant Compare At Price", c.get("Variant Compare At Price"), False)
        d.discount = round(max(0.0, (listed or 0.0) - d.price), 2)
        options = []
        for i, name in enumerate(names, start=1):
            value = " ".join(one(c.get(f"Option{i} Value")).split())
            if name and value and not (name == "Title" and value == "Default Title"):
                options.append((name, value))
        d.options = tuple(options)
        qty = self._quantity(c)
        policy = one(c.get("Variant Inventory Policy")).lower()
        if qty is not None:
            d.stock = qty
            d.availability = ("in_stock" if qty > 0 else
                              "backorder" if policy == "continue" else "out_of_stock")
        elif "Variant Inventory Tracker" in c and not one(c.get("Variant Inventory Tracker")):
            d.availability = "in_stock"  # not tracked: Shopify always sells it
        grams = one(c.get("Variant Grams"))
        if grams and d.product_row:
            g = amount("Variant Grams", grams, "1200 (grams)")
            if g > 0:
                d.attributes.append(Attribute("shipping_weight", round(g / 1000, 4), "kg",
                                              "column:Variant Grams", f"{g:g} g"))

    def _quantity(self, c: dict[str, Any]) -> int | None:
        if cell_text(c.get("Variant Inventory Qty")):
            return whole("Variant Inventory Qty", c.get("Variant Inventory Qty"))
        per_location = [k for k in c if k.startswith("Inventory Available:")]
        counts = [whole(k, c[k]) for k in per_location if cell_text(c[k])]
        return sum(n or 0 for n in counts) if counts else None


def _json(text: str) -> Any:
    if text[:1] in "[{":
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            return text
    return text


__all__ = ["REQUIRED", "Inactive", "ShopifyReader"]
