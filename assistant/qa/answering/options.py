"""One product with its options and stock, in a few words: "in Black, Pine Green or Pink; sizes
S–L; 90 in stock", or, where the question picked an option, "in Blue (out of stock); also
in Gray". A product is named once however many variants it has (counts count products).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.catalog.types import canonical_name
from assistant.catalog.units import convert
from assistant.catalog.vocab import LETTER_SIZES
from assistant.qa.knowledge.stated import stock_fact
from assistant.qa.knowledge.value_match import matching_variants

if TYPE_CHECKING:
    from assistant.catalog import Product, Variant
    from assistant.qa.query import Query

# Most values of one option listed before "and N more".
MAX_VALUES = 4


def value_list(values: Sequence[str], word: str = "or") -> str:
    """'Black', 'Black or Pink', 'Black, Pine Green or Pink', '... and 3 more'."""
    shown = list(values[:MAX_VALUES])
    more = len(values) - len(shown)
    if more > 0:
        return ", ".join(shown) + f" and {more} more"
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + f" {word} {shown[-1]}"


def size_range(values: Sequence[str]) -> str:
    """'36–41' for consecutive sizes, 'S–XL' along the letter ladder, else a list."""
    if len(values) >= 3:
        if all(v.isdigit() for v in values):
            nums = [int(v) for v in values]
            if nums == list(range(nums[0], nums[0] + len(nums))):
                return f"{nums[0]}\u2013{nums[-1]}"
        upper = [v.upper() for v in values]
        if all(v in LETTER_SIZES for v in upper):
            at = [LETTER_SIZES.index(v) for v in upper]
            if at == list(range(at[0], at[0] + len(at))):
                return f"{upper[0]}\u2013{upper[-1]}"
    return value_list(values)


def _option_words(name: str, values: Sequence[str], system: str = "") -> str:
    key = canonical_name(name)
    if key == "color":
        return f"in {value_list(values)}"
    if key == "size":
        return f"size{'s' * (len(values) > 1)} {system + ' ' if system else ''}{size_range(values)}"
    return f"{name.lower()} {value_list(values)}"


def _system(p: Product) -> str:
    """The size system the product states ("EU"), or ""."""
    return next((str(a.value) for a in p.attributes if a.name == "size_system"), "")


def stock_words(p: Product, variants: Sequence[Variant] | None = None) -> str:
    """'14 in stock', 'out of stock', 'on backorder', or '' when the catalog does not say."""
    if variants is not None:
        counts = [v.stock for v in variants]
        if any(v.availability == "in_stock" for v in variants):
            total = sum(c or 0 for c in counts) if all(c is not None for c in counts) else None
            return f"{total:,} in stock" if total else "in stock"
        states = {v.availability for v in variants}
        if "backorder" in states:
            return "on backorder"
        if "preorder" in states:
            return "available to pre-order"
        return "out of stock" if states == {"out_of_stock"} else ""
    fact = stock_fact(p)
    if fact.availability == "in_stock":
        return f"{fact.count:,} in stock" if fact.count else "in stock"
    return {"out_of_stock": "out of stock", "backorder": "on backorder",
            "preorder": "available to pre-order"}.get(fact.availability, "")


def price_of(p: Product, chosen: Sequence[Variant] | None = None) -> float:
    """What the variants asked for cost (the cheapest of them): "the 40 cm one" is $32.99
    though the 30 cm makes the product's price $19.99; the product's price otherwise."""
    prices = [v.price for v in chosen or () if v.price > 0]
    return min(prices) if prices else p.price


# An option value that is a figure and a unit, counted ones too: "250 ml", "72 colours".
_FIGURE = re.compile(r"(\d+(?:\.\d+)?)\s*([a-z]+)")
# Sort keys an option may be a measure of, with a unit of that measure ("" for any).
_MEASURED = {"size": "", "capacity": "ml", "volume": "ml", "weight": "g", "length": "cm",
             "width": "cm", "height": "cm", "depth": "cm"}


def asked_price(p: Product, q: Query) -> float:
    """The price of the options of `p` the question picks ("the 3000", "in stock"), else its
    price: the cheapest of them, or for "the most expensive" the dearest."""
    chosen = matching_variants(p, q.filters) if q.filters else None
    chosen = within_price(p, chosen, q.min_price, q.max_price)
    if q.sort is not None and q.sort.key == "price" and q.sort.descending:
        prices = [v.price for v in (p.variants if chosen is None else chosen) if v.price > 0]
        return max(prices) if prices else p.price
    if chosen is None and q.sort is not None and q.sort.key in _MEASURED \
            and (v := extreme_option(p, q.sort.descending, _MEASURED[q.sort.key])) is not None:
        return v.price  # "the biggest bottle": the 1 L, at its own price
    return price_of(p, chosen)


def extreme_option(p: Product, largest: bool, like: str = "") -> Variant | None:
    """The variant whose option is the largest (or smallest) figure, where each variant's
    option is a figure in a unit ("250 ml", "1 L", "72 colours") of the measure of `like`
    (any for ""); None otherwise. (`parse_quantity` reads physical units only, not
    counted ones such as "colours".)"""
    sized: list[tuple[float, Variant]] = []
    unit = ""
    for v in p.variants:
        said = [m for _, x in v.options if (m := _FIGURE.fullmatch(x.strip().lower()))]
        if len(said) != 1:
            return None
        unit = unit or said[0].group(2)  # the first variant's unit: "250 ml" and "1 l" in ml
        same = convert(float(said[0].group(1)), said[0].group(2), unit)
        if same is None or like and convert(1.0, unit, like) is None:
            return None
        sized.append((same, v))
    return max(sized, key=lambda s: s[0] if largest else -s[0])[1] if len(sized) > 1 else None


def options_named(p: Product, name: str) -> tuple[str, ...]:
    """The values of the product's option of canonical name `name` ("color"), or ()."""
    return next((vs for o, vs in p.options().items() if canonical_name(o) == name), ())


