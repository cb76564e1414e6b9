"""Units a shopper asks an answer in: "in pounds", "how many grams", "10 bar".

A shop states a rack's load in kg; a shopper asks "how much in pounds?" or "does it get
to 10 bar?" of a pump rated in psi. `named_units(text)` gives the units named, spelled as
the answer writes them ("lb", "bar"), so the answer can add the figure in them. Plain
English unit words only; which quantity they measure is the catalog's (`spec_text`).
"""

from __future__ import annotations

import re

# How shoppers spell a unit -> how an answer writes it (longest spellings first in use).
SPELLINGS = {
    "pounds": "lb", "pound": "lb", "lbs": "lb", "lb": "lb", "kilos": "kg", "kilo": "kg",
    "kilograms": "kg", "kg": "kg", "grams": "g", "gram": "g", "g": "g", "ounces": "oz",
    "ounce": "oz", "oz": "oz", "fluid ounces": "fl oz", "fl oz": "fl oz", "inches": "in",
    "inch": "in", "feet": "ft", "foot": "ft", "ft": "ft", "centimetres": "cm",
    "centimeters": "cm", "cm": "cm", "millimetres": "mm", "millimeters": "mm", "mm": "mm",
    "metres": "m", "meters": "m", "m": "m", "miles": "mi", "mile": "mi", "kilometres": "km",
    "kilometers": "km", "km": "km", "litres": "L", "liters": "L", "litre": "L", "liter": "L",
    "gallons": "gal", "gallon": "gal", "millilitres": "ml", "milliliters": "ml", "ml": "ml",
    "bar": "bar", "psi": "psi", "mph": "mph", "km/h": "km/h", "kph": "km/h",
    "newton metres": "Nm", "newton meters": "Nm", "nm": "Nm", "in-lbs": "in-lb",
    "inch pounds": "in-lb", "ft-lbs": "ft-lb", "foot pounds": "ft-lb",
    "celsius": "degC", "fahrenheit": "F",
}  # fmt: skip
_WORDS = "|".join(re.escape(w) for w in sorted(SPELLINGS, key=len, reverse=True))
# "in pounds", "how many grams", "how many ounces is it", "10 bar", "20 mph": a unit asked.
# A bare "in" / "m" / "g" after "in" is no unit asked ("in m" is a size letter).
_ASKED = re.compile(
    rf"\b(?:in|into|how\s+many|how\s+much\s+in|convert(?:ed)?\s+to)\s+(?P<a>{_WORDS})(?![\w/])"
    rf"|\d\s?(?P<b>{_WORDS})(?![\w/])", re.I)
_TOO_SHORT = frozenset({"m", "g", "in", "nm"})


def named_units(text: str) -> tuple[str, ...]:
    """The units a message names, as answers write them: 'in pounds?' -> ('lb',)."""
    out: list[str] = []
    for m in _ASKED.finditer(text):
        word = (m.group("a") or m.group("b")).lower()
        if m.group("a") and word in _TOO_SHORT and not re.match(r"how", m.group(0), re.I):
            continue  # "in M", "in g": a size or a slip, not a unit to answer in
        out.append(SPELLINGS[word])
    return tuple(dict.fromkeys(out))


def asks_how_many(text: str) -> tuple[str, ...]:
    """Units a 'how many grams / ounces ...' question asks a figure in."""
    return tuple(dict.fromkeys(
        SPELLINGS[m.group(1).lower()]
        for m in re.finditer(rf"\bhow\s+many\s+({_WORDS})(?![\w/])", text, re.I)))


__all__ = ["SPELLINGS", "asks_how_many", "named_units"]
