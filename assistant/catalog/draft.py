"""One row of a shop's file, read but not yet a product (`Draft`), and cell readers.

Every format reader (canonical, Shopify, Merchant Center) turns a row into a
`Draft` with the same fields; `assistant.catalog.build` groups drafts into products
(the rows of one Shopify handle, one item_group_id, one group_id, or the colour
rows of one title) and works out prices, stock and attributes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from assistant.catalog.parse import BadValue, cell_text
from assistant.catalog.types import ENUMS, Attribute, canonical_name
from assistant.catalog.units import number, parse_quantity

# Attributes whose values are words even when they look like numbers ("size 38").
TEXT_ATTRIBUTES = frozenset({
    "color", "size", "material", "pattern", "gender", "age_group", "size_system", "size_type",
    "care", "condition", "style", "fit", "season", "mpn", "gtin", "model",
})  # fmt: skip
# Attributes read as volumes: an "oz" there is a fluid ounce.
VOLUME_ATTRIBUTES = frozenset({"capacity", "volume"})
# Currency symbols -> ISO codes; a 3-letter code is kept as written.
CURRENCY_SYMBOLS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "C$": "CAD",
                    "A$": "AUD", "CHF": "CHF"}  # fmt: skip


@dataclass
class Draft:
    """A row's fields in one vocabulary, whatever file layout it came from."""

    row: int  # data row (1-based, header not counted) or feed item number
    group: str = ""  # rows sharing a group are one product, whose id it is
    id: str = ""  # the row's own id, "" to have one made
    title: str = ""
    category: str = ""
    departments: tuple[str, ...] = ()  # the category path above it: ("Jewelry", "Necklaces")
    brand: str = ""
    price: float = 0.0  # what the shopper pays for this row's option
    discount: float = 0.0  # dollars off the list price
    discount_text: str = ""
    rating: float | None = None
    review_count: int = 0
    features: tuple[str, ...] = ()
    description: str = ""
    currency: str = "USD"
    sku: str = ""
    stock: int | None = None
    availability: str = ""  # "" when the row does not say
    options: tuple[tuple[str, str], ...] = ()  # stated options (Shopify Option1..3)
    # option-like columns (Color, Size, ...): options where they vary inside a group
    option_columns: dict[str, tuple[str, str]] = field(default_factory=dict)  # name->(value, col)
    attributes: list[Attribute] = field(default_factory=list)  # stated in columns
    variant: bool = False  # the row states variant data (SKU, stock, availability, options)
    product_row: bool = True  # False for a Shopify row that only adds a variant

    @property
    def list_price(self) -> float:
        return round(self.price + self.discount, 2)


def departments(path: str) -> tuple[str, ...]:
    """The parts of a category path above its last ("Jewelry > Necklaces > Chains" ->
    ("Jewelry", "Necklaces")); none for a path without ">" or a numeric Google id."""
    parts = [" ".join(p.split()) for p in path.split(">") if p.strip()]
    return tuple(parts[:-1]) if not path.strip().isdigit() else ()


def one(value: Any) -> str:
    """The first of a repeated cell, as clean text."""
    if isinstance(value, list | tuple):
        return cell_text(value[0]) if value else ""
    return cell_text(value)


def every(value: Any) -> list[str]:
    """All values of a repeated cell (or the one), empty ones left out."""
    items = value if isinstance(value, list | tuple) else [value]
    return [t for t in (cell_text(v) for v in items) if t]


def currency_code(field_name: str, text: str) -> str:
    """'$' / 'usd' / '' -> 'USD'; 'EUR' -> 'EUR'; else BadValue."""
    t = text.strip()
    if not t:
        return "USD"
    if t in CURRENCY_SYMBOLS:
        return CURRENCY_SYMBOLS[t]
    if re.fullmatch(r"[A-Za-z]{3}", t):
        return t.upper()
    raise BadValue(field_name, text, "not a currency", "Write a 3-letter code such as USD or EUR.")


def money(field_name: str, value: Any, required: bool = True) -> tuple[float | None, str]:
    """'129.00 USD' / 'USD 129' / '$129.00' / '129' -> (129.0, currency or '')."""
    text = one(value)
    if not text:
        if required:
            raise BadValue(field_name, value, "no price", "Fill in the price, e.g. 129.00 USD.")
        return None, ""
    m = re.fullmatch(
        r"(?P<c1>[A-Za-z]{3}|[$€£¥]|US\$|C\$|A\$)?\s*(?P<n>[\d.,]+)\s*(?P<c2>[A-Za-z]{3})?",
        text.strip())
    try:
        amount = number(m.group("n")) if m else float("nan")
    except ValueError:
        amount = float("nan")
    if not m or not amount >= 0:
        raise BadValue(field_name, value, "not a price",
                       "Write the amount with an optional currency, e.g. 129.00 USD.")
    code = m.group("c1") or m.group("c2") or ""
    return round(amount, 2), currency_code(field_name, code) if code else ""


