"""Per-session dialogue state: recent queries and their result sets, so follow-ups make sense.

"Show me laptops under $750" then "which of those is the most expensive?"
is answered within the 60-odd laptops of the first turn, not the catalog;
"the second one", "the cheaper one", "what about Samsung?", "and under
$500?", "not Apple" and "show me more" resolve against the last exchange.
Nothing here outlives the session.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from assistant.qa.query import AttributeFilter, Intent, Query, Sort
from assistant.qa.reading.cues import asks_price
from assistant.qa.reading.parse import Parsed

if TYPE_CHECKING:
    from assistant.catalog import Product

# Intents that describe a product set a follow-up can refine.
_REFINABLE = ("search", "superlative", "count", "more")


@dataclass(frozen=True)
class Turn:
    role: str  # "user" | "assistant"
    text: str


@dataclass(frozen=True)
class Exchange:
    """One answered message: what it was understood as and which products it was about."""

    query: Query
    kind: str  # the plan's kind (intent, or not_found / clarify / refusal)
    result_ids: tuple[str, ...] = ()  # every product that matched, in answer order
    shown_ids: tuple[str, ...] = ()  # the products the answer named, in order
    shown_upto: int = 0  # how far into result_ids the answers have listed ("show me more")
    seen: tuple[str, ...] = ()  # every product of this result set listed so far


@dataclass(frozen=True)
class Resolution:
    """A query made whole by the dialogue, and the pool it applies to."""

    query: Query
    pool: tuple[str, ...] | None = None  # product ids to look within; None: the whole catalog
    error: str = ""  # a reply written in code ("I only listed 3 products last time.")
    offset: int = 0  # "show me more": start after the products already listed
    exclude: tuple[str, ...] = ()  # "show me more": products already listed
    relative: tuple[str, str] | None = None  # ("cheaper" | "pricier", id): priced against it
    # The earlier need's products when this message only refines that need ("something
    # under $50" after gift ideas for a dad who grills): the kinds it was read as stay.
    need_from: tuple[str, ...] = ()

    def pool_of(self, by_id: Mapping[str, Product]) -> list[Product] | None:
        """The pool's products (None: the whole catalog)."""
        return None if self.pool is None else [by_id[i] for i in self.pool if i in by_id]


