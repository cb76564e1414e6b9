"""Whether a product suits someone of the age a shopper names, from the ages its text states
(`knowledge.ages`): "Can my 2 year old use the kids' toothbrush?" of one "for ages 3 and
up" is a no, quoting that line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.qa.knowledge.ages import age_fits, years
from assistant.qa.plan import Verdict

if TYPE_CHECKING:
    from assistant.catalog import Product

# "my 2 year old", "a 9-year-old", "my daughter is 6", "my 18 month old".
_ASKED = re.compile(r"\b(\d{1,2})[\s-]*(years?|yrs?|months?)[\s-]*old\b|\b(?:is|turns|aged|turning|"
                    r"(?:just\s+)?turned|(?:she|he|son|daughter|nephew|niece|grandson|"
                    r"granddaughter|boy|girl)'s)\s+(\d{1,2})(?:\s+(years?|months?))?\b"
                    r"(?!\s*(?:%|°|x\b|pack|pcs|pieces|in\b|cm|mm|kg|lbs?\b|\$))", re.I)
# Fewer products than this suiting the age named: the age does not narrow a need.
MIN_SUITED = 2
# ...nor does it where fewer than this share of the products state ages at all (a toy shop
# states them on most; an electronics shop on a few, which an age must not pick alone).
STATED_SHARE = 0.3


def asked_age(text: str) -> float | None:
    """The age a message names, in years ("my 18 month old" -> 1.5), or None."""
    m = _ASKED.search(text)
    if m is None:
        return None
    if m.group(1):
        return years(m.group(1), m.group(2))
    return years(m.group(3), m.group(4))


def age_verdict(p: Product, text: str) -> Verdict | None:
    """Yes / no for the age the message names, quoting the product's line on ages."""
    age = asked_age(text)
    if age is None:
        return None
    fit = age_fits(p, age)
    if fit is None:
        return None
    said = re.search(r"\d{1,2}[\s-]*(?:years?|yrs?|months?)[\s-]*old", text, re.I)
    return Verdict(p, "age", fit[0], "", fit[1], f"for a {said.group(0)}" if said else
                   "for that age")


def suited(products: Sequence[Product], text: str, least: int = MIN_SUITED) -> set[str] | None:
    """The ids of `products` whose stated ages include the age the message names ("she just
    turned 1"); None when it names none, or too few products state that they suit it."""
    age = asked_age(text)
    if age is None:
        return None
    stated = [(p.id, fit) for p in products if (fit := age_fits(p, age)) is not None]
    if len(stated) < STATED_SHARE * len(products):
        return None  # a shop that seldom states ages: its few such lines decide nothing
    ids = {pid for pid, (fits, _) in stated if fits}
    return ids if len(ids) >= least else None


__all__ = ["age_verdict", "asked_age", "suited"]
