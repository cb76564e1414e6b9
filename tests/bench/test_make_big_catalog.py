"""The scale bench's catalog: deterministic, and every copy loads as a product of its own."""

from __future__ import annotations

from pathlib import Path

from assistant.catalog import load_catalog
from bench.make_big_catalog import make_big_catalog


def test_same_arguments_same_bytes_and_no_product_collapses(tmp_path: Path) -> None:
    made, rows = make_big_catalog(tmp_path / "a.csv", products=1500)
    make_big_catalog(tmp_path / "b.csv", products=1500)
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    catalog = load_catalog(tmp_path / "a.csv")
    assert made == len(catalog) == 1500 and rows == catalog.total_rows
    assert not catalog.duplicates and not catalog.skipped
    assert sum(len(p.variants) > 1 for p in catalog) > 100  # variants, old and new
    copies = [p for p in catalog if p.id.endswith("-001")]
    assert copies and all(p.title != catalog.get(p.id[:-4]).title for p in copies)
