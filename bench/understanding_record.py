"""Reference semantics of attribute filters on shops whose catalog states attributes as data.

Used by bench/understanding_gold.py for the home/apparel shop and the held-out shop:
the gold answers are computed from the catalog model (`Product.attributes`, variants,
availability, list price), written here without `assistant.qa`, so the engine's
reading of the same data is checked against a second, plain implementation.

* a word value (colour, size, material, pattern) matches when the asked words are among
  a stated value's words ("blue" ~ "Steel Blue"); sizes match whole ("42" is not "4");
* filters on options (and stock) must hold for one variant together;
* "lacks": no stated value matches, or another option can be bought ("not black" keeps
  a product also sold in navy); a word no attribute holds must not be in the text;
* care: CARE below; gender: women's = female or unisex, for adults; stock: the product's
  availability, "out of stock" in its text winning; on sale: price below the list price;
* quantities: the stated value (catalog units) against the filter converted with pint.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from assistant.catalog import Product
from assistant.qa.query import AttributeFilter

# care asked -> (stated care values meaning no, meaning yes, weaker no)
CARE: dict[str, tuple[set[str], set[str], set[str]]] = {
    "washable": ({"do not wash", "dry clean only", "vacuum only", "professional clean"},
                 {"machine washable", "hand wash"}, {"spot clean", "wipe clean",
                                                      "not machine washable"}),
    "machine washable": ({"not machine washable", "do not wash", "dry clean only",
                          "vacuum only", "professional clean"}, {"machine washable"},
                         {"hand wash", "spot clean", "wipe clean"}),
    "hand wash": ({"do not wash", "dry clean only", "vacuum only", "professional clean"},
                  {"hand wash", "machine washable"}, set()),
    "dry clean only": ({"machine washable", "hand wash"}, {"dry clean only",
                                                          "professional clean"}, set()),
    "tumble dry": ({"do not tumble dry", "dry clean only", "do not wash"}, {"tumble dry"}, set()),
    "dishwasher safe": (set(), {"dishwasher safe"}, set()),
}
SIZE_ABBREVIATIONS = {"small": "s", "medium": "m", "large": "l", "extra large": "xl"}
SPECIAL = {"availability", "on_sale", "care", "gender", "age_group"}


def words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    out = []
    for w in re.findall(r"\d+(?:\.\d+)?|[a-z]+", text):
        w = "gray" if w == "grey" else w
        out.append(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w)
    return out


def stated(p: Product, name: str) -> list[Any]:
    return [a.value for a in p.attributes if a.name == name]


def value_matches(have: str, want: str, name: str) -> bool:
    if name == "size":
        h = words(SIZE_ABBREVIATIONS.get(have.lower(), have))
        w = words(SIZE_ABBREVIATIONS.get(want.lower(), want))
        return h[: len(w)] == w and (len(h) == len(w) or not h[len(w)].isdigit())
    return all(x in words(have) for x in words(want))


def availability(p: Product) -> str:
    """The product's availability; its text saying out of stock, or a stock of 0, wins."""
    if any(a.name == "availability" and a.source == "text" and a.value == "out_of_stock"
           for a in p.attributes):
        return "out_of_stock"
    if p.availability == "in_stock" and p.stock == 0:
        return "out_of_stock"
    return p.availability


def _option(variant: Any, name: str) -> str | None:
    for n, v in variant.options:
        key = re.sub(r"[^a-z]+", "_", n.lower()).strip("_")
        if {"colour": "color", "sizes": "size"}.get(key, key) == name:
            return str(v)
    return None


def _variant_ok(variant: Any, f: AttributeFilter) -> bool:
    if f.name == "availability":
        ok = variant.availability == (f.text or "in_stock")
    else:
        value = _option(variant, f.name)
        ok = value is None or value_matches(value, f.text or "", f.name)
        if value is None:
            return True
    return not ok if f.op == "lacks" else ok


