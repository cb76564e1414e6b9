"""The catalog model: `Product`, `Catalog` and the rows left out (`SkippedRow`).

What a loaded catalog is, independent of the file it came from: a product with its
variants (`assistant.catalog.types.Variant`) and typed attributes (`Attribute`).
Reading files (Shopify export, Merchant Center feed, the canonical layout, the raw
Costco scrape) is `assistant.catalog.load`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.catalog.injection import TextFlag
from assistant.catalog.types import AVAILABILITY, Attribute, Variant, canonical_name
from models.errors import CatalogError, InputError

if TYPE_CHECKING:
    import pandas as pd

# The columns of a catalog file in the canonical layout, in file order.
CANONICAL_COLUMNS = (
    "id", "title", "category", "brand", "price", "discount", "discount_text",
    "rating", "review_count", "features",
)  # fmt: skip
# The columns a catalog file must have (in either layout).
REQUIRED_COLUMNS = ("title", "category", "price")
# How feature bullets are joined in one canonical CSV cell.
FEATURE_SEP = " | "


@dataclass(frozen=True)
class Product:
    """One product of the shop, cleaned. Prices in `currency` (US dollars by default).

    `price` is what the shopper pays today for the cheapest available option (any
    discount already taken off); `list_price` is the price before the discount.
    Products of a file without variant data have no `variants`; `availability` and
    `stock` are then what the file says of the product (or "unknown" / None).
    """

    id: str
    title: str
    category: str
    price: float  # what the shopper pays, after any discount (cheapest available option)
    discount: float  # dollars off the list price, 0.0 if none
    discount_text: str  # the shop's promotion text, "" if none
    rating: float | None  # stars out of 5; None when there are no reviews
    review_count: int
    features: tuple[str, ...]
    brand: str
    variants: tuple[Variant, ...] = ()  # buyable options; () when the file states none
    attributes: tuple[Attribute, ...] = ()  # typed facts: columns, options, prose
    description: str = ""  # plain text, HTML stripped
    currency: str = "USD"  # as the file states it; never converted
    availability: str = ""  # one of AVAILABILITY; "" derives it from variants and stock
    stock: int | None = None  # units on hand over all variants; None when not stated
    departments: tuple[str, ...] = ()  # the shop's category path above `category`, top first

    def __post_init__(self) -> None:
        if self.stock is None and self.variants and all(
            v.stock is not None for v in self.variants
        ):
            object.__setattr__(self, "stock", sum(v.stock or 0 for v in self.variants))
        if not self.availability:
            object.__setattr__(self, "availability", derive_availability(self))
        if self.availability not in AVAILABILITY:
            raise InputError(
                f"product {self.id!r}: availability {self.availability!r} is unknown",
                fix=f"Use one of {', '.join(AVAILABILITY)}.",
            )

    @property
    def list_price(self) -> float:
        """The price before the discount (equal to `price` when there is none)."""
        return round(self.price + self.discount, 2)

    @property
    def in_stock(self) -> bool:
        """True when some option can be bought now (availability "in_stock")."""
        return self.availability == "in_stock"

    def options(self) -> dict[str, tuple[str, ...]]:
        """Option name -> its values in variant order, e.g. {"Color": ("Black", "Pink")}."""
        out: dict[str, list[str]] = {}
        for v in self.variants:
            for name, value in v.options:
                values = out.setdefault(name, [])
                if value not in values:
                    values.append(value)
        return {k: tuple(v) for k, v in out.items()}

    def attribute(self, name: str) -> Attribute | None:
        """The first attribute called `name` ('Colour' finds 'color'), or None."""
        found = self.attributes_named(name)
        return found[0] if found else None

    def attributes_named(self, name: str) -> tuple[Attribute, ...]:
        """Every attribute called `name`: a product in three colours has three."""
        key = canonical_name(name)
        return tuple(a for a in self.attributes if a.name == key)

    def variant(self, sku: str) -> Variant | None:
        return next((v for v in self.variants if v.sku == sku), None)

    def text(self) -> str:
        """The product's own words: title, description, features, promotion text."""
        parts = (self.title, self.description, *self.features, self.discount_text)
        return "\n".join(p for p in parts if p)

    def to_dict(self) -> dict[str, Any]:
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        d["features"] = list(self.features)
        d["variants"] = [v.to_dict() for v in self.variants]
        d["attributes"] = [a.to_dict() for a in self.attributes]
        return d


