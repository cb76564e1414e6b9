"""Code decides the facts: which products meet a `Query`, in which order, and yes/no verdicts.

Filters are exact (category, product type, brand, price, attributes the
catalog states); a product whose attribute is not stated never passes an
attribute filter and never wins an attribute superlative. "Best rated"
weighs stars by how many reviews back them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from assistant.qa.knowledge.kinds import TypeMatcher
from assistant.qa.plan import Verdict
from assistant.qa.query import AttributeFilter, Query, Sort

if TYPE_CHECKING:
    from assistant.catalog import Product
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


class Executor:
    """Runs queries over one catalog's products."""

    def __init__(self, knowledge: ShopKnowledge) -> None:
        self.k = knowledge
        self.products = list(knowledge.catalog.products)
        self.kinds = TypeMatcher(knowledge.vocab, self.products)

    def _in_category(self, p: Product) -> bool:
        """Of a type its category really sells: an add-on of another type listed there is
        not (a $79 TV mount under TVs is no TV, a mouse under desktops is a mouse)."""
        return self.k.vocab.in_category(p, p.category)

    def _of_type(self, p: Product, types: tuple[str, ...]) -> bool:
        """Titled as one of the types where the shop sells it, or listed where that type is
        what is sold (see `assistant.qa.knowledge.kinds`)."""
        return self.kinds.is_of_type(p, types)

    def type_of(self, p: Product) -> str:
        return self.kinds.type_of(p)

    # ------------------------------------------------------------------ filtering
    def matches(self, q: Query, pool: Iterable[Product] | None = None) -> list[Product]:
        """Products that pass every filter of the query (unknown attributes fail)."""
        return [p for p in (self.products if pool is None else pool) if self.passes(p, q)]

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
        return not attributes or all(self.check(p, f) is True for f in q.filters)

    def check(self, p: Product, f: AttributeFilter) -> bool | None:
        try:
            said = self.k.attributes.check(p, f)
        except Exception:  # an attribute rule failing must read as "not stated"
            return None
        unstated = said is None and self.k.attributes.value(p, f.name) is None
        if unstated and f.op in ("has", "lacks") and _states(p, f.text or f.name):
            return f.op == "has"  # "wi-fi" stated as "WiFi", "touch screen"
        return said

    # ------------------------------------------------------------------ ordering
    def order(self, products: Sequence[Product], sort: Sort | None) -> list[Product]:
        """Sorted for a superlative; products that do not state the key are left out."""
        if sort is None:
            return list(products)
        if sort.key == "price":
            sign = -1.0 if sort.descending else 1.0
            return sorted(products, key=lambda p: (sign * p.price, -p.review_count))
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
        """Each product x each asked attribute: yes / no / the catalog doesn't say."""
        out: list[Verdict] = []
        asked = list(dict.fromkeys([*(f.name for f in q.filters), *q.asked]))
        for p in products:
            for name in asked:
                f = next((f for f in q.filters if f.name == name), None)
                a = self.k.attributes.value(p, name)
                stated = stated_text(a)
                evidence = getattr(a, "evidence", "") if a is not None else ""
                if f is None:  # a value question: "how much does it weigh?"
                    value = None if a is None else True
                    out.append(Verdict(p, name, value, stated, evidence))
                else:
                    value = self.check(p, f)
                    if value is True and not (stated or evidence):  # stated in other words
                        evidence = _stated_line(p, f.text or f.name)
                    out.append(Verdict(p, name, value, stated, evidence, _wanted(f)))
        return out


# Plain-English equivalents a feature may be stated with (not a shop's vocabulary).
EQUIVALENT = {
    "waterproof": ("water resistant", "water-resistant", "weatherproof", "weather resistant",
                   "weather-resistant"),
    "water resistant": ("waterproof", "water-resistant"),
    "wireless": ("cordless", "bluetooth", "wi-fi", "wifi"),
    "cordless": ("wireless", "battery-powered", "battery powered"),
}


def _squash(text: str) -> str:
    return re.sub(r"[\s\-‐‑]+", "", text.lower())


# An IP code whose second digit is 5-8 (or IPX5-8) rates protection against water jets or
# immersion (IEC 60529): "Rated IP56" states water resistance.
_IP_WATER = re.compile(r"\bip[0-6x][5-8]\b")


def _states(p: Product, word: str) -> bool:
    """The catalog text states the word, ignoring spaces and hyphens, or an equivalent."""
    text = " ".join((p.title, *p.features)).lower()
    if word.lower() in ("waterproof", "water resistant") and _IP_WATER.search(text):
        return True
    squashed = _squash(text)
    for form in (word.lower(), *EQUIVALENT.get(word.lower(), ())):
        key = _squash(form)
        if len(key) >= 4 and key in squashed:
            return True
        if len(key) < 4 and re.search(rf"\b{re.escape(form)}", text):
            return True
    return False


def _stated_line(p: Product, word: str) -> str:
    """The title or feature line that states the word or an equivalent ("Rated IP56 ...")."""
    for line in (p.title, *p.features):
        if _IP_WATER.search(line.lower()) and word.lower() in ("waterproof", "water resistant"):
            return line
        if _states(replace(p, title=line, features=()), word):
            return line
    return ""


def stated_text(a: object) -> str:
    """What the catalog states, in its own words where short ("Weighs 2.6 oz (73 g)")."""
    if a is None:
        return ""
    evidence = str(getattr(a, "evidence", "") or "")
    if evidence and len(evidence) <= 60:
        return evidence
    value, unit, text = (getattr(a, "value", None), getattr(a, "unit", None),
                         getattr(a, "text", None))
    if value is not None:
        number = f"{value:.3g}" if isinstance(value, float) else str(value)
        return f"{number} {unit}".strip() if unit else number
    return str(text or "")


def _wanted(f: AttributeFilter) -> str:
    if f.text:
        return f.text
    if f.value is not None:
        return f"{f.value:.3g} {f.unit or ''}".strip()
    return ""


__all__ = [
    "PRIOR_REVIEWS", "PRIOR_STARS", "Executor", "Verdict", "stated_text", "trusted_rating",
]
