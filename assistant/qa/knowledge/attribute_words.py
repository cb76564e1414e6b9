"""Plain-English words for the attributes `attributes.py` names, not one shop's words.

Aliases ("memory" for ram, "weighs" for weight), comparatives ("lighter") and
superlatives ("lightest"), each with the attribute names it may mean; only
names the loaded catalog states are used. `attribute_reading.py` reads a
message with them; the catalog vocabulary's speller keeps them as spelled.
"""

from __future__ import annotations

# Comparatives between named products ("which is lighter, A or B?"): attribute, descending.
COMPARATIVES: dict[str, tuple[tuple[str, ...], bool]] = {
    "lighter": (("weight",), False), "heavier": (("weight",), True),
    "warmer": (("temperature_rating",), False),
    "bigger": (("screen_size", "capacity", "cups", "size"), True),
    "larger": (("screen_size", "capacity", "cups", "size"), True),
    "smaller": (("screen_size", "capacity", "cups", "size"), False),
    "holds more": (("capacity", "cups"), True), "more powerful": (("power", "heat_output"), True),
    "brighter": (("brightness", "peak_brightness"), True),
    "lasts longer": (("battery_life", "burn_time", "insulation_time"), True),
}
# Words a shopper uses for an attribute (plain English; only names the catalog has are used).
ALIASES: dict[str, tuple[str, ...]] = {
    "screen_size": ("screen size", "screen", "display size", "display"),
    "weight": ("weight", "weighs", "weigh", "heavy"),
    "temperature_rating": ("temperature rating", "temp rating", "rated to", "rating temperature"),
    "temperature": ("temperature", "temp"),
    "battery_life": ("battery life", "battery", "runtime", "run time", "playback", "playtime"),
    "burn_time": ("burn time", "burns for", "burn"),
    "insulation_time": ("keeps hot", "keeps cold", "keeps drinks"),
    "ram": ("ram", "memory"),
    "storage": ("storage", "ssd", "hard drive", "disk space"),
    "graphics_memory": ("graphics memory", "vram", "video memory"),
    "refresh_rate": ("refresh rate", "refresh", "hz"),
    "resolution": ("resolution",),
    "power": ("power", "wattage", "watts"),
    "capacity": ("capacity", "volume", "holds"),
    "cups": ("cups",),
    "brightness": ("brightness", "lumens"),
    "peak_brightness": ("nits",),
    "megapixels": ("megapixels",),
    "battery_capacity": ("battery capacity", "mah"),
    "heat_output": ("btu", "heat output"),
    "pack_size": ("pack size", "count"),
    "fuel": ("fuel", "gas"),
    "material": ("material", "made of", "made from"),
    "length": ("length",),
    "size": ("size",),
}
# Superlative -> (attributes it may mean, best first; descending?)
SUPERLATIVES: dict[str, tuple[tuple[str, ...], bool]] = {
    "lightest": (("weight",), False), "heaviest": (("weight",), True),
    "warmest": (("temperature_rating",), False),  # a lower rating keeps you warm colder
    "coldest": (("temperature_rating",), False),  # "rated for the coldest temperature"
    "longest": (("battery_life", "burn_time", "insulation_time", "duration", "length"), True),
    "shortest": (("length", "duration"), False),
    "biggest": (("screen_size", "capacity", "cups", "size", "storage"), True),
    "largest": (("screen_size", "capacity", "cups", "size", "storage"), True),
    "smallest": (("screen_size", "capacity", "cups", "size", "weight"), False),
    "brightest": (("brightness", "peak_brightness"), True),
    "most powerful+": (("power", "heat_output"), True),
    "least powerful": (("power", "heat_output"), False),
    "fastest": (("clock_speed", "refresh_rate", "boil_time"), True),
    "sharpest": (("resolution", "megapixels"), True),
}


def attribute_words() -> list[str]:
    """Words of attribute phrases ("lightest", "powerful", "battery"): spelled right on purpose."""
    phrases = [*SUPERLATIVES, *COMPARATIVES, *(w for ws in ALIASES.values() for w in ws)]
    return sorted({w for ph in phrases for w in ph.replace("+", "").split() if w.isalpha()})


__all__ = ["ALIASES", "COMPARATIVES", "SUPERLATIVES", "attribute_words"]
