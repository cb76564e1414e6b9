"""A catalog file -> its header and rows, whatever the file type (`read_table`).

CSV and TSV with the standard `csv` module (the delimiter is read from the header
line; a row's line number is kept for messages), RSS 2.0 / Atom XML feeds with
`defusedxml` (a shop's feed is untrusted input: no entity expansion, no external
references), JSON and Parquet. A column that repeats (Merchant Center's
product_detail, product_highlight) keeps every value, as a list.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.errors import CatalogError

# The Merchant Center namespace of g: elements in an XML feed.
GOOGLE_NS = "http://base.google.com/ns/1.0"
_ATOM_NS = "http://www.w3.org/2005/Atom"


@dataclass
class RawRow:
    row: int  # data row (1-based, header not counted), or item number in a feed
    cells: dict[str, Any]  # column (as the file names it) -> text, list (repeats) or data
    line: int = 0  # the file line the row starts on (text files), 0 if unknown


@dataclass
class Table:
    path: Path
    kind: str  # "csv", "tsv", "xml", "json", "parquet"
    header: list[str]
    rows: list[RawRow] = field(default_factory=list)

    @property
    def row_noun(self) -> str:
        return "item" if self.kind == "xml" else "data row"


def _csv_table(path: Path, kind: str) -> Table:
    text = path.read_text(encoding="utf-8-sig")
    first = text.split("\n", 1)[0]
    delimiter = "\t" if kind == "tsv" or first.count("\t") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [h.strip() for h in next(reader, [])]
    table = Table(path, "tsv" if delimiter == "\t" else "csv", header)
    start = reader.line_num + 1
    for values in reader:
        line, start = start, reader.line_num + 1
        if not any(v.strip() for v in values):
            continue  # blank lines are not rows
        cells: dict[str, Any] = {}
        for name, value in zip(header, values, strict=False):
            if name in cells:
                prev = cells[name]
                cells[name] = [*prev, value] if isinstance(prev, list) else [prev, value]
            else:
                cells[name] = value
        table.rows.append(RawRow(len(table.rows) + 1, cells, line))
    return table


def _xml_table(path: Path) -> Table:
    from defusedxml import ElementTree

    root = ElementTree.parse(path).getroot()
    items = root.findall(".//item") or root.findall(f".//{{{_ATOM_NS}}}entry")
    header: list[str] = []
    table = Table(path, "xml", header)
    for n, item in enumerate(items, start=1):
        cells: dict[str, Any] = {}
        for child in item:
            name = child.tag.split("}", 1)[-1]
            if len(child):
                value: Any = {c.tag.split("}", 1)[-1]: (c.text or "").strip() for c in child}
            else:
                value = (child.text or "").strip()
            if name not in header:
                header.append(name)
            if name in cells:
                prev = cells[name]
                cells[name] = [*prev, value] if isinstance(prev, list) else [prev, value]
            else:
                cells[name] = value
        table.rows.append(RawRow(n, cells))
    return table


def _json_table(path: Path) -> Table:
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, dict):
        data = data.get("products", data)
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise CatalogError(
            f"{path}: JSON must be a list of product objects",
            fix='Write [{"title": ..., "category": ..., "price": ...}, ...] '
            'or {"products": [...]}.',
        )
    header = list(dict.fromkeys(k for r in data for k in r))
    return Table(path, "json", header, [RawRow(i, r) for i, r in enumerate(data, start=1)])


def _parquet_table(path: Path) -> Table:
    import pandas as pd

    frame = pd.read_parquet(path)
    rows = frame.to_dict(orient="records")
    return Table(path, "parquet", [str(c) for c in frame.columns],
                 [RawRow(i, r) for i, r in enumerate(rows, start=1)])


def read_table(path: Path) -> Table:
    """Header and rows of a catalog file; CatalogError (with a fix) when unreadable."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".csv", ".txt", ".tsv"):
            return _csv_table(path, "tsv" if suffix == ".tsv" else "csv")
        if suffix in (".xml", ".rss", ".atom"):
            return _xml_table(path)
        if suffix == ".json":
            return _json_table(path)
        if suffix == ".parquet":
            return _parquet_table(path)
        raise CatalogError(
            f"{path}: unknown catalog format {suffix!r}",
            fix="Save the catalog as .csv, .tsv, .xml (a Merchant Center feed), .parquet or .json.",
        )
    except CatalogError:
        raise
    except FileNotFoundError:
        raise CatalogError(
            f"catalog file {path} does not exist",
            fix="Check the path (or CLEARCART_CATALOG); leave it unset for the demo catalog.",
        ) from None
    except Exception as exc:  # csv/xml/json/parquet parser errors
        raise CatalogError(
            f"{path}: could not read the catalog ({type(exc).__name__}: {exc})",
            fix="Check the file is valid UTF-8 CSV/TSV, an RSS or Atom feed, Parquet or JSON "
            "with a header row.",
        ) from exc


__all__ = ["GOOGLE_NS", "RawRow", "Table", "read_table"]
