"""A variant asked for, in the shop's own words: "Navy, size M", and what an option asked
is sold with where no variant has every option asked ("Sage only in 0-6M or 6-18M")."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.catalog.types import canonical_name
from assistant.qa.answering.facts import money
from assistant.qa.answering.in_units import figures_in
from assistant.qa.answering.options import price_of
from assistant.qa.knowledge.value_match import (
    figure_ok,
    matching_variants,
    option_filters,
    same_value,
)

if TYPE_CHECKING:
    from assistant.catalog import Product
    from assistant.qa.query import AttributeFilter


def sold_with(p: Product, options: list[AttributeFilter]) -> str:
    """What the first option asked is sold with, where no variant has them all: "size
    18-36M only in Oat Stars" of a sleep sack asked for in sage, size 18-36M."""
    first = picked_words(p, options[:1])
    names = {f.name for f in options[1:]}
    with_it = [v for n, v in dict.fromkeys(
        (canonical_name(n), v) for x in matching_variants(p, options[:1]) or []
        for n, v in x.options) if n in names]
    return f"{first} only in {' or '.join(with_it)}" if with_it else ""


def picked_words(p: Product, options: list[AttributeFilter]) -> str:
    """The options asked for, as the shop spells them: 'Navy, size M'."""
    order = [canonical_name(n) for n in p.options()]
    words = []
    for f in sorted(options, key=lambda f: order.index(f.name) if f.name in order else 99):
        if f.op == "lacks" and f.text is not None:  # "I don't have pierced ears": the others
            others = [v for v in p.options().get(_option_named(p, f.name), ())
                      if not same_value(v, str(f.text), f.name)]
            words.append(" or ".join(others) or f"no {f.text}")
            continue
        spelled = next((v for vs in p.options().values() for v in vs
                        if (same_value(v, str(f.text), f.name) if f.text is not None
                            else figure_ok(v, f))), str(f.text))
        words.append(f"size {spelled}" if f.name == "size" else spelled)
    return ", ".join(words)


def _option_named(p: Product, name: str) -> str:
    """The shop's own name of the option a filter names ("Style" of "style")."""
    return next((n for n in p.options() if canonical_name(n) == name), name)


def option_asked(p: Product, f: AttributeFilter, units: Sequence[str]) -> str:
    """The option a value question names, as its answer: "how many kg is the 35 lb
    dumbbell?" -> "35 lb (about 15.9 kg) at $98.00" ('' when `f` names no option of `p`)."""
    if f.op != "eq" or not f.text or not option_filters(p, [f]):
        return ""
    spelled = picked_words(p, [f]).removeprefix("size ")  # said after "size" where needed
    converted = figures_in(spelled, units)
    cost = price_of(p, matching_variants(p, [f]))
    return f"{spelled}{f' ({converted})' if converted else ''} at {money(cost)}"


__all__ = ["option_asked", "picked_words", "sold_with"]
