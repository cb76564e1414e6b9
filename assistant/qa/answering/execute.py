"""Code decides the facts: which products meet a `Query`, in which order, and yes/no verdicts.

Filters are exact (category, product type, brand, price, attributes the
catalog states); a product whose attribute is not stated never passes an
attribute filter and never wins an attribute superlative. "Best rated"
weighs stars by how many reviews back them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from assistant.catalog.types import canonical_name
from assistant.qa.answering.evidence import stated_for, stated_text
from assistant.qa.answering.facts import money
from assistant.qa.answering.in_units import in_asked_units
from assistant.qa.answering.options import asked_price, price_of, stock_words
from assistant.qa.answering.sizes import sizes_sold
from assistant.qa.answering.text_says import (
    denial,
    evidence_line,
    free_of,
    left_out,
    names_none,
    not_included,
    says_absence,
    says_word,
    stated_range,
    states,
)
from assistant.qa.answering.variant_words import option_asked, picked_words, sold_with
from assistant.qa.answering.word_forms import decided_form, wanted_words
from assistant.qa.knowledge.kinds import TypeMatcher, kinds_apart
from assistant.qa.knowledge.stated import AVAILABILITY
from assistant.qa.knowledge.value_match import (
    SOLD_BY,
    SPECIAL,
    figure_ok,
    matching_variants,
    person_fits,
    same_value,
    variant_ok,
)
from assistant.qa.plan import Verdict
from assistant.qa.query import AttributeFilter, Query, Sort
from assistant.qa.reading.option_asked import as_option

if TYPE_CHECKING:
    from assistant.catalog import Product, Variant
    from assistant.qa.knowledge import ShopKnowledge

# "Best rated" = a Bayesian average: PRIOR_REVIEWS imaginary reviews of PRIOR_STARS,
# so 5.0 stars from 2 reviews does not beat 4.7 from 900.
PRIOR_STARS = 4.0
PRIOR_REVIEWS = 10
_PRODUCT_KEYS = ("price", "rating", "review_count")


def trusted_rating(p: Product) -> float:
    """The rating shrunk toward PRIOR_STARS by PRIOR_REVIEWS pseudo-reviews."""
    n = max(p.review_count, 0)
    return ((p.rating or 0.0) * n + PRIOR_STARS * PRIOR_REVIEWS) / (n + PRIOR_REVIEWS)


def _kinds_apart(knowledge: ShopKnowledge) -> set[tuple[str, str]]:
    """The kinds a category names side by side that are not one kind, read by the shop's
    embedder; none with one that knows no meanings (the hashing one of unit tests)."""
    embedder = knowledge.index.embedder
    if not getattr(embedder, "semantic", True):
        return set()

    def similarity(a: str, b: str) -> float:
        va, vb = embedder.encode([a, b])
        return float(va @ vb)

    return kinds_apart(knowledge.vocab, similarity)


class Executor:
    """Runs queries over one catalog's products."""

    def __init__(self, knowledge: ShopKnowledge) -> None:
        self.k = knowledge
        self.products = list(knowledge.catalog.products)
        self.kinds = TypeMatcher(knowledge.vocab, self.products, _kinds_apart(knowledge))
        self._rows: Rows | None = None

    def _in_category(self, p: Product) -> bool:
        """Of a type its category really sells: an add-on of another type listed there is
        not (a $79 TV mount under TVs is no TV, a mouse under desktops is a mouse)."""
        return self.k.vocab.in_category(p, p.category)

    def is_core(self, p: Product) -> bool:
        """Of a type its category sells: no add-on, service or plan listed beside it."""
        return self._in_category(p) and self.kinds.sells_as_core(p)

    def for_person(self, p: Product, gender: str, grown_up: bool = False) -> bool:
        """Not stated as for someone else: for a wife (`gender` "female", `grown_up`) a
        women's or unisex jacket, or a lamp, but no men's or kids' jacket ("": anyone)."""
        genders = [str(a.text).lower() for a in self.k.attributes.values(p, "gender") if a.text]
        return person_fits(p, genders, gender, grown_up)

    def _of_type(self, p: Product, types: tuple[str, ...]) -> bool:
        """Titled as one of the types where the shop sells it, or listed where that type is
        what is sold (see `assistant.qa.knowledge.kinds`)."""
        return self.kinds.is_of_type(p, types)

    def type_of(self, p: Product) -> str:
        return self.kinds.type_of(p)

    # ------------------------------------------------------------------ filtering
    def matches(self, q: Query, pool: Iterable[Product] | None = None) -> list[Product]:
        """Products that pass every filter of the query (unknown attributes fail). For a
        word ruled out ("dog food without grain", "only grain-free"), where some of them
        state its absence ("Grain-Free"), those: the others merely do not mention it."""
        found = [p for p in (self.narrowed(q) if pool is None else pool) if self.passes(p, q)]
        for f in q.filters:
            if f.op == "lacks" and f.name not in SPECIAL and f.value is None:
                stated = [p for p in found if says_absence(p, f.text or f.name)]
                found = stated or found
        return found

    def narrowed(self, q: Query) -> list[Product]:
        """The products the query's category, type and brand could admit, in catalog order,
        from indexes made once (`passes` decides; this only spares it most of a large
        catalog): products of a type asked for are titled as one or listed in a category
        selling it (see `TypeMatcher.is_of_type`)."""
        if not (q.categories or q.product_types or q.brands):
            return self.products
        index = self.rows()
        rows: set[int] | None = None
        for keys, by in ((q.categories, index.category), (q.brands, index.brand)):
            if keys:
                found = {i for k in keys for i in by.get(k, ())}
                rows = found if rows is None else rows & found
        if q.product_types:
            homes = self.kinds.categories_selling(q.product_types)
            found = {i for t in q.product_types for i in index.type.get(t, ())}
            found |= {i for c in homes for i in index.category.get(c, ())}
            rows = found if rows is None else rows & found
        return [self.products[i] for i in sorted(rows or ())]

    def rows(self) -> Rows:
        """Row numbers of the products by category, brand and title type, made once."""
        if self._rows is None:
            self._rows = Rows(self.products, self.kinds)
        return self._rows

    def passes(self, p: Product, q: Query, attributes: bool = True) -> bool:
        if q.categories and p.category not in q.categories:
            return False
        if q.categories and not q.product_types and not self._in_category(p):
            return False
        if q.product_types and not self._of_type(p, q.product_types):
            return False
        if q.brands and p.brand not in q.brands:
            return False
        if p.brand in q.exclude_brands:
            return False
        low, high = q.price_limits  # stated limits, else the band assumed from words
        if high is not None and p.price > high + 1e-9:
            return False
        if low is not None and p.price < low - 1e-9:
            return False
        if not attributes or not q.filters:
            return True
        if not all(self.check(p, f) is True for f in q.filters
                   if f.name == AVAILABILITY or matching_variants(p, [f]) is None):
            return False  # an option of a product sold in options: its variants decide (below)
        # "in blue, size M, in stock": one variant must be all of them at once
        return matching_variants(p, q.filters) != []

    def variants(self, p: Product, q: Query) -> list[Variant] | None:
        """The variants that meet the query's option and stock filters (None: no such filter)."""
        return matching_variants(p, q.filters)

    def check(self, p: Product, f: AttributeFilter) -> bool | None:
        if f.name == "category" and f.op == "lacks" and f.text:
            return p.category != f.text  # "laptops but not gaming laptops"
        if f.op == "has" and f.value is None and (free := free_of(p, f.text or f.name)) is not None:
            return free  # "fragrance free?" of "Fragrance-free"
        try:
            said = self.k.attributes.check(p, f)
        except Exception:  # an attribute rule failing must read as "not stated"
            return None
        record = self.k.attributes.value(p, f.name)
        recorded = record is not None
        if f.op in ("has", "lacks") and f.value is None and recorded and names_none(record):
            return f.op == "lacks"  # "Fragrance: Fragrance-free" has no fragrance
        if f.op == "lacks" and f.name not in SPECIAL and f.value is None \
                and not (recorded and said is False) and says_absence(p, f.text or f.name):
            return True  # "Grain-free" rules grain out, whatever reads "grain" in it (but
            # "Batteries: 2 x AA" recorded needs them, though "batteries not included")
        if f.op == "has" and f.value is None and f.name not in SPECIAL \
                and left_out(p, f.text or f.name):
            return False  # "bulb not included" beats a recorded "Bulb: E27"; "batteries
            # included?" of "4 x AA batteries (not included)"
        if f.op == "has" and f.name not in SPECIAL and f.value is None and not recorded \
                and said is not False and (denial(p, f.text or f.name)
                                           or says_absence(p, f.text or f.name)):
            return False  # "Not frost resistant", "charger sold separately", "unstrung"
        if said is not True and f.op == "eq" and f.value is not None and f.unit \
                and stated_range(p, f.value, f.unit):
            return True  # "does it work on 240 V?" of one rated "110-240 V"; "I'm 6'2\"" of
            # "for riders 155–190 cm tall"
        if said is None and f.op in ("has", "lacks") and f.value is None and f.name not in SPECIAL \
                and any(same_value(str(a.value), f.text or f.name) for a in p.attributes
                        if isinstance(a.value, str)):
            return f.op == "has"  # "latex free?" of a Material column "latex threads"
        unstated = said is None and not recorded
        if unstated and f.op == "lacks" and f.name not in SPECIAL:
            # "no shag" / "not scented": kept unless its text says the word as a word
            # ("Unscented", "Grain-free" and "no stuffing" say the opposite); a value of
            # an attribute ("size soprano") by its title ("a step up from the soprano")
            return not (says_word(p, f.text or f.name) if f.text in (None, f.name)
                        else says_word(replace(p, description="", features=()), f.text))
        if unstated and f.op == "has" and states(p, f.text or f.name):
            return True  # "wi-fi" stated as "WiFi", "touch screen"
        if unstated and f.op == "eq" and f.text and f.value is None and f.name not in SPECIAL \
                and f.name != "size" and len(f.text) >= 3 and says_word(p, f.text):
            return True  # "black" in a title with no colour stated (a size is no such word)
        return said

    # ------------------------------------------------------------------ ordering
    def order(self, products: Sequence[Product], sort: Sort | None,
              q: Query | None = None) -> list[Product]:
        """Sorted for a superlative (by price, of the options `q` picks: `asked_price`);
        products that do not state the key are left out."""
        if sort is None:
            return list(products)
        if sort.key == "price":
            sign, q = -1.0 if sort.descending else 1.0, (q or Query()).but(sort=sort)
            return sorted(products, key=lambda p: (sign * asked_price(p, q), -p.review_count))
        if sort.key == "rating":
            rated = [p for p in products if p.rating is not None]
            sign = -1.0 if sort.descending else 1.0
            return sorted(rated, key=lambda p: (sign * trusted_rating(p), -p.review_count, p.price))
        if sort.key == "review_count":
            sign = -1.0 if sort.descending else 1.0
            return sorted(products, key=lambda p: (sign * p.review_count, -(p.rating or 0.0)))
        if sort.key == "relevance":
            return list(products)
        stated = [(p, v) for p in products if (v := self.number(p, sort.key)) is not None]
        sign = -1.0 if sort.descending else 1.0
        stated.sort(key=lambda pv: (sign * pv[1], pv[0].price))
        return [p for p, _ in stated]

    def number(self, p: Product, name: str) -> float | None:
        a = self.k.attributes.value(p, name)
        return None if a is None or a.value is None else float(a.value)

    # ------------------------------------------------------------------ verdicts
    def verdicts(self, products: Sequence[Product], q: Query) -> list[Verdict]:
        """Each product x each asked attribute: yes / no / the catalog doesn't say; a figure
        one of its options sells by is asked of that option ("in a 5000?" of a reel sold in
        2500, 3000 and 4000)."""
        return [v for p in products for v in self._verdicts_of(p, as_option(p, q))]

    def _verdicts_of(self, p: Product, q: Query) -> list[Verdict]:
        out: list[Verdict] = []
        sold_in = {canonical_name(o) for o in p.options()}
        for name in dict.fromkeys([*(f.name for f in q.filters if not (  # "instead of black"
                f.op == "lacks" and f.name in sold_in)), *q.asked]):
            f = next((f for f in q.filters if f.name == name and f.op != "lacks"), None) \
                or next((f for f in q.filters if f.name == name), None)
            if f is not None and name in q.asked and q.units \
                    and (option := option_asked(p, f, q.units)):
                out.append(Verdict(p, name, True, option))  # "how many kg is the 35 lb one?"
                continue
            if self._from_record(p, name):
                stated, evidence = stated_for(self.k, p, name, (f.text or "") if f else "")
                if q.units and (a := self.k.attributes.value(p, name)) is not None:
                    stated = in_asked_units(a.value, a.unit, stated, q.units)  # "in kg?"
                value = (True if stated else None) if f is None else self.check(p, f)
                if f is not None and value is False and (
                        left_out := not_included(p, f.text or name)):
                    stated, evidence = "", left_out  # "Bulb: E27", and "bulb not included"
                out.append(Verdict(p, name, value, stated, evidence,
                                   wanted_words(f) if f is not None else ""))
                continue
            a = self.k.attributes.value(p, name)
            stated = in_asked_units(getattr(a, "value", None), getattr(a, "unit", None),
                                    stated_text(a, p.title), q.units)
            evidence = getattr(a, "evidence", "") if a is not None else ""
            if f is None:  # a value question: "how much does it weigh?"
                if a is None and (sold := sizes_sold(p, name, q.units)):
                    out.append(Verdict(p, name, True, sold))  # sold by weight: its sizes
                    continue
                value = None if a is None else True
                out.append(Verdict(p, name, value, stated, evidence))
            else:
                value = self.check(p, f)
                said, said_value = f, value
                if value is None:  # "touchscreens?" of "Touchscreen-compatible",
                    said, said_value, value = decided_form(f, partial(self.check, p))
                if value is not None and not (stated or evidence):  # said in other words
                    evidence = evidence_line(p, said, bool(said_value))
                f = f if said_value is not value else said  # "unscented": f's own words
                out.append(Verdict(p, name, value, stated, evidence, wanted_words(f)))
        return _stated_first(self._together(p, q, out), q)

    def _together(self, p: Product, q: Query, mine: list[Verdict]) -> list[Verdict]:
        """"In stock in blue?" is one question about one variant: each part may hold alone (in
        stock in gray; sold in blue) while no variant is both. Said once, on the stock; two
        options asked together ("in 15 inch navy?") ask for that variant, and its stock."""
        stock = next((v for v in mine if v.attribute == AVAILABILITY and v.wanted), None)
        names = {canonical_name(n) for n in p.options()}
        options = [f for f in q.filters if f.op != "lacks" and (  # "instead of black"
            f.name in names and f.text or f.text is None and f.unit and f.name in SOLD_BY
            and any(variant_ok(v, f) is not None for v in p.variants[:1]))]  # "the 3 L"
        if not options or not mine:
            return mine
        if any(v.value is not True for v in mine if v.attribute != AVAILABILITY and v.wanted) \
                and not matching_variants(p, options):
            return [v for v in mine if v is not stock]  # not sold in that colour at all
        if stock is None and len(options) >= 2 and matching_variants(p, options):
            stock = Verdict(p, AVAILABILITY, None, "", "", "in stock")  # "in 15 inch navy?":
            mine = [stock]  # one variant asked for, answered with its stock
            q = q.but(filters=(*q.filters, AttributeFilter(AVAILABILITY, "eq", text="in_stock")))
        variants = matching_variants(p, q.filters) or []
        picked = picked_words(p, options)
        if stock is None:
            if variants and all(v.availability == "out_of_stock" for v in variants):
                # "does it come in grey?": yes, and none of the grey ones can be bought now
                return [replace(v, stated=f"{v.stated}; {picked} is out of stock")
                        if v.value is True and v.wanted else v for v in mine]
            if variants and (cost := price_of(p, variants)) != p.price:  # "in red?": yes,
                later = "" if any(v.availability == "in_stock" for v in variants) \
                    else stock_words(p, variants)
                picked += f" is {money(cost)}" + (f" ({later})" if later else "")  # at its own
                return [replace(v, stated=f"{v.stated}; {picked}")  # price, and when it ships
                        if v.value is True and v.wanted else v for v in mine]
            if variants:
                return mine
        if stock is None or not matching_variants(p, options):  # "in sage, size 18-36M?":
            sold = sold_with(p, options)  # not that one (nor is it in stock in it)
            return [replace(mine[-1], attribute=AVAILABILITY, value=False,
                            wanted=f"sold in {picked}",
                            stated=f"not sold in {picked}" + (f": {sold}" if sold else ""))]
        cost = price_of(p, matching_variants(p, options) or [])  # "in 15 inch navy?" of a
        priced = picked + (f" ({money(cost)})" if cost != p.price else "")  # sleeve at $24.99
        if variants:
            said = stock_words(p, variants)
            return [replace(stock, value=True, stated=said, wanted=f"in stock in {priced}")]
        have = [" ".join(v for n, v in x.options if canonical_name(n) in {f.name for f in options}
                         or any(f.text is None and figure_ok(v, f) is not None for f in options))
                for x in p.variants if x.availability == "in_stock"]
        state = stock_words(p, matching_variants(p, options) or [])
        stated = f"{picked} is {state or 'out of stock'}"  # "on backorder"
        if have:
            stated += "; in stock in " + ", ".join(dict.fromkeys(have))
        return [replace(stock, value=False, stated=stated, wanted=f"in stock in {priced}")]

    def _from_record(self, p: Product, name: str) -> bool:
        """Stated by the catalog record (a column, an option, prose read at load)?"""
        return name in SPECIAL or any(a.source for a in self.k.attributes.values(p, name))


def _stated_first(mine: list[Verdict], q: Query) -> list[Verdict]:
    """"What are its dimensions?" asks several values: those stated are the answer, one the
    catalog does not state is left unsaid (a single value asked still gets "doesn't say",
    and a product stating none of them gets it once, for the first)."""
    values = [v for v in mine if not v.wanted and v.attribute not in {f.name for f in q.filters}]
    if len(values) < 2:
        return mine
    if not any(v.value for v in values):  # "doesn't say the dimensions", once
        return [v for v in mine if v not in values[1:]]
    return [v for v in mine if v.value is not None or v not in values]


class Rows:
    """Row numbers of the products by category, brand and title type."""

    def __init__(self, products: Sequence[Product], kinds: TypeMatcher) -> None:
        self.category: dict[str, list[int]] = defaultdict(list)
        self.brand: dict[str, list[int]] = defaultdict(list)
        self.type: dict[str, list[int]] = defaultdict(list)
        for i, p in enumerate(products):
            self.category[p.category].append(i)
            self.brand[p.brand].append(i)
            self.type[kinds.type_of(p)].append(i)


__all__ = [
    "PRIOR_REVIEWS", "PRIOR_STARS", "Executor", "Rows", "Verdict", "trusted_rating",
]
