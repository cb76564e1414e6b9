"""Data shipped with the package: the demo catalog the shipped ranker was trained on.

`electronics.csv` is 554 Costco electronics products (January 2024 scrape, CC0 per its
packager); its provenance, licence and cleaning rules are in README.md beside it.
It lives in `models` because both the trainer (`models.train`) and the catalog loader
(`assistant.catalog`) read it, and dependencies point down.
"""

from __future__ import annotations

from pathlib import Path

# The demo catalog, in the canonical columns (see assistant.catalog.CANONICAL_COLUMNS).
DEMO_CATALOG = Path(__file__).resolve().parent / "electronics.csv"

__all__ = ["DEMO_CATALOG"]
