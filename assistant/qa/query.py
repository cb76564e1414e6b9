"""What one shopper message asks, as a typed query: the contract between
understanding and answering.

The rules parser and the LM parser both produce a `Query`; code validates
every field against the loaded catalog before anything is looked up. A
`Query` says nothing about a shop's domain: categories, product types,
brands and attribute names are values taken from the catalog.

    Query(intent="superlative", categories=("Laptops",), max_price=750.0,
          sort=Sort("price", descending=True), scope="previous")

`to_dict()` / `Query.from_dict()` give the JSON form used by the LM
parser's grammar and by the labelled utterances of `bench/understanding_eval.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any, Literal, get_args

Intent = Literal[
    "search",  # find products that meet a need or filters ("laptops under $800")
    "lookup",  # about one or more named products ("how much is the LG gram 17?")
    # two or more named or referenced products side by side ("which is cheaper, A or B?")
    "compare",
    "count",  # how many products meet the filters ("how many desktops do you have?")
    "superlative",  # the best by one key ("the lightest tent", "the cheapest one")
    "attribute",  # a yes/no or value question about products ("does it use propane?")
    "more",  # the next page of the previous results ("show me more")
    "smalltalk",  # greetings, thanks
    "out_of_scope",  # not about this shop's products (or asks for what may not be shared)
]
Op = Literal["eq", "lt", "le", "gt", "ge", "has", "lacks"]
Scope = Literal["catalog", "previous"]

INTENTS: tuple[str, ...] = get_args(Intent)
OPS: tuple[str, ...] = get_args(Op)


@dataclass(frozen=True)
class AttributeFilter:
    """One condition on a product attribute.

    Numeric: `AttributeFilter("ram", "ge", 16.0, "GB")`. Boolean or text:
    `AttributeFilter("bluetooth", "has")`, `AttributeFilter("fuel", "eq", text="propane")`.
    `name` is an attribute the catalog's products state (see the catalog's
    attribute table); `unit` is that attribute's canonical unit.
    """

    name: str
    op: Op = "has"
    value: float | None = None  # numeric value in `unit`
    unit: str | None = None  # canonical unit of the attribute, e.g. "GB", "lb", "in", "h"
    text: str | None = None  # a word value, e.g. "propane", "stainless steel"

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in _plain(self).items() if v is not None}


@dataclass(frozen=True)
class Sort:
    """Order of the results: by price, rating, review_count, relevance or an attribute name."""

    key: str
    descending: bool = False


@dataclass(frozen=True)
class Query:
    """One message, understood. Every field is optional but `intent`."""

    intent: Intent = "search"
    categories: tuple[str, ...] = ()  # catalog category names, as the catalog spells them
    # product types from the catalog's titles ("mouse", "stove")
    product_types: tuple[str, ...] = ()
    min_price: float | None = None  # inclusive, in the catalog's currency
    max_price: float | None = None  # inclusive
    brands: tuple[str, ...] = ()  # only these brands (catalog spelling)
    exclude_brands: tuple[str, ...] = ()  # never these ("not Apple")
    filters: tuple[AttributeFilter, ...] = ()
    products: tuple[str, ...] = ()  # ids of products the message names or points at
    asked: tuple[str, ...] = ()  # attribute names asked about ("does it use propane?" -> fuel)
    sort: Sort | None = None
    scope: Scope = "catalog"  # "previous": within the last results ("which of those...")
    need: str = ""  # free-text need for retrieval ("something to boil water while hiking")
    # A budget said in words, not numbers: "low" ("on a budget", "cheap"), "modest" ("not too
    # pricey"), "mid" ("mid-range"), "high" ("premium"), "around" ("around $50"), "any"
    # ("any price": no band). reading/needs.py reads it; answering/budget.py prices it.
    budget: str = ""
    # The price band assumed from `budget`, from the kind's own prices (answering/budget.py):
    # applied like min_price / max_price, but said as an assumption the shopper can undo.
    soft_min: float | None = None
    soft_max: float | None = None
    notes: tuple[str, ...] = ()  # what understanding did, e.g. "read 'laptp' as 'laptop'"
    units: tuple[str, ...] = ()  # units the shopper named, for figures answered ("lb", "bar")

    @property
    def price_limits(self) -> tuple[float | None, float | None]:
        """(lowest, highest) price admitted: the stated limits, else the assumed band."""
        lo = self.min_price if self.min_price is not None else self.soft_min
        hi = self.max_price if self.max_price is not None else self.soft_max
        return lo, hi

    @property
    def has_filters(self) -> bool:
        return bool(self.categories or self.product_types or self.brands or self.exclude_brands
                    or self.filters or self.min_price is not None or self.max_price is not None
                    or self.soft_min is not None or self.soft_max is not None)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, omitting empty fields."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value in (None, (), "") or (f.name == "scope" and value == "catalog"):
                continue
            if f.name == "filters":
                value = [a.to_dict() for a in value]
            elif f.name == "sort":
                value = _plain(value)
            elif isinstance(value, tuple):
                value = list(value)
            out[f.name] = value
        out.setdefault("intent", self.intent)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Query:
        """The inverse of `to_dict`; unknown keys raise ValueError (a typo in a data file)."""
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown query fields {sorted(unknown)}; known: {sorted(known)}")
        if data.get("intent", "search") not in INTENTS:
            raise ValueError(f"intent {data.get('intent')!r} is not one of {INTENTS}")
        kwargs: dict[str, Any] = {}
        for key, value in data.items():
            if key == "filters":
                kwargs[key] = tuple(AttributeFilter(**a) for a in value)
            elif key == "sort":
                kwargs[key] = None if value is None else Sort(**value)
            elif isinstance(value, list):
                kwargs[key] = tuple(value)
            elif key in ("min_price", "max_price", "soft_min", "soft_max") and value is not None:
                kwargs[key] = float(value)
            else:
                kwargs[key] = value
        for a in kwargs.get("filters", ()):
            if a.op not in OPS:
                raise ValueError(f"filter op {a.op!r} is not one of {OPS}")
        return cls(**kwargs)

    def but(self, **changes: Any) -> Query:
        """A copy with some fields changed (`dataclasses.replace`)."""
        return replace(self, **changes)


def _plain(obj: Any) -> dict[str, Any]:
    return {f.name: getattr(obj, f.name) for f in fields(obj)}


__all__ = ["INTENTS", "OPS", "AttributeFilter", "Intent", "Op", "Query", "Scope", "Sort"]