@dataclass
class DialogueState:
    """Bounded memory of one chat."""

    # Chat turns kept (user and assistant messages).
    max_turns: int = 12
    # Answered exchanges kept for follow-ups.
    max_exchanges: int = 6
    # Most product ids remembered per result set ("of those" within a large search).
    max_results: int = 2000
    turns: deque[Turn] = field(init=False)
    exchanges: deque[Exchange] = field(init=False)
    last_answer: Any = None  # assistant.qa.engine.Answer of the last turn
    answered: int = 0  # turns answered so far (0: the next reply is the first)

    def __post_init__(self) -> None:
        self.turns = deque(maxlen=self.max_turns)
        self.exchanges = deque(maxlen=self.max_exchanges)

    # ------------------------------------------------------------------ memory
    @property
    def last(self) -> Exchange | None:
        """The latest exchange about products (greetings and refusals are skipped)."""
        for ex in reversed(self.exchanges):
            if ex.kind not in ("smalltalk", "refusal", "out_of_scope"):
                return ex
        return None

    @property
    def last_query(self) -> Query | None:
        ex = self.last
        return ex.query if ex is not None else None

    def record(self, user_text: str, answer: Any, exchange: Exchange | None) -> None:
        """Remember one finished turn."""
        self.turns.append(Turn("user", user_text))
        self.turns.append(Turn("assistant", getattr(answer, "text", str(answer))))
        if exchange is not None:
            self.exchanges.append(replace_results(exchange, self.max_results))
        self.last_answer = answer
        self.answered += 1

    def clear(self) -> None:
        self.turns.clear()
        self.exchanges.clear()
        self.last_answer = None

    def context(self, max_chars: int = 600) -> str:
        """The recent conversation for the LM parser: last query and the products named."""
        ex = self.last
        if ex is None:
            return ""
        text = f"previous query: {ex.query.to_dict()}; products shown: {list(ex.shown_ids[:5])}"
        return text[:max_chars]

    # ------------------------------------------------------------------ resolution
    def resolve(self, parsed: Parsed) -> Resolution:
        """The message's query, completed from the previous exchange where it points back."""
        q, ref, prev = parsed.query, parsed.ref, self.last
        subject = bool(q.categories or q.product_types or q.products)
        if prev is None:
            if ref.more or ref.ordinal is not None or ref.pick:
                return Resolution(q.but(intent="search") if q.intent == "more" else q,
                                  error="" if subject else _nothing_yet())
            return Resolution(q)
        shown = prev.shown_ids
        if ref.more and not subject:
            base = prev.query.but(intent="more", products=())
            return Resolution(base, pool=prev.result_ids, offset=prev.shown_upto,
                              exclude=prev.seen or prev.shown_ids)
        if ref.ordinal is not None and not q.products and shown:
            n = ref.ordinal
            if n > len(shown) or n == 0:
                count = len(shown)
                return Resolution(q, error=f"I only listed {count} product{'s' * (count != 1)} "
                                           "last time. Which one do you mean?")
            pid = shown[n - 1] if n > 0 else shown[-1]
            if prev.kind == "clarify" and prev.query.intent not in ("search", "more"):
                return Resolution(prev.query.but(products=(pid,)))  # answer the question asked
            intent = "attribute" if q.asked else ("lookup" if q.intent in ("search", "lookup")
                                                  else q.intent)
            return Resolution(q.but(products=(pid,), intent=intent, scope="previous"))
        if prev.kind == "clarify" and q.products and not q.asked and not q.filters and (
                prev.query.intent not in ("search", "more")):
            return Resolution(prev.query.but(products=q.products[:1]))  # "the touchscreen one"
        if ref.refine and not subject and prev.kind == "attribute" and prev.query.products \
                and (q.filters or q.asked) and not (q.brands or q.exclude_brands) \
                and q.min_price is None and q.max_price is None:
            # "Do you have these boots in size 42?" then "and in size 40?": the same boots
            return Resolution(q.but(intent="attribute", products=prev.query.products))
        if _DIFFERENCE.search(parsed.text) and not subject and len(shown) >= 2:
            return Resolution(q.but(intent="compare", products=shown[:2], sort=Sort("price"),
                                    scope="previous"))  # "what's the price difference?"
        if ref.pick and not q.products and len(shown) >= 2:
            sort = Sort("price", descending=ref.pick == "pricier")
            return Resolution(q.but(intent="compare", products=shown, sort=sort,
                                    scope="previous"))
        relative = ref.relative or (ref.pick if len(shown) == 1 else None)
        if relative and shown and not q.products:  # "anything cheaper?" / one product shown
            merged = _merge(q, prev.query) if not subject else q
            return Resolution(merged.but(intent="search", products=(), scope="catalog"),
                              relative=(relative, shown[0]))
        if ref.pronoun and not subject and shown and not ref.previous and (
                q.asked or q.intent in ("lookup", "attribute")
                or q.intent == "count" and len(shown) == 1):  # "how many vents does it have?"
            intent = "attribute" if q.asked else "lookup"
            return Resolution(q.but(products=(shown[0],), intent=intent,
                                    filters=(*q.filters, *_picked_before(q, prev.query))))
        if not subject and shown and q.asked and all(f.name == "availability" for f in q.filters) \
                and q.intent in ("search", "lookup", "attribute") \
                and not (q.sort or ref.more or ref.previous or q.brands or q.need):
            # "the Airluxe Pro dryer" then "what colours?": that dryer's colours; after a
            # list, those of each product listed ("what sizes are left?": in stock)
            return Resolution(q.but(products=shown[:_ASKED_OF_MAX], intent="attribute",
                                    scope="previous"))
        if not subject and len(shown) == 1 and prev.kind in ("lookup", "attribute") \
                and q.filters and q.intent in ("search", "lookup", "attribute") \
                and not set(q.asked) - {f.name for f in q.filters} \
                and all(f.op == "eq" for f in q.filters) \
                and any(f.name not in _NOT_PICKS for f in q.filters):
            # "the Urbana planter" then "how much is the 40 cm?": that planter's 40 cm
            if asks_price(parsed.text):  # its price, not whether it comes in that
                return Resolution(q.but(products=shown, intent="lookup", asked=(),
                                        scope="previous"))
            return Resolution(q.but(products=shown, intent="attribute" if q.asked else "lookup",
                                    scope="previous"))
        if ref.previous and not q.products:
            if not (subject or q.has_filters or q.sort or q.asked) and q.intent == "search" \
                    and 0 < len(parsed.content) <= 3 and not any(  # "which ones are frost
                        w.endswith("est") or w in ("most", "least") for w in parsed.content):
                # resistant?" (not "which cuts the thickest branch?": a sort)
                said = [w for w in parsed.content if w.lower() not in _VERBS] or parsed.content
                q = q.but(filters=(AttributeFilter(" ".join(said).lower(), "has"),), need="")
            # the previous filters stay part of the query, so a later "and the cheapest?"
            # still means within them
            base = q if subject else _merge(q, prev.query).but(products=q.products)
            if q.intent == "compare" and q.sort is not None:  # "which of them is cheaper?"
                return Resolution(base.but(products=shown, scope="previous"))
            pool = prev.result_ids or shown
            return Resolution(base.but(scope="previous"), pool=pool)
        if ref.refine and not subject and prev.query.intent not in _REFINABLE:
            # "what about Keurig?" after asking about one of the coffee makers listed before:
            # those coffee makers, by Keurig (a listing: the earlier "best" was that product's)
            earlier = self._listing_of(prev)
            if earlier is not None and (q.has_filters or q.sort is not None):
                return Resolution(_merge(q, earlier.query.but(intent="search", sort=None)))
        implicit = (not subject and q.intent in _REFINABLE and prev.query.intent in _REFINABLE
                    and (q.has_filters or q.sort is not None or q.intent == "count"
                         or bool(q.budget)))  # "something not too pricey"
        if prev.query.intent in _REFINABLE and (
                (ref.refine and (q.has_filters or q.sort is not None or q.intent == "count"))
                or implicit):
            merged = _merge(q, prev.query)
            carried = not q.need and bool(merged.need)  # the earlier need, kept
            return Resolution(merged, need_from=prev.result_ids if carried else ())
        return Resolution(q)

    def _listing_of(self, ex: Exchange) -> Exchange | None:
        """The earlier listing (search, superlative) the products of `ex` were picked from."""
        picked = set(ex.query.products or ex.shown_ids)
        for earlier in reversed(self.exchanges):
            if earlier is ex or earlier.query.intent not in _REFINABLE:
                continue
            if picked and picked <= set(earlier.result_ids or earlier.shown_ids):
                return earlier
        return None


