"""Does a product meet a condition on a word value: a colour, size, material, care, who it is for,
its stock or a sale? Read from what its record states (`assistant.qa.knowledge.stated`).

Semantics, the same for searches and yes/no questions:

* a value asked for matches a stated one when its words are among the stated value's
  ("blue" matches "Steel Blue", "wool" matches "merino wool"; a size matches whole:
  "42" is not "4", "8 x 10" is "8 x 10 ft", "medium" is "M");
* an option value ("in blue", "in size M", "in stock") is met by one variant; several
  together must be met by the same variant (`matching_variants`);
* an exclusion ("not leather", "not black") keeps a product none of whose stated values
  match, or that has another option to buy ("not black": its navy variant);
* care questions follow `CARE_QUESTIONS` ("Vacuum only, do not wash" is a no to "washable");
* "women's" is met by women's and unisex products for adults, not by kids' ones;
* stock: the product's availability, its text's "out of stock" winning; a sale: a price
  below the list price or a promotion.

Every check answers True, False, or None when the record does not say.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from assistant.catalog.types import canonical_name
from assistant.catalog.units import convert, parse_quantity
from assistant.catalog.vocab import COLOR_FAMILIES
from assistant.qa.knowledge.ages import age_fits
from assistant.qa.knowledge.attribute_words import CARE_QUESTIONS, SIZE_WORDS
from assistant.qa.knowledge.stated import AVAILABILITY, ON_SALE, sale_fact, stock_fact

if TYPE_CHECKING:
    from assistant.catalog import Product, Variant
    from assistant.qa.query import AttributeFilter

# Names whose check is not a plain word match.
SPECIAL = frozenset({"care", "gender", "age_group", AVAILABILITY, ON_SALE})
_SPELLINGS = {"grey": "gray", "colour": "color", "aluminium": "aluminum", "xxl": "2xl"}
_ADULT_ONLY = frozenset({"female", "male"})


def value_words(text: str) -> list[str]:
    """'Pine-Green' -> ['pine', 'green']; '63in' -> ['63', 'in']; 'Grey' -> ['gray']."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"\d+(?:\.\d+)?|[a-z]+", ascii_text)
    out = []
    for w in words:
        w = _SPELLINGS.get(w, w)
        out.append(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w)
    return out


def size_key(text: str) -> list[str]:
    """A size's words with spelled-out letter sizes abbreviated ("medium" -> ['m'])."""
    low = " ".join(text.lower().replace("-", " ").split())
    return value_words(SIZE_WORDS.get(low, low))


def same_value(have: str, want: str, name: str = "") -> bool:
    """Does the stated value `have` match the asked `want` (see the module docstring)?"""
    if (figures := _figures(have, want)) is not None:  # "35 lb" of a "16 kg" kettlebell
        x, y = figures  # (in the units of `have`: grams may be thousandths of a kg)
        return abs(x - y) <= OPTION_NEAR * abs(y) + 1e-9
    if canonical_name(name) == "size":
        h, w = size_key(have), size_key(want)
        return bool(w) and h[: len(w)] == w and (len(h) == len(w) or not h[len(w)].isdigit())
    h_words, w_words = value_words(have), value_words(want)
    if w_words and _IMITATION.search(have):  # "PU synthetic leather", "faux fur": made to
        h_words = value_words(re.sub(  # look like it, not of it
            rf"\b{_IMITATES}\s+{re.escape(' '.join(w_words))}", " ", " ".join(h_words)))
    if len(w_words) == 1 and canonical_name(name) == "color" and w_words[0] not in h_words:
        return any(w in COLOR_FAMILIES.get(w_words[0], ()) for w in h_words)  # "green": Sage
    return bool(w_words) and all(w in h_words for w in w_words)


# Words that make a material an imitation of the next: "faux leather" is no leather.
_IMITATES = "(?:faux|synthetic|vegan|pu|imitation|artificial|fake)"
_IMITATION = re.compile(rf"\b{_IMITATES}\s", re.I)  # (value_words are lower case)


def _figures(have: str, want: str) -> tuple[float, float] | None:
    """Two quantities stated as text, in one unit ("16 kg", "35 lb" -> 16.0, 15.88); None
    when either is no bare quantity or their units differ in kind."""
    if not (any(c.isdigit() for c in have) and any(c.isdigit() for c in want)):
        return None  # a word value ("Sage", "green"): no figure to parse, on a hot path
    x, y = parse_quantity(have.strip(), ""), parse_quantity(want.strip(), "")
    if x is None or y is None:
        return None
    converted = convert(y[0], y[1], x[1])
    return None if converted is None else (x[0], converted)


