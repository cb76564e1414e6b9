"""What a product is made of: its `Variant`s (options, SKU, price, stock) and `Attribute`s.

Plain frozen values with their enumerations (availability, gender, age group, size
system) and the normalisers that map a shop's spelling onto them ("in stock" ->
"in_stock", "Women's" -> "female"). Nothing here reads files; `assistant.catalog.model`
holds the `Product` that carries them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from models.errors import InputError

# What a variant (or a product, over its variants) can be, as Merchant Center spells it.
AVAILABILITY = ("in_stock", "out_of_stock", "preorder", "backorder", "unknown")
# Shopper groups a shop can state; Merchant Center's gender and age_group values.
GENDERS = ("female", "male", "unisex")
AGE_GROUPS = ("newborn", "infant", "toddler", "kids", "adult")
# Size systems Merchant Center knows.
SIZE_SYSTEMS = ("US", "UK", "EU", "DE", "FR", "JP", "CN", "IT", "BR", "MEX", "AU")
# Attribute sources: a file column ("column:<name>"), a variant option, or prose.
SOURCE_OPTION = "option"
SOURCE_TEXT = "text"

_AVAILABILITY_WORDS = {
    "in stock": "in_stock", "instock": "in_stock", "available": "in_stock",
    "out of stock": "out_of_stock", "outofstock": "out_of_stock", "sold out": "out_of_stock",
    "soldout": "out_of_stock", "discontinued": "out_of_stock", "unavailable": "out_of_stock",
    "pre order": "preorder", "preorder": "preorder", "back order": "backorder",
    "backorder": "backorder", "backordered": "backorder", "": "unknown", "unknown": "unknown",
}  # fmt: skip
_GENDER_WORDS = {
    "female": "female", "women": "female", "womens": "female", "woman": "female",
    "ladies": "female", "girls": "female", "male": "male", "men": "male", "mens": "male",
    "man": "male", "boys": "male", "unisex": "unisex", "all": "unisex",
}  # fmt: skip
_AGE_WORDS = {
    "newborn": "newborn", "infant": "infant", "baby": "infant", "babies": "infant",
    "toddler": "toddler", "toddlers": "toddler",
    "kids": "kids", "kid": "kids", "children": "kids", "child": "kids", "youth": "kids",
    "adult": "adult", "adults": "adult",
}  # fmt: skip
# A shop's attribute name -> the canonical one ("Colour" and "color-pattern" are "color").
NAME_ALIASES = {
    "colour": "color", "color_pattern": "color", "colour_pattern": "color",
    "fabric": "material", "materials": "material", "sizes": "size", "age": "age_group",
    "agegroup": "age_group", "sizesystem": "size_system", "care_instructions": "care",
    "product_length": "length", "product_width": "width", "product_height": "height",
    "product_weight": "weight", "wattage": "power", "watts": "power",
    # the most weight a product takes, however a shop heads the column
    "max_weight": "load_capacity", "maximum_weight": "load_capacity",
    "max_user_weight": "load_capacity", "maximum_user_weight": "load_capacity",
    "user_weight": "load_capacity", "max_child_weight": "load_capacity",
    "weight_capacity": "load_capacity", "weight_limit": "load_capacity",
    "max_load": "load_capacity", "maximum_load": "load_capacity",
    "lifting_capacity": "load_capacity", "load_per_arm": "load_capacity",
}  # fmt: skip


@dataclass(frozen=True)
class Variant:
    """One buyable option of a product: its SKU, option values, price and stock."""

    sku: str
    options: tuple[tuple[str, str], ...] = ()  # (option name, value), e.g. ("Size", "M")
    price: float = 0.0  # what the shopper pays for this variant
    list_price: float = 0.0  # before any discount; equal to price when there is none
    stock: int | None = None  # units on hand; None when the file does not say
    availability: str = "unknown"  # one of AVAILABILITY

    def __post_init__(self) -> None:
        if self.availability not in AVAILABILITY:
            raise InputError(
                f"variant {self.sku!r}: availability {self.availability!r} is unknown",
                fix=f"Use one of {', '.join(AVAILABILITY)}.",
            )
        if self.list_price < self.price:
            object.__setattr__(self, "list_price", self.price)

    @property
    def available(self) -> bool:
        """Can be bought now or ordered (not out of stock)."""
        return self.availability != "out_of_stock"

    def option(self, name: str) -> str | None:
        """The value of option `name` (any case), or None."""
        key = canonical_name(name)
        return next((v for n, v in self.options if canonical_name(n) == key), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "sku": self.sku, "options": [list(o) for o in self.options], "price": self.price,
            "list_price": self.list_price, "stock": self.stock, "availability": self.availability,
        }  # fmt: skip

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Variant:
        stock = d.get("stock")
        return cls(
            sku=str(d.get("sku") or ""),
            options=tuple((str(n), str(v)) for n, v in d.get("options") or ()),
            price=float(d.get("price") or 0.0),
            list_price=float(d.get("list_price") or 0.0),
            stock=None if stock is None or stock == "" else int(stock),
            availability=str(d.get("availability") or "unknown"),
        )


@dataclass(frozen=True)
class Attribute:
    """One typed fact about a product, with where it was read and the verbatim text.

    Quantities carry a float `value` in a canonical `unit` (cm, kg, l, degC, day; ""
    for plain counts such as a thread count); the value as the shop stated it stays
    in `span`. Text values have unit "". For `source == "text"` the span occurs in
    the product's text (checked at load).
    """

    name: str  # lower-case canonical name: "color", "width", "care", ...
    value: str | float
    unit: str = ""  # canonical unit for quantities, "" for text and plain counts
    source: str = SOURCE_TEXT  # "column:<name>", "option" or "text"
    span: str = ""  # the verbatim text the value was read from

    @property
    def is_quantity(self) -> bool:
        return isinstance(self.value, float)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "value": self.value, "unit": self.unit, "source": self.source,
            "span": self.span,
        }  # fmt: skip

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Attribute:
        value = d.get("value")
        unit = str(d.get("unit") or "")
        typed: str | float = float(value) if isinstance(value, int | float) else str(value)
        return cls(str(d["name"]), typed, unit, str(d.get("source") or SOURCE_TEXT),
                   str(d.get("span") or ""))  # fmt: skip


def canonical_name(name: str) -> str:
    """'Colour' -> 'color', 'Thread count' -> 'thread_count', 'g:product_width' -> 'width',
    'Size (W x D x H)' -> 'dimensions'."""
    key = re.sub(r"[^a-z0-9]+", "_", name.strip().lower().removeprefix("g:")).strip("_")
    if _DIMENSIONS.fullmatch(key):
        return "dimensions"
    return NAME_ALIASES.get(key, key)


# A column of all three measures: "Dimensions", "Size W x D x H", "L x W x H", "Overall size".
_DIMENSIONS = re.compile(r"(?:overall_|product_)?(?:dimensions?|size|measurements)?_?"
                         r"(?:(?:[lwdh]|length|width|depth|height)_x_){1,2}"
                         r"(?:[lwdh]|length|width|depth|height)(?:_cm|_in|_mm)?|"
                         r"(?:overall_|product_)?(?:dimensions|measurements)(?:_cm|_in|_mm)?")


def _word_key(text: str) -> str:
    return re.sub(r"[^a-z ]+", "", text.strip().lower().replace("_", " ").replace("-", " "))


def availability_of(text: str) -> str | None:
    """'in stock' / 'in_stock' / 'InStock' / 'https://schema.org/InStock' -> 'in_stock'."""
    key = _word_key(text.rsplit("/", 1)[-1])
    return _AVAILABILITY_WORDS.get(" ".join(key.split())) or _AVAILABILITY_WORDS.get(
        key.replace(" ", "")
    )


def gender_of(text: str) -> str | None:
    """"Women's" / 'female' -> 'female'; None when it is not a gender word."""
    return _GENDER_WORDS.get(_word_key(text).replace(" ", ""))


def age_group_of(text: str) -> str | None:
    return _AGE_WORDS.get(_word_key(text).replace(" ", ""))


def size_system_of(text: str) -> str | None:
    key = text.strip().upper()
    return key if key in SIZE_SYSTEMS else None


# Enumerated attribute name -> (normaliser, the values it accepts).
ENUMS = {
    "gender": (gender_of, GENDERS),
    "age_group": (age_group_of, AGE_GROUPS),
    "size_system": (size_system_of, SIZE_SYSTEMS),
    "availability": (availability_of, AVAILABILITY),
}


__all__ = [
    "AGE_GROUPS", "AVAILABILITY", "ENUMS", "GENDERS", "NAME_ALIASES", "SIZE_SYSTEMS",
    "SOURCE_OPTION", "SOURCE_TEXT", "Attribute", "Variant", "age_group_of", "availability_of",
    "canonical_name", "gender_of", "size_system_of",
]  # fmt: skip
