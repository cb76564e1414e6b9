"""What the question decided before the ranker, as decision-record stages.

`Decider.place(plan, ...)` reads a turn's `Plan` and gives a `Placement`: the
products the question itself placed (its rule's answer, the product named, the
text search's order for a described need) with their `RulePlaced` /
`RetrievalPlaced` stage, and the `Admitted` stage of any candidate (the
shopper's constraints, each with the product's own value). The recommender
orders everything else and adds the `RankerPlaced` stage.

The same functions re-run a stored decision (assistant/replay.py): the query is
rebuilt from the record's conditions (`query_of`) and the rule's order from the
catalog (`rule_order`), so what is stored and what replay recomputes come from
one code path. Nothing here reads the shopper's free text.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assistant.qa.answering.execute import Executor
from assistant.qa.knowledge.retrieval import tokens
from assistant.qa.query import AttributeFilter, Query, Sort
from explain.decision import (
    Admitted,
    Condition,
    RetrievalPlaced,
    RulePlaced,
    Runner,
    Source,
)

if TYPE_CHECKING:
    from assistant.catalog import Product
    from assistant.qa.plan import Plan

# Sort (key, descending) -> rule kind; other keys are attributes: "most" / "least".
_SORT_RULES = {("price", False): "cheapest", ("price", True): "priciest",
               ("rating", True): "best_rated", ("rating", False): "lowest_rated",
               ("review_count", True): "most_reviewed", ("review_count", False): "fewest_reviews"}
_NAMED = ("lookup", "attribute", "compare")


def rule_kind(sort: Sort | None) -> str:
    if sort is None:
        return "next_page"
    if sort.key == "relevance":
        return "question"
    return _SORT_RULES.get((sort.key, sort.descending), "most" if sort.descending else "least")


def conditions_of(q: Query) -> list[Condition]:
    """The query's constraints, without a product's values (`value` None, `met` True)."""
    out: list[Condition] = []
    if q.categories:
        out.append(Condition("category", "category", "in", tuple(q.categories), None))
    if q.product_types:
        out.append(Condition("product_type", "product_type", "in", tuple(q.product_types), None))
    if q.brands:
        out.append(Condition("brand", "brand", "in", tuple(q.brands), None))
    if q.exclude_brands:
        out.append(Condition("brand", "brand", "not_in", tuple(q.exclude_brands), None))
    if q.min_price is not None:
        out.append(Condition("price", "price", "ge", float(q.min_price), None))
    if q.max_price is not None:
        out.append(Condition("price", "price", "le", float(q.max_price), None))
    if q.min_price is None and q.soft_min is not None:  # the band read from words
        out.append(Condition("price", "budget", "ge", float(q.soft_min), None))
    if q.max_price is None and q.soft_max is not None:
        out.append(Condition("price", "budget", "le", float(q.soft_max), None))
    for f in q.filters:
        limit: float | str | None = f.value if f.value is not None else f.text
        out.append(Condition("attribute", f.name, f.op, limit, None, f.unit))
    return out


def query_of(conditions: Sequence[Condition], sort: Sort | None = None,
             products: tuple[str, ...] = ()) -> Query:
    """The query whose filters are exactly these conditions (the inverse of conditions_of)."""
    kw: dict[str, object] = {"sort": sort, "products": products}
    filters: list[AttributeFilter] = []
    for c in conditions:
        names = tuple(c.limit) if isinstance(c.limit, tuple) else ()
        if c.kind == "category":
            kw["categories"] = names
        elif c.kind == "product_type":
            kw["product_types"] = names
        elif c.kind == "brand":
            kw["exclude_brands" if c.op == "not_in" else "brands"] = names
        elif c.kind == "price" and isinstance(c.limit, float | int):
            kw["min_price" if c.op in ("ge", "gt") else "max_price"] = float(c.limit)
        elif c.kind == "attribute":
            value = float(c.limit) if isinstance(c.limit, float | int) else None
            text = c.limit if isinstance(c.limit, str) else None
            filters.append(AttributeFilter(c.name, c.op, value, c.unit, text))  # type: ignore[arg-type]
    return Query(filters=tuple(filters), **kw)  # type: ignore[arg-type]


# Stands for an attribute word the catalog never uses: a "does it have X?" filter names
# what the shopper typed, and the decision record keeps only the catalog's words. No
# product states it, so it filters exactly as the unknown word did (nothing passes).
UNLISTED = "(a word the catalog does not use)"


class Decider:
    """Decision stages over one catalog's executor (the planner's filters and sorts)."""

    def __init__(self, executor: Executor) -> None:
        self.x = executor
        self.by_id = {p.id: p for p in executor.products}
        self._words: frozenset[str] | None = None

    @property
    def words(self) -> frozenset[str]:
        """Every word of the catalog's titles, categories and features, and attribute names."""
        if self._words is None:
            found = set(self.x.k.attributes.names())
            found |= self.x.k.index.vocabulary  # the `tokens` of titles, categories, features
            for brand in {p.brand for p in self.x.products}:
                found.update(tokens(brand))
            self._words = frozenset(found)
        return self._words

    def catalog_words_only(self, c: Condition) -> Condition:
        """`c`, or the UNLISTED stand-in when it names words the catalog does not use."""
        if c.kind != "attribute":
            return c
        said = [c.name, c.limit if isinstance(c.limit, str) else ""]
        if all(t in self.words for t in tokens(" ".join(said).replace("_", " "))):
            return c
        f = query_of([c]).filters[0]
        if any(self.x.check(p, f) is True for p in self.x.products):
            return c  # stated in other words ("wifi" as "Wi-Fi"): the catalog's own term
        return Condition("attribute", UNLISTED, c.op, None if isinstance(c.limit, str)
                         else c.limit, c.value, c.unit, c.met)

    # -- one product against the constraints ---------------------------------------
    def evaluate(self, c: Condition, p: Product, q: Query) -> Condition:
        """`c` with product `p`'s own value and whether it met it (as the planner filters)."""
        x = self.x
        names = tuple(c.limit) if isinstance(c.limit, tuple) else ()
        value: float | str | bool | None
        if c.kind == "category":
            value = p.category
            # with product types asked too, the category alone decides (as the planner filters)
            met = p.category in names and (bool(q.product_types) or x.passes(
                p, Query(categories=names), False))
        elif c.kind == "product_type":
            value, met = x.type_of(p), x.passes(p, Query(product_types=names), False)
        elif c.kind == "brand":
            value, met = p.brand, (p.brand in names) == (c.op == "in")
        elif c.kind == "price" and isinstance(c.limit, float | int):
            value = p.price
            met = p.price <= c.limit + 1e-9 if c.op in ("le", "lt") else p.price >= c.limit - 1e-9
        else:
            f = query_of([c]).filters[0]
            said = x.check(p, f)
            a = x.k.attributes.value(p, c.name)
            value = said if c.op in ("has", "lacks") or a is None else (
                a.value if a.value is not None else a.text)
            met = said is True
            return Condition(c.kind, c.name, c.op, c.limit, value,
                             c.unit or (a.unit if a is not None else None), met)
        return Condition(c.kind, c.name, c.op, c.limit, value, c.unit, met)

    def admitted(self, source: Source, conditions: Sequence[Condition], p: Product,
                 matched: int | None, pool_ids: tuple[str, ...] = ()) -> Admitted:
        q = query_of(conditions)
        return Admitted(source, tuple(self.evaluate(c, p, q) for c in conditions), matched,
                        pool_ids)

    # -- the set and the rule's order ------------------------------------------------
    def base(self, source: Source, conditions: Sequence[Condition],
             pool_ids: tuple[str, ...]) -> list[Product]:
        """The products meeting the constraints, in the order the answer looked at them."""
        if source == "named":
            return [self.by_id[i] for i in pool_ids if i in self.by_id]
        pool = [self.by_id[i] for i in pool_ids if i in self.by_id] if pool_ids else None
        return self.x.matches(query_of(conditions), pool)

    def rule_order(self, base: list[Product], source: Source, rule: str, key: str,
                   descending: bool) -> list[Product]:
        """The rule's order over `base` (the planner's order for that rule)."""
        if rule in ("named", "next_page", "question") and not key:
            return list(base)
        ordered = self.x.order(base, Sort(key, descending))
        if source == "named":  # "which is cheaper, A or B?": the named ones that do not say
            ordered += [p for p in base if p not in ordered]
        return ordered

    def rule_stage(self, order: list[Product], at: int, rule: str, key: str,
                   descending: bool, unit: str | None) -> RulePlaced:
        """The stage of `order[at]`: its value of the key and the runner-up's."""
        def value(p: Product) -> tuple[float | None, int | None]:
            if key == "price":
                return p.price, None
            if key == "rating":
                return p.rating, p.review_count
            if key == "review_count":
                return float(p.review_count), None
            return (self.x.number(p, key), None) if key and key != "relevance" else (None, None)

        own, reviews = value(order[at])
        runner = None
        if at + 1 < len(order):
            nxt, nxt_reviews = value(order[at + 1])
            runner = Runner(order[at + 1].id, nxt, nxt_reviews)
        return RulePlaced(rule, key, descending, own, unit, reviews, at + 1, len(order), runner)

    # -- a turn ------------------------------------------------------------------------
    def place(self, plan: Plan, pinned: Sequence[str], turn: str | None = None) -> Placement:
        """The stages the question decided for this turn; `pinned`: the ids it placed."""
        q = plan.query
        named = plan.kind in _NAMED and bool(q.products)
        source = _source(plan, named)
        conditions = () if named else tuple(self.catalog_words_only(c) for c in conditions_of(q))
        pool_ids = tuple(q.products) if named else (plan.pool_ids or ())
        placement = Placement(turn or uuid.uuid4().hex[:16], tuple(pinned), source, conditions,
                              pool_ids, self)
        if source in ("catalog", "earlier", "line", "nearest", "named"):
            base = self.base(source, conditions, pool_ids)
            placement.matched = len(base)
        else:
            base = []
        if not pinned:
            return placement
        if source == "search":
            placement.placed.update(_retrieval(plan, pinned))
            return placement
        sort = q.sort if (q.sort is not None and (not named or plan.kind == "compare")) else None
        rule = "named" if named and sort is None else rule_kind(sort)
        key, desc = (sort.key, sort.descending) if sort is not None else ("", False)
        unit = self.x.k.attributes.names().get(key) if key not in ("", "price", "rating",
                                                                   "review_count") else None
        order = self.rule_order(base, source, rule, key, desc)
        at = {p.id: i for i, p in enumerate(order)}
        for k, pid in enumerate(pinned):
            if pid in at:
                placement.placed[pid] = self.rule_stage(order, at[pid], rule, key, desc, unit)
            else:  # the planner placed it, this order has no place for it: say so, truly
                placement.placed[pid] = RulePlaced("question", "", position=k + 1,
                                                   among=len(pinned))
        return placement


