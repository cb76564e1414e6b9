"""What a catalog sells, in its own words: categories, brands, product types, spelling.

Everything here is learned from the loaded catalog, nothing from code about a
domain. A product's *type* is the head noun of its title ("Apple Magic Mouse,
Black" -> "mouse"; "Allstate 3-Year Protection Plan for New Computers" ->
"protection"), preferring a head word its category also names ("HP 14\"
Touchscreen Laptop - ..." in "Laptops & Notebook Computers" -> "laptop"), and
falling back to the category's usual type when the title names only a product
line ("MacBook Air (13.6-inch) ..." -> "laptop").

    vocab = CatalogVocabulary.build(catalog)
    vocab.mentions("cheap notebooks from Lenovo")   # type laptop, brand Lenovo
    vocab.correct("whats the chepest laptp", keep=["cheapest"])
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from assistant.qa.knowledge.compounds import title_compounds
from assistant.qa.knowledge.spelling import Speller, english_words
from assistant.qa.knowledge.textnorm import COMMON as _COMMON
from assistant.qa.knowledge.textnorm import fold, singular, word_spans
from assistant.qa.knowledge.titles import FILLER as FILLER
from assistant.qa.knowledge.titles import (
    WORD,
    category_parts,
    fallback_type,
    is_noun_part,
    marked_phrases,
    phrase_head,
    title_phrases,
)

if TYPE_CHECKING:
    from assistant.catalog import Catalog, Product

# A product of another type than its category names is an add-on of that category below this
# share of the category's median price (a $79 mouse among $1,200 desktops).
ADDON_PRICE_SHARE = 0.2
# Attributes whose values describe a product rather than name its kind.
MODIFIER_ATTRIBUTES = ("material", "color", "pattern")


@dataclass(frozen=True)
class Mention:
    """A category, product type or brand named in a message, with its span in the message."""

    kind: str  # "category" | "type" | "brand"
    value: str  # catalog spelling (category name, type word, brand)
    start: int
    end: int
    score: float  # 1.0 exact (or plural), lower for a typo match


class CatalogVocabulary:
    """Categories, brands, product types and words of one catalog."""

    def __init__(self, catalog: Catalog, extra_words: Iterable[str] = (),
                 known_words: frozenset[str] | None = None) -> None:
        self.catalog = catalog
        # correctly spelled words that are not the catalog's ("hiking", "morning"): never
        # "corrected"; by default the embedding model's English word list
        self.known_words = english_words() if known_words is None else known_words
        products = list(catalog.products)
        cat_counts = Counter(p.category for p in products)
        self.categories: tuple[str, ...] = tuple(c for c, _ in cat_counts.most_common())
        brand_counts = Counter(p.brand for p in products if p.brand)
        self.brands: tuple[str, ...] = tuple(b for b, _ in brand_counts.most_common())
        self._brand_words = {fold(b) for b in self.brands}
        self._cat_words = {c: {w for part in category_parts(c) for w in part}
                           | {a + b for part in category_parts(c)  # "coffeemaker"
                              for a, b in zip(part, part[1:], strict=False)}
                           for c in self.categories}
        self._cat_tokens = {singular(w) for c in self.categories for w in WORD.findall(fold(c))}
        self._in_category: dict[str, list[Product]] = defaultdict(list)  # in catalog order
        for p in products:
            self._in_category[p.category].append(p)
        # what the shop states as a product's material, colour or pattern ("linen", "navy"):
        # a modifier in a title ("Linen Duvet Cover" is a cover), not its type
        self._modifiers = {w for p in products for a in p.attributes
                           if a.name in MODIFIER_ATTRIBUTES and isinstance(a.value, str)
                           for w in WORD.findall(fold(a.value))}
        self._type: dict[str, str] = {}
        self._assign_types(products)
        self._by_type: dict[str, list[Product]] = defaultdict(list)
        for p in products:
            self._by_type[self._type[p.id]].append(p)
        type_counts = Counter({t: len(ps) for t, ps in self._by_type.items()})
        self._types = tuple(t for t, _ in type_counts.most_common())
        self._type_set = frozenset(self._types)
        self._named_core: dict[str, bool] = {}
        self._core_price: dict[str, float] = {}
        self._core = self._core_types(products)
        self._word_freq: Counter[str] = Counter()
        for p in products:
            self._word_freq.update(w for w in WORD.findall(fold(
                " ".join((p.title, p.category, p.brand, *p.features)))) if w.isalpha())
        for w in extra_words:
            self._word_freq[fold(w)] += 1
        self._lexicon = self._build_lexicon()
        self._speller = Speller(self._word_freq, self.known_words)

    @classmethod
    def build(cls, catalog: Catalog, extra_words: Iterable[str] = (),
              known_words: frozenset[str] | None = None) -> CatalogVocabulary:
        return cls(catalog, extra_words, known_words)

    # -- product types ---------------------------------------------------------------------
    def _assign_types(self, products: list[Product]) -> None:
        phrases = {p.id: title_phrases(p.title) for p in products}
        # head nouns of title phrases, catalog-wide: a word many titles end a phrase with is a
        # product type ("Paper Coffee Filters" is a filter, not a coffee maker)
        titles = {p.title: phrases[p.id] for p in products}  # variants share a title
        self._heads: Counter[str] = Counter(
            h[0] for ps in titles.values() for words in ps
            if (h := phrase_head(words)) and h[1] >= 1)
        # the words before each head: a type follows many ("Magic Mouse", "Wireless Mouse"),
        # a product line one ("Handy Premier")
        self._head_context: dict[str, set[str]] = defaultdict(set)
        for ps in titles.values():
            for words in ps:
                if (h := phrase_head(words)) and h[1] >= 1:
                    self._head_context[h[0]].add(words[h[1] - 1])
        self._cat_heads: dict[str, set[str]] = defaultdict(set)  # category -> title head nouns
        for p in products:
            self._cat_heads[p.category] |= {h[0] for words in phrases[p.id]
                                            if (h := phrase_head(words))}
        self._title_df: Counter[str] = Counter(
            w for ps in phrases.values() for w in {singular(x) for words in ps for x in words})
        first_pass: dict[str, str | None] = {}
        for p in products:
            first_pass[p.id] = self._title_type(p.title, self._cat_words[p.category])
        self._from_title = {pid for pid, t in first_pass.items() if t is not None}
        usual: dict[str, str] = {}
        for c in self.categories:
            counts = Counter(first_pass[p.id] for p in self._in_category[c]
                             if first_pass[p.id] is not None)
            top = counts.most_common(1)[0][0] if counts else None
            usual[c] = top or fallback_type(c)
        for p in products:
            self._type[p.id] = first_pass[p.id] or usual[p.category]

    def _title_type(self, title: str, cat_words: set[str]) -> str | None:
        marked = marked_phrases(title)
        phrases = [ws for ws, _ in marked]
        heads = [h for words, q in marked if not q and (h := phrase_head(words))]
        for word, _ in heads:  # a head word the category also names wins
            if word in cat_words:
                return self._compound_head(word, phrases, cat_words)
        for words, q in marked:  # "Sound Bar" where the category says "Soundbars"
            h = phrase_head(words)
            if not q and h and h[1] >= 1 and words[h[1] - 1] + h[0] in self._cat_tokens \
                    and words[h[1] - 1] + h[0] in cat_words:
                return words[h[1] - 1] + h[0]
        if phrases:  # "... Gaming Desktop 13th Gen Intel Core i9": the name runs into specs
            head = phrase_head(phrases[0])
            named = [w for w in map(singular, phrases[0]) if w in cat_words
                     and not (w in self._modifiers and head and w != head[0])]
            if named and not (head and head[0] not in cat_words and self._heads[head[0]] >= 2):
                return named[-1]
        if phrases and heads:
            words = phrases[0]
            h = phrase_head(words)
            if h and h[0] not in self._brand_words:
                word, pos = h
                # a noun after a brand and a modifier ("Apple Magic Mouse") that other titles
                # end with or English knows; not a product line ("Mac Studio", "Chromebook
                # Plus"), nor a brand's second word ("Apple TV" is a streaming device)
                if pos >= 2 and (self._heads[word] >= 2 or word in self.known_words):
                    return word
        for words, q in marked[1:2]:  # "Handy Premier - TV Mounting Service": the next phrase
            h = phrase_head(words)
            if not q and h and h[1] >= 1 and not any(ch.isdigit() for w in words[1:] for ch in w) \
                    and self._heads[h[0]] >= 2 and h[0] not in self._brand_words:
                return h[0]
        return None

    def _compound_head(self, word: str, phrases: list[list[str]], cat_words: set[str]) -> str:
        """'Sound Bar' is a soundbar where the category says "Soundbars"."""
        for words in phrases:
            for a, b in zip(words, words[1:], strict=False):
                if singular(b) == word and a + word in cat_words and a + word in self._cat_tokens:
                    return a + word
        return word

    def _core_types(self, products: list[Product]) -> dict[str, tuple[str, ...]]:
        """Per category, the types that make up what it sells (not its add-ons)."""
        out = {}
        for c in self.categories:
            counts = Counter(self._type[p.id] for p in self._in_category[c])
            total = sum(counts.values())
            core = [t for t, n in counts.items()
                    if t in self._cat_words[c] or n >= max(3, 0.2 * total)]
            out[c] = tuple(sorted(core, key=lambda t: -counts[t])) or (counts.most_common(1)[0][0],)
            # the category's name says what most of it is ("Desktop Computers", not "Cookware"
            # over a few sets among pans and pots)
            self._named_core[c] = sum(n for t, n in counts.items()
                                      if t in self._cat_words[c]) >= 0.5 * total
            prices = sorted(p.price for p in self._in_category[c] if self._type[p.id] in out[c])
            self._core_price[c] = prices[len(prices) // 2] if prices else 0.0
        return out

    def type_of(self, product: Product) -> str:
        """The product's type from its title's head noun ("mouse", "laptop", "stove")."""
        t = self._type.get(product.id)
        if t is None:  # a product from outside the catalog this vocabulary was built from
            t = self._title_type(product.title, self._cat_words.get(product.category, set()))
            t = t or fallback_type(product.category)
        return t

    def type_words(self) -> frozenset[str]:
        """Types a message can name: the words titles use as nouns ("mouse", not "core")."""
        return frozenset(v for k, (kind, v) in self._lexicon.items() if kind == "type")

    def typed_by_title(self, product: Product) -> bool:
        """True when the title names the product's type; False when it came from the category
        ("MacBook Air (15-inch)" is a laptop because its category sells laptops)."""
        return product.id in self._from_title

    def types(self) -> tuple[str, ...]:
        """All product types, most common first."""
        return self._types

    def products_of_type(self, type_: str) -> list[Product]:
        return list(self._by_type.get(singular(fold(type_)), ()))

    def products_in(self, category: str) -> list[Product]:
        """The category's products, in catalog order."""
        return list(self._in_category.get(category, ()))

    def category_types(self, category: str) -> tuple[str, ...]:
        """The types a category really sells ("Desktop Computers & PCs" -> ("desktop",))."""
        return self._core.get(category, ())

    def in_category(self, product: Product, category: str) -> bool:
        """Listed under `category` and not an add-on of it (a mouse is no desktop computer).

        An add-on: the category's name says what it sells ("Desktop Computers"), the
        product is of another type ("mouse", "protection") and costs under a fifth of
        the category's typical price. Broad categories ("Musical Instruments") keep all.
        """
        if product.category != category:
            return False
        if self.type_of(product) in self._core.get(category, ()) or not self._named_core.get(
                category, False):
            return True
        return product.price >= ADDON_PRICE_SHARE * self._core_price.get(category, 0.0)

    # -- mentions ----------------------------------------------------------------------------
    def _build_lexicon(self) -> dict[tuple[str, ...], tuple[str, str]]:
        """Word sequences (singular, folded) -> (kind, value)."""
        lex: dict[tuple[str, ...], tuple[str, str]] = {}
        word_to_cats: dict[str, set[str]] = defaultdict(set)
        phrase_cats: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for c in self.categories:
            for part in category_parts(c):
                for w in part:
                    word_to_cats[w].add(c)
        for c in self.categories:  # full names and multi-word parts name the category
            lex[tuple(singular(w) for w in WORD.findall(fold(c)))] = ("category", c)
            for part in category_parts(c):  # "home security" of "home security systems"
                for i in range(len(part)):
                    for j in range(i + 2, len(part) + 1):
                        lex.setdefault(tuple(part[i:j]), ("category", c))
                        phrase_cats[tuple(part[i:j])].add(c)
        for phrase, cats in phrase_cats.items():  # "notebook computer" of two laptop categories
            shared = set.intersection(*(set(self._core.get(c, ())) for c in cats))
            if len(cats) > 1 and len(shared) == 1 and lex.get(phrase, ("", ""))[0] == "category":
                lex[phrase] = ("type", shared.pop())
        for w, cats in word_to_cats.items():  # "notebook" -> the category's type
            if w in _COMMON or len(w) < 2:
                continue
            shared = set.intersection(*(set(self._core.get(c, ())) for c in cats))
            if len(cats) > 1 and len(shared) == 1:  # "notebook" -> laptop in two categories
                lex[(w,)] = ("type", shared.pop())
            elif len(cats) == 1 and is_noun_part(w, c := next(iter(cats))):
                # a noun of one category's name ("pcs"); its modifiers ("camping") name nothing
                core = self._core.get(c, ())
                if w in core:
                    lex[(w,)] = ("type", w)
                elif len(core) == 1 and core[0] not in _COMMON and w not in self._modifiers:
                    lex.setdefault((w,), ("type", core[0]))
                else:
                    lex.setdefault((w,), ("category", c))
        cat_nouns = {w for c in self.categories for w in self._cat_words[c]}
        for t in self._types:  # a type word titles use as a noun ("mouse"), not "Intel Core"
            heads = max(1, self._heads[t])
            if t in cat_nouns or (heads >= 0.5 * self._title_df[t]
                                  and len(self._by_type.get(t, ())) >= 0.2 * heads
                                  and len(self._head_context[t]) >= 2):
                lex[(t,)] = ("type", t)
        for c in self.categories:  # "cookware": the type and the category are the same set
            parts = category_parts(c)
            if len(parts) == 1 and len(parts[0]) == 1:
                (w,) = parts[0]
                members = {p.id for p in self._in_category[c]}
                if {p.id for p in self._by_type.get(w, ())} == members:
                    lex[(w,)] = ("category", c)
        for key, c in title_compounds(self.catalog.products, self._core, self._cat_words,
                                      self._brand_words, self._by_type).items():
            # "action camera", "espresso machine"
            lex.setdefault(key, ("category", c))
        for t in self._types:  # "hair dryer": a head two titles or more name, always so
            context = self._head_context[t]
            if (t,) not in lex and len(context) == 1 and self._heads[t] >= 2 \
                    and t not in _COMMON and len(self._by_type.get(t, ())) >= 2:
                lex.setdefault((singular(next(iter(context))), t), ("type", t))
        firsts = Counter(WORD.findall(fold(b))[0] for b in self.brands if WORD.findall(fold(b)))
        for brand in self.brands:
            key = tuple(WORD.findall(fold(brand)))
            if key and key not in lex:
                lex[key] = ("brand", brand)
            if len(key) > 1 and firsts[key[0]] == 1 and self.known_words and len(key[0]) > 3 \
                    and key[0] not in self.known_words:  # "Foxglove" of "Foxglove Games"
                lex.setdefault(key[:1], ("brand", brand))  # (not "Little" of "Little Oak")
        return lex

    def mentions(self, text: str) -> list[Mention]:
        """Categories, types and brands named in `text`: longest match first, left to right."""
        spans = word_spans(text)
        words = [singular(w) for w, _, _ in spans]
        out: list[Mention] = []
        i = 0
        longest = max((len(k) for k in self._lexicon), default=1)
        kind_before = -2  # the word index the last kind mention ended at (none yet)
        while i < len(words):
            found = None
            for n in range(min(longest, len(words) - i), 0, -1):
                key = tuple(words[i : i + n])
                hit = self._lexicon.get(key)
                score = 1.0
                if hit is None and n == 1 and key[0] in self._type_set and kind_before == i - 1:
                    hit = ("type", key[0])  # "whiteboard markers": a title's head after a kind
                if hit is None and n == 1 and len(key[0]) >= 5 and key[0] not in _COMMON \
                        and key[0] not in self._word_freq:
                    hit, score = self._fuzzy(key[0])
                    if hit is not None and key[0] in self._type_set:  # "staples" is a title's
                        hit, score = ("type", key[0]), 1.0  # own head, not one letter off
                if hit is not None:
                    found = (n, hit, score)
                    break
            if found is None and i + 1 < len(words):
                found = self._modifier_pair(words[i], words[i + 1])
            if found is None:
                i += 1
                continue
            n, (kind, value), score = found
            start = spans[i][1]
            if kind != "brand" and kind_before == i - 1 and out and out[-1].kind != "brand" \
                    and (i + n == len(words) or words[i + n] not in _PRONOUNS):  # "can I"
                start = out.pop().start  # a kind before a kind qualifies it: "whiteboard
            out.append(Mention(kind, value, start, spans[i + n - 1][2], score))  # markers"
            kind_before = i + n - 1 if kind != "brand" else -2
            i += n
        return out

    def _modifier_pair(self, first: str, second: str) -> tuple[int, tuple[str, str], float] | None:
        """'coffee machines': a word of one category's name before a type that category sells."""
        cats = [c for c in self.categories if first in self._cat_words[c]]
        if len(cats) != 1 or first in _COMMON:
            return None
        if second in self._cat_heads.get(cats[0], ()):
            return 2, ("category", cats[0]), 0.9
        return None

    def _fuzzy(self, word: str) -> tuple[tuple[str, str] | None, float]:
        singles = [k[0] for k in self._lexicon if len(k) == 1]
        best = process.extractOne(word, singles, scorer=fuzz.ratio, score_cutoff=80)
        if best is None or Levenshtein.distance(word, best[0]) > (1 if len(word) < 7 else 2):
            return None, 0.0
        return self._lexicon[(best[0],)], best[1] / 100

    def correct(self, text: str, keep: Iterable[str] = ()) -> tuple[str, list[str]]:
        """Spelling fixed against the catalog's words and `keep`: (text, notes)
        ("read 'laptp' as 'laptop'"); see `assistant.qa.knowledge.spelling`."""
        return self._speller.correct(text, keep)

    def describe(self, limit: int = 6) -> str:
        """What the shop sells, biggest categories first ("laptops & notebook computers, tvs")."""
        names = [c.lower() if not c.isupper() else c for c in self.categories[:limit]]
        more = len(self.categories) - limit
        text = ", ".join(names)
        return text + (f" and {more} more categories" if more > 0 else "")


# Words after a kind's name that make it a verb ("which wheelbarrows can I buy?").
_PRONOUNS = frozenset({"i", "you", "we", "they", "he", "she", "it", "u"})


__all__ = ["FILLER", "CatalogVocabulary", "Mention", "fold", "singular", "word_spans"]
