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
    "holds more weight": (("load_capacity",), True),
    "takes more weight": (("load_capacity",), True),
    "holds more": (("capacity", "cups"), True), "more powerful": (("power", "heat_output"), True),
    "brighter": (("brightness", "peak_brightness"), True),
    "lasts longer": (("battery_life", "burn_time", "insulation_time"), True),
    "wider": (("width",), True), "narrower": (("width",), False),
    "taller": (("height",), True), "deeper": (("depth",), True),
    "quieter": (("noise",), False), "louder": (("noise",), True),
    "faster": (("speed", "rotation_speed", "clock_speed"), True),
    "stronger": (("torque", "load_capacity", "power"), True),
}
# Words a shopper uses for an attribute (plain English; only names the catalog has are used).
ALIASES: dict[str, tuple[str, ...]] = {
    "screen_size": ("screen size", "screen", "display size", "display"),
    "load_capacity": ("max load", "maximum load", "load capacity", "weight limit",
                      "weight capacity", "how much weight", "load rating", "max weight",
                      "maximum weight", "weight rating", "rated for"),
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
    "brightness": ("brightness", "lumens", "how bright"),
    "peak_brightness": ("nits",),
    "megapixels": ("megapixels",),
    "battery_capacity": ("battery capacity", "mah"),
    "heat_output": ("btu", "heat output"),
    "pack_size": ("pack size", "count"),
    "fuel": ("fuel", "gas"),
    "material": ("material", "made of", "made from", "fabric", "what is it made"),
    "width": ("width", "how wide"),
    "height": ("height", "how tall", "how high"),
    "depth": ("depth", "how deep"),
    "thread_count": ("thread count", "threadcount"),
    "care": ("care instructions", "care", "clean it", "wash it", "clean them", "wash them",
             "cleaning"),
    "color": ("colours", "colors", "colour", "color", "shades", "hues"),
    "pattern": ("patterns", "pattern", "prints"),
    "restock": ("back in stock", "restock", "restocked"),
    "availability": ("in stock", "stock", "sold out"),
    "on_sale": ("on sale", "discount", "discounted", "markdown"),
    "length": ("length", "how long is", "how long are"),  # not "how long does it last"
    "size": ("sizes", "size"),
    "dimensions": ("dimensions", "measurements", "how big", "measure"),
    "range": ("range on", "range of the", "what range", "how much range", "how far",
              "battery range", "max range", "maximum range", "range per charge"),
    "torque": ("torque",),
    "pressure": ("what pressure", "how much pressure", "max pressure", "maximum pressure",
                 "pressure rating", "burst pressure", "pressure does", "psi"),
    "speed": ("top speed", "max speed", "maximum speed", "how fast"),
    "noise": ("noise", "how loud", "how noisy", "noise level", "decibels", "loud"),
    "voltage": ("voltage", "volts"),
    "rotation_speed": ("rpm",),
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
    "fastest": (("speed", "rotation_speed", "clock_speed", "refresh_rate", "boil_time"), True),
    "sharpest": (("resolution", "megapixels"), True),
    "widest": (("width",), True), "narrowest": (("width",), False),
    "tallest": (("height",), True), "deepest": (("depth",), True),
    "shallowest": (("depth",), False),
    "quietest": (("noise",), False), "loudest": (("noise", "power"), True),
    "strongest": (("torque", "load_capacity", "power"), True),
    "farthest": (("range",), True), "furthest": (("range",), True),
    "thinnest": (("thickness", "depth"), False), "thickest": (("thickness", "depth"), True),
    "most water resistant": (("water_resistance",), True),
    "better water resistance": (("water_resistance",), True),
}


# Care questions -> care values (as `assistant.catalog.rules` names them) that answer them,
# in three tiers: a strong no ("do not wash") beats a yes, a yes beats a weak no ("spot
# clean" alone says it is not meant to be washed).
CARE_QUESTIONS: dict[str, tuple[frozenset[str], frozenset[str], frozenset[str]]] = {
    "washable": (frozenset({"do not wash", "dry clean only", "vacuum only", "professional clean"}),
                 frozenset({"machine washable", "hand wash"}),
                 frozenset({"spot clean", "wipe clean", "not machine washable"})),
    "machine washable": (
        frozenset({"not machine washable", "do not wash", "dry clean only", "vacuum only",
                   "professional clean"}),
        frozenset({"machine washable"}),
        frozenset({"hand wash", "spot clean", "wipe clean"})),
    "hand wash": (frozenset({"do not wash", "dry clean only", "vacuum only",
                             "professional clean"}),
                  frozenset({"hand wash", "machine washable"}), frozenset()),
    "dry clean only": (frozenset({"machine washable", "hand wash"}),
                       frozenset({"dry clean only", "professional clean"}), frozenset()),
    "tumble dry": (frozenset({"do not tumble dry", "dry clean only", "do not wash"}),
                   frozenset({"tumble dry"}), frozenset()),
    "dishwasher safe": (frozenset({"not dishwasher safe"}), frozenset({"dishwasher safe"}),
                        frozenset({"hand wash"})),
}
# How shoppers ask about care -> the care question it is (longest phrases first).
CARE_WORDS: tuple[tuple[str, str], ...] = (
    (r"machine[- ]?wash(?:able|ed|ing)?|(?:go|goes|put|throw)\s+(?:it\s+|them\s+)?in(?:to)?"
     r"\s+the\s+(?:washing\s+machine|washer)|in\s+the\s+washing\s+machine",
     "machine washable"),
    (r"hand[- ]?wash(?:able|ed)?", "hand wash"),
    (r"dry[- ]?clean(?:ed|ing)?(?:\s+only)?", "dry clean only"),
    (r"tumble[- ]?dr(?:y|ied)|(?:in|into)\s+the\s+dryer", "tumble dry"),
    (r"dishwasher[- ]safe|in\s+the\s+dishwasher", "dishwasher safe"),
    (r"washable|wash(?:ed|ing)?\b|launder(?:ed)?", "washable"),
)
# Words for sizes a shop may spell out or abbreviate ("medium" is "M").
SIZE_WORDS = {"extra small": "XS", "small": "S", "medium": "M", "large": "L",
              "extra large": "XL", "xxl": "XXL", "2xl": "XXL"}


def attribute_words() -> list[str]:
    """Words of attribute phrases ("lightest", "powerful", "battery"): spelled right on purpose."""
    phrases = [*SUPERLATIVES, *COMPARATIVES, *(w for ws in ALIASES.values() for w in ws)]
    return sorted({w for ph in phrases for w in ph.replace("+", "").split() if w.isalpha()})



__all__ = ["ALIASES", "CARE_QUESTIONS", "CARE_WORDS", "COMPARATIVES", "SIZE_WORDS",
           "SUPERLATIVES", "attribute_words"]
