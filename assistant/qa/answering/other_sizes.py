"""A product's other sizes: "does it come in a bigger bag?", "how much is the bigger jar?",
"how many ounces is the smaller almond butter?".

Sizes are the product's own variants whose option states an amount (`sizes.sized`).
The answer is decided here and written from the variants' own prices and stock.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.qa.answering.definite import the_one_meant
from assistant.qa.answering.facts import cap, money, short_name, the
from assistant.qa.answering.in_units import in_asked_units
from assistant.qa.answering.options import stock_words
from assistant.qa.answering.sizes import priced, sized, sizes_words
from assistant.qa.plan import Plan
from assistant.qa.query import Query

if TYPE_CHECKING:
    from assistant.catalog import Product
    from assistant.qa.answering.execute import Executor

# "a bigger bag", "the smaller one", "the largest size": which way, and whether one is named.
_ASK = re.compile(r"\b(?P<det>the|a|an|any|in)?\s*(?P<way>bigger|larger|smaller|biggest|largest|"
                  r"smallest)\b(?!\s+than\b)", re.I)


def size_answer(q: Query, text: str, x: Executor, focus: Sequence[str] = ()) -> Plan | None:
    """The answer to a bigger / smaller size question about one product, else None: the one
    named, the one kind named ("the smaller almond butter"), else the one just shown
    (`focus`: "how much is the bigger jar?")."""
    m = _ASK.search(text)
    if m is None or q.scope == "previous" or len(q.products) > 1:
        return None
    p = _the_product(q, text, x, focus)
    if p is None:
        return None
    sizes, unit = sized(p)
    way = m.group("way").lower()
    one_meant = (m.group("det") or "").lower() in ("the", "") or way.endswith("est")
    name = short_name(p)
    if not sizes and len(p.variants) <= 1 and not one_meant:  # "does it come in a bigger
        return Plan("lookup", q.but(intent="lookup"), answer_products=[p], message=text,
                    result_ids=(p.id,), fixed_text=(  # size?" of one sold in one size
                        f"The catalog lists {the(name)} ({money(p.price)}) in one size only."))
    if not sizes:
        return None
    big = way.startswith(("big", "larg"))
    if one_meant:
        amount, words, v = sizes[-1] if big else sizes[0]
        said = in_asked_units(amount, unit, words, q.units)
        stock = stock_words(p, [v]) if v.availability == "in_stock" else ""
        fixed = f"The {way} {name} is {said}: {priced(v)}{f' ({stock})' if stock else ''}."
    elif big:  # "does it come in a bigger bag?": the sizes above the smallest (listed first)
        fixed = (f"Yes, {the(name)} also comes in {sizes_words(sizes[1:])}; the "
                 f"{sizes[0][1]} is {priced(sizes[0][2])}.")
    else:  # "a smaller one?": which size was meant is unknown, so all of them
        fixed = f"{cap(the(name))} comes in {sizes_words(sizes)}."
    return Plan("lookup", q.but(intent="lookup"), answer_products=[p], message=text,
                result_ids=(p.id,), fixed_text=fixed)


def _the_product(q: Query, text: str, x: Executor, focus: Sequence[str]) -> Product | None:
    if q.products:
        return x.k.catalog.by_id.get(q.products[0])
    if q.categories or q.product_types or q.brands:
        return the_one_meant(x.matches(q.but(filters=(), asked=(), sort=None)), text)
    return x.k.catalog.by_id.get(focus[0]) if len(focus) == 1 else None


__all__ = ["size_answer"]
