"""How a suggestion got its place, as data: the decision record.

A card is placed in stages. First the shopper's constraints admit it (each
`Condition` with the product's own value); then one stage orders it: the
question's rule (`RulePlaced`: cheapest, best rated, longest battery life, the
product named...), the text search for what the shopper described
(`RetrievalPlaced`), or the learned ranker (`RankerPlaced`). Every card also
carries what the model scored (`Scored`: the feature row, the players and the
request facts), so its exact Shapley values can be recomputed from the record.

Everything is numbers, ids and units; sentences are made at the edge
(explain/decision_text.py). Nothing here holds the shopper's free text.

    Decision(admitted=Admitted("catalog", (Condition("product_type", "product_type", "in",
             ("laptop",), "laptop"),), matched=132),
             placed=RulePlaced("cheapest", "price", False, 249.99, position=1, among=132,
                               runner_up=Runner("hp-14", 279.99)), model=Scored(...))
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

# Where the candidates came from: the whole catalog under the constraints, the earlier
# results ("which of those"), products sharing the name the shopper gave, the products
# the shopper named, a text search for what they described, products like the one they
# named, or the nearest alternatives when nothing met the constraints.
Source = Literal["catalog", "earlier", "line", "named", "search", "similar", "nearest"]
SOURCES: tuple[str, ...] = ("catalog", "earlier", "line", "named", "search", "similar",
                            "nearest")
# Rules a question states. Sort rules name their key; "named" is the product the shopper
# named or pointed at; "next_page" continues an earlier list in its order; "question" is a
# product the caller pinned without saying why (Recommender.recommend(pinned=...)).
RULES: tuple[str, ...] = ("cheapest", "priciest", "best_rated", "lowest_rated",
                          "most_reviewed", "fewest_reviews", "most", "least", "named",
                          "next_page", "question")

Limit = float | str | tuple[str, ...] | None
Value = float | str | bool | None


@dataclass(frozen=True)
class Condition:
    """One constraint the shopper stated, with this product's own value.

    `kind`: "category" | "product_type" | "brand" | "price" | "attribute"; `name` is the
    attribute name for attributes (else the kind); `op`: "in" | "not_in" | "le" | "ge" |
    "lt" | "gt" | "eq" | "has" | "lacks". `limit` is the shopper's bound (300.0,
    ("Laptops",), "propane"; None for has/lacks) in `unit`; `value` the product's.
    """

    kind: str
    name: str
    op: str
    limit: Limit
    value: Value
    unit: str | None = None
    met: bool = True

    def to_dict(self) -> dict[str, Any]:
        limit = list(self.limit) if isinstance(self.limit, tuple) else self.limit
        return {"kind": self.kind, "name": self.name, "op": self.op, "limit": limit,
                "value": self.value, "unit": self.unit, "met": self.met}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Condition:
        limit = d.get("limit")
        return cls(kind=str(d["kind"]), name=str(d.get("name") or d["kind"]), op=str(d["op"]),
                   limit=tuple(str(x) for x in limit) if isinstance(limit, list) else limit,
                   value=d.get("value"), unit=d.get("unit"), met=bool(d.get("met", True)))


@dataclass(frozen=True)
class Admitted:
    """Stage 1: which constraints admitted it, and from which set of products."""

    source: Source
    conditions: tuple[Condition, ...] = ()
    matched: int | None = None  # products meeting every condition (None: not counted)
    # The products the set was drawn from when not the whole catalog (earlier results,
    # a product line, the products named), in their order: what replay filters again.
    pool_ids: tuple[str, ...] = ()

    stage = "constraints"

    @property
    def met(self) -> bool:
        return all(c.met for c in self.conditions)

    def to_dict(self) -> dict[str, Any]:
        return {"stage": self.stage, "source": self.source,
                "conditions": [c.to_dict() for c in self.conditions],
                "matched": self.matched, "pool_ids": list(self.pool_ids)}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Admitted:
        source = str(d.get("source") or "catalog")
        return cls(source=source if source in SOURCES else "catalog",  # type: ignore[arg-type]
                   conditions=tuple(Condition.from_dict(c) for c in d.get("conditions") or ()),
                   matched=None if d.get("matched") is None else int(d["matched"]),
                   pool_ids=tuple(str(i) for i in d.get("pool_ids") or ()))


@dataclass(frozen=True)
class Runner:
    """The product right after this one in the same order, with its value of the key."""

    product_id: str
    value: float | None
    reviews: int | None = None  # for rating rules: the reviews behind `value`

    def to_dict(self) -> dict[str, Any]:
        return {"product_id": self.product_id, "value": self.value, "reviews": self.reviews}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any] | None) -> Runner | None:
        if not d:
            return None
        value, reviews = d.get("value"), d.get("reviews")
        return cls(str(d["product_id"]), None if value is None else float(value),
                   None if reviews is None else int(reviews))


@dataclass(frozen=True)
class RulePlaced:
    """Stage 2, when the question states a rule: its kind, key and this product's value.

    `position` is the product's place in the rule's order (1 = the answer) among
    `among` products that state the key; `runner_up` is the next one in that order.
    """

    rule: str  # one of RULES
    key: str  # "price" | "rating" | "review_count" | an attribute name | "" (named)
    descending: bool = False
    value: float | None = None  # the product's value of the key, in `unit`
    unit: str | None = None  # an attribute's canonical unit; None for price and rating
    reviews: int | None = None  # rating rules: how many reviews back `value`
    position: int = 1
    among: int = 1
    runner_up: Runner | None = None

    stage = "rule"

    def to_dict(self) -> dict[str, Any]:
        return {"stage": self.stage, "rule": self.rule, "key": self.key,
                "descending": self.descending, "value": self.value, "unit": self.unit,
                "reviews": self.reviews, "position": self.position, "among": self.among,
                "runner_up": None if self.runner_up is None else self.runner_up.to_dict()}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> RulePlaced:
        value, reviews = d.get("value"), d.get("reviews")
        return cls(rule=str(d["rule"]), key=str(d.get("key") or ""),
                   descending=bool(d.get("descending", False)),
                   value=None if value is None else float(value), unit=d.get("unit"),
                   reviews=None if reviews is None else int(reviews),
                   position=int(d.get("position", 1)), among=int(d.get("among", 1)),
                   runner_up=Runner.from_dict(d.get("runner_up")))


@dataclass(frozen=True)
class RetrievalPlaced:
    """Stage 2 of a search for what the shopper described: the text search's order.

    `relevance` is the search's score for this product (fused lexical and semantic);
    it comes from the request's words, which are never stored, so replay takes it as given.
    """

    relevance: float
    position: int = 1
    among: int = 1
    runner_up: Runner | None = None

    stage = "retrieval"

    def to_dict(self) -> dict[str, Any]:
        return {"stage": self.stage, "relevance": self.relevance, "position": self.position,
                "among": self.among,
                "runner_up": None if self.runner_up is None else self.runner_up.to_dict()}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> RetrievalPlaced:
        return cls(relevance=float(d["relevance"]), position=int(d.get("position", 1)),
                   among=int(d.get("among", 1)), runner_up=Runner.from_dict(d.get("runner_up")))


@dataclass(frozen=True)
class RankerPlaced:
    """Stage 2 when the learned ranker ordered it: its score and place among those it ordered.

    The exact Shapley values of `score` are the suggestion's `explanation`.
    """

    score: float
    place: int = 1  # 1-based among the candidates the ranker ordered (pinned ones excluded)
    among: int = 1  # candidates the ranker ordered
    runner_up: Runner | None = None  # the next candidate in the ranker's order, its score

    stage = "ranker"

    def to_dict(self) -> dict[str, Any]:
        return {"stage": self.stage, "score": self.score, "place": self.place,
                "among": self.among,
                "runner_up": None if self.runner_up is None else self.runner_up.to_dict()}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> RankerPlaced:
        return cls(score=float(d["score"]), place=int(d.get("place", 1)),
                   among=int(d.get("among", 1)), runner_up=Runner.from_dict(d.get("runner_up")))


Placed = RulePlaced | RetrievalPlaced | RankerPlaced
_PLACED: dict[str, Any] = {"rule": RulePlaced, "retrieval": RetrievalPlaced,
                           "ranker": RankerPlaced}


@dataclass(frozen=True)
class Scored:
    """What the model scored for this card: enough to recompute score and Shapley values.

    `features` is the row (feature name -> value); `players` the groups that took part
    (the consented ones); the request facts are those the ranker used besides the text.
    """

    score: float
    players: tuple[str, ...] = ()
    features: dict[str, float] = field(default_factory=dict)
    request_category: str | None = None
    request_min_price: float | None = None
    request_max_price: float | None = None
    # the price band read from a budget in words ("not too pricey"), catalog numbers only
    request_band: tuple[float | None, float | None] | None = None

    def to_dict(self) -> dict[str, Any]:
        out = {"score": self.score, "players": list(self.players),
               "features": dict(self.features), "request_category": self.request_category,
               "request_min_price": self.request_min_price,
               "request_max_price": self.request_max_price}
        if self.request_band is not None:
            out["request_band"] = list(self.request_band)
        return out

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Scored:
        lo, hi, cat = d.get("request_min_price"), d.get("request_max_price"), \
            d.get("request_category")
        return cls(score=float(d["score"]), players=tuple(str(p) for p in d.get("players") or ()),
                   features={str(k): float(v) for k, v in (d.get("features") or {}).items()},
                   request_category=None if cat is None else str(cat),
                   request_min_price=None if lo is None else float(lo),
                   request_max_price=None if hi is None else float(hi),
                   request_band=_band(d.get("request_band")))


def _band(raw: Any) -> tuple[float | None, float | None] | None:
    if not raw or len(raw) != 2:
        return None
    return (None if raw[0] is None else float(raw[0]), None if raw[1] is None else float(raw[1]))


@dataclass(frozen=True)
class Decision:
    """How one suggestion got its place: the stages in order, and what the model scored."""

    admitted: Admitted
    placed: Placed
    model: Scored
    consent: dict[str, bool] = field(default_factory=dict)  # personal category -> in use
    turn: str = ""  # shared by the cards of one reply (replay checks their order together)

    @property
    def stages(self) -> tuple[Admitted, Placed]:
        return (self.admitted, self.placed)

    @property
    def decided_by(self) -> Literal["rule", "retrieval", "ranker"]:
        """Which stage set the place: the question's rule, the text search or the ranker."""
        if isinstance(self.placed, RulePlaced):
            return "rule"
        return "retrieval" if isinstance(self.placed, RetrievalPlaced) else "ranker"

    @property
    def rule(self) -> RulePlaced | None:
        return self.placed if isinstance(self.placed, RulePlaced) else None

    @property
    def asked_low_price(self) -> bool:
        """The question asked for a low price: a cheapest rule or a price ceiling."""
        rule = self.rule
        return (rule is not None and rule.rule == "cheapest") or any(
            c.kind == "price" and c.op in ("le", "lt") for c in self.admitted.conditions)

    def to_dict(self) -> dict[str, Any]:
        return {"turn": self.turn, "decided_by": self.decided_by, "consent": dict(self.consent),
                "stages": [s.to_dict() for s in self.stages], "model": self.model.to_dict()}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Decision:
        """The inverse of `to_dict` (the audit log's form); unknown stages raise ValueError."""
        stages = list(d.get("stages") or ())
        if len(stages) != 2 or stages[0].get("stage") != "constraints":
            raise ValueError("a decision has two stages: constraints, then rule | retrieval | "
                             f"ranker; got {[s.get('stage') for s in stages]}")
        kind = stages[1].get("stage")
        if kind not in _PLACED:
            raise ValueError(f"unknown decision stage {kind!r}; known: {sorted(_PLACED)}")
        return cls(admitted=Admitted.from_dict(stages[0]),
                   placed=_PLACED[kind].from_dict(stages[1]),
                   model=Scored.from_dict(d["model"]),
                   consent={str(k): bool(v) for k, v in (d.get("consent") or {}).items()},
                   turn=str(d.get("turn") or ""))


__all__ = [
    "RULES", "SOURCES", "Admitted", "Condition", "Decision", "Placed", "RankerPlaced",
    "RetrievalPlaced", "RulePlaced", "Runner", "Scored", "Source",
]
