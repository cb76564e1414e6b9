"""Which attribute a superlative sorts by, among the products it ranks.

"The biggest" may mean a screen size, a capacity or a size (`SUPERLATIVES`); reading the
message picks the one the whole catalog states most. Among watering cans that state
only a capacity, "which is the biggest?" sorts by capacity.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.qa.knowledge.attribute_words import COMPARATIVES, SUPERLATIVES
from assistant.qa.query import Sort

if TYPE_CHECKING:
    from assistant.catalog import Product
    from assistant.qa.answering.execute import Executor

# Keys sorted by a product's own fields, never swapped for an attribute.
_FIELDS = frozenset({"price", "rating", "review_count", "relevance"})


def stated_sort(sort: Sort, products: Sequence[Product], x: Executor) -> Sort:
    """`sort`, or a key of the same word that more of `products` state."""
    if sort.key in _FIELDS or not products:
        return sort
    family = [k for words in (*SUPERLATIVES.values(), *COMPARATIVES.values())
              for k in words[0] if sort.key in words[0] and words[1] == sort.descending]
    if not family:
        return sort
    counts = {k: sum(x.number(p, k) is not None for p in products)
              for k in dict.fromkeys([sort.key, *family])}
    best = max(counts, key=lambda k: counts[k])  # ties keep the key read first
    return sort if counts[best] <= counts[sort.key] else Sort(best, sort.descending)


__all__ = ["stated_sort"]