def variants_ok(p: Product, filters: tuple[AttributeFilter, ...]) -> bool:
    """Option and stock filters hold for one variant together (True when none applies)."""
    names = {n for v in p.variants for n in (_option_names(v))}
    mine = [f for f in filters if (f.name in names and f.text)
            or (f.name == "availability" and p.variants)]
    if not mine or not p.variants:
        return True
    if availability(p) == "out_of_stock" and any(
            f.name == "availability" and f.op != "lacks" for f in mine):
        return False
    return any(all(_variant_ok(v, f) for f in mine) for v in p.variants)


def _option_names(variant: Any) -> set[str]:
    out = set()
    for n, _ in variant.options:
        key = re.sub(r"[^a-z]+", "_", n.lower()).strip("_")
        out.add({"colour": "color", "sizes": "size"}.get(key, key))
    return out


def care_check(p: Product, asked: str) -> bool | None:
    have = {str(v).lower() for v in stated(p, "care")}
    no, yes, weak = CARE.get(asked, (set(), {asked}, set()))
    if have & no:
        return False
    if have & yes:
        return True
    if have & weak:
        return False
    return None


@lru_cache(maxsize=1)
def _ureg() -> Any:
    import pint

    return pint.UnitRegistry(cache_folder=None)


_PINT = {"in": "inch", "cm": "centimeter", "ft": "foot", "lb": "pound", "kg": "kilogram",
         "g": "gram", "oz": "ounce", "L": "liter", "l": "liter", "F": "degree_Fahrenheit",
         "degC": "degree_Celsius", "h": "hour", "day": "day"}


def to_unit(value: float, unit: str, to: str) -> float:
    if not unit or not to or unit == to:
        return value
    q = _ureg().Quantity(value, _PINT.get(unit, unit))
    return float(q.to(_PINT.get(to, to)).magnitude)


def quantity(p: Product, name: str) -> tuple[float, str] | None:
    for a in p.attributes:
        if a.name == name and isinstance(a.value, float):
            return a.value, a.unit
    return None


def check(p: Product, f: AttributeFilter) -> bool | None:
    """True / False, or None where the record does not say."""
    said = _check(p, f)
    if said is True and not variants_ok(p, (f,)):
        return False
    return said


def _check(p: Product, f: AttributeFilter) -> bool | None:
    lacks = f.op == "lacks"
    if f.name == "on_sale":
        on = p.discount > 0 or any(v.list_price > v.price for v in p.variants) \
            or bool(p.discount_text)
        return not on if lacks else on
    if f.name == "availability":
        state = availability(p)
        if state == "unknown":
            return None
        ok = state == (f.text or "in_stock")
        return not ok if lacks else ok
    if f.name == "care":
        ok = care_check(p, (f.text or "washable").lower())
        return None if ok is None else (not ok if lacks else ok)
    if f.name == "gender":
        genders = {str(v).lower() for v in stated(p, "gender")}
        ages = {str(v).lower() for v in stated(p, "age_group")}
        if not genders:
            return None
        want = (f.text or "").lower()
        if want in ("female", "male") and ages and "adult" not in ages:
            return False
        return want in genders or (want in ("female", "male") and "unisex" in genders)
    if f.value is not None:
        q = quantity(p, f.name)
        if q is None:
            return None
        x, y = q[0], to_unit(f.value, f.unit or q[1], q[1])
        return {"eq": abs(x - y) <= 0.01 * max(1.0, abs(y)), "lt": x < y, "le": x <= y + 1e-9,
                "gt": x > y, "ge": x >= y - 1e-9}[f.op]
    values = [str(v) for v in stated(p, f.name) if isinstance(v, str)]
    want = f.text or f.name
    if not values:
        text = " ".join((p.title, p.description, *p.features)).lower()
        mentioned = all(w in words(text) for w in words(want))
        if lacks:
            return not mentioned
        return True if mentioned else None
    hit = any(value_matches(v, want, f.name) for v in values)
    if lacks:
        if p.variants and f.name in {n for v in p.variants for n in _option_names(v)}:
            return any(not value_matches(_option(v, f.name) or "", want, f.name)
                       for v in p.variants)
        return not hit
    return hit


def sort_value(p: Product, key: str) -> float | None:
    q = quantity(p, key)
    return q[0] if q is not None else None


__all__ = ["CARE", "check", "sort_value", "value_matches", "variants_ok"]
