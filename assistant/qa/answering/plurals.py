"""English plurals of the catalog's kind and option words, said at the edge of a reply."""

from __future__ import annotations

# Nouns English does not count: "dog food", "cat litter" stay as they are.
_MASS = frozenset(str.split("""
food litter clothing furniture bedding luggage equipment gear jewelry jewellery footwear
linen apparel coffee tea seating lighting storage decor software hardware produce
"""))


def plural(word: str) -> str:
    """English plural of a kind word ("laptop" -> "laptops", "TV" -> "TVs", "knife" -> "knives")."""
    w = word.strip()
    low = w.lower()
    if not w or low.endswith(("s", "ware", "wear")) and not low.endswith("ss") \
            or low.split()[-1] in _MASS:
        return w
    if low.endswith("fe"):
        return w[:-2] + "ves"
    if low.endswith("y") and low[-2:-1] not in "aeiou":
        return w[:-1] + "ies"
    if low.endswith(("ch", "sh", "x", "ss")):
        return w + "es"
    return w + "s"


__all__ = ["plural"]