def care_verdict(stated: Sequence[str], asked: str) -> tuple[bool | None, tuple[str, ...]]:
    """(yes / no / None, the stated care values that decide it)."""
    key = asked.lower().strip()
    if key not in CARE_QUESTIONS:
        hits = tuple(s for s in stated if same_value(s, key))
        return (True, hits) if hits else (None, ())
    strong_no, yes, weak_no = CARE_QUESTIONS[key]
    have = [s.lower() for s in stated]
    for tier, word in ((strong_no, False), (yes, True), (weak_no, False)):
        hits = tuple(s for s in have if s in tier)
        if hits:
            return word, hits
    return None, ()


def gender_check(genders: Sequence[str], ages: Sequence[str], want: str) -> bool | None:
    """'female' is met by female or unisex adults' products; None when none is stated."""
    if not genders:
        return None
    if want in _ADULT_ONLY and ages and all(a != "adult" for a in ages):
        return False
    return want in genders or (want in _ADULT_ONLY and "unisex" in genders)


def person_fits(p: Product, genders: Sequence[str], gender: str, grown_up: bool) -> bool:
    """Not stated (`genders`, its age groups) as for someone other than a `gender` ("female",
    "male"; "": anyone) who is, or may not be, `grown_up`: a lamp fits anyone."""
    ages = ages_of(p) if grown_up else []
    if gender and gender_check(genders, ages, gender) is False:
        return False
    return not (ages and "adult" not in ages)


def stock_check(p: Product, want: str) -> bool | None:
    fact = stock_fact(p)
    if not fact.known:
        return None
    if want in ("in_stock", "available"):
        return fact.availability == "in_stock"
    return fact.availability == want


def special_check(p: Product, f: AttributeFilter, values: Sequence[Any]) -> bool | None:
    """The checks of `SPECIAL` names; exclusions ("lacks") are the opposite answer."""
    texts = [str(a.text) for a in values if getattr(a, "text", None)]
    want = (f.text or "").lower()
    said: bool | None
    if f.name == "care":
        said = care_verdict(texts, want or "washable")[0] if texts else None
    elif f.name == "gender":
        ages = ages_of(p)
        said = gender_check([t.lower() for t in texts], ages, want)
    elif f.name == "age_group":
        said = (any(same_value(t, want) for t in texts) or None) if texts else None
        said = False if texts and not said else said
        if said and f.value is not None and (fit := age_fits(p, f.value)) is not None:
            said = fit[0]  # a kids' bike "for ages 8-11" is no bike for a toddler
    elif f.name == AVAILABILITY:
        said = stock_check(p, want or "in_stock")
    else:  # on sale
        said = sale_fact(p).on_sale
    if f.op != "lacks":
        return said
    if said is None:  # "saddles that aren't women's": one stated for no one is not
        return True if f.name in ("gender", "age_group") else None
    return not said


def ages_of(p: Product) -> list[str]:
    """The age groups a product states ("adult", "kids")."""
    return [str(a.value).lower() for a in p.attributes if a.name == "age_group"]


def word_check(p: Product, f: AttributeFilter, values: Sequence[Any]) -> bool | None:
    """A word value asked of stated word values ("color eq blue", "material lacks leather")."""
    texts = [str(a.text) for a in values if getattr(a, "text", None)]
    if not texts:
        return None
    want = f.text or f.name
    flags = [yes_no(t) for t in texts]
    if value_words(want) == value_words(f.name.replace("_", " ")):  # "vegan: Yes (no dairy)";
        has = any(flag is not False for flag in flags)  # "Batteries: 2 x AA" has them, and
        return has if f.op != "lacks" else not has  # "Batteries: None (solar)" has none
    if f.op == "lacks":
        options = matching_variants(p, [f])
        if options is not None:
            return bool(options)  # another colour / size to buy
        return not any(same_value(t, want, f.name) for t in texts)
    return any(same_value(t, want, f.name) for t in texts)


_YES = re.compile(r"\s*(?:yes|true|y)\b", re.I)
_NO = re.compile(r"\s*(?:no|false|n|none)\b", re.I)


def yes_no(value: str) -> bool | None:
    """A stated value that is a yes or a no ("Yes (no dairy)", "No", "true"), else None."""
    return True if _YES.match(value) else False if _NO.match(value) else None


