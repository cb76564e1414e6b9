"""What one turn returns: the reply text and its suggestions, as data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, get_args

from assistant.qa.need import Assumption, Question
from explain.decision import Decision
from explain.types import Disclosure, Explanation

if TYPE_CHECKING:
    from assistant.catalog import Product
    from assistant.qa.query import Query


# What the grounding check did to the LM's reply: kept it, dropped unsupported
# sentences from it, or replaced it with the facts-only answer.
Grounding = Literal["ok", "repaired", "replaced"]
GROUNDINGS: tuple[Grounding, ...] = get_args(Grounding)


def as_grounding(value: str) -> Grounding:
    """`value` as a `Grounding`; a ValueError names the allowed values otherwise."""
    for g in GROUNDINGS:
        if value == g:
            return g
    raise ValueError(f"grounding must be one of {GROUNDINGS}, got {value!r}")


@dataclass(frozen=True)
class Suggestion:
    """One recommended product, with why it was shown and which data was used."""

    product: Product
    score: float  # ranker output (log-odds) for this product and shopper
    rank: int  # 1-based position in this reply
    explanation: Explanation
    reasons: list[str]  # plain sentences: what placed it (if not the model), then the score's
    disclosure: Disclosure
    audit_id: int | None = None  # the audit record written when it was shown
    # How it got its place: constraints met, the question's rule or the ranker (None: a
    # suggestion built by hand, without a decision record).
    decision: Decision | None = None
    held_back: list[str] = field(default_factory=list)  # what lowered its score (not reasons)

    def to_dict(self) -> dict[str, Any]:
        return {
            "product": self.product.to_dict(),
            "score": self.score,
            "rank": self.rank,
            "explanation": self.explanation.to_dict(),
            "reasons": list(self.reasons),
            "disclosure": self.disclosure.to_dict(),
            "audit_id": self.audit_id,
            "decision": None if self.decision is None else self.decision.to_dict(),
            "held_back": list(self.held_back),
        }


@dataclass(frozen=True)
class Reply:
    """The assistant's answer to one message."""

    text: str
    suggestions: list[Suggestion]
    grounding: Grounding = "ok"  # what the grounding check did
    notes: list[str] = field(default_factory=list)  # e.g. "message truncated to 2,000 characters"
    # The intent (search, lookup, compare, count, superlative, attribute, more, smalltalk)
    # or "not_found" | "clarify" | "refusal".
    kind: str = "search"
    query: Query | None = None  # what the message was understood as, after the dialogue
    answer_ids: list[str] = field(default_factory=list)  # products the answer is about, in order
    total: int | None = None  # products matching (search, count, superlative); None if n/a
    verdicts: dict[str, str] = field(default_factory=dict)  # product id -> yes | no | unknown
    # True: the LM phrased (part of) the text, each sentence checked against the catalog;
    # False: the text is the answer composed in code (facts-only mode, a long list, LM busy).
    phrased_by_lm: bool = False
    # What the reply assumed from the shopper's words (a price band for "not too pricey",
    # the kind a need was read as, who or what it is for), each with the message that
    # undoes it: the UI and an embedding shop show them and offer the undo.
    assumptions: list[Assumption] = field(default_factory=list)
    # The one narrowing question of a broad request (None when the request was specific):
    # its prompt and choices, each the message a button sends.
    question: Question | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "kind": self.kind,
            "grounding": self.grounding,
            "notes": list(self.notes),
            "query": self.query.to_dict() if self.query is not None else None,
            "answer_ids": list(self.answer_ids),
            "total": self.total,
            "verdicts": dict(self.verdicts),
            "phrased_by_lm": self.phrased_by_lm,
            "assumptions": [a.to_dict() for a in self.assumptions],
            "question": None if self.question is None else self.question.to_dict(),
            "suggestions": [s.to_dict() for s in self.suggestions],
        }


__all__ = ["GROUNDINGS", "Grounding", "Reply", "Suggestion", "as_grounding"]
