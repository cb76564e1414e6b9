"""Reading a shop's catalog file into a `Catalog`, whatever layout it was exported in.

`load_catalog(path)` reads CSV, TSV, XML (RSS/Atom), JSON or Parquet
(`assistant.catalog.records`), detects the layout from the headers
(`assistant.catalog.formats`: a Shopify product export, a Google Merchant Center
feed, the canonical layout or the raw Costco scrape), reads every row into a draft
and builds products with variants, stock and attributes (`assistant.catalog.build`).
No code for the shop to write. Rules (also in data/README.md):

* a malformed row raises `CatalogError` naming the file, the row as the shop counts
  it (data row from 1 without the header, and its line; item number in an XML
  feed), the field as the file names it, the value and the fix; with on_error="skip"
  it goes to `Catalog.skipped` (with its fix);
* a price range ("$299.99through-$449.99") is priced at its lowest option, the
  range kept in discount_text;
* a plain row equal to an earlier one in every field but category is the same
  product listed twice: dropped, listed in `Catalog.duplicates`;
* id = title slug + 6 hex of sha1(title, category); rows sharing title and category
  (variants not marked as such) hash their full content instead; grouped rows take
  their group's id (see `assistant.catalog.build` for grouping).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from assistant.catalog.build import build_products
from assistant.catalog.draft import Draft
from assistant.catalog.formats import Inactive, detect, reader
from assistant.catalog.model import Catalog, SkippedRow
from assistant.catalog.parse import BadValue, cell_text
from assistant.catalog.records import RawRow, Table, read_table
from models.data import DEMO_CATALOG
from models.errors import CatalogError, InputError


def demo_catalog_path() -> Path:
    """The demo catalog shipped inside the package (models/data/electronics.csv)."""
    return DEMO_CATALOG


def where(table: Table, raw: RawRow) -> str:
    """'data row 3 (1-based, header row not counted; line 4 of the file)' or 'item 3'."""
    if table.kind == "xml":
        return f"item {raw.row} (<item> elements of the feed counted from 1)"
    line = f"; line {raw.line} of the file" if raw.line else ""
    return f"data row {raw.row} (1-based, header row not counted{line})"


def load_catalog(
    path: str | Path | None = None, on_error: Literal["raise", "skip"] = "raise",
    progress: bool = False,
) -> Catalog:
    """Load a catalog file (Shopify, Merchant Center, canonical); None loads the demo.

    `progress` shows a bar over the rows and the products (a large export)."""
    if on_error not in ("raise", "skip"):
        raise InputError(
            f"on_error must be 'raise' or 'skip', not {on_error!r}", fix="Pass one of those."
        )
    file = Path(path) if path is not None else demo_catalog_path()
    table = read_table(file)
    fmt = detect(table)
    rows = reader(fmt, table)
    drafts: list[Draft] = []
    skipped: list[SkippedRow] = []
    inactive: list[SkippedRow] = []
    rows_seen = table.rows
    if progress:
        from tqdm import tqdm

        rows_seen = tqdm(table.rows, desc="reading catalog rows", unit="row", leave=False)
    for raw in rows_seen:
        try:
            drafts += rows.drafts(raw)
        except Inactive as why:
            inactive.append(SkippedRow(raw.row, "Status", why.status, "not on sale"))
        except BadValue as bad:
            if on_error == "raise":
                raise CatalogError(
                    f"{file}: {where(table, raw)}, field {bad.field!r}: bad value "
                    f"{cell_text(bad.value)[:80]!r} ({bad.reason})",
                    fix=f"{bad.fix} Or load with on_error='skip' to skip bad rows "
                    "(they are listed in catalog.skipped).",
                ) from None
            skipped.append(
                SkippedRow(raw.row, bad.field, cell_text(bad.value), bad.reason, bad.fix)
            )
    built = build_products(drafts, progress=progress)
    return Catalog(
        built.products, skipped, built.duplicates, source=str(file), total_rows=len(table.rows),
        format=fmt, inactive=inactive, flagged=built.flagged,
    )


__all__ = ["demo_catalog_path", "load_catalog", "where"]
