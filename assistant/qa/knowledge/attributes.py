"""Specs as typed attributes: numbers with units (and a few word values) read from a catalog.

At load, every title and feature is scanned for a number and a unit ("15.6\"",
"16GB Memory", "Weighs 2.6 lb", "Rated to 20°F", "Up to 18 hours of battery
life", "Uses isobutane canisters"). A value is converted to its attribute's
canonical unit (weight in lb, temperature in °F, durations in hours, data in
GB, volume in L, resolution in vertical lines "p"). The attribute's name comes
from its dimension and the words next to it ("battery life", "burn time",
"memory" vs "SSD"), never from a list of one shop's products.

    table = AttributeTable.build(catalog)
    table.value(product, "weight")          # Attribute("weight", 2.6, "lb", ...) or None
    table.check(product, AttributeFilter("fuel", "eq", text="propane"))  # False / True / None
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from assistant.catalog.types import canonical_name
from assistant.catalog.units import convert
from assistant.qa.knowledge.attribute_words import ALIASES
from assistant.qa.knowledge.spec_text import _CUES, _NAMES, Attribute, extract
from assistant.qa.knowledge.stated import ON_SALE, Stated, merge_record, own_text
from assistant.qa.knowledge.textnorm import fold, singular
from assistant.qa.knowledge.value_match import SPECIAL, figure_ok, special_check, word_check
from assistant.qa.query import AttributeFilter

if TYPE_CHECKING:
    from assistant.catalog import Catalog, Product

# How near a stated figure must be to the one asked to be it: "150 ft" of a reel that
# "holds 45 m" (150 ft is 45.7 m); one unit rounded into another is a few percent off.
SAME_FIGURE = 0.02


class AttributeTable:
    """The attributes each product of a catalog states, keyed by product id: one value per
    name (`value`, for numbers) and all of them (`values`: three colours state three)."""

    def __init__(self, by_product: dict[str, dict[str, Attribute]],
                 many: dict[str, dict[str, list[Attribute]]] | None = None,
                 sold_in: dict[str, Counter[str]] | None = None) -> None:
        self._by_product = by_product
        self._many = many or {}
        units: dict[str, str | None] = {}
        counts: Counter[str] = Counter()
        self._values: dict[str, Counter[float]] = defaultdict(Counter)
        for attrs in by_product.values():
            for a in attrs.values():
                units.setdefault(a.name, a.unit)
                counts[a.name] += 1
                if a.value is not None:
                    self._values[a.name][a.value] += 1
        self._names = {n: units[n] for n, _ in counts.most_common()}
        if by_product:  # every product has a price, so "on sale?" always has an answer
            self._names.setdefault(ON_SALE, None)
        self._counts = counts
        self._words: dict[str, Counter[str]] = defaultdict(Counter)
        self._options: dict[str, Counter[str]] = defaultdict(Counter)
        for named in self._many.values():
            for name, stated in named.items():
                self._words[name].update({a.text for a in stated if a.text})
                self._options[name].update({a.text for a in stated
                                            if a.text and a.source == "option"})
        for name, values in (sold_in or {}).items():  # a colour a column states too is
            for value, n in values.items():  # still an option its variants are sold in
                self._options[name][value] = max(self._options[name][value], n)

    @classmethod
    def build(cls, catalog: Catalog) -> AttributeTable:
        by_product: dict[str, dict[str, Attribute]] = {}
        for p in catalog.products:
            by_product[p.id] = _attributes_of(p)
        _feature_specs.cache_clear()
        _screens_by_category(catalog, by_product)
        many: dict[str, dict[str, list[Attribute]]] = {}
        for p in catalog.products:
            many[p.id] = merge_record(p, by_product[p.id], _from_record)
        sold_in: dict[str, Counter[str]] = defaultdict(Counter)
        for p in catalog.products:
            for option, values in p.options().items():
                sold_in[canonical_name(option)].update(set(values))
        return cls(by_product, many, sold_in)

    def of(self, product: Product) -> dict[str, Attribute]:
        found = self._by_product.get(product.id)
        return dict(found) if found is not None else _attributes_of(product)

    def value(self, product: Product, name: str) -> Attribute | None:
        """The attribute the catalog states for this product; None when it does not say."""
        return self.of(product).get(name)

    def values(self, product: Product, name: str) -> list[Attribute]:
        """Every value the product states for `name` (one per colour, size, material...)."""
        many = self._many.get(product.id)
        if many is None:
            many = merge_record(product, _attributes_of(product), _from_record)
        if name in many:
            return list(many[name])
        one = self.of(product).get(name)
        return [one] if one is not None else []

    def words(self, name: str) -> Counter[str]:
        """The word values the catalog states for `name`, with how many products state each."""
        return Counter(self._words.get(name, Counter()))

    def option_words(self, name: str) -> Counter[str]:
        """The values products are sold in under `name` ("XL", "Honey", "25 m"): their
        variants' options, with how many products offer each."""
        return Counter(self._options.get(name, Counter()))

    def is_numeric(self, name: str) -> bool:  # a quantity: it can be sorted and compared
        return name in self._values

    def names(self) -> dict[str, str | None]:
        """Attribute name -> canonical unit (None for word values), most often stated first."""
        return dict(self._names)

    def aliases(self) -> dict[str, tuple[str, ...]]:
        """`ALIASES`, then the words of the catalog's own numeric names ("piece_count":
        "piece count", "pieces"; "players"), a shop's metafield that no alias covers. Made
        once per table: every message reads them (the names never change after `build`)."""
        made: dict[str, tuple[str, ...]] | None = getattr(self, "_aliases", None)
        if made is None:
            own = {name: (name.replace("_", " "), *((f"{name[:-6]}s",)
                                                   if name.endswith("_count") else ()))
                   for name in self._names if name not in ALIASES and self.is_numeric(name)
                   and "_" not in name.removesuffix("_count")}
            made = self._aliases = {**own, **ALIASES}
        return made

    def count(self, name: str) -> int:
        """How many products state the attribute."""
        return self._counts.get(name, 0)

    def check(self, product: Product, f: AttributeFilter) -> bool | None:
        """Does the product meet the filter? None when the catalog does not state it."""
        if f.name in SPECIAL:
            return special_check(product, f, self.values(product, f.name))
        if f.value is None and (f.text is not None or f.op == "lacks"):
            stated = self.values(product, f.name)
            if any(a.text for a in stated):
                return word_check(product, f, stated)
        a = self.value(product, f.name)
        if a is None:
            if f.op in ("has", "lacks"):  # a feature word ("bluetooth", "waterproof")
                said = _states_word(product, f.text or f.name)
                if said is None:
                    return None
                return said if f.op == "has" else not said
            sold = self._from_options(product, f)
            return sold if sold is not None else self._as_volume(product, f)
        if f.op == "has":
            return True if f.text is None else _same_text(a.text, f.text)
        if f.op == "lacks":
            return False if f.text is None else not _same_text(a.text, f.text)
        if f.text is not None and f.value is None:
            same = _same_text(a.text, f.text)
            return same if f.op == "eq" else None
        if a.value is None and f.value is not None:  # options stated as text: "30 cm", "40 cm"
            met = [figure_ok(str(b.text), f) for b in self.values(product, f.name) if b.text]
            return True if True in met else False if False in met else None
        if a.value is None or f.value is None:
            return None
        x, y = a.value, f.value
        if f.unit and a.unit and f.unit != a.unit:  # "150 cm" asked of a width kept in inches
            converted = convert(f.value, f.unit, a.unit)
            if converted is None:
                return None
            y = converted
        ops = {"eq": abs(x - y) <= max(0.01, SAME_FIGURE * abs(y)), "lt": x < y,
               "le": x <= y + 1e-9,
               "gt": x > y, "ge": x >= y - 1e-9}
        return ops[f.op]

    @staticmethod
    def _from_options(product: Product, f: AttributeFilter) -> bool | None:
        """"About 2 pounds of spaghetti": a product sold in "500 g" and "1 kg" bags states its
        weight in its options; None when no option is a figure of that kind."""
        if f.value is None or not f.unit:
            return None
        met = [figure_ok(v, f) for values in product.options().values() for v in values]
        return True if True in met else False if False in met else None

    def _as_volume(self, product: Product, f: AttributeFilter) -> bool | None:
        """"A shampoo of at least 16 oz": ounces of a product that states no weight but a
        volume ("500 ml", "1 L") are fluid ounces. None when it states neither."""
        if f.value is None or f.unit not in ("oz", "lb"):
            return None
        ounces = convert(f.value, f.unit, "oz")
        if ounces is None:
            return None
        fluid = AttributeFilter(f.name, f.op, ounces, "fl oz", f.text)
        met: list[bool | None] = []
        for name in ("size", "capacity", "volume"):
            for b in self.values(product, name):
                if b.text:
                    met.append(figure_ok(str(b.text), fluid))
                elif isinstance(b.value, float) and b.unit in ("l", "L", "ml"):
                    met.append(figure_ok(f"{b.value} {b.unit}", fluid))
        return True if True in met else False if False in met else None

    def typical(self, name: str, value: float) -> int:
        """How many products state exactly this value (used to choose between attributes)."""
        return self._values.get(name, Counter()).get(value, 0)


