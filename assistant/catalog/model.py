"""The catalog model: `Product`, `Catalog` and the rows left out (`SkippedRow`).

What a loaded catalog is, independent of the file it came from; reading and cleaning
files (canonical layout or the raw Costco scrape) is `assistant.catalog.load`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
    """One catalog row, cleaned. Prices in dollars.

    `price` is what the shopper pays today (any discount already taken off);
    `list_price` is the price before the discount.
    """

    id: str
    title: str
    category: str
    price: float  # what the shopper pays, after any discount
    discount: float  # dollars off the list price, 0.0 if none
    discount_text: str  # the shop's promotion text, "" if none
    rating: float | None  # stars out of 5; None when there are no reviews
    review_count: int
    features: tuple[str, ...]
    brand: str

    @property
    def list_price(self) -> float:
        """The price before the discount (equal to `price` when there is none)."""
        return round(self.price + self.discount, 2)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["features"] = list(self.features)
        return d


@dataclass(frozen=True)
class SkippedRow:
    """A row that was not loaded: malformed (``skipped``) or a repeat (``duplicates``)."""

    row: int  # 1-based data row, header not counted
    field: str
    value: str
    reason: str

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

    def __post_init__(self) -> None:
        self.by_id: dict[str, Product] = {p.id: p for p in self.products}
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

    def get(self, product_id: str) -> Product:
        try:
            return self.by_id[product_id]
        except KeyError:
            raise InputError(
                f"no product with id {product_id!r} in the catalog",
                fix="Use an id from catalog.products "
                "(ids look like 'mac-mini-apple-m2-chip-3fa2c1').",
            ) from None

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        rows = [{**p.to_dict(), "features": FEATURE_SEP.join(p.features)} for p in self.products]
        return pd.DataFrame(rows, columns=list(CANONICAL_COLUMNS))

    def summary(self) -> str:
        """One paragraph: how many products, what was skipped or dropped and why."""
        name = Path(self.source).name if self.source else "catalog"
        parts = [f"{len(self.products)} products from {name}"]
        if self.skipped:
            shown = "; ".join(s.describe() for s in self.skipped[:5])
            more = f"; and {len(self.skipped) - 5} more" if len(self.skipped) > 5 else ""
            parts.append(f"skipped {len(self.skipped)} of {self.total_rows} rows: {shown}{more}")
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
]  # fmt: skip