# Filters that pick no option of a product shown ("in stock" and "on sale" are questions).
_NOT_PICKS = frozenset({"availability", "on_sale", "price"})


# Verbs of "which ones work tubeless / come with a dropper post?": what follows is the thing.
_VERBS = frozenset({"work", "works", "fit", "fits", "come", "comes", "go", "goes", "use", "uses",
                    "take", "takes", "run", "runs", "get", "gets"})


# Asking how two prices differ: "what's the price difference?", "how much more is it?".
_DIFFERENCE = re.compile(r"\b(?:price\s+difference|difference\s+in\s+(?:price|cost)|"
                         r"how\s+much\s+(?:more|less|cheaper|dearer)\b(?!\s+than))", re.I)


def _picked_before(q: Query, prev: Query) -> tuple[AttributeFilter, ...]:
    """"Do they come in 16 oz?" then "is that one in stock?": the option the earlier turn
    picked ("16 oz", "blue"), carried into a stock question about the same product."""
    if not any(f.name == "availability" for f in q.filters) and "availability" not in q.asked:
        return ()
    return tuple(f for f in prev.filters if f.op == "eq" and f.text and f.value is None
                 and f.name not in ("availability", "gender", "age_group")
                 and f.name not in {g.name for g in q.filters})


# Products a bare question after a list ("what sizes?") is answered for, at most.
_ASKED_OF_MAX = 3


def _merge(q: Query, prev: Query) -> Query:
    """This message's query on top of the previous one ("and under $500?", "not Apple")."""
    new_subject = bool(q.categories or q.product_types)
    brands = tuple(b for b in (q.brands or prev.brands) if b not in q.exclude_brands)
    exclude = tuple(dict.fromkeys(b for b in (*prev.exclude_brands, *q.exclude_brands)
                                  if b not in q.brands))
    asked_names = {f.name for f in q.filters}
    filters = tuple(f for f in prev.filters if f.name not in asked_names) + q.filters
    intent: Intent
    if q.intent != "search":
        intent = q.intent
    else:
        intent = prev.intent if prev.intent in ("search", "superlative", "count") else "search"
    sort = q.sort or (prev.sort if intent == "superlative" else None)
    budget, soft_min, soft_max = _budget(q, prev, new_subject)
    if intent == "superlative" and sort is None:
        intent = "search"
    return Query(
        intent=intent,
        categories=q.categories if new_subject else prev.categories,
        product_types=q.product_types if new_subject else prev.product_types,
        min_price=q.min_price if q.min_price is not None else prev.min_price,
        max_price=q.max_price if q.max_price is not None else prev.max_price,
        brands=brands, exclude_brands=exclude, filters=filters, asked=q.asked, sort=sort,
        scope="catalog", need=q.need or (prev.need if not new_subject else ""),
        notes=q.notes, budget=budget, soft_min=soft_min, soft_max=soft_max, units=q.units,
    )


def _budget(q: Query, prev: Query, new_subject: bool) -> tuple[str, float | None, float | None]:
    """The budget in words and its band after a follow-up: a new budget or a stated price
    replaces the earlier one; otherwise the band stays ("which of those ..."). A new kind
    gets its own band, priced again by the planner."""
    stated = q.min_price is not None or q.max_price is not None
    if q.budget or stated:
        return q.budget, q.soft_min, q.soft_max
    if new_subject:
        return prev.budget, None, None
    return prev.budget, prev.soft_min, prev.soft_max


def _nothing_yet() -> str:
    return "I haven't shown any products yet. What are you looking for?"


def replace_results(ex: Exchange, limit: int) -> Exchange:
    if len(ex.result_ids) <= limit:
        return ex
    return Exchange(ex.query, ex.kind, ex.result_ids[:limit], ex.shown_ids, ex.shown_upto,
                    ex.seen)


# The old name, kept for callers written before the dialogue state.
Conversation = DialogueState

__all__ = ["Conversation", "DialogueState", "Exchange", "Resolution", "Turn"]