@lru_cache(maxsize=1 << 16)
def _feature_specs(feature: str) -> tuple[Attribute, ...]:
    """`extract` of one feature: it reads nothing but the feature's own text when it is not
    the title, so a bullet many products share is read once (attributes are frozen)."""
    return tuple(extract(feature, "", title=False))


def _attributes_of(p: Product) -> dict[str, Attribute]:
    """The first statement of each attribute, a cued one ("Weighs 11.5 lb") before a bare one."""
    found: dict[str, Attribute] = {}
    cued: set[str] = set()
    context = " ".join((p.title, p.category, *p.features))
    for k, source in enumerate((p.title, *p.features, *_description_sentences(p))):
        for a in extract(source, context, title=True) if k == 0 else _feature_specs(source):
            has_cue = bool(_CUES.search(fold(source)))
            if a.name not in found or has_cue and a.name not in cued:
                found[a.name] = a
                if has_cue:
                    cued.add(a.name)
    # the same figure under a general and a specific name ("20°F" in the title, "Temperature
    # rating 20°F" in the features) is the specific one
    for name, a in list(found.items()):
        general = next((n for d, w, n in _NAMES if n == name and not w), None)
        if general is None or a.value is None:
            continue
        if any(b.name != name and b.unit == a.unit and b.value == a.value
               for b in found.values()):
            del found[name]
    return found


