"""Title noun compounds one category sells ("action camera", "espresso machine"): a
modifier and a head type that, together, name that category though the head alone spans
several (cameras are sold among phones too)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from assistant.qa.knowledge.textnorm import COMMON, singular
from assistant.qa.knowledge.titles import FILLER, phrase_head, title_phrases

if TYPE_CHECKING:
    from assistant.catalog import Product


def title_compounds(products: Sequence[Product], core: Mapping[str, Sequence[str]],
                    cat_words: Mapping[str, set[str]], brand_words: set[str],
                    by_type: Mapping[str, Sequence[Product]]) -> dict[tuple[str, ...], str]:
    """(modifier, head) -> the category, from the titles: `core` is each category's usual
    types, `cat_words` the words of its name, `by_type` the products of each type."""
    where: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for p in products:
        seen = set()
        for words in title_phrases(p.title):
            h = phrase_head(words)
            if h and h[1] >= 1 and words[h[1] - 1].isalpha() \
                    and words[h[1] - 1] not in FILLER | COMMON:
                seen.add((singular(words[h[1] - 1]), h[0]))
        for key in seen:
            where[key][p.category] += 1
    out: dict[tuple[str, ...], str] = {}
    for key, cats in where.items():
        (c, n), total = cats.most_common(1)[0], sum(cats.values())
        if total < 2 or n < 0.8 * total or key[0] in brand_words or not (
                key[1] in core.get(c, ()) or key[1] in cat_words[c]):
            continue  # "action camera"; not "protection plan" among TVs
        sold = by_type.get(key[1], [])
        if sum(p.category == c for p in sold) < 0.75 * len(sold):
            out[key] = c  # only where the head type alone spans categories (cameras)
    return out


__all__ = ["title_compounds"]
