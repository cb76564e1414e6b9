"""From a parsed message to a `Plan`: guards, dialogue resolution and execution in code.

Guards come first (unreadable input, requests for instructions or other
shoppers' data, small talk); then the query is completed from the dialogue
state and run over the catalog. Products the shop does not sell get a reply
that says what it does sell, never unrelated products.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any

from assistant.qa.answering.ages import age_verdict
from assistant.qa.answering.definite import is_definite, the_one_asked_of, the_one_meant
from assistant.qa.answering.execute import Executor
from assistant.qa.answering.facts import money, short_name, the
from assistant.qa.answering.free import free_claim
from assistant.qa.answering.gifts import gift_ideas
from assistant.qa.answering.guard import SENSITIVE, Guard, example
from assistant.qa.answering.most_of import head_words, most_of_previous
from assistant.qa.answering.need_text import said_first
from assistant.qa.answering.needs import NeedPlanner, no_such_animal
from assistant.qa.answering.other_sizes import size_answer
from assistant.qa.answering.pair import named_pair
from assistant.qa.answering.quoted import asks_value, lines_answer, quoted_verdict, sharper_than
from assistant.qa.answering.sort_keys import stated_sort
from assistant.qa.answering.unsold import asks_unknown_kind, not_sold, not_sold_plan
from assistant.qa.knowledge.retrieval import strip_title_run
from assistant.qa.knowledge.stated import AVAILABILITY
from assistant.qa.knowledge.value_match import SPECIAL, matching_variants, option_filters
from assistant.qa.plan import Plan
from assistant.qa.query import Query, Sort
from assistant.qa.reading.cues import compare_sort
from assistant.qa.reading.dialogue import DialogueState, Resolution
from assistant.qa.reading.option_asked import option_name_asked
from assistant.qa.reading.words import FILLER as ASKING

if TYPE_CHECKING:
    from assistant.catalog import Product
    from assistant.qa.knowledge import ShopKnowledge
    from assistant.qa.need import NeedWords
    from assistant.qa.plan import PlanKind, QAConfig
    from assistant.qa.reading.parse import Parsed

# Said when a search asked for stock the catalog never states (a plan note, then the reply).
UNSTATED_STOCK = "The catalog doesn't say which products are in stock."
# A question about what something is ("is the ... washable?", "what sizes does the ... ").
_ASKING = re.compile(r"\s*(?:and\s+|so\s+|but\s+|ok\s+)?(?:does|do|is|are|has|have|can|will|"
                     r"would|did|was|could|what|how)\b(?!\s+many\b)")
# At most this many products tied for one name are each answered an attribute question.
MAX_TIED_ANSWERED = 2


class Planner:
    """Turns parsed messages into plans against one catalog."""

    def __init__(self, knowledge: ShopKnowledge, executor: Executor, config: QAConfig) -> None:
        self.k = knowledge
        self.x = executor
        self.config = config
        self.guards = Guard(knowledge)
        self.needs = NeedPlanner(knowledge, executor, config)  # budgets and needs in words

    def guard(self, text: str) -> Plan | None:
        """A fixed reply before any reading (`guard.Guard`), or None."""
        return self.guards.check(text)

    # ------------------------------------------------------------------ planning
    def plan(self, state: DialogueState, parsed: Parsed, text: str,
             needs: NeedWords | None = None) -> Plan:
        plan = self._plan(state, parsed, text, needs)
        return plan if needs is None else self.needs.finish(plan, needs, plan.band)

    def _plan(self, state: DialogueState, parsed: Parsed, text: str,
              needs: NeedWords | None) -> Plan:
        q = parsed.query
        if parsed.tied and (one := self._one_sold_so(parsed)) is not None:  # "the 3 litre tin
            q, parsed = q.but(products=(one,)), replace(parsed, query=q.but(products=(one,)),
                                                        tied=())  # of the Lykos oil": 1 has it
        elif parsed.tied and (q.asked or asks_value(text)) and q.intent in (
                "attribute", "lookup") and len(parsed.tied) <= MAX_TIED_ANSWERED:  # "what sizes
            q = q.but(products=parsed.tied)  # does the Lykos oil come in?": each one's
            parsed = replace(parsed, query=q, tied=())
        if parsed.tied and q.intent in ("search", "superlative", "count") and not q.products[1:]:
            # "which action camera is the cheapest?": a product line, not one product
            line = [self.k.catalog.get(i) for i in parsed.tied]
            q = q.but(products=())
            return self._over_products(q, text, line, Resolution(q, pool=parsed.tied))
        if parsed.tied:
            tied = [self.k.catalog.get(i) for i in parsed.tied[:3]]
            names = " or ".join(f"{the(short_name(p))} ({money(p.price)})" for p in tied)
            return Plan("clarify", q, message=text, answer_products=tied,
                        fixed_text=f"Which one do you mean: {names}?",
                        result_ids=tuple(p.id for p in tied))
        if q.intent == "smalltalk":
            return Plan("smalltalk", q, message=text, fixed_text=(
                f"Hello! Ask me about the products in this shop, e.g. \"{example(self.k)}\""))
        focus = state.last.shown_ids if state.last is not None else ()
        if (other := size_answer(q, parsed.text, self.x, focus)) is not None:
            return other  # "does it come in a bigger bag?": its own sizes
        listed = state.last.result_ids if state.last is not None else ()
        if (most := most_of_previous(q, parsed.text, listed)) is not None:
            return self._about_products(most, text)  # "which is the most secure?"
        res = state.resolve(parsed)
        if res.error:
            return Plan("clarify", res.query, message=text, fixed_text=res.error)
        q, unstated = self._stated_only(res.query, parsed.text.lower())
        plan = self._resolved(q, parsed, text, res, needs)
        if unstated:
            plan.notes.append(unstated)
        return plan

    def _one_sold_so(self, parsed: Parsed) -> str | None:
        """The one tied product sold in the option the message picks, if only one is."""
        q = parsed.query
        picked = [f for f in q.filters if f.name != AVAILABILITY]
        if not picked:
            return None
        sold = [i for i in parsed.tied if (p := self.k.catalog.by_id.get(i)) is not None
                and matching_variants(p, picked)]
        return sold[0] if len(sold) == 1 else None

    def _resolved(self, q: Query, parsed: Parsed, text: str, res: Resolution,
                  needs: NeedWords | None) -> Plan:
        if res.relative is not None:
            q = self._relative(q, res.relative)
        band = None
        if needs is not None:  # a budget in words becomes a band of the kind's prices
            q, band = self.needs.settle(q)
            if thing := self.needs.unsold_thing(parsed.text, q):
                return not_sold_plan(q, parsed, text, self.k, thing)
            if (ideas := gift_ideas(q, text, needs, self.x)) is not None:
                return ideas  # "a gift for my wife": a few kinds, and what is she into?
        searchable = needs is not None and needs.any and bool(q.need)  # "my mom loves ..."
        if animal := no_such_animal(parsed.text, self.k.index):  # "perfume for my dog"
            return not_sold_plan(q, parsed, text, self.k, f"anything for {animal}s")
        if (free := free_claim(q, parsed.text, self.x)) is not None:
            return free  # "is the honey free today?": its price, never the claim
        if q.intent == "out_of_scope" or asks_unknown_kind(parsed, q, self.k) or (
                not searchable and not_sold(parsed, q, self.k, self.needs.finder)):
            return not_sold_plan(q, parsed, text, self.k)
        if not q.products and (q.filters or q.asked):
            picked = self._identified(q, parsed, res)
            if picked is not None:
                return self._about_products(picked, text)
        if q.intent == "compare" and len(q.products) == 1:
            q = self._second_named(q)
        if len(q.products) < 2 and len(pair := named_pair(parsed.text, self.k)) == 2:
            # "the difference between the Hydro Flask bottle and the Nalgene bottle"
            both = tuple(f for f in q.filters if all(option_filters(p, [f]) for p in pair))
            q = q.but(intent="compare", products=tuple(p.id for p in pair), filters=both,
                      asked=(), brands=(), categories=(), product_types=(),  # each's 50 ml
                      sort=q.sort or compare_sort(parsed.text.lower()))
        if q.products and q.intent in ("lookup", "attribute", "compare"):
            return self._about_products(q, text)
        if len(q.products) == 1 and q.intent == "superlative" and q.sort is not None:
            it = self.k.catalog.by_id[q.products[0]]  # "is the B150 the best-rated bike?":
            q = q.but(products=(), product_types=(self.x.type_of(it),))  # among its kind
        if len(q.products) == 1 and q.intent == "count":  # "how many cans does the Coleman
            # cooler hold?" asks about it, not how many products there are
            return self._about_products(q.but(intent="attribute" if q.asked or q.filters
                                              else "lookup"), text)
        pool = res.pool_of(self.k.catalog.by_id)
        if q.intent in ("search", "count") and is_definite(parsed.text) \
                and q.scope == "catalog" and (q.brands or q.product_types or q.categories):
            asked = the_one_asked_of(partial(self.x.matches, pool=pool), q, parsed.text)
            if asked is not None:  # that product (see `the_one_asked_of`)
                return self._about_products(asked, text)
        if res.need_from and pool is None and q.need:  # the kinds the need was read as,
            cats = {self.k.catalog.by_id[i].category for i in res.need_from  # where they
                    if i in self.k.catalog.by_id}  # have something that fits
            kept = self.x.narrowed(Query(categories=tuple(sorted(cats))))
            pool = kept if self.x.matches(q.but(need=""), kept) else None
        plan = self.needs.need_plan(q, text, pool, needs) if needs is not None else None
        if plan is not None:
            plan.pool_ids = None if pool is None else tuple(p.id for p in pool)
        plan = plan or self._over_products(q, text, pool, res)
        plan.band = band
        return plan

    def _second_named(self, q: Query) -> Query:
        """"the Sherpa carrier or the Petmate Sky Kennel": one product named by its title, the
        other by brand and kind; when those fit one product, it is the other compared."""
        if not q.brands or not (q.product_types or q.categories):
            return q
        kind = q.but(intent="search", products=(), sort=None, filters=())
        found = [p for p in self.x.matches(kind) if p.id not in q.products]
        if len(found) != 1:
            return q
        return q.but(products=(*q.products, found[0].id), brands=(), product_types=(),
                     categories=())

    def _stated_only(self, q: Query, text: str) -> tuple[Query, str]:
        """A search on what no product of its kind states (stock in a shop that never says,
        "black headphones" where none states a colour) keeps its other conditions and says
        so ("The catalog doesn't say which products are in stock."), not "nothing found"."""
        if q.intent not in ("search", "count", "superlative", "more"):
            return q, ""
        if any(f.name == AVAILABILITY for f in q.filters) \
                and not self.k.attributes.count(AVAILABILITY):  # "is the X in stock?" too
            return (q.but(filters=tuple(f for f in q.filters if f.name != AVAILABILITY)),
                    UNSTATED_STOCK)
        if _ASKING.match(text):
            return q, ""
        words = [f for f in q.filters if f.op == "eq" and f.text and f.value is None
                 and f.name not in SPECIAL]
        if not words:
            return q, ""
        pool = self.x.matches(q.but(filters=tuple(f for f in q.filters if f not in words)))
        silent = [f for f in words if pool and not any(
            self.k.attributes.values(p, f.name) or self.x.check(p, f) for p in pool)]
        if not silent:
            return q, ""
        said = ", ".join(f"{f.text}" for f in silent)
        return (q.but(filters=tuple(f for f in q.filters if f not in silent)),
                f"The catalog doesn't say which of these are {said}.")

    def _identified(self, q: Query, parsed: Parsed, res: Resolution) -> Query | None:
        """'Is the Pendleton wool throw machine washable?': a question about what the product
        its subject names is (by brand, kind and word values, with "the"), when that subject
        fits one to `max_answer_products` products: an attribute question about them."""
        low = parsed.text.lower()
        if q.intent not in ("search", "lookup") or q.sort is not None or not _ASKING.match(low) \
                or not re.search(r"\b(?:the|your|this|that|these|those)\s", low) \
                or not (q.brands or q.product_types or q.categories):
            return None
        predicate = tuple(f for f in q.filters if f.name in q.asked)
        if not q.asked:
            return None
        subject = q.but(filters=tuple(f for f in q.filters if f.name not in q.asked), asked=(),
                        intent="search")
        pool = res.pool_of(self.k.catalog.by_id)
        found = self.x.matches(subject, pool)
        if len(found) > 1 and (one := the_one_meant(found, parsed.text, predicate)):
            found = [one]  # "the Hearthside play kitchen" of three Hearthside products
        if not 1 <= len(found) <= self.config.max_answer_products:
            return None
        predicate += tuple(f for f in subject.filters if all(  # "is the 3 litre tin of
            matching_variants(p, [f]) for p in found))  # the Lykos oil in stock?": in 3 L
        return Query(intent="attribute", products=tuple(p.id for p in found), filters=predicate,
                     asked=q.asked, notes=q.notes, units=q.units)

    def _relative(self, q: Query, rel: tuple[str, str]) -> Query:
        focus = self.k.catalog.by_id.get(rel[1])
        if focus is None:
            return q
        if not q.product_types and not q.categories:  # "a cheaper one": of the same kind
            kind = self.k.vocab.type_of(focus)
            # its type when that is what its category sells ("headphone"), else its category
            # (a Jetboil "Cooking System" is a camping stove, not any "system")
            q = (q.but(product_types=(kind,))
                 if kind in self.k.vocab.category_types(focus.category)
                 else q.but(categories=(focus.category,)))
        if rel[0] == "cheaper":
            return q.but(max_price=round(focus.price - 0.01, 2),
                         sort=q.sort or Sort("rating", True), intent="superlative")
        return q.but(min_price=round(focus.price + 0.01, 2), sort=q.sort or Sort("rating", True),
                     intent="superlative")

    def _about_products(self, q: Query, text: str) -> Plan:
        products = [self.k.catalog.by_id[i] for i in q.products if i in self.k.catalog.by_id]
        if not q.asked and (option := option_name_asked(self.k, text, q.products)):
            q = q.but(asked=option, intent="attribute")  # "what weights does it come in?"
        kind = q.intent
        if kind == "compare" and q.sort is not None:
            ordered = self.x.order(products, q.sort)
            products = ordered + [p for p in products if p not in ordered]
        verdicts = self.x.verdicts(products, q) if (q.asked or q.filters) and kind != "lookup" \
            else []
        picks = len(products) == 1 and not q.asked and bool(self.x.variants(products[0], q)) \
            and all(f.name != AVAILABILITY for f in q.filters)
        if kind == "lookup" and (q.asked or q.filters) and not picks:  # "the 40 cm?": its price
            verdicts = self.x.verdicts(products, q)
            kind = "attribute" if verdicts else kind
        if len(products) == 1 and kind in ("lookup", "attribute") \
                and (aged := age_verdict(products[0], text)) is not None:
            verdicts, kind = [aged], "attribute"  # "can my 2 year old use it?"
        if kind in ("lookup", "attribute") and (said := lines_answer(  # the LM reads words
                products, text, q.filters, verdicts, self._line_encoder(), self.config.use_lm)):
            verdicts, kind = said, "attribute"  # "the heel drop on the Tempo 3?"
        elif len(products) == 1 and kind == "attribute" and not q.filters and verdicts and (
                quoted := quoted_verdict(products[0], text)) and all(  # "folded dimensions?"
                sharper_than(products[0], text, v, quoted) for v in verdicts if v.value):
            verdicts = [quoted]
        if kind == "compare" and q.sort is None and not verdicts:  # "which is more secure?":
            asked = text  # each one's own line on it, asked without the names compared
            for p in products:
                asked = strip_title_run(asked, p.title)
            m = re.search(r"\b(?:which|what|how)\b.*", asked, re.I)  # "which is more secure?"
            asked = m.group(0) if m else asked
            verdicts = [v for p in products[:4]
                        if (v := quoted_verdict(p, asked, self._line_encoder())) is not None]
        products = products[: self.config.max_answer_products + 2]
        candidates = self._neighbours(products, text)
        return Plan(kind, q, candidates=candidates, answer_products=products, message=text,
                    verdicts=verdicts, result_ids=tuple(p.id for p in products),
                    category=_category(q, products))

    def _over_products(self, q: Query, text: str, pool: list[Product] | None,
                       res: Resolution) -> Plan:
        plan = self._listing(q, text, pool, res)
        plan.pool_ids = None if pool is None else tuple(p.id for p in pool)
        return plan

    def _listing(self, q: Query, text: str, pool: list[Product] | None,
                 res: Resolution) -> Plan:
        n = self.config.max_answer_products
        matches = self.x.matches(q, pool)
        if not matches and q.scope == "previous" and (loose := head_words(q)) is not None \
                and (narrowed := self.x.matches(loose, pool)):
            q, matches = loose, narrowed  # "which one fits in a jersey pocket?": pocket-sized
        category = _category(q, matches)
        if q.intent == "more":
            rest = [p for p in matches if p.id not in res.exclude]
            shown = rest[:n]
            return Plan("more", q, candidates=rest[: self.config.max_candidates],
                        answer_products=shown, message=text, total=len(matches),
                        result_ids=tuple(p.id for p in matches), shown_upto=res.offset + len(shown),
                        category=category, seen_ids=res.exclude)
        if q.sort is not None and q.intent in ("superlative", "search", "compare", "count"):
            sort = stated_sort(q.sort, matches, self.x)  # "the biggest" watering can: capacity
            q = q.but(sort=sort)
            ranked = self.x.order(matches, sort, q)
            kind: PlanKind = "superlative" if q.intent != "count" else "count"
            if not ranked and matches:  # nobody states the asked attribute
                return Plan(kind, q, candidates=matches[: self.config.max_candidates],
                            message=text, total=len(matches), category=category,
                            result_ids=tuple(p.id for p in matches),
                            notes=[f"no product states {sort.key}"])
            if ranked:
                return Plan(kind, q, candidates=ranked[: self.config.max_candidates],
                            answer_products=ranked[:n], message=text, total=len(matches),
                            result_ids=tuple(p.id for p in ranked), shown_upto=n,
                            category=category)
        if not matches:
            return Plan("not_found", q, candidates=self._alternatives(q, text), message=text,
                        total=0, category=category)
        if not q.has_filters and q.scope == "catalog" and q.need:
            found = self.k.index.search(q.need, k=self.config.max_candidates, mode="need")
            ranked = [p for p, _ in found]
            return Plan("search", q, candidates=ranked, answer_products=ranked[:n], message=text,
                        total=None, result_ids=tuple(p.id for p in ranked), shown_upto=n,
                        relevance={p.id: score for p, score in found})
        ranked = self._rank(q, matches, text)
        n += len(matches) == n + 1  # four that fit: all four, not three of the 4
        final: PlanKind = "count" if q.intent == "count" else "search"
        return Plan(final, q, candidates=ranked[: self.config.max_candidates],
                    answer_products=ranked[:n], message=text, total=len(matches),
                    result_ids=tuple(p.id for p in ranked), shown_upto=n, category=category)

    def _rank(self, q: Query, matches: list[Product], text: str) -> list[Product]:
        if q.need and len(matches) > 1:  # then those whose own text says the need's words
            found = [p for p, _ in self.k.index.search(q.need, k=len(matches), among=matches,
                                                      mode="need")]
            return said_first(found, q.need, (*q.categories, *q.product_types))
        return self.x.order(matches, Sort("rating", True)) + [
            p for p in matches if p.rating is None]

    def _line_encoder(self) -> Any:
        """The embedder that reads a question against a product's lines (None without a
        semantic one: the hashing embedder of tests would match by accident)."""
        index = self.k.index
        return index.concept_embedder.encode if getattr(index.embedder, "semantic", True) \
            else None

    def _neighbours(self, named: list[Product], text: str) -> list[Product]:
        cats = {p.category for p in named}
        others = [p for p, _ in self.k.index.search(text, k=self.config.max_candidates)
                  if p.category in cats and p not in named]
        return (named + others)[: self.config.max_candidates]

    def _alternatives(self, q: Query, text: str) -> list[Product]:
        """Nearest products when filters exclude everything: same kind, closest price."""
        relaxed = q.but(min_price=None, max_price=None, filters=(), brands=(), exclude_brands=())
        pool = self.x.matches(relaxed) if relaxed.has_filters else []
        target = q.max_price if q.max_price is not None else q.min_price
        if pool and target is not None:
            return sorted(pool, key=lambda p: abs(p.price - target))[:5]
        return pool[:5]


def _category(q: Query, products: list[Any]) -> str | None:
    """The category the shopper named (or the one the named type lives in), for the ranker."""
    if q.categories:
        return q.categories[0]
    if q.product_types and products:
        cats = [p.category for p in products]
        return max(dict.fromkeys(cats), key=cats.count)  # ties: the first listed
    return None


__all__ = ["ASKING", "SENSITIVE", "Planner"]
