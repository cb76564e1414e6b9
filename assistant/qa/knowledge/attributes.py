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
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from assistant.catalog.units import convert
from assistant.qa.knowledge.stated import ON_SALE, Stated, merge_record
from assistant.qa.knowledge.textnorm import fold, singular
from assistant.qa.knowledge.value_match import SPECIAL, special_check, word_check
from assistant.qa.query import AttributeFilter

if TYPE_CHECKING:
    from assistant.catalog import Catalog, Product

_NUM = r"(?<![\w.$])(?<![a-z0-9]-)(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
_SEP = r"(?:\s*-\s*|\s?)"
# (regex after the number, dimension, canonical unit, factor to the canonical unit)
_UNITS: list[tuple[str, str, str, float]] = [
    (r"(?:\"|”|″|''|inch(?:es)?\b|in\.(?!\w)|in\b(?=\s+(?:[a-z]+\s+)?(?:blade|diameter|wide|"
     r"long|tall|high|deep|length|width|height|screen|display)\b|\s*$|\s*[,;)]))",
     "length", "in", 1.0),
    (r"(?:ft|feet|foot)\b", "length", "in", 12.0),
    (r"cm\b", "length", "in", 1 / 2.54),
    (r"mm\b", "length", "in", 1 / 25.4),
    (r"(?:lbs?|pounds?)\b", "mass", "lb", 1.0),
    (r"(?:fl\.?\s?oz|fluid\s+ounces?)\b", "volume", "L", 0.0295735),
    (r"(?:oz|ounces?)\b", "mass", "lb", 1 / 16),
    (r"(?:kg|kilograms?)\b", "mass", "lb", 2.20462),
    (r"(?:g|grams?)\b(?![\s-]?(?:lte|network))", "mass", "lb", 1 / 453.592),
    (r"(?:°|º|\s?degrees?\s?)\s?f(?:ahrenheit)?\b", "temperature", "F", 1.0),
    (r"(?:°|º|\s?degrees?\s?)\s?c(?:elsius)?\b", "temperature", "F", -1.0),  # converted below
    (r"(?:\s?degrees?\b|°|º)", "temperature", "F", 1.0),  # "20 degrees": °F assumed
    (r"(?:hours?|hrs?|h)\b", "duration", "h", 1.0),
    (r"(?:minutes?|mins?)\b", "duration", "h", 1 / 60),
    (r"(?:seconds?|secs?)\b", "duration", "h", 1 / 3600),
    (r"days?\b", "duration", "h", 24.0),
    (r"(?:tb)\b", "data", "GB", 1024.0),
    (r"(?:gb)\b", "data", "GB", 1.0),
    (r"(?:mah)\b", "charge", "mAh", 1.0),
    (r"(?:wh)\b", "energy", "Wh", 1.0),
    (r"(?:kw)\b", "power", "W", 1000.0),
    (r"(?:w|watts?)\b", "power", "W", 1.0),
    (r"(?:ghz)\b", "clock", "GHz", 1.0),
    (r"(?:hz)\b", "frequency", "Hz", 1.0),
    (r"(?:l|liters?|litres?)\b", "volume", "L", 1.0),
    (r"(?:ml|milliliters?)\b", "volume", "L", 0.001),
    (r"(?:qt|quarts?)\b", "volume", "L", 0.946353),
    (r"(?:gal|gallons?)\b", "volume", "L", 3.78541),
    (r"(?:cups?)\b", "cups", "cups", 1.0),
    (r"(?:lumens?|lm)\b", "luminous", "lm", 1.0),
    (r"(?:nits?)\b", "luminance", "nits", 1.0),
    (r"(?:mp|megapixels?)\b", "pixels", "MP", 1.0),
    (r"(?:btus?)\b", "heat", "BTU", 1.0),
    (r"(?:count|ct|pack|pk|piece|pcs)\b", "count", "count", 1.0),
    (r"k\b(?![\s-]?(?:gold|hz))", "resolution", "p", 540.0),  # 4K -> 2160p; 2.5K -> 1350p
    (r"p\b", "resolution", "p", 1.0),
]
_UNIT_RE = re.compile(_NUM + _SEP + "(?:" + "|".join(f"({u})" for u, *_ in _UNITS) + ")", re.I)
_PIXELS = re.compile(r"\b(\d{3,4})\s?[x×]\s?(\d{3,4})\b", re.I)
_TWO_IN_ONE = re.compile(r"\d\s?-?\s?in\s?-?\s?\d", re.I)
# A number + unit's attribute name, by dimension and the words around it:
# (dimension, words near the number, name). First hit wins; the last per dimension is the default.
_NAMES: list[tuple[str, tuple[str, ...], str]] = [
    ("length", ("screen", "display", "touchscreen", "class", "monitor"), "screen_size"),
    ("length", ("blade",), "blade_length"),
    ("length", ("diameter",), "diameter"),
    ("length", ("waterproof", "depth", "deep"), "depth"),
    ("length", ("long", "length"), "length"),
    ("length", ("wide", "width", "wider", "narrow", "narrower"), "width"),
    ("length", ("tall", "height", "high", "taller", "higher"), "height"),
    ("length", (), "size"),
    ("mass", ("load", "holds", "supports", "max"), "load_capacity"),
    ("mass", ("cylinder", "canister", "tank", "cartridge"), "fuel_size"),
    ("mass", (), "weight"),
    ("temperature", ("rated", "rating", "comfort", "limit", "lower", "survival"),
     "temperature_rating"),
    ("temperature", (), "temperature"),
    ("duration", ("battery", "playback", "playtime", "runtime", "run time", "charge", "talk"),
     "battery_life"),
    ("duration", ("burn",), "burn_time"),
    ("duration", ("warm", "keeps", "hot", "cold", "ice", "insulated",
                  "insulation"), "insulation_time"),
    ("duration", ("boil",), "boil_time"),
    ("duration", (), "duration"),
    ("data", ("memory", "ram", "ddr", "lpddr", "unified"), "ram"),
    ("data", ("gddr", "graphics", "rtx", "gtx", "geforce", "radeon", "vram"), "graphics_memory"),
    ("data", (), "storage"),
    ("charge", (), "battery_capacity"),
    ("energy", (), "battery_energy"),
    ("power", (), "power"),
    ("clock", (), "clock_speed"),
    ("frequency", ("refresh",), "refresh_rate"),
    ("frequency", ("response", "frequency", "khz"), "frequency"),
    ("frequency", (), "refresh_rate"),
    ("volume", ("filters",), "filter_life"),
    ("volume", (), "capacity"),
    ("cups", (), "cups"),
    ("luminous", (), "brightness"),
    ("luminance", (), "peak_brightness"),
    ("pixels", (), "megapixels"),
    ("heat", (), "heat_output"),
    ("count", (), "pack_size"),
    ("resolution", (), "resolution"),
]
_NAME_UNITS = {name: None for _, _, name in _NAMES}
# Word values a feature states: "Uses isobutane canisters" -> fuel isobutane.
_FUEL = re.compile(
    r"\b(?:uses?|runs?\s+on|burns?|fu(?:el|eled|elled)\s+by|compatible\s+with)\s+"
    r"(?:[\d.]+\s*(?:oz|lbs?|g|kg|l)\s+)?"
    r"([a-z][a-z/-]+(?:\s[a-z][a-z/-]+)?)\s+(?:fuel|canisters?|cylinders?|gas|tanks?|pellets?)\b"
    r"|\bburns\s+((?:[a-z]+,\s+)*[a-z]+(?:,?\s+and\s+[a-z]+)?)\b"
    r"|\b(?!no\b|any\b|the\b|of\b|without\b)([a-z][a-z-]+)\s+(?:fuel|gas)\s+"
    r"(?:canisters?|cylinders?|stove|burner|grill)\b"
    r"|\bfuel(?:\s+type)?\s*:\s*([a-z][a-z -]+)", re.I)
