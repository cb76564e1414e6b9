"""How a product title or category name breaks into noun phrases and head nouns.

General English of product titles, no domain: "Apple Magic Mouse, Black" has the
phrases [apple, magic, mouse] and [black], and "mouse" is the head of the first.
`assistant/qa/knowledge/vocab.py` types products and builds its lexicon from these.
"""

from __future__ import annotations

import re

from assistant.qa.knowledge.textnorm import fold, singular

# Title words that close a noun phrase without being its head: sizes of an
# offer, model-line suffixes, colours. General English of product titles.
FILLER = frozenset(str.split("""
series class edition generation gen version model bundle set included includes
pro plus max ultra mini lite air se edition new black white silver gray grey gold blue red
green pink purple yellow orange brown beige navy rose space graphite midnight starlight
inch inches in ft mm cm size small medium large xl xxl gb tb mb lb lbs oz qt ml hz ghz mah wh kg
"""))
# Words that split a title into noun phrases.
SPLITTERS = re.compile(
    r"\s+[-\u2013\u2014|]\s*|\s*[-\u2013\u2014|]\s+|[,:;()\[\]+]|\s(?:with|for|and|&|w/|by|in)\s",
    re.I)
WORD = re.compile(r"[a-z0-9]+(?:['\u2019][a-z]+)?")
SPLITTERS_KEEP = re.compile(f"({SPLITTERS.pattern})", re.I)


def title_phrases(title: str) -> list[list[str]]:
    """The title's noun phrases, as lists of folded words."""
    return [ws for ws, _ in marked_phrases(title)]


def marked_phrases(title: str) -> list[tuple[list[str], bool]]:
    """(words, qualifier?) per phrase; a qualifier follows "(", "for" or "with" and names
    what the product is for or comes with ("Protection Plan (Blenders $50-$100)")."""
    out: list[tuple[list[str], bool]] = []
    qualified = False
    for k, part in enumerate(SPLITTERS_KEEP.split(title)):
        if k % 2:  # a separator
            sep = part.strip().lower()
            qualified = qualified or sep in ("(", "for", "with", "w/")
            if sep in (")", "-", "\u2013", "\u2014", "|", ",", ":", ";"):
                qualified = False
            continue
        words = WORD.findall(fold(part))
        if words:
            out.append((words, qualified))
    return out


def phrase_head(words: list[str]) -> tuple[str, int] | None:
    """The phrase's head noun and its position: the last word that is no filler nor number."""
    for i in range(len(words) - 1, -1, -1):
        w = words[i]
        if w in FILLER or not w.isalpha() or len(w) < 2:
            continue
        if w in COUNTED and i and not words[i - 1].isalpha():
            continue  # "3-pack", "15-piece set"
        if len(w) >= 6 and w.endswith(("ed", "ing")) and i:
            continue  # "Evo Edition powered by", "Men's Backpacking Pack": not a noun head
        return singular(w), i
    return None


COUNTED = frozenset({"pack", "count", "piece", "set", "ct", "pk", "pc", "pcs", "packs"})


def category_parts(category: str) -> list[list[str]]:
    """'Routers, Wifi Extenders & Modems' -> [['router'], ['wifi', 'extender'], ['modem']]."""
    parts = re.split(r"\s*(?:&|,|/|\band\b)\s*", fold(category))
    return [[singular(w) for w in WORD.findall(p)] for p in parts if WORD.findall(p)]


def shared_head(category: str) -> str | None:
    """The one plural head noun a category's parts share, where each other part is a lone
    singular word that only narrows it: "Field & Chronograph Watches" -> "watch" (field
    watches and chronograph watches), "Baby & Toddler Toys" -> "toy"; "Chains & Strands"
    and "iPad & Tablets" (its brand's capital) name two kinds: None."""
    raw = [p for p in re.split(r"\s*(?:&|,|/|\band\b)\s*", category) if WORD.findall(fold(p))]
    last = raw[-1].split() if raw else []
    if len(raw) < 2 or len(last) < 2 or not re.fullmatch(r"[A-Za-z]+[^s]s", last[-1]):
        return None
    if not all(re.fullmatch(r"[A-Z]?[a-z]+", w) and not w.endswith("s") for w in raw[:-1]):
        return None
    return singular(fold(last[-1]))


def is_noun_part(word: str, category: str) -> bool:
    """True when `word` is the last word of a part of the category name (a noun, not a modifier)."""
    return any(part and part[-1] == word for part in category_parts(category))


def fallback_type(category: str) -> str:
    parts = category_parts(category)
    return parts[0][-1] if parts and parts[0] else fold(category)


__all__ = ["FILLER", "WORD", "category_parts", "fallback_type", "is_noun_part", "marked_phrases",
           "phrase_head", "shared_head", "title_phrases"]