def whole(field_name: str, value: Any) -> int | None:
    """A count such as stock: '12' / '12.0' -> 12; '' -> None; negative -> 0."""
    text = one(value)
    if not text:
        return None
    try:
        n = float(text.replace(",", ""))
    except ValueError:
        n = float("nan")
    if n != n or n != int(n):
        raise BadValue(field_name, value, "not a whole number", "Write a count such as 12.")
    return max(0, int(n))


# A free-form detail named like an enumeration but worded otherwise ("Age group: 5 years
# and up" in a feed's product_detail) is kept under this name, as the shop wrote it.
FREE_FORM_NAMES = {"age_group": "age_range"}


def stated_attribute(name: str, value: Any, column: str, unit: str = "",
                     free_form: bool = False) -> Attribute | None:
    """A column's value as a typed attribute; None when the cell is empty.

    Enumerations are checked (gender 'mens' -> 'male'; 'xyz' -> BadValue naming the
    column), except in a `free_form` detail (a product_detail, a metafield), which keeps
    its words ("age_range": "5 years and up"); '54 in' becomes 137.16 cm; a bare number is a
    float; words stay words.
    """
    key = canonical_name(name)
    text = " ".join(one(value).split())
    if not key or not text:
        return None
    source = f"column:{column}"
    if key in ENUMS:
        normalise, allowed = ENUMS[key]
        norm = normalise(text)
        if norm is None and free_form:
            return Attribute(FREE_FORM_NAMES.get(key, f"{key}_note"), text, "", source, text)
        if norm is None:
            raise BadValue(column, value, f"not a {key.replace('_', ' ')}",
                           f"Use one of {', '.join(allowed)}.")
        return Attribute(key, norm, "", source, text)
    if key not in TEXT_ATTRIBUTES:
        kind = "volume" if key in VOLUME_ATTRIBUTES else ""
        q = parse_quantity(f"{text} {unit}" if unit else text, kind)
        if q is not None:
            return Attribute(key, q[0], q[1], source, f"{text} {unit}".strip())
        if re.fullmatch(r"\d+(?:\.\d+)?", text):
            return Attribute(key, float(text), "", source, text)
    return Attribute(key, text, "", source, text)


def attributes_cell(column: str, value: Any) -> list[Attribute]:
    """The `attributes` cell of the canonical layout.

    JSON ({"care": "Dry clean only"} or [{"name": ..., "value": ..., "unit": ...}]), a
    list of such dicts (JSON/Parquet files), or "name: value" items joined by " | " or ";".
    """
    if isinstance(value, list | tuple) or (isinstance(value, str) and value.strip()[:1] in "[{"):
        try:
            data = json.loads(value) if isinstance(value, str) else value
        except json.JSONDecodeError:
            raise BadValue(column, value, "not valid JSON",
                           'Write {"name": "value", ...} or name: value | name: value.') from None
        if isinstance(data, dict):
            data = [{"name": k, "value": v} for k, v in data.items()]
        out = []
        for item in data:
            if not isinstance(item, dict) or "name" not in item:
                raise BadValue(column, value, "an item without a name",
                               'Give each item a name: {"name": "care", "value": "..."}.')
            if item.get("source"):
                out.append(Attribute.from_dict(item))  # written by to_dict(): kept as it was
            elif (a := stated_attribute(item["name"], str(item.get("value", "")), column,
                                        str(item.get("unit") or ""))):
                out.append(a)
        return out
    out = []
    for item in re.split(r"\s*(?:\||;)\s*", cell_text(value)):
        if not item:
            continue
        name, sep, text = item.partition(":")
        if not sep:
            raise BadValue(column, value, f"item {item!r} has no name",
                           "Write items as name: value, joined by ' | '.")
        if a := stated_attribute(name, text, column):
            out.append(a)
    return out


__all__ = [
    "CURRENCY_SYMBOLS", "TEXT_ATTRIBUTES", "Draft", "attributes_cell", "currency_code",
    "departments", "every",
    "money", "one", "stated_attribute", "whole",
]  # fmt: skip