_MATERIAL = re.compile(
    r"\b(?:made\s+(?:of|from)|constructed\s+(?:of|from)|crafted\s+from)\s+"
    r"([a-z][a-z -]{2,30}?)(?=[,.;]|\s+(?:for|with|and|that|body|construction)\b|$)"
    r"|\b((?:stainless\s+steel|cast\s+iron|carbon\s+steel|titanium|aluminum|aluminium|"
    r"ceramic|borosilicate\s+glass|bamboo|copper|nylon|polyester|silicone|down))\b"
    r"(?=\s+(?:body|construction|shell|pot|pan|blade|insulation|fill|frame|carafe|interior))",
    re.I)
_TEXT_NAMES: dict[str, str | None] = {"fuel": None, "material": None}


@dataclass(frozen=True)
class Attribute:
    """One stated spec of a product. Numeric (value, unit) or a word value (text)."""

    name: str
    value: float | None
    unit: str | None
    text: str | None
    evidence: str  # the title or feature text that states it
    source: str = ""  # "" for title / feature text read here; else the catalog record's source


def _number(raw: str) -> float:
    return float(raw.replace(",", ""))


def _name_for(dimension: str, context: str) -> str:
    for dim, words, name in _NAMES:
        if dim == dimension and (not words or any(re.search(rf"\b{w}(?:s|es)?\b", context)
                                                  for w in words)):
            return name
    return dimension


# Words that make a bare "oz" a volume ("Capacity 32 oz", "12 oz cups"), not a weight.
_VOLUME_CUES = re.compile(r"\b(?:capacity|holds|cups?|jar|tank|bottle|drinks?|mug|carafe|"
                          r"pitcher|brews?|liquid|water)\b")
