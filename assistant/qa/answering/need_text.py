"""Which products' own text talks of a need's words: "my hands get blisters" finds the
gloves that "help prevent blisters"; "I'm allergic to fragrance" puts "fragrance-free"
first. Split from `text_says`, which reads what a text says of one word.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.qa.answering.text_says import denial, lines
from assistant.qa.knowledge.textnorm import singular
from assistant.qa.reading.needs import FRAME_WORDS

if TYPE_CHECKING:
    from assistant.catalog import Product


def _stem(word: str) -> str:
    """A rough stem for finding a need's word in prose: "blisters" -> "blister", "noisy" ->
    "nois" (noise), "bending" -> "bend"; a few endings may follow it (`_word_pattern`)."""
    w = singular(word.lower())
    for end in ("ing", "ed", "y"):
        if w.endswith(end) and len(w) - len(end) >= 4:
            return w[: -len(end)]
    return w


def _word_pattern(word: str) -> re.Pattern[str]:
    stem = _stem(word)
    tail = r"(?:s|es|e|ed|ing|er|ers|y|ies)?" if len(stem) >= 4 else r"(?:s|es)?"
    return re.compile(rf"\b{re.escape(stem)}{tail}\b")  # "camping" is no "Campo"


def talks_of(p: Product, words: Sequence[str]) -> set[str]:
    """The words the product's own text talks of, either way: "suitable for sensitive skin"
    talks of sensitive and skin; "fragrance-free" of fragrance."""
    text = " ".join(lines(p)).lower()
    return {w for w in words if _word_pattern(w).search(text)}


# Products read this way at most (the rest keep the search's order): ~0.4 ms each.
SAID_FIRST_MAX = 200


def need_words(need: str, kinds: Sequence[str] = ()) -> list[str]:
    """The words of a need that can say something of a product: not framing, not the words
    of the `kinds` asked ("sunscreen"), not two letters."""
    named = {singular(w) for kind in kinds for w in re.findall(r"[a-z]+", kind.lower())}
    skip = FRAME_WORDS | named
    return [w for w in re.findall(r"[a-z][a-z'-]+", need.lower())
            if len(w) > 2 and w not in skip and singular(w) not in skip]


def said_first(products: list[Product], need: str, kinds: Sequence[str] = ()) -> list[Product]:
    """`products` (already in the order of a need's search) with those whose own text talks
    of the need's words first, rarer words weighing more ("arthritis" over "cut"); a word the
    text denies ("not for live green stems") weighs half, unless the need shuns it too ("I'm
    allergic to fragrance": "fragrance-free" is the answer). Ties keep their order."""
    words = need_words(need, kinds)
    if not words:
        return products
    head = products[:SAID_FIRST_MAX]
    talked = {p.id: talks_of(p, words) for p in head}
    df = {w: sum(w in t for t in talked.values()) for w in words}
    shunned = {w for w in words if re.search(
        rf"\b(?:allergic to|allergy to|hate|avoid|without|no|can'?t (?:have|stand|eat|use))\s+"
        rf"(?:\w+\s+)?{re.escape(w)}", need, re.I)}

    def score(p: Product) -> float:
        return sum(math.log(1 + len(head) / df[w]) * (
            1.0 if w in shunned or not denial(p, w) else 0.5) for w in talked[p.id])

    scores = {p.id: score(p) for p in head}
    return sorted(head, key=lambda p: -scores[p.id]) + products[SAID_FIRST_MAX:]


def told_of(products: Sequence[Product], need: str, rare: float = 0.05) -> list[Product]:
    """Products whose own text talks of a rare word of the need ("my hands get blisters":
    the gloves that "help prevent blisters"), those talking of more such words first. A word
    is rare when at most 3 products, or `rare` of them, talk of it; a need none talk of
    finds nothing."""
    pool = list(products[:SAID_FIRST_MAX * 10])
    texts = {p.id: " ".join(lines(p)).lower() for p in pool}
    most = max(3, int(rare * len(pool)))
    count: dict[str, int] = {}
    for w in dict.fromkeys(need_words(need)):
        pattern = _word_pattern(w)
        hits = [p.id for p in pool if pattern.search(texts[p.id])]
        if len(hits) <= most:
            for i in hits:
                count[i] = count.get(i, 0) + 1
    return sorted((p for p in pool if p.id in count), key=lambda p: -count[p.id])


__all__ = ["SAID_FIRST_MAX", "need_words", "said_first", "talks_of", "told_of"]
