"""Two products compared by one stated figure, said as the verdict and the gap:

    "which weighs less, the Busker 20 or the Spark 30?" ->
    "The lighter one is the Busker 20 (5.4 kg) at $229.00, 2.4 kg less than the
     Spark 30 (7.8 kg) at $179.00."

Each figure is said as the catalog writes it ("7.2 mm", "11.8 kg"); the gap in the
first one's unit. Equal figures are said as such ("both list 100 m").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.catalog.units import convert
from assistant.qa.answering.replies import attr_words, sort_phrase
from assistant.qa.knowledge.spec_text import _UNIT_RE, extract

if TYPE_CHECKING:
    from assistant.qa.knowledge.spec_text import Attribute
    from assistant.qa.query import Sort

# Figures the comparison of any two products already says in its own way.
_OWN_WORDS = frozenset({"price", "rating", "review_count", "relevance"})


def pair_verdict(sort: Sort, first: tuple[str, str, Attribute | None],
                 second: tuple[str, str, Attribute | None]) -> str:
    """The verdict of two (name, price, stated figure) sorted by `sort`, first the one it
    picks; "" when either states no figure of the sort's key."""
    (a, a_price, x), (b, b_price, y) = first, second
    if sort.key in _OWN_WORDS or x is None or y is None or x.value is None or y.value is None:
        return ""
    said_x, said_y = figure(x), figure(y)
    gap = abs(x.value - y.value)
    if gap <= 1e-9 * max(abs(x.value), 1.0):
        return f"Neither: {a} and {b} both list {attr_words(sort.key)} {said_x}."
    unit = said_x.split()[-1] if " " in said_x else ""
    shown = convert(gap, x.unit or "", unit) if unit and x.unit else None
    if (both := _same_unit(said_x, said_y)) is not None:
        shown = both  # "32 g" and "22 g" are 10 g apart, not 9.98 g of their ounces
    gap_words = f"{shown:.3g} {unit}" if shown is not None else (
        f"{gap:.3g}" if not x.unit else f"{gap:.3g} {x.unit}")
    way = "more" if x.value > y.value else "less"
    return (f"The {comparative(sort_phrase(sort))} one is {a} ({said_x}) at {a_price}, "
            f"{gap_words} {way} than {b} ({said_y}) at {b_price}.")


def _same_unit(a: str, b: str) -> float | None:
    """The gap of two figures written in one unit ("32 g", "22 g" -> 10.0), else None."""
    m, n = (re.fullmatch(r"(\d+(?:\.\d+)?)\s*([^\d\s]+)", x) for x in (a, b))
    if m is None or n is None or m.group(2) != n.group(2):
        return None
    return round(abs(float(m.group(1)) - float(n.group(1))), 6)


def figure(s: Attribute) -> str:
    """The figure as the catalog writes it ("7.2 mm"), else in the table's unit."""
    for m in _UNIT_RE.finditer(s.evidence or ""):
        for b in extract(m.group(0)):
            same = convert(b.value, b.unit, s.unit) if b.value is not None and b.unit and \
                s.unit else b.value
            if same is not None and s.value is not None and abs(same - s.value) < 1e-3 * max(
                    abs(s.value), 1.0):
                return " ".join(m.group(0).split())
    return f"{s.value:.3g} {s.unit or ''}".strip()


def comparative(superlative: str) -> str:
    """"lightest" -> "lighter", "most keys" -> "more keys", "thinnest" -> "thinner"."""
    first, _, rest = superlative.partition(" ")
    word = {"most": "more", "least": "less", "best": "better", "worst": "worse"}.get(first)
    if word is None and first.endswith("est"):
        word = first[:-3] + "er"
    return " ".join(x for x in (word or first, rest) if x)


__all__ = ["comparative", "figure", "pair_verdict"]
