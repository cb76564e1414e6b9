"""Whether a product suits someone of the age a shopper names, from the ages its text states.

"Can my 2 year old use the kids' toothbrush?" of one "for ages 3 and up": no, quoting that
line. Ages are read in years (months / 12) from plain English ("ages 8-11", "3+", "from 6
months", "not suitable for children under 3"); nothing stated, nothing decided.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.qa.answering.text_says import lines
from assistant.qa.plan import Verdict

if TYPE_CHECKING:
    from assistant.catalog import Product

# "my 2 year old", "a 9-year-old", "my daughter is 6", "my 18 month old".
_ASKED = re.compile(r"\b(\d{1,2})[\s-]*(years?|yrs?|months?)[\s-]*old\b|\b(?:is|turns|aged)\s+"
                    r"(\d{1,2})(?:\s+(years?|months?))?\b", re.I)
_UNIT = r"(?:\s*(years?|yrs?|months?))?"
# What a product's text says of ages: (pattern, which bound its number is).
_STATED = (
    (re.compile(rf"\bages?\s+(\d{{1,2}}){_UNIT}\s*(?:-|\u2013|to)\s*(\d{{1,2}}){_UNIT}", re.I),
     "range"),
    (re.compile(rf"\b(?:under|below|younger\s+than)\s+(\d{{1,2}}){_UNIT}", re.I), "below"),
    (re.compile(rf"\b(?:ages?\s+|from\s+|for\s+)?(\d{{1,2}}){_UNIT}\s*(?:\+|and\s+(?:up|over|"
                rf"older)|or\s+older|plus)", re.I), "from"),
    (re.compile(rf"\bfrom\s+(\d{{1,2}}){_UNIT}", re.I), "from"),
)


def _years(number: str, unit: str | None) -> float:
    return int(number) / 12 if unit and unit.lower().startswith("month") else float(int(number))


def asked_age(text: str) -> float | None:
    """The age a message names, in years ("my 18 month old" -> 1.5), or None."""
    m = _ASKED.search(text)
    if m is None:
        return None
    if m.group(1):
        return _years(m.group(1), m.group(2))
    return _years(m.group(3), m.group(4))


def age_verdict(p: Product, text: str) -> Verdict | None:
    """Yes / no for the age the message names, quoting the product's line on ages."""
    age = asked_age(text)
    if age is None:
        return None
    for line in lines(p)[1:]:
        for pattern, kind in _STATED:
            m = pattern.search(line)
            if m is None:
                continue
            if kind == "range":
                lo = _years(m.group(1), m.group(2) or m.group(4))
                hi = _years(m.group(3), m.group(4))
                fits = lo <= age < hi + 1
            elif kind == "below":
                fits = age >= _years(m.group(1), m.group(2))  # "not suitable for under 3"
            else:
                fits = age >= _years(m.group(1), m.group(2))
            said = re.search(r"\d{1,2}[\s-]*(?:years?|yrs?|months?)[\s-]*old", text, re.I)
            return Verdict(p, "age", fits, "", line.strip(),
                           f"for a {said.group(0)}" if said else "for that age")
    return None


__all__ = ["age_verdict", "asked_age"]