def _description_sentences(p: Product) -> list[str]:
    """The description's sentences and their comma-separated parts ("A full-size dryer:
    1875 W, 1.2 lb, 2.7 m cord."), read after the title and features, which win; never a
    sentence addressed to an assistant."""
    if not p.description:
        return []
    text = own_text(replace(p, title="", features=(), discount_text=""))
    return [part.strip() for sentence in re.split(r"(?<=[.!?])\s+|\n", text)
            for part in re.split(r"[,;:](?=\s)", sentence) if part.strip()]


def _from_record(s: Stated) -> Attribute:
    return Attribute(s.name, s.value, s.unit, s.text, s.evidence, s.source)


def _screens_by_category(catalog: Catalog, by_product: dict[str, dict[str, Attribute]]) -> None:
    """A title's inches are a screen size where most of its category's titled inches are.

    ("HP 14\" Laptop" says nothing about its display, its neighbours do.)
    """
    titled: dict[str, list[tuple[str, Attribute]]] = defaultdict(list)
    for p in catalog.products:
        for a in by_product[p.id].values():
            if a.unit == "in" and a.evidence == p.title.strip():
                titled[p.category].append((p.id, a))
    for items in titled.values():
        screens = sum(a.name == "screen_size" for _, a in items)
        if screens < 0.5 * len(items):
            continue
        for pid, a in items:
            attrs = by_product[pid]
            if a.name != "screen_size" and "screen_size" not in attrs:
                del attrs[a.name]
                attrs["screen_size"] = Attribute("screen_size", a.value, a.unit, None, a.evidence)


def _same_text(have: str | None, want: str) -> bool:
    if have is None:
        return False
    h, w = fold(have), fold(want)
    return w in h or h in w or singular(w) == singular(h)


def _states_word(p: Product, word: str) -> bool | None:
    words = {singular(w) for w in re.findall(r"[a-z0-9]+", fold(
        " ".join((p.title, *p.features))))}
    target = [singular(w) for w in re.findall(r"[a-z0-9]+", fold(word))]
    if target and all(t in words for t in target):
        return True
    return None


__all__ = ["Attribute", "AttributeTable", "extract"]
