"""Needs in words, in a plan: the budget band, the kind a need names, one product per model,
what was assumed, and the one question of a broad request.

The planner (answering/planner.py) calls three hooks:

    q, band = needs.settle(q)                              # after the dialogue: price the budget
    plan = needs.need_plan(q, text, pool, words) or ...    # no kind named: retrieval finds it
    plan = needs.finish(plan, words, band)                 # models once, assumptions, question

Everything decided here is data on the `Plan` (`band`, `assumptions`, `question`,
`kind_word`); sentences are answering/phrasing.py's.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from assistant.qa.answering.ages import suited
from assistant.qa.answering.budget import LEVEL_SHARES, price_band
from assistant.qa.answering.kinds import NeedFinder
from assistant.qa.answering.narrowing import narrowing_question
from assistant.qa.answering.need_lm import KindChooser
from assistant.qa.answering.need_text import said_first, told_of
from assistant.qa.answering.series import SeriesKeys
from assistant.qa.answering.untitled import untitled_thing
from assistant.qa.knowledge.textnorm import fold, forms, singular
from assistant.qa.need import Assumption, Band
from assistant.qa.plan import Plan
from assistant.qa.reading.needs import animal_for, read_needs, recipient_person

if TYPE_CHECKING:
    from assistant.catalog import Product
    from assistant.qa.answering.execute import Executor
    from assistant.qa.knowledge import ShopKnowledge
    from assistant.qa.need import NeedWords
    from assistant.qa.plan import QAConfig
    from assistant.qa.query import Query

# "a meat thermometer for my dad", "I need a better one": the thing a message asks for.
_THING = re.compile(
    r"\b(?:need|want|buy|get|looking for|after|find)\s+(?:a|an|some|new|the)\s+"
    r"(?:(?:new|good|better|decent|nice|great|proper|cheap|small|big)\s+)*"
    r"((?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*)(?=\s+(?:for|to|that|under|which|with)\b|\s*[,?.!]|$)|"
    r"^\s*(?:an?|some)\s+(?:(?:new|good|better|decent|nice|great|proper|small|big)\s+)*"
    r"((?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*)(?=\s+(?:for|to|that|under|which|with)\b|\s*[,?.!]|$)",
    re.I)
_GIFT_WORDS = frozenset({"gift", "gifts", "present", "presents", "idea", "ideas", "something",
                         "anything", "thing", "one", "help", "recommendation", "suggestion"})
_ONE = re.compile(r"\b(?:a|another|a new|a better)\s+one\b", re.I)
_OWNED = re.compile(r"\b(?:my|our)\s+((?:[a-z][\w-]*\s+)?[a-z][\w-]*)", re.I)


# The LM chooses among retrieval's kinds only when the best two categories read this close
# (on the finder's score): in bench/conversation_eval.py with the LM always asked, the 0.5B
# model changed 5 turns' kind and 4 of them for the worse ("a teenager who loves music" ->
# smartwatches); retrieval alone is the better judge when it is clear.
LM_MARGIN = 0.05

# A kind named with what it is for ("earbuds for running"): the ranker orders this many of
# its products, those that read closest to the use.
USE_CANDIDATES = 8


class NeedPlanner:
    """Prices budgets said in words and finds the kind a need names, for one catalog."""

    def __init__(self, knowledge: ShopKnowledge, executor: Executor, config: QAConfig) -> None:
        self.k = knowledge
        self.x = executor
        self.config = config
        self.finder = NeedFinder(knowledge, executor)
        self.series = SeriesKeys(knowledge.catalog.products)
        # the LM's choice among retrieval's kinds (set by the engine when the LM is on)
        self.chooser: KindChooser | None = None

    # -- the budget --------------------------------------------------------------------------
    def settle(self, q: Query) -> tuple[Query, Band | None]:
        """The query with the band its budget in words stands for; the band (None: none)."""
        if q.budget == "any" or (q.budget and (q.min_price is not None
                                               or q.max_price is not None)):
            return q.but(soft_min=None, soft_max=None), None
        if q.budget == "around" and q.soft_min is not None and q.soft_max is not None:
            amount = round((q.soft_min + q.soft_max) / 2, 2)
            return q, Band("around", q.soft_min, q.soft_max, None, 0, amount)
        if q.budget not in LEVEL_SHARES or not (q.categories or q.product_types):
            return q.but(soft_min=None, soft_max=None), None
        kind = q.but(min_price=None, max_price=None, soft_min=None, soft_max=None, scope="catalog")
        band = price_band([p.price for p in self.x.matches(kind)], q.budget)
        if band is None:
            return q.but(soft_min=None, soft_max=None), None
        if q.soft_min is not None or q.soft_max is not None:  # kept from an earlier turn
            band = Band(band.level, q.soft_min, q.soft_max, band.share, band.of)
            return q, band
        return q.but(soft_min=band.low, soft_max=band.high), band

    # -- a need in words ---------------------------------------------------------------------
    def unsold_thing(self, text: str, q: Query) -> str:
        """The thing a message asks for, when the catalog never names it ("desk chair")."""
        if sold_not := untitled_thing(text, self.k):
            return sold_not  # "..., do you sell batteries?" of "batteries not included"
        if q.categories or q.product_types or q.products:
            return ""
        low = text.lower()
        thing = ""
        if _ONE.search(low):  # "my back hurts from my desk chair, I need a better one"
            owned = _OWNED.findall(low[: _ONE.search(low).start()])  # type: ignore[union-attr]
            thing = owned[-1] if owned else ""
        elif m := _THING.search(low):
            thing = (m.group(1) or m.group(2) or "").strip()
        words = [w for w in re.findall(r"[a-z]+", thing) if len(w) > 2]
        if not words or words[-1] in _GIFT_WORDS:  # "a present for my wife": a need
            return ""
        if not words:
            return ""
        unknown = set(self.k.index.unknown_words(" ".join(words)))
        head = words[-1]
        return thing if head in unknown else ""

    def need_plan(self, q: Query, text: str, pool: list[Product] | None,
                  needs: NeedWords | None) -> Plan | None:
        """A plan for a need with no kind named: the kind retrieval reads it as."""
        if needs is None or q.categories or q.product_types or q.products or not q.need \
                or q.scope != "catalog" or q.intent != "search":
            return None
        admitted = None
        if q.has_filters or pool:  # in a large catalog, among those the need reads close to
            among = pool if pool is not None else self.finder.shortlisted(q.need)
            admitted = self.x.matches(q.but(need=""), among)
        ids = None if admitted is None else {p.id for p in admitted}
        if (aged := suited(admitted or self.k.catalog.products, text)) is not None:
            ids = aged  # "she just turned 1": what its text says suits her age
        gift = needs.gift or bool(needs.of("recipient"))
        context = self._context_categories(needs)
        found = self.finder.find(q.need, ids, context, fill=gift)
        if found is None:
            return None
        if needs.problem and self.finder.semantic \
                and found.best < self.finder.config.min_problem_score:
            told = told_of(admitted or self.finder.shortlisted(q.need) or self.k.catalog.products,
                           text)  # the shopper's own words, not a remedy's
            if not told:  # nor does any product's own text talk of the problem's words
                return nothing_helps(q, text, self.k.vocab.describe())
            found = replace(found, products=tuple(told), scores={p.id: found.best for p in told},
                            kind="", category=told[0].category)
        if self.chooser is not None and found.margin < LM_MARGIN:  # a near tie: the LM picks
            pick = self.chooser.choose(text, found.categories)
            if pick is not None and pick != found.category:
                within = {p.id for p in (admitted or self.k.catalog.products)
                          if p.category == pick}
                found = self.finder.find(q.need, within, context, fill=gift) or found
        ranked = said_first(self.series.distinct(found.products), q.need)  # "blisters": the
        # gloves whose text talks of them first
        n = self.config.max_answer_products
        return Plan("search", q, candidates=ranked, answer_products=ranked[:n], message=text,
                    total=None, result_ids=tuple(p.id for p in found.products), shown_upto=n,
                    relevance=dict(found.scores), kind_word=found.kind)

    def _context_categories(self, needs: NeedWords) -> set[str]:
        """Categories of what the shopper already has ("my TV"): not suggested again."""
        out: set[str] = set()
        for fld, value in needs.context:
            if fld == "categories":
                out.add(value)
            else:  # the category that is named for it ("my phone": Phones & Two-way Radios)
                out |= {c for c in self.k.vocab.categories
                        if value in self.k.vocab.category_types(c)[:1]
                        or singular(fold(c).split()[0].strip(",")) == value}
        return out

    # -- the finished plan -------------------------------------------------------------------
    def finish(self, plan: Plan, needs: NeedWords | None, band: Band | None) -> Plan:
        """One product per model; the assumptions and the narrowing question, as data."""
        plan.needs = needs
        plan.band = band
        person = recipient_person(needs) if needs is not None else ("", False)
        if plan.kind == "search":
            self._for_recipient(plan, *person)
            if needs is not None and (aged := suited(plan.candidates, plan.message, 1)):
                plan.candidates = [p for p in plan.candidates if p.id in aged]  # "my 2 year
                plan.answer_products = [p for p in plan.answer_products if p.id in aged]  # old"
        every = plan.total is not None and plan.total <= len(plan.answer_products)  # all of
        if plan.kind in ("search", "superlative", "count", "more") and plan.answer_products \
                and not every:  # them said, each (the Atlas 400 and the Atlas 520 XL)
            n = max(len(plan.answer_products), 1)
            pool = self.series.distinct([*plan.answer_products, *plan.candidates])
            plan.answer_products = pool[:n]
            plan.candidates = self.series.distinct(plan.candidates) or plan.candidates
        elif plan.candidates:  # a named product's neighbours: not its other sizes or colours
            named = {p.id for p in plan.answer_products}
            distinct = self.series.distinct([*plan.answer_products, *plan.candidates])
            plan.candidates = [p for p in plan.candidates if p.id in named
                               or p in distinct]
        if plan.kind == "search" and plan.total is not None and plan.query.need \
                and needs is not None and needs.said and len(plan.candidates) > USE_CANDIDATES:
            # "a speaker for pool parties": what it is for places the answer (the text
            # search's order, a RetrievalPlaced stage); the ranker orders what follows
            scored = self.finder.closest(plan.query.need, plan.candidates, USE_CANDIDATES)
            plan.candidates = [p for p, _ in scored]
            plan.answer_products = self.series.distinct(plan.candidates)[
                : len(plan.answer_products) or self.config.max_answer_products]
            plan.relevance = {p.id: s for p, s in scored}
        if plan.kind_word == "" and (plan.query.product_types or plan.query.categories):
            plan.kind_word = (plan.query.product_types or plan.query.categories)[0]
        plan.assumptions = self.assumptions(plan, needs, band, person)
        if plan.kind == "search" and plan.total is not None:
            matches = self.series.distinct(
                [self.k.catalog.by_id[i] for i in plan.result_ids if i in self.k.catalog.by_id])
            plan.question = plan.question or narrowing_question(plan, matches, self.x)
        return plan

    def _for_recipient(self, plan: Plan, gender: str, grown_up: bool) -> None:
        """"a jacket for my wife": no men's or kids' jacket, where some are for her (a gender
        the shopper named themselves, "women's", is a filter already)."""
        if not gender or any(f.name == "gender" for f in plan.query.filters):
            return
        fits = [p for p in plan.candidates if self.x.for_person(p, gender, grown_up)]
        if not fits or len(fits) == len(plan.candidates):
            return
        kept = {p.id for p in fits}
        n = len(plan.answer_products)
        plan.candidates = fits
        plan.answer_products = [p for p in plan.answer_products if p.id in kept]
        plan.answer_products += [p for p in fits if p not in plan.answer_products][
            : n - len(plan.answer_products)]
        by_id = self.k.catalog.by_id  # and "how many of those?" counts the ones for her
        plan.result_ids = tuple(i for i in plan.result_ids
                                if i in by_id and self.x.for_person(by_id[i], gender, grown_up))
        if plan.total is not None:
            plan.total = len(plan.result_ids)

    def assumptions(self, plan: Plan, needs: NeedWords | None, band: Band | None,
                    person: tuple[str, bool] = ("", False)) -> list:  # list[Assumption]
        out: list[Assumption] = []
        kind = plan.kind_word
        if band is not None:
            value = {**band.to_dict(), "kind": kind}
            from assistant.qa.answering.phrasing import band_words

            words = (needs.budget_words if needs is not None and needs.budget_words
                     else band_words(band))  # kept from an earlier turn: say the band
            undo = f"{_plural(kind)} at any price" if kind else "any price"
            out.append(Assumption("budget", words, value, undo))
        if needs is None:
            return out
        if plan.relevance and plan.kind_word and not (plan.query.categories
                                                     or plan.query.product_types):
            words = needs.search or plan.message
            out.append(Assumption("need", words, {"kind": plan.kind_word,
                                                  "products": len(plan.result_ids)}, ""))
        gender, grown_up = person  # who the recipient is (`recipient_person`)
        for s in needs.said:
            if s.kind == "use":
                out.append(Assumption(s.kind, s.words, {"kind": kind}, ""))
            elif s.kind == "recipient":  # who it is for, as the products' own gender words
                who = {"gender": gender, "grown_up": grown_up} if gender else {}
                out.append(Assumption(s.kind, s.words, {"kind": kind, **who}, ""))
        return out


def _plural(word: str) -> str:
    from assistant.qa.answering.phrasing import plural

    return plural(word)


def nothing_helps(q: Query, text: str, sells: str) -> Plan:
    """A problem told that nothing the shop `sells` remedies: said, not guessed."""
    return Plan("not_found", q.but(intent="out_of_scope"), message=text, total=0,
                fixed_text=("I don't see anything in this shop that would help with that, "
                            f"sorry. It sells {sells}."))


def for_someone(text: str) -> bool:
    """A gift or someone the product is for ("a gift for my dad who loves football")."""
    needs = read_needs(text)
    return needs.gift or bool(needs.of("recipient"))


def no_such_animal(text: str, index: object) -> str:
    """The animal a message wants something for ("perfume for my dog") when the catalog's
    words never name it: nothing here is for it. "" otherwise."""
    animal, vocabulary = animal_for(text), getattr(index, "vocabulary", None)
    if not animal or vocabulary is None:
        return ""
    return "" if forms(animal) & vocabulary else animal


__all__ = ["NeedPlanner", "for_someone", "no_such_animal", "nothing_helps"]