def derive_availability(p: Product) -> str:
    """A product's availability from its variants, else its stock, else its text.

    In stock when any variant is; else backorder or preorder when one is; out of
    stock when every variant is (or the stock is 0, or the text says so).
    """
    states = {v.availability for v in p.variants}
    for state in ("in_stock", "backorder", "preorder"):
        if state in states:
            return state
    if states and states == {"out_of_stock"}:
        return "out_of_stock"
    if p.stock is not None:
        return "in_stock" if p.stock > 0 else "out_of_stock"
    stated = next((a for a in p.attributes if a.name == "availability"), None)
    if stated is not None and str(stated.value) in AVAILABILITY:
        return str(stated.value)
    return "unknown"


@dataclass(frozen=True)
class SkippedRow:
    """A row that was not loaded: malformed (``skipped``) or a repeat (``duplicates``)."""

    row: int  # 1-based data row (header not counted), or item number in an XML feed
    field: str  # the column as the file names it
    value: str
    reason: str
    fix: str = ""  # how to make the row load

    def describe(self) -> str:
        return f"row {self.row} {self.field} {self.value[:40]!r} ({self.reason})"


@dataclass
class Catalog:
    """The products of one shop, with what was left out and why."""

    products: list[Product]
    skipped: list[SkippedRow] = field(default_factory=list)
    duplicates: list[SkippedRow] = field(default_factory=list)
    source: str = ""  # file the catalog came from
    total_rows: int = 0  # data rows in the file, header not counted
    format: str = ""  # the layout detected: "canonical", "shopify", "merchant", "costco"
    inactive: list[SkippedRow] = field(default_factory=list)  # drafts/archived: not on sale
    flagged: list[TextFlag] = field(default_factory=list)  # product text that reads as orders
    aliases: dict[str, str] = field(default_factory=dict)  # other row id / SKU -> product id

    def __post_init__(self) -> None:
        self.by_id: dict[str, Product] = {p.id: p for p in self.products}
        for p in self.products:
            for v in p.variants:
                if v.sku and v.sku not in self.by_id:
                    self.aliases.setdefault(v.sku, p.id)
        if len(self.by_id) != len(self.products):
            ids = [p.id for p in self.products]
            dup = next(i for i in ids if ids.count(i) > 1)
            raise CatalogError(
                f"{self.source or 'catalog'}: product id {dup!r} is used twice",
                fix="Give every row its own id, or leave the id column empty to have ids made.",
            )
        digest = hashlib.sha256()
        for p in self.products:
            digest.update(json.dumps(p.to_dict(), sort_keys=True).encode())
        self.version = digest.hexdigest()[:12]

    def __len__(self) -> int:
        return len(self.products)

    def __iter__(self) -> Iterator[Product]:
        return iter(self.products)

    @property
    def variant_count(self) -> int:
        """Buyable options over all products (a product without variants counts one)."""
        return sum(max(1, len(p.variants)) for p in self.products)

    def get(self, product_id: str) -> Product:
        """The product with this id, or whose variant SKU (or merged row id) this is."""
        try:
            return self.by_id[self.aliases.get(product_id, product_id)]
        except KeyError:
            raise InputError(
                f"no product with id {product_id!r} in the catalog",
                fix="Use an id from catalog.products "
                "(ids look like 'mac-mini-apple-m2-chip-3fa2c1').",
            ) from None

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        columns = {c: [getattr(p, c) for p in self.products] for c in CANONICAL_COLUMNS}
        columns["features"] = [FEATURE_SEP.join(p.features) for p in self.products]
        return pd.DataFrame(columns, columns=list(CANONICAL_COLUMNS))

    def summary(self) -> str:
        """One paragraph: how many products, what was skipped or dropped and why."""
        name = Path(self.source).name if self.source else "catalog"
        parts = [f"{len(self.products)} products from {name}"]
        grouped = [p for p in self.products if len(p.variants) > 1]
        if grouped:
            n = sum(len(p.variants) for p in grouped)
            parts.append(f"{len(grouped)} of them in several variants ({n} variants)")
        if self.skipped:
            shown = "; ".join(s.describe() for s in self.skipped[:5])
            more = f"; and {len(self.skipped) - 5} more" if len(self.skipped) > 5 else ""
            parts.append(f"skipped {len(self.skipped)} of {self.total_rows} rows: {shown}{more}")
        if self.inactive:
            parts.append(f"left out {len(self.inactive)} rows of products not on sale (draft, "
                         "archived)")
        if self.duplicates:
            rows = ", ".join(str(d.row) for d in self.duplicates[:10])
            more = ", ..." if len(self.duplicates) > 10 else ""
            parts.append(
                f"dropped {len(self.duplicates)} exact duplicate rows "
                f"(same product listed again under another category): rows {rows}{more}"
            )
        return "; ".join(parts)


__all__ = [
    "CANONICAL_COLUMNS", "FEATURE_SEP", "REQUIRED_COLUMNS", "Catalog", "Product", "SkippedRow",
    "derive_availability",
]  # fmt: skip