# Words that state the attribute itself: such a match beats a bare number elsewhere.
_CUES = re.compile(r"\b(?:weighs|weight|capacity|rating|rated|battery life|burn time|"
                   r"memory|storage|refresh|resolution|brightness|output|power)\b")


def extract(text: str, context: str = "", title: bool = False) -> list[Attribute]:
    """Numbers with units (and word values) stated in one title or feature, in text order.

    `context` is the rest of the product's text (a title's size is a screen size when
    the product talks about its display); `title` says `text` is the title.
    """
    out: list[Attribute] = []
    low = fold(text)
    ctx = f"{low} {fold(context)}"
    blocked = [m.span() for m in _TWO_IN_ONE.finditer(text)]
    for m in _UNIT_RE.finditer(text):
        if any(a <= m.start() < b for a, b in blocked):
            continue
        group = next(i for i in range(2, len(_UNITS) + 2) if m.group(i) is not None)
        _, dim, unit, factor = _UNITS[group - 2]
        number = _number(m.group(1))
        if m.start() > 0 and text[m.start() - 1] in "-\u2212" and (
                m.start() < 2 or not text[m.start() - 2].isalnum()):
            number = -number  # "-7°C"
        if unit == "h" and factor == 1.0 and number > 200:
            continue  # "i7-13700H" is no duration
        celsius = dim == "temperature" and factor < 0
        value = number * 9 / 5 + 32 if celsius else number * factor
        if dim == "resolution" and unit == "p" and factor == 1.0 and number not in (
                480, 720, 1080, 1200, 1280, 1440, 1600, 2160, 4320):
            continue  # "1080p" yes, "M2 Pro" no
        if dim == "resolution" and factor != 1.0 and not 1 <= number <= 16:
            continue
        if dim == "count" and (number < 2 or "-" not in m.group(0) and number > 12):
            continue  # "3-pack", "(6 pack)", "200-count"; not "Flash 22 Pack"
        window = low[max(0, m.start() - 30): m.end() + 30]
        if dim == "mass" and unit == "lb" and factor == 1 / 16 and _VOLUME_CUES.search(window):
            dim, unit, value = "volume", "L", round(number * 0.0295735, 4)
        name = _name_for(dim, ctx if dim == "length" and title else window)
        if name == "screen_size" and (not title and not re.search(
                r"\b(?:screen|display|touchscreen|monitor)", window) or value > 150):
            name = "size"
        out.append(Attribute(name, round(value, 4), unit, None, text.strip()))
    for m in _PIXELS.finditer(text):
        w, h = int(m.group(1)), int(m.group(2))
        if 400 <= min(w, h) <= 5000:
            out.append(Attribute("resolution", float(min(w, h)), "p", None, text.strip()))
    for m in _FUEL.finditer(text):
        word = next(g for g in m.groups() if g)
        out.append(Attribute("fuel", None, None, fold(word).strip(), text.strip()))
    for m in _MATERIAL.finditer(text):
        word = next(g for g in m.groups() if g)
        out.append(Attribute("material", None, None, fold(word).strip(), text.strip()))
    return out


class AttributeTable:
    """The attributes each product of a catalog states, keyed by product id: one value per
    name (`value`, for numbers) and all of them (`values`: three colours state three)."""

    def __init__(self, by_product: dict[str, dict[str, Attribute]],
                 many: dict[str, dict[str, list[Attribute]]] | None = None) -> None:
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
        for named in self._many.values():
            for name, stated in named.items():
                self._words[name].update({a.text for a in stated if a.text})

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
        return cls(by_product, many)

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

    def is_numeric(self, name: str) -> bool:  # a quantity: it can be sorted and compared
        return name in self._values

    def names(self) -> dict[str, str | None]:
        """Attribute name -> canonical unit (None for word values), most often stated first."""
        return dict(self._names)

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
            return None
        if f.op == "has":
            return True if f.text is None else _same_text(a.text, f.text)
        if f.op == "lacks":
            return False if f.text is None else not _same_text(a.text, f.text)
        if f.text is not None and f.value is None:
            same = _same_text(a.text, f.text)
            return same if f.op == "eq" else None
        if a.value is None or f.value is None:
            return None
        x, y = a.value, f.value
        if f.unit and a.unit and f.unit != a.unit:  # "150 cm" asked of a width kept in inches
            converted = convert(f.value, f.unit, a.unit)
            if converted is None:
                return None
            y = converted
        ops = {"eq": abs(x - y) <= max(0.01, 0.005 * abs(y)), "lt": x < y, "le": x <= y + 1e-9,
               "gt": x > y, "ge": x >= y - 1e-9}
        return ops[f.op]

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
    for k, source in enumerate((p.title, *p.features)):
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
