"""A product's sizes: its variants whose option states an amount ("250 g", "1 L", "16
pieces", "Pack of 3"), ordered by that amount in one unit (`catalog.units`), each with
its own price and stock.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.catalog.types import canonical_name
from assistant.catalog.units import parse_quantity
from assistant.qa.answering.facts import money
from assistant.qa.answering.in_units import in_asked_units
from assistant.qa.answering.options import MAX_VALUES
from assistant.qa.answering.plurals import plural
from assistant.qa.knowledge.spec_text import _NAMES

if TYPE_CHECKING:
    from assistant.catalog import Product, Variant

# A count with the shop's own noun: "6 pack", "pack of 12", "500 pieces", "64 crayons".
_COUNT = re.compile(r"^\s*(?:pack\s+of\s+)?(\d[\d,]*)\s*(?:-?\s*[a-z]+)?\s*$", re.I)


Size = tuple[float, str, "Variant"]  # (amount in one unit, the option's words, variant)

# Sizes given as two or three lengths: "90 x 60 cm", "160 x 80 x 75 cm".
_EXTENT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[x×]\s*(\d+(?:\.\d+)?)(?:\s*[x×]\s*(\d+(?:\.\d+)?))?"
                     r"\s*(mm|cm|m|in|ft)\s*$", re.I)


def _extent(value: str) -> tuple[float, str] | None:
    """"90 x 60 cm" -> (5400.0, "cm^2"): the area (or volume) its lengths span, so sizes
    given as lengths order by how big they are."""
    m = _EXTENT.match(value)
    if m is None:
        return None
    sides = [float(x) for x in m.groups()[:3] if x is not None]
    unit = m.group(4).lower()
    return math.prod(sides), f"{unit}^{len(sides)}"


def sized(p: Product) -> tuple[list[Size], str]:
    """Each variant whose option states an amount, smallest first, and the amounts' unit;
    ([], "") when the sizes are no amounts of one kind."""
    out: list[Size] = []
    units: set[str] = set()
    for v in p.variants:
        for _, value in v.options:
            q = parse_quantity(value) or parse_quantity(value, "volume") or _extent(value)
            count = _COUNT.match(value) if q is None else None
            if q is None and count is not None:
                q = float(count.group(1).replace(",", "")), "count"
            if q is not None:
                amount, unit = q
                units.add(unit)
                out.append((amount, value, v))
                break
    if len(units) != 1 or len({a for a, _, _ in out}) < 2:
        return [], ""
    best: dict[float, Size] = {}  # one per amount: in stock first, then the cheapest
    for size in sorted(out, key=lambda t: (t[2].availability == "out_of_stock", t[2].price)):
        best.setdefault(size[0], size)
    return sorted(best.values(), key=lambda t: t[0]), units.pop()


# A variant's stock said beside its price.
_STATE = {"out_of_stock": "out of stock", "backorder": "on backorder", "preorder": "pre-order"}


def priced(v: Variant, stock: bool = True) -> str:
    """'$27.00', '$64.00 on sale (was $72.00)', '$18.00 (out of stock)', '$64.00 on sale (was
    $72.00; out of stock)'; without `stock`, no word on its stock (said beside it)."""
    notes = [f"was {money(v.list_price)}"] if v.list_price > v.price else []
    notes += [_STATE[v.availability]] if v.availability in _STATE and stock else []
    sale = " on sale" if v.list_price > v.price else ""
    return money(v.price) + sale + (f" ({'; '.join(notes)})" if notes else "")


def option_values(p: Product, name: str) -> str:
    """A product's values of one option by its canonical name, counted, with their prices
    and stock: '3 designs: Wildlife, Dinosaurs and Ocean (each $16.99; Ocean is out of
    stock)', '2 weights: 1 kg at $34.99 or 2 kg at $44.99'; '' when it has no such option."""
    option = next((o for o in p.options() if canonical_name(o) == name), None)
    if option is None:
        return ""
    values = p.options()[option]
    cheapest: dict[str, Variant] = {}
    for value in values:
        of = [v for v in p.variants if v.option(option) == value and v.price > 0]
        selling = [v for v in of if v.availability != "out_of_stock"] or of
        if selling:
            cheapest[value] = min(selling, key=lambda v: v.price)
    word = option.lower() if len(values) == 1 else plural(option.lower())
    head = f"{len(values)} {word}: "
    if len({v.price for v in cheapest.values()}) > 1:
        said = [f"{value} at {priced(v)}" for value, v in cheapest.items()]
        return head + (" or ".join([", ".join(said[:-1]), said[-1]]) if len(said) > 1
                       else said[0])
    gone = [value for value, v in cheapest.items() if v.availability == "out_of_stock"]
    notes = [f"each {money(next(iter(cheapest.values())).price)}"] if len(cheapest) > 1 else []
    notes += [f"{_and(gone)} {'is' if len(gone) == 1 else 'are'} out of stock"] if gone else []
    return head + _and(list(values)) + (f" ({'; '.join(notes)})" if notes else "")


def _and(values: list[str]) -> str:
    return ", ".join(values[:-1]) + f" and {values[-1]}" if len(values) > 1 else values[0]


# A catalog unit -> the measure `spec_text` names attributes by ("weight" is a mass).
_MEASURES = {"kg": "mass", "cm": "length", "l": "volume"}
_DIM_OF = {name: dim for dim, _, name in _NAMES}


def sizes_sold(p: Product, name: str, units: Sequence[str]) -> str:
    """The sizes a product is sold in, where they measure what `name` does and no spec
    states it: "how heavy is the dog food?" of one sold in 15 lb and 30 lb bags."""
    sizes, unit = sized(p)
    if not sizes or _MEASURES.get(unit) != _DIM_OF.get(name):
        return ""
    return " or ".join(f"{in_asked_units(a, unit, w, units)} at {priced(v)}"
                       for a, w, v in sizes)


def sizes_words(sizes: Sequence[Size]) -> str:
    """'250 g at $15.00; 500 g at $27.00 (out of stock)'."""
    return "; ".join(f"{w} at {priced(v)}" for _, w, v in sizes)


def priced_options(p: Product) -> str:
    """'$7.50 for the 60 g or $22.00 for the 250 g': each value of the one option its price
    follows, where there is one; '' when all cost the same or prices follow no one option."""
    for name, values in p.options().items():
        prices: dict[str, Variant] = {}
        for v in p.variants:
            value = v.option(name)
            if value is not None and v.price > 0 and (
                    value not in prices or v.price < prices[value].price):
                prices[value] = v
        if len({v.price for v in prices.values()}) >= 2 and len(prices) <= MAX_VALUES \
                and len(prices) == len(values) and all(
                    len({x.price for x in p.variants if x.option(name) == value}) == 1
                    for value in prices):
            said = [f"{priced(v)} for the {value}" for value, v in prices.items()]
            return " or ".join([", ".join(said[:-1]), said[-1]] if len(said) > 2 else said)
    return ""


__all__ = ["Size", "option_values", "priced", "priced_options", "sized", "sizes_sold",
           "sizes_words"]
