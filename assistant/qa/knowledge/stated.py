"""What a product's own record states beyond its title and features, for the attribute table.

The catalog model (`assistant.catalog`) gives each product typed attributes (from file
columns, variant options and prose, each with its verbatim span), variants with their
own stock, and a list price. Here they become the attribute table's `Attribute`s, with
quantities in the table's units (the catalog keeps cm, kg, l, degC and day; the table
in, lb, L, F and h, the units its message readers convert to), and two derived facts
every product has: its stock (`stock_fact`) and whether it is on sale (`sale_fact`).

    record_attributes(product)   # {"color": [Stated(...), ...], "width": [...], ...}
    stock_fact(product)          # StockFact("out_of_stock", 0, "Currently out of stock, ...")
    sale_fact(product)           # SaleFact(True, 140.0, 160.0, 20.0, "")
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

from assistant.catalog.injection import instruction_spans
from assistant.catalog.types import canonical_name
from assistant.catalog.units import convert

if TYPE_CHECKING:
    from assistant.catalog import Product

T = TypeVar("T")
# Catalog unit -> the attribute table's unit for the same dimension.
TABLE_UNITS = {"cm": "in", "kg": "lb", "l": "L", "degC": "F", "day": "h"}
# Derived names every product can be asked about ("is it in stock?", "is it on sale?").
AVAILABILITY = "availability"
ON_SALE = "on_sale"


@dataclass(frozen=True)
class Stated:
    """One value a product's record states (the attribute table makes its `Attribute`)."""

    name: str
    value: float | None  # a quantity in `unit` (a table unit), or None for a word value
    unit: str | None
    text: str | None  # a word value ("Pine Green", "dry clean only"), or None
    evidence: str  # the verbatim span, or the option / column value
    source: str  # "column:<name>", "option", "text" or "record" (derived)


@dataclass(frozen=True)
class StockFact:
    """What the catalog says about a product's stock, with the words that say it."""

    availability: str  # in_stock | out_of_stock | preorder | backorder | unknown
    count: int | None  # units on hand over all variants; None when not stated
    evidence: str  # the product's own sentence, or "" when only columns state it
    out_options: tuple[str, ...] = ()  # option values no in-stock variant has ("Blue")

    @property
    def known(self) -> bool:
        return self.availability != "unknown"


@dataclass(frozen=True)
class SaleFact:
    """Whether a product is sold below its list price, and by how much."""

    on_sale: bool
    price: float
    list_price: float
    discount: float  # dollars off the price shown, 0.0 when none
    promotion: str  # the shop's promotion text, "" when none
    # (options, price, list price) of each variant sold below its list price, when that is
    # not the price shown ("200 ml" at $22.00, was $28.00, while "100 ml" is $18.00)
    variants: tuple[tuple[str, float, float], ...] = ()
    full_price: bool = False  # some other variant is sold at its list price


# How a column lists several values: "Blue, Pink", "Sage; Oat Stars", "Blue and Pink" (a
# slash is no list: "Black/White" is one colour).
_LIST_SEP = re.compile(r"\s*(?:,|;|\band\b)\s*")


def record_attributes(p: Product) -> dict[str, list[Stated]]:
    """The product's catalog attributes by name, each value once, in table units."""
    out: dict[str, list[Stated]] = defaultdict(list)
    sold: dict[str, set[str]] = defaultdict(set)
    for a in p.attributes:
        if a.source == "option":
            sold[a.name].add(str(a.value).casefold())
    for a in p.attributes:
        if a.name == AVAILABILITY:
            continue  # the product's availability is `stock_fact`'s (text and variants)
        if a.name in sold and a.source != "option" and not isinstance(a.value, float) and (
                a.source == "text" or set(_LIST_SEP.split(str(a.value).casefold()))
                <= sold[a.name]):
            continue  # sold in "S/M" and "L/XL": a size guide's "S/M" is no size S; a
            # column's "Blue, Pink" is the options again
        if isinstance(a.value, float):
            unit = TABLE_UNITS.get(a.unit, a.unit)
            value = convert(a.value, a.unit, unit) if a.unit else a.value
            if value is None:
                continue
            out[a.name].append(Stated(a.name, round(value, 4), unit, None,
                                         a.span or f"{a.value:g} {a.unit}".strip(), a.source))
        else:
            text = str(a.value).strip()
            if text and not any((b.text or "").casefold() == text.casefold() for b in out[a.name]):
                out[a.name].append(Stated(a.name, None, None, text, a.span or text, a.source))
    stock = stock_fact(p)
    if stock.known:
        out[AVAILABILITY] = [Stated(AVAILABILITY, None if stock.count is None
                                       else float(stock.count), None, stock.availability,
                                       stock.evidence or stock.availability.replace("_", " "),
                                       "record")]
    return dict(out)


