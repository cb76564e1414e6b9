"""Two products compared by how many of a thing their own text counts:

    "which has more pages, the A5 notebook or the gratitude journal?" ->
    "The Tidemark Five-Minute Gratitude Journal has more pages: "208 pages", 16 more than
     the Tidemark A5 Dotted Notebook ("192 numbered pages")."

Each count is quoted as the catalog writes it ("7+1 stainless ball bearings" counts 8).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.qa.answering.facts import cap, short_name, the
from assistant.qa.answering.text_says import lines
from assistant.qa.knowledge.textnorm import singular

if TYPE_CHECKING:
    from assistant.catalog import Product

# "more pages", "fewer keys", "the most bearings": the thing counted.
_MORE = re.compile(r"\b(more|fewer|less|most|fewest)\s+([a-z][a-z-]+)", re.I)


def count_of(p: Product, noun: str) -> tuple[float, str] | None:
    """(how many, the words saying so) of `noun` in the product's own text, or None:
    "192 numbered pages" is 192 pages, "7+1 ball bearings" 8 bearings."""
    pattern = re.compile(rf"(\d+(?:\s*\+\s*\d+)?)\s+(?:[a-z-]+\s+){{0,2}}?"
                         rf"{re.escape(noun)}(?:e?s)?\b", re.I)  # "brushes" of "brush"
    for line in lines(p)[1:]:  # not the title: "Notebook 2-Pack" counts no pages
        if m := pattern.search(line):
            return float(sum(int(x) for x in re.findall(r"\d+", m.group(1)))), m.group(0)
    return None


def counted_pair(products: Sequence[Product], text: str) -> str:
    """The verdict on two products asked which has more (or fewer) of a thing both count
    in their text, with the gap; "" when the question asks no such thing or either does
    not count it."""
    asked = _MORE.search(text)
    if asked is None or len(products) != 2:
        return ""
    said = [count_of(p, singular(asked.group(2).lower())) for p in products]
    counts = [c for c in said if c is not None]
    if len(counts) != 2:
        return ""
    more = asked.group(1).lower() in ("more", "most")
    (a, (na, sa)), (b, (nb, sb)) = sorted(zip(products, counts, strict=True),
                                          key=lambda pc: -pc[1][0] if more else pc[1][0])
    what = asked.group(2).lower()
    if na == nb:
        return f'Neither: {the(short_name(a))} and {the(short_name(b))} both list "{sa}".'
    way = "more" if more else "fewer"
    return (f'{cap(the(short_name(a)))} has {way} {what}: "{sa}", {abs(na - nb):g} {way} than '
            f'{the(short_name(b))} ("{sb}").')


__all__ = ["count_of", "counted_pair"]