@dataclass
class Placement:
    """One turn's stages decided by the question (the recommender adds the ranker's)."""

    turn: str
    pinned: tuple[str, ...]
    source: Source
    conditions: tuple[Condition, ...]
    pool_ids: tuple[str, ...]
    decider: Decider = field(repr=False)
    matched: int | None = None
    placed: dict[str, RulePlaced | RetrievalPlaced] = field(default_factory=dict)

    def admitted(self, p: Product) -> Admitted:
        """The constraints stage of product `p` (a pinned named product: "named")."""
        if self.source == "named" and p.id not in self.pool_ids:
            return Admitted("similar")  # a neighbour of the product named
        return self.decider.admitted(self.source, self.conditions, p, self.matched,
                                     self.pool_ids)


def _source(plan: Plan, named: bool) -> Source:
    if named:
        return "named"
    if plan.kind == "not_found":
        return "nearest"
    if plan.kind == "search" and (plan.total is None or plan.relevance):
        return "search"  # a described need, or what a named kind is for, placed the answer
    if plan.pool_ids is not None:
        return "earlier" if plan.query.scope == "previous" or plan.kind == "more" else "line"
    return "catalog"


def _retrieval(plan: Plan, pinned: Collection[str]) -> dict[str, RulePlaced | RetrievalPlaced]:
    """Each pinned product's place in the text search's order, with its relevance."""
    order = [p.id for p in plan.candidates if p.id in plan.relevance]
    out: dict[str, RulePlaced | RetrievalPlaced] = {}
    for pid in pinned:
        if pid not in order:
            continue
        at = order.index(pid)
        runner = None
        if at + 1 < len(order):
            runner = Runner(order[at + 1], plan.relevance[order[at + 1]])
        out[pid] = RetrievalPlaced(plan.relevance[pid], at + 1, len(order), runner)
    return out


__all__ = ["UNLISTED", "Decider", "Placement", "conditions_of", "query_of", "rule_kind"]
