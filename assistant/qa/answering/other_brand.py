"""What the shop does not carry, named before a kind it sells: a brand ("got any Fender
guitars?", "do you carry Pandora charms?": the capitalised name is no word of its
catalog) or a kind of that kind ("any bass guitars?" where "bass" titles only strings).
The reply says so, and whose the shop's own are; it never lists them as if they fitted.

    other_brand(knowledge, "got any Fender guitars?", query) -> "Fender"
    other_brand_text("Fender", "guitars", ["Brightwood", "Vexler"])
    -> "Sorry, this shop doesn't carry Fender: its guitars are by Brightwood and Vexler."
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.qa.answering.text_says import says_word
from assistant.qa.knowledge.retrieval import STOPWORDS
from assistant.qa.knowledge.textnorm import forms
from assistant.qa.knowledge.titles import shared_head
from assistant.qa.reading.needs import read_budget
from assistant.qa.reading.words import FILLER

if TYPE_CHECKING:
    from assistant.catalog import Product
    from assistant.qa.knowledge import ShopKnowledge
    from assistant.qa.query import Query

# Words that say how good or for whom, not which kind ("professional guitars").
_QUALITY = frozenset(str.split("""premium luxury luxurious deluxe basic budget cheap cheaper
affordable quality pro professional beginner beginners entry classic best top great decent
sturdy durable simple fancy proper real serious good nice cool cute small big large little
light heavy quiet loud new used warm soft cozy cosy comfy comfortable lightweight compact
portable strong thick thin long short wide narrow tall fast slow easy safe bright dark fun
pretty modern vintage smart stylish elegant simple sleek gentle mild rich high-end top-end
low-end mid-range entry-level top-quality high-quality well-made old older broken current
different other various similar such more many all"""))
# Endings of words that describe rather than name a kind ("waterproof" is said in the text).
_DESCRIBING = ("ful", "ous", "ive", "able", "ible", "less", "ish", "est", "ed")
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


def kind_of_elsewhere(k: ShopKnowledge, text: str, q: Query) -> bool:
    """"Any bass guitars?" where "bass" titles only strings, "oil paints" where no paint
    says oil, "printer paper", "moleskine notebooks": the word before the kind asked names
    which kind, and no product of that kind says it (a word of how good or how big, such
    as "premium" or "lighter", names no kind)."""
    if q.products or q.brands or q.filters or not (q.product_types or q.categories):
        return False
    if q.scope == "previous":
        return False  # "which ones can handle watercolour?" asks of a list shown
    kinds = [m for m in k.vocab.mentions(text) if m.kind != "brand"
             and text[m.start:m.end].lower() not in STOPWORDS]  # "dry on" names no carry-on
    start = min((m.start for m in kinds), default=0)
    before = re.findall(r"[a-z][a-z-]*", text[:start].lower())
    word = before[-1].removesuffix("-ish") if before else ""  # "cheap-ish", "high-end"
    if not re.search(r"[a-z-]\s+$", text[:start].lower()) or len(before) > 1 and before[-2] in (
            "my", "our", "his", "her", "their", "your", "can", "to", "will", "that", "which"):
        return False  # "my old laptop is too slow": theirs; "a disaster, pens": no kind
    if len(word) < 3 or word in STOPWORDS or word in FILLER or word in _TIMES \
            or _describes(word) or read_budget(word)[0]:
        return False  # "a premium jacket", "professional guitars": how good, not which kind
    pool = kind_pool(k, q)
    return bool(pool) and not any(says_word(p, word) for p in pool)


def _describes(word: str) -> bool:
    """A word of how good, how big or how it feels ("premium", "lighter", "cozy")."""
    plain = {word, word[:-1], word[:-2], word[:-3]} if word.endswith(("er", "est")) else {word}
    return bool(plain & _QUALITY) or any(word.endswith(end) and len(word) - len(end) >= 3
                                         for end in _DESCRIBING)  # not "dive", "olive"


def kind_pool(k: ShopKnowledge, q: Query) -> list[Product]:
    """The products of the kinds a query names: typed so, in categories of that name, in
    one selling it, or in one whose parts share it ("Field & Chronograph Watches")."""
    cats = {*q.categories, *(c for c in k.vocab.categories if shared_head(c) in q.product_types
                             or set(k.vocab.category_types(c)) & set(q.product_types))}
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


__all__ = ["kind_of_elsewhere", "kind_pool", "other_brand", "other_brand_text"]