def merge_record(p: Product, found: dict[str, T], make: Callable[[Stated], T]
                 ) -> dict[str, list[T]]:
    """The record's attributes over those the table read from the title and features.

    Where the record states a name, its values win (its rules read "137 cm wide x 77 cm
    deep" whole) and the first becomes the name's one value in `found`; a word value
    read from the features and not in the record is kept beside them. A quantity read
    from the text is not replaced by a word value of the same name, except sizes: a
    record's "S" or "42" is what "size" means, not a bare length.
    """
    many: dict[str, list[T]] = {name: [a] for name, a in found.items()}
    for name, stated in record_attributes(p).items():
        attrs = [make(s) for s in stated]
        old: Any = found.get(name)
        if old is not None and old.value is not None and stated[0].value is None \
                and name != "size":
            continue
        if old is not None and old.text and stated[0].text and not any(
                (s.text or "").casefold() == old.text.casefold() for s in stated):
            attrs.append(old)
        many[name] = attrs
        found[name] = attrs[0]
    return many


def stock_fact(p: Product) -> StockFact:
    """The product's stock: its text saying "out of stock" wins over any column."""
    said = [a for a in p.attributes if a.name == AVAILABILITY and a.source == "text"]
    evidence = sentence_of(p, said[0].span) if said else ""
    restock = next((a for a in p.attributes if a.name == "restock"), None)
    if restock is not None and restock.span and restock.span not in evidence:
        evidence = (evidence + " " + sentence_of(p, restock.span)).strip()
    state = p.availability
    values = [v for vs in p.options().values() for v in vs]
    named = [v for v in values if re.search(rf"(?<!\w){re.escape(v)}(?!\w)", evidence, re.I)]
    of_some = bool(named) and len(named) < len(values)  # "the 2 g jar is sold out": that jar
    if any(a.value == "out_of_stock" for a in said) and not of_some \
            or (state == "in_stock" and p.stock == 0):
        state = "out_of_stock"  # never "in stock" against the shop's own words or a 0 stock
    out: list[str] = []
    if p.variants and state == "in_stock":
        have = {v for var in p.variants if var.availability == "in_stock" for _, v in var.options}
        out = [v for v in values if v not in have or of_some and v in named]
    return StockFact(state, p.stock, evidence, tuple(out))


def sale_fact(p: Product) -> SaleFact:
    """On sale when the price paid is below the list price (any variant), or the shop
    runs a promotion on it."""
    promotion = p.discount_text.strip()
    if p.discount > 0:
        return SaleFact(True, p.price, round(p.price + p.discount, 2), round(p.discount, 2),
                        promotion)
    off = [v for v in p.variants if v.list_price - v.price > 0.005]
    if not off:  # the shown price is its list price; a variant's discount is its own
        return SaleFact(bool(promotion), p.price, p.price, 0.0, promotion)
    return SaleFact(True, p.price, p.price, 0.0, promotion,
                    tuple((" / ".join(value for _, value in v.options) or v.sku, v.price,
                           v.list_price) for v in off),
                    len(off) < len(p.variants))


def option_names(p: Product) -> dict[str, str]:
    """Canonical attribute name -> the shop's option name ("color" -> "Colour")."""
    return {canonical_name(n): n for n in p.options()}


_SENTENCE = re.compile(r"[^.!?\n|]*")


def sentence_of(p: Product, span: str) -> str:
    """The sentence of the product's text that holds `span` ("Vacuum only, do not wash."),
    or the span itself; never a sentence that reads as instructions to an assistant."""
    if not span:
        return ""
    for part in (p.description, *p.features, p.title, p.discount_text):
        at = part.find(span)
        if at < 0:
            continue
        start = max(part.rfind(c, 0, at) for c in ".!?\n") + 1
        ends = [i for i in (part.find(c, at + len(span)) for c in ".!?\n") if i >= 0]
        end = min(ends) + 1 if ends else len(part)
        sentence = part[start:end].strip()
        if instruction_spans(sentence):
            return span
        return sentence if len(sentence) <= 160 else span
    return span


def own_text(p: Product) -> str:
    """The product's words that may be quoted or searched: title, description, features,
    promotion, without any sentence addressed to an assistant."""
    return _own_text(p.title, p.description, p.features, p.discount_text)


def own_description(description: str) -> str:
    """A description without any sentence addressed to an assistant."""
    return _own_text("", description, (), "")


@lru_cache(maxsize=65536)
def _own_text(title: str, description: str, features: tuple[str, ...], promotion: str) -> str:
    """Cached by the text itself (the injection scan costs ~0.4 ms a product)."""
    text = "\n".join(part for part in (title, description, *features, promotion) if part)
    for _, sentence in instruction_spans(text):
        text = text.replace(sentence, " ")
    return text


__all__ = [
    "AVAILABILITY", "ON_SALE", "TABLE_UNITS", "SaleFact", "Stated", "StockFact", "merge_record",
    "option_names", "own_description", "own_text", "record_attributes", "sale_fact",
    "sentence_of", "stock_fact",
]  # fmt: skip
