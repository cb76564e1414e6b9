"""One narrowing question for a broad request, with concrete choices from the catalog.

    question = narrowing_question(plan, products, knowledge)
    question.prompt == "What would you like to spend?"
    [c.label for c in question.choices] == ["Under $599.99", "$599.99 to $1,099.99",
                                            "Over $1,099.99"]

A broad request ("show me laptops", "headphones?") names a kind and nothing else: no budget,
no use, no filter, no brand, no order, and more products match than a reply shows. It gets
the best few options and ONE question whose choices split the matches evenly on the facet
that tells them apart best: the kinds of product among them when they are of several types
("earbuds or headphones?"), else their prices (thirds of the kind's own price distribution).
Each choice is a message the shopper could have typed ("under $599.99"), so a button that
sends it goes through the same reading as typed text. A specific request gets no question.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.qa.answering.budget import quantile_limits
from assistant.qa.answering.facts import money
from assistant.qa.need import Choice, Question

if TYPE_CHECKING:
    from assistant.catalog import Product
    from assistant.qa.answering.execute import Executor
    from assistant.qa.plan import Plan


@dataclass(frozen=True)
class NarrowingConfig:
    # Fewer matches than this are shown as they are: no question (a reply lists up to 3).
    min_matches: int = 4
    # A type facet needs each of its choices to cover at least this share of the matches.
    min_type_share: float = 0.2
    # Price choices: the matches' thirds (two cut points).
    price_cuts: tuple[float, float] = (1 / 3, 2 / 3)


def broad(plan: Plan, config: NarrowingConfig | None = None) -> bool:
    """A request that names a kind and nothing else, with more matches than a reply shows."""
    cfg = config or NarrowingConfig()
    q = plan.query
    needs = plan.needs
    said = needs is not None and (needs.budget or needs.said or needs.gift or needs.problem)
    return (plan.kind == "search" and plan.total is not None and plan.total >= cfg.min_matches
            and bool(q.categories or q.product_types) and not said and not q.budget
            and q.min_price is None and q.max_price is None and q.soft_min is None
            and q.soft_max is None and not q.filters and not q.brands and not q.exclude_brands
            and q.sort is None and not q.products and q.scope == "catalog" and not q.need)


def narrowing_question(plan: Plan, matches: Sequence[Product], executor: Executor,
                       config: NarrowingConfig | None = None) -> Question | None:
    """The one question for a broad request (None when the request is specific)."""
    cfg = config or NarrowingConfig()
    if not broad(plan, cfg) or len(matches) < cfg.min_matches:
        return None
    asked = plan.query.product_types
    return type_question(matches, executor, cfg, asked) or price_question(matches, cfg)


def type_question(matches: Sequence[Product], executor: Executor,
                  cfg: NarrowingConfig, asked: Sequence[str] = ()) -> Question | None:
    """"Which kind: earbuds or headphones?" when the matches are of several types, and the
    shopper named none of them ("crates?" is answered: no "crates or carriers?")."""
    counts = Counter(executor.type_of(p) for p in matches)
    common = [(t, n) for t, n in counts.most_common(3) if n >= cfg.min_type_share * len(matches)]
    named = {t for t, _ in common} & set(asked)
    if len(common) < 2 or named and len(named) < len(common):
        return None
    from assistant.qa.answering.phrasing import plural

    choices = tuple(Choice(plural(t).capitalize(), f"show me {plural(t)}", {"product_type": t})
                    for t, _ in common)
    return Question("Which kind are you after?", "type", choices)


def price_question(matches: Sequence[Product], cfg: NarrowingConfig) -> Question | None:
    """"What would you like to spend?" with the matches' price thirds as choices."""
    prices = [p.price for p in matches]
    _, low = quantile_limits(prices, (0.0, cfg.price_cuts[0]))
    _, high = quantile_limits(prices, (0.0, cfg.price_cuts[1]))
    if low is None or high is None or not low < high < max(prices):
        return None
    choices = (
        Choice(f"Under {money(low)}", f"under {money(low)}", {"max_price": low}),
        Choice(f"{money(low)} to {money(high)}", f"between {money(low)} and {money(high)}",
               {"min_price": low, "max_price": high}),
        Choice(f"Over {money(high)}", f"over {money(high)}", {"min_price": high}),
    )
    return Question("What would you like to spend?", "price", choices)


__all__ = ["NarrowingConfig", "broad", "narrowing_question", "price_question", "type_question"]
