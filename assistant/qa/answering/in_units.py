"""A stated figure, also in the units the shopper asked in: "2.9 kg (about 6.4 lb)".

The catalog's own words stay first and unchanged; the conversion is `pint`'s
(`assistant.catalog.units.convert`), added only where the shopper named a unit the
text does not already use ("in pounds?", "does it get to 10 bar?").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.catalog.units import convert

# How an answer writes a unit after a converted figure.
_SHOWN = {"degC": "\u00b0C", "F": "\u00b0F", "in-lb": "in-lbs", "ft-lb": "ft-lbs"}


def about(value: float) -> str:
    """A converted figure as people say it: 6.39 -> '6.4', 752.3 -> '752', 0.454 -> '0.45'."""
    if abs(value) >= 100:
        return f"{round(value):,}"
    if abs(value) >= 1:
        return f"{round(value, 1):g}"
    return f"{value:.2g}"


# Figures with a unit in catalog text, one to three joined: "183 × 66 cm", "2.5–24 kg", "1 L".
_NUMBER = r"\d+(?:\.\d+)?"
_FIGURES = re.compile(rf"(?<![\w.])({_NUMBER}(?:\s*(?:[x×]|[-–]|to)\s*{_NUMBER}){{0,2}})\s*"
                      r"(mm|cm|m|in|inches|inch|ft|yd|yards?|kg|g|lbs?|oz|fl\.?\s?oz|ml|l|"
                      r"°\s?[fc])(?![\w])", re.I)
_JOINS = re.compile(r"\s*([x×]|[-–]|to)\s*")


def figures_in(text: str, units: Sequence[str]) -> str:
    """Every figure of `text` stated in a unit convertible to an asked one, converted:
    "Running surface: 120 × 42 cm" in inches -> "about 47 × 16.5 in" ('' for none)."""
    out: list[str] = []
    for m in _FIGURES.finditer(text):
        unit = _UNIT_OF.get(m.group(2).lower().replace(".", "").replace(" ", ""),
                            m.group(2).lower())
        for asked in units:
            u = "fl oz" if asked == "oz" and convert(1.0, unit, "oz") is None else asked
            numbers = re.findall(_NUMBER, m.group(1))  # a bottle's ounces are fluid ounces
            converted = [convert(float(n), unit, u) for n in numbers] if unit != u else []
            if converted and all(x is not None and x > 0 for x in converted):
                joins = _JOINS.findall(m.group(1))
                said = about(converted[0] or 0.0) + "".join(
                    f" {j} {about(x or 0.0)}" if j in "x×" else f"{j}{about(x or 0.0)}"
                    for j, x in zip(joins, converted[1:], strict=False))
                out.append(f"about {said} {_SHOWN.get(u, u)}")
    return "; ".join(dict.fromkeys(out))


# Units as catalog text writes them -> as `convert` names them.
_UNIT_OF = {"inches": "in", "inch": "in", "lbs": "lb", "floz": "fl oz", "l": "L", "yards": "yd",
            "yard": "yd", "°f": "F", "°c": "degC"}


def in_asked_units(value: float | None, unit: str | None, stated: str,
                   units: Sequence[str]) -> str:
    """`stated`, followed by '(about X u)' for each asked unit `u` it does not use: its own
    figures converted where it states any in a like unit, else `value`."""
    if not units:
        return stated
    if own := figures_in(stated, [u for u in units if not _uses(stated, u)]):
        return f"{stated.rstrip('. ')} ({own})"  # "32 x 18 x 12 cm (about 12.6 x 7.1 x 4.7 in)"
    if value is None or not unit:
        return stated
    extra = []
    for u in units:
        shown = _SHOWN.get(u, u)
        if _uses(stated, u):
            continue  # the catalog already says it in that unit
        x = convert(float(value), unit, u)
        if x is None and u == "oz":
            x, shown = convert(float(value), unit, "fl oz"), "fl oz"  # a jar's ounces
        if x is not None and x > 0:
            extra.append(f"about {about(x)} {shown}")
    stated = stated.rstrip(". ")
    return f"{stated} ({'; '.join(extra)})" if extra else stated


def _uses(stated: str, unit: str) -> bool:
    return bool(re.search(rf"\d\s?{re.escape(_SHOWN.get(unit, unit))}(?![\w])", stated, re.I))


__all__ = ["about", "figures_in", "in_asked_units"]
