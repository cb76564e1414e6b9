"""Whether a product is of the type a shopper asked for ("tablets", "monitors", "soundbars").

A product's own type comes from its title (`CatalogVocabulary.type_of`); a
category's *core* types are what it mostly sells. Asked for a type, the
product counts when

* its title names that type and the shop files it where that type is sold:
  a "Smart Water Monitor" filed under smart home is no monitor, while a type
  no category sells as its core ("subwoofer") counts wherever it is filed;
* or its category sells that type as its core, and the product is not
  something else listed beside it: an add-on priced far below the category
  (see `CatalogVocabulary.in_category`), or a product whose title names another
  type ("Magic Keyboard" among tablets, "AV Receiver" among soundbars). A
  title that also names the core type ("Gaming Desktop ... Intel Core") or a
  type sold only in this category, by at least SUBTYPE_MIN_PRODUCTS products
  ("Tower" among desktops), keeps the product in.

    kinds = TypeMatcher(vocab, products)
    kinds.is_of_type(product, ("tablet",))
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from assistant.qa.knowledge.textnorm import fold, singular
from assistant.qa.knowledge.titles import WORD, category_parts, is_noun_part, shared_head
from assistant.qa.knowledge.vocab import ADDON_PRICE_SHARE

if TYPE_CHECKING:
    from assistant.catalog import Product
    from assistant.qa.knowledge.vocab import CatalogVocabulary

# A title type sold in one category only, by at least this many products (and not priced as
# an add-on, see ADDON_PRICE_SHARE), is a kind of what that category sells ("Dell XPS Tower"
# among desktops, doorbell cameras among home security); two AV receivers among soundbars
# are not.
SUBTYPE_MIN_PRODUCTS = 3
# A title noun used for products in this many categories is a thing of its own ("keyboard");
# one in two ("Water Filter System", "Cooking System") may be a generic word for the product.
WIDESPREAD_CATEGORIES = 3
# Two kinds a category is named for are one kind when their words read at least this alike
# (all-MiniLM-L6-v2 cosine): headphone/earbud 0.62, ipad/tablet 0.62 are; leash/collar 0.58,
# crate/carrier 0.35, game/console 0.49 are not. The margin is thin: a shop may tune it.
SAME_KIND_COSINE = 0.6
# "Compatible with 11-inch iPad Pro": the next few words name what the product goes with.
_COMPATIBLE = re.compile(r"\b(?:compatible with|works with|designed for)\s+((?:[\w.-]+\s*){1,3})")


class TypeMatcher:
    """Decides "is this product a <type>?" from titles, categories and core types."""

    def __init__(self, vocab: CatalogVocabulary, products: Iterable[Product],
                 apart: Iterable[tuple[str, str]] = ()) -> None:
        self.vocab = vocab
        # (asked, other): two kinds a category's name lists side by side that are not one
        # kind ("Collars & Leashes"; not "Headphones & Earbuds"), see `kinds_apart`
        self._apart = frozenset(apart)
        self.products = list(products)
        self._type = {p.id: vocab.type_of(p) for p in self.products}
        categories = {p.category for p in self.products}
        # category -> the one kind its name's parts share ("Field & Chronograph Watches")
        self._shared = {c: shared_head(c) for c in categories}
        named = vocab.type_words()
        self._core: dict[str, tuple[str, ...]] = {}
        for c in categories:  # what it sells, the kind it shares among them if one is asked
            core, head = tuple(vocab.category_types(c)), self._shared[c]
            self._core[c] = (*core, head) if head in named and head not in core else core
        self._homes: dict[str, set[str]] = defaultdict(set)  # type -> categories selling it
        for c, core in self._core.items():
            for t in core:
                self._homes[t].add(c)
        # category -> the kind its path files it right under, below the path's top
        # ("Jewelry > Bracelets > Bangles": bracelet; not "Luggage & Bags > Packing
        # Organizers", whose top names the whole shop)
        self._above: dict[str, set[str]] = defaultdict(set)
        for p in self.products:  # not what "Watch Straps" under "Watches" are for
            modifiers = {w for part in category_parts(p.category) for w in part[:-1]}
            self._above[p.category] |= {part[-1] for d in p.departments[1:][-1:]
                                        for part in category_parts(d) if part} - modifiers
        self._cats_of: dict[str, set[str]] = defaultdict(set)  # type -> categories it is in
        count: dict[str, int] = defaultdict(int)
        self._titled: dict[tuple[str, str], int] = defaultdict(int)  # titles naming the type
        for p in self.products:
            if vocab.typed_by_title(p):
                self._titled[(p.category, self._type[p.id])] += 1
            self._cats_of[self._type[p.id]].add(p.category)
            count[self._type[p.id]] += 1
        self._prices: dict[tuple[str, str], list[float]] = defaultdict(list)  # (category, type)
        self._medians: dict[tuple[str, tuple[str, ...]], float] = {}
        for p in self.products:
            self._prices[(p.category, self._type[p.id])].append(p.price)
        self._subtypes: dict[str, set[str]] = defaultdict(set)  # category -> its own kinds
        for t, cats in self._cats_of.items():
            if len(cats) == 1 and count[t] >= SUBTYPE_MIN_PRODUCTS and t not in self._homes:
                c = next(iter(cats))
                if self._median_price(c, (t,)) >= ADDON_PRICE_SHARE * self._median_price(
                        c, self._core[c]):  # TV mounts are add-ons, doorbell cameras are not
                    self._subtypes[c].add(t)
        # categories whose name also names something no core type is ("Soundbars & Home
        # Theater": the receivers are home theater, not soundbars)
        self._mixed = {c for c, core in self._core.items()
                       if any(not set(part) & set(core) for part in category_parts(c))
                       and len(category_parts(c)) > 1}

    def _median_price(self, category: str, types: tuple[str, ...]) -> float:
        key = (category, types)  # asked per product by `is_of_type`: worked out once
        if key not in self._medians:
            prices = sorted(x for t in dict.fromkeys(types)
                            for x in self._prices.get((category, t), ()))
            self._medians[key] = prices[len(prices) // 2] if prices else 0.0
        return self._medians[key]

    def type_of(self, p: Product) -> str:
        return self._type.get(p.id) or self.vocab.type_of(p)

    def categories_selling(self, types: tuple[str, ...]) -> set[str]:
        """The categories selling one of `types` as their core (their products may be of it
        untitled as one; a product titled as one may be anywhere), or filed under it."""
        return {c for c, core in self._core.items() if any(t in core for t in types)} | {
            c for c, above in self._above.items() if above & set(types)}

    def is_of_type(self, p: Product, types: tuple[str, ...]) -> bool:
        shared, above = self._shared.get(p.category), self._above.get(p.category, set())
        if shared in types or above & set(types):
            # all of "Field & Chronograph Watches" are watches, and all of "Bangles & Cuffs"
            # filed under "Bracelets" bracelets, but the add-ons listed there
            return self.vocab.in_category(p, p.category)
        own = self.type_of(p)
        if own in types:
            homes = self._homes.get(own)
            return not homes or p.category in homes
        core = self._core.get(p.category, ())
        if not any(t in core for t in types):
            return False
        if own not in self._subtypes.get(p.category, ()) and not self.vocab.in_category(
                p, p.category):  # an add-on priced far below what the category sells
            return False
        if own in core and self.vocab.typed_by_title(p) and any(
                (t, own) in self._apart for t in types) and not self._titled_as(p, types):
            return False  # titled as the other kind its category is named for: a collar
        if own in core and self.vocab.typed_by_title(p) and p.price < ADDON_PRICE_SHARE * \
                self._median_price(p.category, tuple(t for t in types if t in core)):
            return False  # another kind sold here, priced far below the asked one's titles
        return self.sells_as_core(p, types)

    @staticmethod
    def _titled_as(p: Product, types: tuple[str, ...]) -> bool:
        """The title names one of `types` too ("Wool Throw Blanket" is a throw)."""
        return bool({singular(w) for w in WORD.findall(fold(p.title))} & set(types))

    def sells_as_core(self, p: Product, asked: tuple[str, ...] = ()) -> bool:
        """Not a product of another type listed beside the category's own.

        Another type: the title names a type that some other category sells as its
        core ("Bookshelf Speakers" among soundbars), that titles use for products in
        WIDESPREAD_CATEGORIES categories or more ("Magic Keyboard" among tablets, pianos
        and desktop add-ons), or that belongs to the part of the category's name no core
        type covers ("AV Receiver" in "Soundbars & Home Theater"). Also not: an accessory
        whose text says it is compatible with the core type ("Compatible with iPad Pro").
        A title naming the `asked` type (or, asked nothing, any core type) keeps it in:
        "Security Light" is no camera though "security" is a core word of its category;
        where a category sells several types, a title naming none of the asked is not one.
        """
        core = self._core.get(p.category, ())
        if self._accessory_of(p, core):
            return False
        own = self.type_of(p)
        if own in core or not self.vocab.typed_by_title(p):
            return True
        kinds = set(asked or core) | self._subtypes.get(p.category, set())
        name = re.split(r"\bfor\b", fold(p.title))[0]  # "Keyboard for iPad" is no iPad
        words = {singular(w) for w in WORD.findall(name)}
        if own in kinds or words & kinds or any(
                len(w) >= 3 and t.startswith(w) for w in words for t in asked):
            return True  # the title names it, perhaps shortened ("Stick Up Cam")
        if asked and len(core) > 1:  # one of several things sold here, and not named
            return False
        if asked and not any(is_noun_part(t, p.category) for t in asked if t in core):
            return False  # a broad category ("Bed Linen") sells sheets, and a duvet cover
        elsewhere = bool(self._homes.get(own, set()) - {p.category})
        widespread = len(self._cats_of[own]) >= WIDESPREAD_CATEGORIES
        return not (elsewhere or widespread or p.category in self._mixed)

    def _accessory_of(self, p: Product, core: tuple[str, ...]) -> bool:
        """Says it goes with a type its category's titles name ("Compatible with iPad
        Pro"), not with everything ("Compatible with all WiFi devices")."""
        named = {t for t in core if self._titled[(p.category, t)] >= SUBTYPE_MIN_PRODUCTS}
        text = fold(" | ".join((p.title, *p.features)))
        for m in _COMPATIBLE.finditer(text):
            words = [singular(w) for w in WORD.findall(m.group(1))]
            if words and words[0] not in ("all", "any", "most") and set(words) & named:
                return True
        return False


def kinds_apart(vocab: CatalogVocabulary, similarity: Callable[[str, str], float],
                same_kind: float = SAME_KIND_COSINE) -> set[tuple[str, str]]:
    """Pairs of core types a category's name lists as parts of its own ("Collars & Leashes",
    "Carriers & Crates") whose words read less alike than `same_kind`: a collar is no leash,
    while earbuds are headphones and iPads tablets. Both orders of each pair."""
    out: set[tuple[str, str]] = set()
    for category in vocab.categories:
        heads = [t for t in vocab.category_types(category) if is_noun_part(t, category)]
        for i, a in enumerate(heads):
            for b in heads[i + 1:]:
                if similarity(a, b) < same_kind:
                    out |= {(a, b), (b, a)}
    return out


__all__ = ["SAME_KIND_COSINE", "SUBTYPE_MIN_PRODUCTS", "WIDESPREAD_CATEGORIES", "TypeMatcher",
           "kinds_apart"]