def figure_ok(stated: str, f: AttributeFilter) -> bool | None:
    """Does a figure stated as text ("40 cm", "25 m", "500 ml") meet a filter on a quantity
    ("size of 15.7 in", "length at least 80 ft")? None when either is no quantity."""
    if f.value is None or not f.unit:
        return None
    if f.unit == "count" and (n := _COUNTED.search(stated)):  # "12-pack", "pack of 6"
        return {"eq": float(n.group(1) or n.group(2)) == f.value}.get(f.op)
    have = parse_quantity(stated.strip(), "volume" if f.unit in ("l", "L", "ml") else "")
    if have is None:
        return None
    want = convert(f.value, f.unit, have[1])
    if want is None:
        return None
    x, y = have[0], want
    own = re.match(r"\s*\d+(?:\.\d+)?\s*([^\W\d]+|\")", stated)
    same = own is not None and convert(1.0, own.group(1), f.unit) == 1.0 \
        and round(f.value, 1) == f.value  # said so, not converted to the shop's unit
    near = 0.01 if same else OPTION_NEAR  # "8 in" is no 7.5 in
    return {"eq": abs(x - y) <= max(0.01, near * abs(y)), "lt": x < y,
            "le": x <= y + 1e-6, "gt": x > y, "ge": x >= y - 1e-6}.get(f.op)


# A count an option states: "12-pack", "6 pack", "pack of 6", "24 pcs".
_COUNTED = re.compile(r"(\d+)\s*-?\s*(?:pack|pk|count|ct|pcs?|pieces?)\b|\bpack\s+of\s+(\d+)",
                      re.I)


# How near a size sold must be to a figure asked in another unit to be it: "a pound of
# coffee" is the 500 g bag (454 g), "2 pounds of spaghetti" the 1 kg (907 g), "24 oz" of
# honey 700 g. Asked in the shop's own unit, a figure is exact.
OPTION_NEAR = 0.12


def variant_ok(v: Variant, f: AttributeFilter) -> bool | None:
    """Does one variant meet the filter? None when the filter is not about its options."""
    if f.name == AVAILABILITY:
        want = (f.text or "in_stock").lower()
        ok = v.availability == "in_stock" if want in ("in_stock", "available") \
            else v.availability == want
        return not ok if f.op == "lacks" else ok
    value = v.option(f.name)
    if value is not None and f.text is None:
        return figure_ok(value, f)  # "the 40 cm one"
    if value is None and f.text is None and f.unit:  # "2 pounds" of one sold in "1 kg" bags
        met = [figure_ok(option, f) for _, option in v.options]
        return next((m for m in met if m is not None), None)
    if value is None or f.text is None:
        return None
    ok = same_value(value, f.text, f.name)
    return not ok if f.op == "lacks" else ok


# Measures a product may be sold by in sizes ("1 kg" bags, "25 m" hoses): a figure asked of
# one of these may pick an option; a range or a load never does ("54 cm" is a frame).
SOLD_BY = frozenset({"size", "weight", "capacity", "length", "width", "height", "depth",
                     "diameter", "pack_size", "screen_size"})


def matching_variants(p: Product, filters: Sequence[AttributeFilter]) -> list[Variant] | None:
    """The variants meeting every filter on an option (and stock) at once; None when no
    filter is about this product's options."""
    names = {canonical_name(n) for n in p.options()}
    mine = [f for f in filters if (f.text is not None or f.unit) and f.name in names
            or f.name == AVAILABILITY and p.variants and f.op in ("eq", "has", "lacks")
            or f.text is None and f.unit and f.name in SOLD_BY and any(
                variant_ok(v, f) is not None for v in p.variants[:1])]
    if not mine or not p.variants:
        return None
    if stock_fact(p).availability == "out_of_stock" and any(
            f.name == AVAILABILITY and f.op != "lacks"
            and (f.text or "in_stock").lower() in ("in_stock", "available") for f in mine):
        return []  # the shop's own words say it is out of stock
    if stock_fact(p).availability == "out_of_stock" and any(
            f.name == AVAILABILITY and f.op != "lacks"
            and (f.text or "").lower() == "out_of_stock" for f in mine):
        return list(p.variants)  # "which are out of stock?": all of it, as its words say
    return [v for v in p.variants if all(variant_ok(v, f) is not False for f in mine)]


def option_filters(p: Product, filters: Sequence[AttributeFilter]) -> tuple[AttributeFilter, ...]:
    """The filters naming one of `p`'s options that some variant has ("the 35 lb Gravity Lab
    dumbbell": the 35 lb one)."""
    return tuple(f for f in filters if f.name != AVAILABILITY and matching_variants(p, [f]))


__all__ = [
    "SOLD_BY", "SPECIAL", "ages_of", "option_filters", "care_verdict", "figure_ok", "gender_check",
    "matching_variants", "person_fits", "same_value", "size_key", "special_check",
    "stock_check", "value_words", "variant_ok", "word_check",
]  # fmt: skip
