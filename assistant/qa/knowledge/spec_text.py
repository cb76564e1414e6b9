"""Numbers with units (and a few word values) read from one catalog text.

A value is converted to its attribute's canonical unit (weight in lb, temperature
in °F, durations in hours, data in GB, volume in L, resolution in vertical lines
"p"). The attribute's name comes from its dimension and the words next to it
("battery life", "burn time", "memory" vs "SSD"), never from a list of one shop's
products. `attributes.AttributeTable` reads a whole catalog with `extract`; the
message reader (`reading/attribute_reading.py`) reads a shopper's figures with the
same units and names.

    extract("Weighs 2.6 lb")   # [Attribute("weight", 2.6, "lb", ...)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.qa.knowledge.textnorm import fold

_NUM = r"(?<![\w.$])(?<![a-z0-9]-)(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
_SEP = r"(?:\s*-\s*|\s?)"
# (regex after the number, dimension, canonical unit, factor to the canonical unit)
_UNITS: list[tuple[str, str, str, float]] = [
    # Compound units first: an alternation takes its first match ("in-lbs" is no "in").
    (r"(?:n\s?[·.-]?\s?m|newton[- ]met(?:er|re)s?)\b", "torque", "Nm", 1.0),
    (r"(?:in[- ]?lbs?|inch[- ]pounds?)\b", "torque", "Nm", 0.112985),
    (r"(?:ft[- ]?lbs?|foot[- ]pounds?)\b", "torque", "Nm", 1.35582),
    (r"(?:km/h|kph|kmh|km\s+per\s+hour|kilomet(?:er|re)s\s+per\s+hour)", "speed", "mph",
     0.621371),
    (r"(?:mph|miles\s+per\s+hour)\b", "speed", "mph", 1.0),
    (r"(?:km|kilomet(?:er|re)s?)\b", "distance", "km", 1.0),
    (r"(?:miles?|mi)\b", "distance", "km", 1.609344),
    (r"psi\b", "pressure", "psi", 1.0),
    (r"bar\b", "pressure", "psi", 14.5038),
    (r"kpa\b", "pressure", "psi", 0.145038),
    (r"(?:db|decibels?)(?:\s?\(?a\)?(?![a-z]))?", "sound", "dB", 1.0),
    (r"rpm\b", "rotation", "rpm", 1.0),
    (r"(?:ah|amp[- ]hours?)\b", "charge", "mAh", 1000.0),
    (r"(?:v|volts?)\b(?!\s*/)", "voltage", "V", 1.0),
    (r"(?:\"|”|″|''|inch(?:es)?\b|in\.(?!\w)|in\b(?=\s+(?:[a-z]+\s+)?(?:blade|diameter|wide|"
     r"long|tall|high|deep|length|width|height|screen|display)\b|\s*$|\s*[,;)]))",
     "length", "in", 1.0),
    (r"(?:ft|feet|foot)\b", "length", "in", 12.0),
    (r"cm\b", "length", "in", 1 / 2.54),
    (r"mm\b", "length", "in", 1 / 25.4),
    (r"(?:(?-i:m)|met(?:er|re)s?)\b(?![/\u00b2\u00b3])", "length", "in", 39.37008),  # not "6M"
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
    ("distance", (), "range"),
    ("torque", (), "torque"),
    ("speed", (), "speed"),
    ("pressure", (), "pressure"),
    ("sound", (), "noise"),
    ("rotation", (), "rotation_speed"),
    ("voltage", (), "voltage"),
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


def _clause_name(dimension: str, low: str, m: re.Match[str]) -> str:
    """The name a figure's own clause gives it: the cue word nearest before it ("Length
    30 cm, width 20 cm": a width; "Seat height: 44–54 cm (class 4 gas lift)": a height),
    else any cue in its clause ("20 kg max load"), else any near it, else the default."""
    before = re.split(r"[,;]", low[max(0, m.start() - 30): m.start()])[-1]
    after = re.split(r"[,;(]", low[m.end(): m.end() + 30])[0]
    near = [(hit.end(), name) for dim, words, name in _NAMES if dim == dimension
            for w in words for hit in re.finditer(rf"\b{w}(?:s|es)?\b", before)]
    default = _name_for(dimension, "")
    if near or re.search(rf"\b{default.replace('_', ' ')}\b", before):  # "Weight 2 kg, max
        return max(near)[1] if near else default  # load 20 kg": its weight
    said = _name_for(dimension, f"{before} {after}")
    return said if said != default else _name_for(
        dimension, low[max(0, m.start() - 30): m.end() + 30])  # "3000 mAh, about 10 hours"


def _name_for(dimension: str, context: str) -> str:
    for dim, words, name in _NAMES:
        if dim == dimension and (not words or any(re.search(rf"\b{w}(?:s|es)?\b", context)
                                                  for w in words)):
            return name
    return dimension


# What joins the two ends of a range of figures: "2.5 kg to 24 kg", "44 cm - 54 cm".
_RANGE_JOIN = re.compile(r"\s*(?:-|\u2013|\u2014|to)\s*$")
# Words right before a mass that make it a limit, not the product's own weight.
_LIMIT_BEFORE = re.compile(r"\b(?:up\s+to|max(?:imum)?|holds?|supports?|limit)\s*(?:of\s+)?$", re.I)
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
    last_end: int | None = None  # where the last figure kept ends
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
        name = _name_for(dim, ctx) if dim == "length" and title else _clause_name(dim, low, m)
        if name == "weight" and _LIMIT_BEFORE.search(text[max(0, m.start() - 16): m.start()]):
            name = "load_capacity"  # "suitable from birth up to 22 kg": what it takes
        if name == "screen_size" and (not title and not re.search(
                r"\b(?:screen|display|touchscreen|monitor)", window) or value > 150):
            name = "size"
        if out and last_end is not None and out[-1].name == name \
                and _RANGE_JOIN.match(text[last_end:m.start()]):
            out.pop()  # "from 2.5 kg to 24 kg": a range reaches its top figure
        out.append(Attribute(name, round(value, 4), unit, None, text.strip()))
        last_end = m.end()
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


__all__ = ["Attribute", "extract"]
