"""Gift ideas when nothing is said of what the person likes: "a gift for my wife, under $100".

    plan = gift_ideas(query, text, needs, executor)
    [p.category for p in plan.answer_products]   # the three kinds with most that fit
    plan.question.prompt == "What are they into?"

A gift that names neither a kind nor an interest is as broad as a request gets. It is no
"this shop doesn't sell gift" and no guess at one kind: it gets the best-rated product of each
of the few kinds the shop has most of within a stated budget, and ONE question whose choices
are those kinds, each a message the shopper could have typed ("show me dog toys under
$40.00"), so a button goes through the same reading as typed text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.qa.answering.execute import trusted_rating
from assistant.qa.answering.facts import limit_words
from assistant.qa.need import Choice, Question
from assistant.qa.plan import Plan
from assistant.qa.reading.needs import recipient_person

if TYPE_CHECKING:
    from assistant.qa.answering.execute import Executor
    from assistant.qa.need import NeedWords
    from assistant.qa.query import Query


@dataclass(frozen=True)
class GiftConfig:
    # Ideas shown: the best-rated product of each of the categories with the most products
    # that fit, and those categories are the question's choices.
    ideas: int = 3


def open_gift(q: Query, needs: NeedWords) -> bool:
    """A gift or someone it is for, and nothing said of what: no kind, no interest."""
    return ((needs.gift or bool(needs.of("recipient"))) and not q.need.strip()
            and not (q.categories or q.product_types or q.products or q.brands or q.filters)
            and q.scope == "catalog" and q.intent in ("search", "lookup", "out_of_scope"))


def gift_ideas(q: Query, text: str, needs: NeedWords, executor: Executor,
               config: GiftConfig | None = None) -> Plan | None:
    """The plan for an open gift request (None when the request is not one)."""
    cfg = config or GiftConfig()
    if not open_gift(q, needs):
        return None
    asked = q.but(intent="search", need="")
    person = recipient_person(needs)  # a gift for a wife: no men's or kids' things
    fits = sorted((p for p in executor.matches(asked)
                   if executor.is_core(p) and executor.for_person(p, *person)),
                  key=lambda p: -trusted_rating(p))
    if not fits:
        return None
    reviews: Counter[str] = Counter()  # what shoppers buy most of: reviews as sales
    for p in fits:
        reviews[p.category] += max(p.review_count, 0)
    kinds = [c for c, _ in reviews.most_common(cfg.ideas)]
    ideas = [next(p for p in fits if p.category == c) for c in kinds]  # the best of each
    return Plan("search", asked, candidates=ideas, answer_products=ideas, message=text,
                total=len(fits), result_ids=tuple(p.id for p in fits), shown_upto=len(ideas),
                question=_question(kinds, asked))


def _question(kinds: list[str], q: Query) -> Question | None:
    """"What are they into?" with the kinds the ideas came from, within the same budget."""
    if len(kinds) < 2:
        return None
    limit = limit_words(*q.price_limits)
    choices = tuple(Choice(c, f"show me {c.lower()} {limit}".strip(), {"category": c})
                    for c in kinds)
    return Question("What are they into?", "category", choices)


__all__ = ["GiftConfig", "gift_ideas", "open_gift"]
