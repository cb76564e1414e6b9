"""The ages a product's text says it is for, in years: "ages 8-11", "3+", "from 6 months",
"not suitable for children under 3". Plain English only; nothing stated, nothing decided.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.qa.knowledge.stated import own_description

if TYPE_CHECKING:
    from assistant.catalog import Product

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


def years(number: str, unit: str | None) -> float:
    """'18', 'months' -> 1.5; '3', None -> 3.0."""
    return int(number) / 12 if unit and unit.lower().startswith("month") else float(int(number))


# A record's ages are read as "ages <value>" ("Age range: 2-5", "Recommended age: 14+").
_RECORD = "Ages:  "


def _age_records(p: Product) -> list[str]:
    """The shop's own age columns or metafields ("Age range": "8+"), marked as records."""
    return [f"{_RECORD}{a.value}" for a in p.attributes if isinstance(a.value, str)
            and re.fullmatch(r"(?:\w+_)?ages?(?:_\w+)?", a.name) and a.name != "age_group"]


def age_fits(p: Product, age: float) -> tuple[bool, str] | None:
    """Whether someone `age` years old is among the ages the product's text states, with the
    line that states them (never one addressed to an assistant); None when none states ages."""
    for line in (*_age_records(p), *p.features,
                 *re.split(r"(?<=[.!?])\s+", own_description(p.description))):
        for pattern, kind in _STATED:
            m = pattern.search(line if not line.startswith(_RECORD) else f"ages {line[7:]}")
            if m is None:
                continue
            if kind == "range":
                lo = years(m.group(1), m.group(2) or m.group(4))
                fits = lo <= age < years(m.group(3), m.group(4)) + 1
            else:  # "3+", "from 6 months"; "not suitable for under 3": 3 and over
                fits = age >= years(m.group(1), m.group(2))
            return fits, (line.replace(_RECORD, "Ages ") if line.startswith(_RECORD)
                          else line).strip()
    return None


__all__ = ["age_fits", "years"]
