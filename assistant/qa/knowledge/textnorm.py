"""Text helpers shared by the catalog-knowledge modules: folding, plurals, word spans."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Common function words that are never corrected nor matched.
COMMON = frozenset(str.split("""
a an the and or of for to in on at by with without from is are was were be been do does did
have has had i me my we you your it its this that these those what which who whom how why
when where there here can could would should will shall may might must any some all each
about as than then so if not no yes please thanks thank hi hello hey want need looking look
find show tell give get buy sell sold one ones other another more most less least much many
very really just also only like good great nice best better top cheap cheaper cheapest u ur
whats what's im i'm it's dont don't isnt doesnt pls plz lot lots thing things something
"""))


# British "-iser" nouns in their American spelling ("moisturiser" is "moisturizer"): a shop
# may write both, in a title and in a category. Same length, so spans still line up.
_ISER = re.compile(r"(?<=[a-z]{3})iser(?=s?\b)")


def fold(text: str) -> str:
    """Lower-case ASCII form of the text (accents and symbols dropped, length may change),
    with "-iser" written "-izer"."""
    if text.isascii():  # NFKD leaves ASCII as it is: the same result, ~20x faster
        low = text.lower()
    else:
        low = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return _ISER.sub("izer", low) if "iser" in low else low


@lru_cache(maxsize=1 << 17)  # a catalog's words repeat: each is worked out once
def singular(word: str) -> str:
    """A plain English singular: 'batteries'->'battery', 'watches'->'watch', 'tvs'->'tv'."""
    w = word.lower()
    if len(w) == 3 and w[2] == "s" and not set(w[:2]) & set("aeiouy"):
        return w[:2]  # "tvs" -> "tv", "pcs" -> "pc"
    if len(w) <= 3 or w.endswith(("ss", "us", "is")):
        return w
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("ches", "shes", "sses", "xes", "zes")):
        return w[:-2]
    if w.endswith(("lves", "eaves", "oaves")):
        return w[:-3] + "f"  # shelves, leaves, loaves
    if w.endswith("knives"):
        return w[:-3] + "fe"
    if w.endswith("s"):
        return w[:-1]
    return w


def forms(word: str) -> set[str]:
    """The word with and without plural or verb endings, to meet a vocabulary in any of
    them: "boil" ~ "boils", "batteries" ~ "battery", "hiking" ~ "hike"."""
    out = {word, word + "s", word + "es", word.rstrip("s")}
    if word.endswith("ies"):
        out.add(word[:-3] + "y")
    if word.endswith("ing"):
        out |= {word[:-3], word[:-3] + "e"}
    return out


def word_spans(text: str) -> list[tuple[str, int, int]]:
    """(lower-case word, start, end) for every word of `text`, spans into the original text."""
    out = []
    for m in re.finditer(r"[^\W_]+(?:['\u2019][^\W_]+)?", text):
        w = fold(m.group())
        if w:
            out.append((w, m.start(), m.end()))
    return out


__all__ = ["COMMON", "fold", "forms", "singular", "word_spans"]
