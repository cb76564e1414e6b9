"""Quantities as shops write them ("54 in", "137 cm", "2.5 lb", "12 fl oz") -> one unit each.

`pint` does the conversion; this module only maps a shop's unit spelling onto a
pint unit and each dimension onto the canonical unit attributes are kept in:
length cm, mass kg, volume l, temperature degC, time day. The value as stated stays
in the attribute's span. Whether "oz" is a weight or a volume depends on the
attribute: `to_canonical(..., kind="volume")` reads it as fluid ounces.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

# A shop's unit spelling -> the pint unit name.
UNIT_WORDS = {
    "mm": "millimeter", "millimeter": "millimeter", "millimeters": "millimeter",
    "millimetre": "millimeter", "millimetres": "millimeter",
    "cm": "centimeter", "centimeter": "centimeter", "centimeters": "centimeter",
    "centimetre": "centimeter", "centimetres": "centimeter",
    "m": "meter", "meter": "meter", "meters": "meter", "metre": "meter", "metres": "meter",
    "in": "inch", "inch": "inch", "inches": "inch", '"': "inch", "\u2033": "inch",
    "ft": "foot", "foot": "foot", "feet": "foot", "'": "foot", "\u2032": "foot",
    "yd": "yard", "yard": "yard", "yards": "yard",
    "g": "gram", "gram": "gram", "grams": "gram", "kg": "kilogram", "kgs": "kilogram",
    "kilogram": "kilogram", "kilograms": "kilogram", "oz": "ounce", "ounce": "ounce",
    "ounces": "ounce", "lb": "pound", "lbs": "pound", "pound": "pound", "pounds": "pound",
    "ml": "milliliter", "milliliter": "milliliter", "milliliters": "milliliter",
    "millilitre": "milliliter", "millilitres": "milliliter", "l": "liter", "liter": "liter",
    "liters": "liter", "litre": "liter", "litres": "liter", "qt": "quart", "quart": "quart",
    "quarts": "quart", "gal": "gallon", "gallon": "gallon", "gallons": "gallon",
    "fl oz": "fluid_ounce", "floz": "fluid_ounce", "fluid ounce": "fluid_ounce",
    "fluid ounces": "fluid_ounce", "cup": "cup", "cups": "cup",
    "\u00b0c": "degree_Celsius", "c": "degree_Celsius", "celsius": "degree_Celsius",
    "\u00b0f": "degree_Fahrenheit", "f": "degree_Fahrenheit", "fahrenheit": "degree_Fahrenheit",
    "day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month",
    "months": "month",
}  # fmt: skip
# pint dimensionality -> (canonical unit written on the attribute, its pint name).
CANONICAL = {
    "[length]": ("cm", "centimeter"),
    "[mass]": ("kg", "kilogram"),
    "[length] ** 3": ("l", "liter"),
    "[temperature]": ("degC", "degree_Celsius"),
    "[time]": ("day", "day"),
}
# The unit words a quantity in prose may end with, longest first (for the rules' regexes).
UNIT_PATTERN = "|".join(
    re.escape(w) for w in sorted(UNIT_WORDS, key=len, reverse=True)
)
# A number as shops write it: "1,200" (thousands), "1.5", "1,5" (decimal comma).
NUMBER_PATTERN = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?"
_QUANTITY = re.compile(rf"^\s*({NUMBER_PATTERN})\s*({UNIT_PATTERN})\.?\s*$", re.I)


@lru_cache(maxsize=1)
def _registry() -> Any:
    import pint  # imported on first use: building the registry takes ~0.5 s

    return pint.UnitRegistry(cache_folder=None)


def unit_name(word: str, kind: str = "") -> str | None:
    """The pint unit for a shop's spelling ('lbs' -> 'pound'); 'oz' is fluid for volumes."""
    key = " ".join(word.strip().lower().replace("_", " ").split())
    if kind == "volume" and key in ("oz", "ounce", "ounces"):
        return "fluid_ounce"
    return UNIT_WORDS.get(key)


@lru_cache(maxsize=256)
def _convert(unit: str) -> tuple[str, float, float]:
    """(canonical unit, factor, offset) with canonical = value * factor + offset."""
    ureg = _registry()
    q = ureg.Quantity(1.0, unit)
    dim = str(q.dimensionality)
    if dim not in CANONICAL:
        return "", 1.0, 0.0
    short, target = CANONICAL[dim]
    zero = float(ureg.Quantity(0.0, unit).to(target).magnitude)
    one = float(ureg.Quantity(1.0, unit).to(target).magnitude)
    return short, one - zero, zero


def to_canonical(value: float, unit: str, kind: str = "") -> tuple[float, str] | None:
    """(value in the canonical unit, that unit), or None when the unit is unknown."""
    name = unit_name(unit, kind)
    if name is None:
        return None
    short, factor, offset = _convert(name)
    if not short:
        return None
    return round(value * factor + offset, 4), short


def parse_quantity(text: str, kind: str = "") -> tuple[float, str] | None:
    """'54 in' -> (137.16, 'cm'); '1,5 kg' -> (1.5, 'kg'); None unless number + unit."""
    m = _QUANTITY.match(text)
    if not m:
        return None
    return to_canonical(number(m.group(1)), m.group(2), kind)


# The units `convert` accepts beyond a shop's spellings: the canonical ones written on
# attributes and the table units of `assistant.qa` (in, lb, L, F, h).
_UNIT_NAMES = {"degC": "degree_Celsius", "F": "degree_Fahrenheit", "L": "liter", "h": "hour",
               "km": "kilometer", "mi": "mile", "psi": "psi", "bar": "bar", "mph": "mile_per_hour",
               "km/h": "kilometer_per_hour", "Nm": "newton * meter",
               "in-lb": "inch * pound_force", "ft-lb": "foot * pound_force"}


def convert(value: float, unit: str, to: str) -> float | None:
    """`value` in `unit` expressed in `to` ('cm' -> 'in', 'kg' -> 'lb', 'degC' -> 'F');
    None when either unit is unknown or they measure different things."""
    if unit == to:
        return value
    line = _line(unit, to)
    return None if line is None else value * line[0] + line[1]


@lru_cache(maxsize=256)
def _line(unit: str, to: str) -> tuple[float, float] | None:
    """(factor, offset) with value_in_to = value * factor + offset, from pint, once a pair
    (a pint conversion costs ~0.3 ms; a catalog converts thousands of values)."""
    a = _UNIT_NAMES.get(unit) or unit_name(unit)
    b = _UNIT_NAMES.get(to) or unit_name(to)
    if a is None or b is None:
        return None
    ureg = _registry()
    try:
        zero = float(ureg.Quantity(0.0, a).to(b).magnitude)
        one = float(ureg.Quantity(1.0, a).to(b).magnitude)
    except Exception:  # pint's DimensionalityError: a length is no weight
        return None
    return one - zero, zero


def number(text: str) -> float:
    """'1,200' -> 1200.0; '1,5' -> 1.5; '137' -> 137.0."""
    text = text.strip()
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", text):
        return float(text.replace(",", ""))
    return float(text.replace(",", "."))


__all__ = ["CANONICAL", "NUMBER_PATTERN", "UNIT_PATTERN", "UNIT_WORDS", "convert", "number",
           "parse_quantity", "to_canonical", "unit_name"]  # fmt: skip
