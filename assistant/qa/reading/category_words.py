"""Kinds read from a message's words where the vocabulary's mentions need help.

    category_from_words(knowledge, "coffee machines")          -> ("Coffee Makers",)
    either_kind(knowledge, ("Sports Bras",), ("legging",))      -> ((), ("legging", "bra"))
    type_across_parts(knowledge, "security camera", "Home Security Systems & Cameras")
                                                                -> ["camera"]
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.qa.knowledge.retrieval import STOPWORDS
from assistant.qa.knowledge.titles import category_parts
from assistant.qa.reading.word_level import singular
from assistant.qa.reading.words import FILLER, KEYWORDS

if TYPE_CHECKING:
    from assistant.qa.knowledge import ShopKnowledge


def category_from_words(knowledge: ShopKnowledge, rest: str) -> tuple[str, ...]:
    """'coffee machines' -> ('Coffee Makers',): one category whose name shares a word."""
    words = {singular(w) for w in re.findall(r"[a-z]{3,}", rest.lower())
             if w not in STOPWORDS and w not in FILLER and w not in KEYWORDS}
    hits = [c for c in knowledge.vocab.categories
            if words & {singular(w) for w in re.findall(r"[a-z]{3,}", c.lower())}]
    return (hits[0],) if len(hits) == 1 else ()


def type_across_parts(knowledge: ShopKnowledge, said: str, category: str) -> list[str]:
    """'security camera' of "Home Security Systems & Cameras" asks for its cameras: words
    from two parts of the name, ending on a type the category sells. "Home security
    systems", one part's run, asks for the whole category."""
    words = [singular(w) for w in re.findall(r"[a-z0-9]+", said.lower())]
    if len(words) < 2 or words[-1] not in knowledge.vocab.category_types(category):
        return []
    runs = [" ".join(part) for part in category_parts(category)]
    return [] if any(" ".join(words) in run for run in runs) else [words[-1]]


def either_kind(knowledge: ShopKnowledge, categories: tuple[str, ...], types: tuple[str, ...]
                ) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """"Sports bras or leggings": a category and a type that share no product are two kinds
    asked for, not one inside the other; the category is said by the types it sells."""
    if not categories or not types or any(p.category in categories for t in types
                                          for p in knowledge.vocab.products_of_type(t)):
        return categories, types
    sold = [t for c in categories for t in knowledge.vocab.category_types(c)]
    return ((), tuple(dict.fromkeys((*types, *sold)))) if sold else (categories, types)


def mostly_stated(knowledge: ShopKnowledge, attribute: str, types: tuple[str, ...],
                  categories: tuple[str, ...]) -> bool:
    """Do most products of the asked kind state `attribute`? ("a small coffee maker"
    sorts by weight only where coffee makers say what they weigh.)"""
    pool = {p.id: p for t in types for p in knowledge.vocab.products_of_type(t)}
    pool.update((p.id, p) for c in categories for p in knowledge.vocab.products_in(c))
    stated = sum(knowledge.attributes.value(p, attribute) is not None for p in pool.values())
    return bool(pool) and 2 * stated >= len(pool)


__all__ = ["category_from_words", "either_kind", "mostly_stated", "type_across_parts"]
