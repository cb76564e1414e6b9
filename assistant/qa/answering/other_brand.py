"""A brand the shop does not carry, named before a kind it sells: "got any Fender
guitars?", "do you carry Pandora charms?" The kind is the shop's, the capitalised name
before it no word of its catalog: the reply says the brand is not carried and whose
the shop's own are, never lists them as if they were that brand.

    other_brand(knowledge, "got any Fender guitars?", query) -> "Fender"
    other_brand_text("Fender", "guitars", ["Brightwood", "Vexler"])
    -> "Sorry, this shop doesn't carry Fender: its guitars are by Brightwood and Vexler."
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.qa.knowledge.textnorm import forms
from assistant.qa.knowledge.titles import shared_head

if TYPE_CHECKING:
    from assistant.catalog import Product
    from assistant.qa.knowledge import ShopKnowledge
    from assistant.qa.query import Query

# A capitalised name (one or two words) inside a sentence, not at its start.
_NAME = re.compile(r"(?<=[a-z,] )([A-Z][A-Za-z'&-]+(?: [A-Z][A-Za-z'&-]+)?)\s+")
# Capitalised words that name a time, not a maker: "any Christmas jumpers?"
_TIMES = frozenset(str.split("""christmas xmas halloween easter thanksgiving hanukkah diwali
valentine valentine's mother's father's monday tuesday wednesday thursday friday saturday
sunday january february march april may june july august september october november
december"""))


def other_brand(k: ShopKnowledge, text: str, q: Query) -> str:
    """The brand the message names before a kind it asks for, where the catalog knows no
    word of it ("" when none, or when the message names a product or a brand sold)."""
    if q.products or q.brands or not (q.product_types or q.categories):
        return ""
    vocabulary = getattr(k.index, "vocabulary", None) or set()
    kinds = {m.start for m in k.vocab.mentions(text) if m.kind != "brand"}
    for m in _NAME.finditer(text):
        words = m.group(1).lower().split()
        if m.end() in kinds and not any(w in _TIMES or forms(w) & vocabulary for w in words):
            return m.group(1)
    return ""


def kind_pool(k: ShopKnowledge, q: Query) -> list[Product]:
    """The products of the kinds a query names: typed so, in categories of that name, or
    in one whose parts share it ("Field & Chronograph Watches" of watches)."""
    cats = {*q.categories, *(c for c in k.vocab.categories if shared_head(c) in q.product_types)}
    found = [*(p for t in q.product_types for p in k.vocab.products_of_type(t)),
             *(p for c in sorted(cats) for p in k.vocab.products_in(c))]
    return list({p.id: p for p in found}.values())


def other_brand_text(brand: str, kinds: str, products: list[Product]) -> str:
    """"Sorry, this shop doesn't carry Fender: its guitars are by Brightwood and Vexler.\""""
    makers = list(dict.fromkeys(p.brand for p in products if p.brand))
    said = ""
    if makers:
        shown = makers[:4] + (["others"] if len(makers) > 4 else [])
        said = ", ".join(shown[:-1]) + (" and " if len(shown) > 1 else "") + shown[-1]
        said = f": its {kinds} are by {said}"
    return f"Sorry, this shop doesn't carry {brand}{said}."


__all__ = ["kind_pool", "other_brand", "other_brand_text"]