def _the_rest(p: Product, chosen: Sequence[Variant]) -> str:
    """How the options not chosen are introduced: why they were left out, where one reason
    holds for all ("out of stock: weight 24 kg", "from $79.99: ..."), else "also"."""
    rest = [v for v in p.variants if v not in chosen]
    if rest and all(v.availability == "out_of_stock" for v in rest):
        return "out of stock: "
    if rest and chosen and min(v.price for v in rest) > max(v.price for v in chosen):
        return f"from ${min(v.price for v in rest):,.2f}: "  # over the budget asked (as
        # `facts.money` writes it; facts imports this module)
    return "also "


def within_price(p: Product, chosen: list[Variant] | None, low: float | None,
                 high: float | None) -> list[Variant] | None:
    """Of the variants chosen (all, for None), those priced within a budget asked, where it
    leaves some out ("kettlebells under $60": not the 24 kg at $79.99); else `chosen`."""
    if low is None and high is None:
        return chosen
    pool = p.variants if chosen is None else chosen
    kept = [v for v in pool
            if (low is None or v.price >= low) and (high is None or v.price <= high)]
    return kept if kept and len(kept) < len(pool) else chosen


def options_phrase(p: Product, chosen: Sequence[Variant] | None = None) -> str:
    """The product's options and stock; `chosen`: the variants the question asked for."""
    options = p.options()
    parts: list[str] = []
    if chosen is not None and options:
        picked: dict[str, list[str]] = {}
        for v in chosen:
            for name, value in v.options:
                if len(options.get(name, ())) > 1 and value not in picked.setdefault(name, []):
                    picked[name].append(value)
        # an option the choice did not narrow (every size of the pink one) goes unsaid
        picked = {n: vs for n, vs in picked.items() if len(vs) < len(options.get(n, ()))}
        said = [_option_words(n, vs, _system(p)) for n, vs in picked.items() if vs]
        stock = stock_words(p, chosen)
        if said:
            parts.append(" ".join(said) + (f" ({stock})" if stock else ""))
        others = {n: [x for x in vs if x not in picked.get(n, [])] for n, vs in options.items()
                  if len(vs) > 1}
        also = [_option_words(n, vs, _system(p)) for n, vs in others.items() if vs]
        if also and said:
            parts.append(_the_rest(p, chosen) + "; ".join(also))
        return "; ".join(parts) if said else (stock or "none of its options")
    for name, values in options.items():
        if len(values) > 1:
            parts.append(_option_words(name, values, _system(p)))
    stock = stock_words(p)
    if stock:
        parts.append(stock)
    return "; ".join(parts)


__all__ = ["MAX_VALUES", "options_phrase", "size_range", "stock_words", "value_list",
           "within_price"]
