"""One product per model: a series sold in several sizes, capacities or colours counts once.

    series = SeriesKeys(catalog)
    series.key(samsung_65) == series.key(samsung_75)   # "samsung class cu7000d series 4k ..."
    series.distinct(products)                         # the first of each model, in order

A product's series key is its title without the parts that name an option: sizes ('65"',
'13.3-inch', '44mm'), capacities ('256GB', '62-Quart'), pack counts ('4-pack'), colours
(plain English colour words) and the option values the catalog's own variants list. What
the shop groups as variants of one product is one product already (assistant/catalog/).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from assistant.qa.knowledge.textnorm import fold

if TYPE_CHECKING:
    from assistant.catalog import Catalog, Product

# Plain English colour words (titles name a colour option with them).
COLOURS = frozenset(str.split("""
black white silver gray grey gold blue navy red green pink purple yellow orange brown beige
teal cyan magenta lavender charcoal cream ivory tan bronze copper rose champagne graphite
platinum midnight starlight titanium space sage mint coral olive maroon burgundy khaki
"""))
_OPTION_PARTS = (
    # sizes: 65", 13.3-inch, 27 in, 44mm, 8.7"
    re.compile(r"\d+(?:\.\d+)?\s*(?:\"|”|''|-?\s?inch(?:es)?\b|-in\b|\s?in\b|\s?mm\b|\s?cm\b)",
               re.I),
    # capacities and amounts: 256GB, 2TB, 62-Quart, 1.7 Liter, 32 oz, 5.5 qt, 20L
    re.compile(r"\b\d+(?:\.\d+)?\s*-?\s*(?:gb|tb|mb|qt|quarts?|l|liters?|litres?|ml|oz|fl oz|"
               r"cups?|pieces?|pc|lb|lbs|kg|g)\b", re.I),
    # pack counts: 4-pack, 2 pk, 3-count, (2-Pack)
    re.compile(r"\b\d+\s*-?\s*(?:pack|pk|count|ct)\b", re.I),
    # sizes as letters after a dash or in brackets: "- Large", "(Regular)"
    re.compile(r"\((?:regular|long|short|wide|small|medium|large|x-large|xl|s|m|l)\)", re.I),
)
_SEPARATORS = re.compile(r"[^\w\s.]+|(?<!\d)\.|\.(?!\d)")
_NOISE = frozenset({"class", "with", "and", "the", "in", "of", "for", "a", "size"})


class SeriesKeys:
    """Series keys over one catalog (its variants' option values count as option words)."""

    def __init__(self, products: Iterable[Product]) -> None:
        words: set[str] = set(COLOURS)
        for p in products:
            for v in p.variants:
                for _name, value in getattr(v, "options", ()):
                    words.update(fold(str(value)).split())
        self.option_words = frozenset(w for w in words if w and not w.isdigit())

    @classmethod
    def of(cls, catalog: Catalog) -> SeriesKeys:
        return cls(catalog.products)

    def key(self, p: Product) -> str:
        """The title without its option parts, folded: one model's sizes and colours share it."""
        title = p.title
        for rx in _OPTION_PARTS:
            title = rx.sub(" ", title)
        title = _SEPARATORS.sub(" ", fold(title))
        words = [w for w in title.split()
                 if w not in self.option_words and w not in _NOISE and not re.fullmatch(
                     r"\d+(?:\.\d+)?", w)]
        return " ".join(words)

    def distinct(self, products: Sequence[Product]) -> list[Product]:
        """The first product of each model, in the given order."""
        seen: set[str] = set()
        out: list[Product] = []
        for p in products:
            k = self.key(p) or p.id
            if k in seen:
                continue
            seen.add(k)
            out.append(p)
        return out


__all__ = ["COLOURS", "SeriesKeys"]
