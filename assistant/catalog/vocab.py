"""General shop English the prose rules recognise: colours, materials, letter sizes.

Words any shop uses (apparel, home, outdoor, kitchen, electronics alike); nothing
here names a product type. A word missing here only means the rules leave that
phrase to a later reader (see `assistant.catalog.extract`).
"""

from __future__ import annotations

import re

# Colour words, and the words that may qualify one ("pine green", "space gray").
COLORS = (
    "black", "white", "gray", "grey", "silver", "gold", "red", "green", "blue", "navy",
    "pink", "purple", "violet", "yellow", "orange", "brown", "beige", "tan", "cream",
    "ivory", "charcoal", "teal", "turquoise", "burgundy", "maroon", "olive", "khaki",
    "camel", "rust", "coral", "lavender", "mint", "sage", "indigo", "mustard", "taupe",
    "oatmeal", "sand", "natural", "bronze", "copper", "champagne", "magenta", "aqua",
    "cognac", "espresso", "chocolate", "walnut", "oak", "heather", "multicolor",
)  # fmt: skip
COLOR_MODIFIERS = (
    "light", "dark", "pale", "deep", "bright", "soft", "dusty", "pine", "forest", "sky",
    "navy", "royal", "baby", "hot", "space", "midnight", "rose", "jet", "storm", "slate",
    "stone", "ocean", "burnt", "heather", "heathered", "charcoal", "olive", "army", "off",
    "ash", "sea", "moss", "emerald", "ruby", "wine", "brick", "steel", "powder", "ice",
)  # fmt: skip
# Shades each basic colour word takes in ("does it come in green?" of one sold in Sage).
COLOR_FAMILIES = {
    "green": ("sage", "olive", "mint", "khaki", "emerald", "moss", "forest", "pine", "army",
              "lime", "jade"),
    "blue": ("navy", "indigo", "teal", "turquoise", "aqua", "sky", "cobalt", "royal", "ocean",
             "denim", "powder"),
    "red": ("burgundy", "maroon", "wine", "ruby", "brick", "crimson", "cherry", "scarlet"),
    "pink": ("rose", "coral", "blush", "magenta", "fuchsia", "salmon"),
    "purple": ("violet", "lavender", "lilac", "plum", "mauve", "aubergine"),
    "brown": ("tan", "camel", "cognac", "espresso", "chocolate", "walnut", "taupe", "mocha",
              "chestnut", "rust"),
    "gray": ("grey", "charcoal", "slate", "ash", "graphite", "storm", "gunmetal"),
    "white": ("ivory", "cream", "off-white", "snow", "pearl", "chalk"),
    "yellow": ("mustard", "lemon", "ochre"),
    "orange": ("terracotta", "apricot", "peach", "tangerine"),
    "beige": ("sand", "oatmeal", "natural", "stone", "linen", "ecru"),
}  # fmt: skip
# Materials, and the words that may qualify one ("merino wool", "full-grain leather").
MATERIALS = (
    "cotton", "wool", "cashmere", "merino", "alpaca", "mohair", "lambswool", "linen",
    "silk", "leather", "suede", "nubuck", "shearling", "sheepskin", "down", "fleece",
    "polyester", "nylon", "spandex", "elastane", "lycra", "acrylic", "rayon", "viscose",
    "modal", "lyocell", "tencel", "denim", "canvas", "velvet", "corduroy", "twill",
    "jute", "sisal", "seagrass", "bamboo", "rattan", "wicker", "hemp", "polypropylene",
    "microfiber", "microfibre", "rubber", "latex", "foam", "memory foam", "oak", "walnut",
    "pine", "teak", "maple", "acacia", "mango wood", "wood", "plywood", "marble", "granite",
    "ceramic", "porcelain", "stoneware", "glass", "steel", "stainless steel", "aluminum",
    "aluminium", "iron", "cast iron", "brass", "copper", "titanium", "plastic", "silicone",
    "gore-tex", "neoprene", "percale", "sateen", "flannel", "chenille", "boucle", "tweed",
    "carbon", "carbon fiber", "carbon fibre", "fiberglass", "fibreglass", "vinyl", "pvc",
    "polycarbonate", "terracotta", "cork", "felt", "zinc", "resin", "concrete",
)  # fmt: skip
MATERIAL_MODIFIERS = (
    "organic", "recycled", "pure", "genuine", "full-grain", "top-grain", "solid",
    "egyptian", "pima", "supima", "merino", "vegan", "faux", "brushed", "combed",
    "boiled", "washed", "waxed", "pebbled", "engineered", "tempered", "reclaimed",
    "natural", "virgin", "extra-fine", "long-staple", "polar", "goose", "duck",
)  # fmt: skip
# Letter sizes, smallest first (ranges "S-XL" expand along this ladder).
LETTER_SIZES = ("XXS", "XS", "S", "M", "L", "XL", "XXL", "2XL", "3XL", "4XL")
_LETTER_ALIASES = {"XXL": "XXL", "2XL": "XXL", "XXXL": "3XL"}


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


# "pine green", "black": up to two modifiers then a colour word.
COLOR_PHRASE = (
    rf"(?:(?:{_alternation(COLOR_MODIFIERS)})[ -]){{0,2}}(?:{_alternation(COLORS)})"
)
# "merino wool", "100% organic cotton" (without the share), "full-grain leather".
MATERIAL_PHRASE = (
    rf"(?:(?:{_alternation(MATERIAL_MODIFIERS)})[ -]){{0,2}}(?:{_alternation(MATERIALS)})"
)
LETTER_SIZE = _alternation((*LETTER_SIZES, "XXXL"))


def letter_range(low: str, high: str) -> tuple[str, ...]:
    """'S', 'XL' -> ('S', 'M', 'L', 'XL'); () when either is not a letter size."""
    lo = _LETTER_ALIASES.get(low.upper(), low.upper())
    hi = _LETTER_ALIASES.get(high.upper(), high.upper())
    if lo not in LETTER_SIZES or hi not in LETTER_SIZES:
        return ()
    i, j = LETTER_SIZES.index(lo), LETTER_SIZES.index(hi)
    return LETTER_SIZES[i : j + 1] if i <= j else ()


__all__ = [
    "COLORS", "COLOR_FAMILIES", "COLOR_MODIFIERS", "COLOR_PHRASE", "LETTER_SIZE",
    "LETTER_SIZES", "MATERIALS", "MATERIAL_MODIFIERS", "MATERIAL_PHRASE", "letter_range",
]  # fmt: skip
