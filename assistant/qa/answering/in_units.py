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


def in_asked_units(value: float | None, unit: str | None, stated: str,
                   units: Sequence[str]) -> str:
    """`stated`, followed by '(about X u)' for each asked unit `u` it does not use."""
    if value is None or not unit or not units:
        return stated
    extra = []
    for u in units:
        shown = _SHOWN.get(u, u)
        if re.search(rf"\d\s?{re.escape(shown)}(?![\w])", stated, re.I):
            continue  # the catalog already says it in that unit
        x = convert(float(value), unit, u)
        if x is None and u == "oz":
            x, shown = convert(float(value), unit, "fl oz"), "fl oz"  # a jar's ounces
        if x is not None and x > 0:
            extra.append(f"about {about(x)} {shown}")
    stated = stated.rstrip(". ")
    return f"{stated} ({'; '.join(extra)})" if extra else stated


__all__ = ["about", "in_asked_units"]
