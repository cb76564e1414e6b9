"""A need said in words, as data: what the message said, what the code assumed, what it asks.

The types the reading, answering and reply layers share (issue 23), kept apart like
`query.py` and `plan.py` so that no layer imports a higher one for them:

* `NeedWords` / `Said`: the shopper's budget, recipients, uses and problem in their words
  (reading/needs.py reads them);
* `Band`: the price band a budget in words became, from the kind's own prices
  (answering/budget.py); `Assumption`: one thing the reply assumed, with the message that
  undoes it (`Reply.assumptions`, shown and undone by the UI or an embedding shop);
* `Question` / `Choice`: the one narrowing question of a broad request, with concrete
  choices, each the message it sends (answering/narrowing.py; `Reply.question`).

Numbers and the shopper's words only; sentences are made in answering/phrasing.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Said:
    """One need the message states, with the shopper's own words for it."""

    kind: str  # "use" | "recipient" | "problem"
    words: str  # the shopper's words, e.g. "for the guest room"
    start: int
    end: int


@dataclass(frozen=True)
class NeedWords:
    """What the message says about its budget and its purpose, in shop English."""

    budget: str = ""  # "low" | "modest" | "mid" | "high" | "around" | "any" | ""
    budget_words: str = ""  # the words it came from ("not too pricey", "around $50")
    around: float | None = None  # "around $50": 50.0
    said: tuple[Said, ...] = ()  # uses, recipients, a problem
    gift: bool = False  # a gift ("gift", "present", "birthday", "housewarming")
    problem: bool = False  # a problem told ("my neck hurts") rather than a thing asked for
    asking: bool = False  # a request verb ("I need", "looking for", "show me")
    spans: tuple[tuple[int, int], ...] = field(default=())  # the budget words' spans
    # Kinds the message names only as the scene ("on my TV"): (query field, catalog value).
    context: tuple[tuple[str, str], ...] = ()
    search: str = ""  # the message as a need to search for (reading/needs.retrieval_text)

    @property
    def any(self) -> bool:
        return bool(self.budget or self.said or self.gift or self.problem)

    def of(self, kind: str) -> tuple[Said, ...]:
        return tuple(s for s in self.said if s.kind == kind)


@dataclass(frozen=True)
class Band:
    """The price band assumed from a budget in words, as numbers."""

    level: str  # "low" | "modest" | "mid" | "high" | "around"
    low: float | None  # lowest price admitted (None: open)
    high: float | None  # highest price admitted (None: open)
    share: tuple[float, float] | None  # quantiles of the kind's prices; None for "around"
    of: int  # products of the kind the band was read from (0 for "around")
    amount: float | None = None  # "around $50": 50.0

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"level": self.level}
        if self.low is not None:
            out["min_price"] = self.low
        if self.high is not None:
            out["max_price"] = self.high
        if self.share is not None:
            out["share"] = round(self.share[1] - self.share[0], 4)
            out["quantiles"] = [round(self.share[0], 4), round(self.share[1], 4)]
        if self.of:
            out["of"] = self.of
        if self.amount is not None:
            out["around"] = self.amount
        return out


@dataclass(frozen=True)
class Assumption:
    """One thing a reply assumed from the shopper's words, and how to undo it.

    `kind`: "budget" (a price band), "use" / "recipient" (what it is for, who it is for:
    they order the suggestions), "need" (the kind of product a need in words was read as).
    `value` holds the numbers, e.g. {"max_price": 849.99, "share": 0.4, "of": 130,
    "kind": "laptop"}; `undo` is a message the shopper can send to undo it ("" when none).
    """

    kind: str
    words: str
    value: dict[str, Any]
    undo: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "words": self.words, "value": dict(self.value),
                "undo": self.undo}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Assumption:
        return cls(str(d["kind"]), str(d.get("words", "")), dict(d.get("value") or {}),
                   str(d.get("undo", "")))


@dataclass(frozen=True)
class Choice:
    """One answer to a narrowing question: its button label and the message it sends."""

    label: str  # e.g. "Under $600"
    message: str  # e.g. "under $600"
    value: dict[str, Any] = field(default_factory=dict)  # e.g. {"max_price": 600.0}

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "message": self.message, "value": dict(self.value)}


@dataclass(frozen=True)
class Question:
    """The one question a broad request gets, with concrete choices from the catalog."""

    prompt: str  # e.g. "What would you like to spend?"
    facet: str  # "price", an attribute name, or "type"
    choices: tuple[Choice, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"prompt": self.prompt, "facet": self.facet,
                "choices": [c.to_dict() for c in self.choices]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Question:
        return cls(str(d["prompt"]), str(d.get("facet", "")),
                   tuple(Choice(str(c["label"]), str(c["message"]), dict(c.get("value") or {}))
                         for c in d.get("choices") or ()))


__all__ = ["Assumption", "Band", "Choice", "NeedWords", "Question", "Said"]
