"""`catalog check FILE`: what a shop's file gives the assistant, and what is wrong with it.

`check(catalog)` -> `CheckReport` (numbers as data): the layout detected, products
and variants, per-field coverage (share of products that state each field and each
attribute), the rows that did not load (row, field, fix), and product text that reads
as instructions to an assistant (row, field, the sentence). `render()` makes the
text the command prints.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from assistant.catalog.formats import FORMAT_NAMES
from assistant.catalog.injection import TextFlag
from assistant.catalog.model import Catalog, SkippedRow

# Product fields whose coverage is reported, and what "states it" means.
_FIELDS = {
    "brand": lambda p: bool(p.brand),
    "description": lambda p: bool(p.description),
    "features": lambda p: bool(p.features),
    "rating": lambda p: p.rating is not None,
    "discount": lambda p: p.discount > 0,
    "variants": lambda p: len(p.variants) > 1,
    "stock": lambda p: p.stock is not None,
    "availability": lambda p: p.availability != "unknown",
}


@dataclass
class CheckReport:
    source: str
    format: str
    products: int
    variants: int
    coverage: dict[str, float]  # field or "attribute:<name>" -> share of products
    bad_rows: list[SkippedRow] = field(default_factory=list)
    flagged: list[TextFlag] = field(default_factory=list)
    inactive: int = 0
    duplicates: int = 0

    def render(self) -> str:
        name = FORMAT_NAMES.get(self.format, self.format)
        lines = [
            f"{self.products} products from {Path(self.source).name}",
            f"format: {name} ({self.format})",
            f"products: {self.products}, variants: {self.variants}",
        ]
        if self.duplicates:
            lines.append(f"dropped {self.duplicates} exact duplicate rows")
        if self.inactive:
            lines.append(f"left out {self.inactive} rows of products not on sale (draft, archived)")
        lines.append("coverage (share of products that state it):")
        width = max((len(k) for k in self.coverage), default=0)
        for key, share in self.coverage.items():
            lines.append(f"  {key:<{width}}  {share:6.1%}")
        if self.bad_rows:
            lines.append(f"bad rows ({len(self.bad_rows)}):")
            lines += [f"  row {s.row}, field {s.field!r}: {s.value[:40]!r} ({s.reason}); "
                      f"fix: {s.fix}" for s in self.bad_rows]
        else:
            lines.append("bad rows: none")
        if self.flagged:
            lines.append(f"text that reads as instructions to an assistant ({len(self.flagged)}; "
                         "kept as data, never followed):")
            lines += [f"  row {f.row}, {f.field} of {f.product_id}: {f.sentence[:100]!r}"
                      for f in self.flagged]
        return "\n".join(lines)


def check(catalog: Catalog) -> CheckReport:
    """The report on a catalog loaded with on_error="skip" (so every bad row is listed)."""
    n = len(catalog.products) or 1
    coverage = {k: sum(map(test, catalog.products)) / n for k, test in _FIELDS.items()}
    names: Counter[str] = Counter()
    for p in catalog.products:
        names.update({a.name for a in p.attributes})
    for name in sorted(names):
        coverage[f"attribute:{name}"] = names[name] / n
    return CheckReport(
        source=catalog.source, format=catalog.format, products=len(catalog.products),
        variants=catalog.variant_count, coverage=coverage, bad_rows=list(catalog.skipped),
        flagged=list(catalog.flagged), inactive=len(catalog.inactive),
        duplicates=len(catalog.duplicates),
    )  # fmt: skip


__all__ = ["CheckReport", "check"]
