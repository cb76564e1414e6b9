"""What one turn returns: the reply text and its suggestions, as data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, get_args

from explain.types import Disclosure, Explanation

if TYPE_CHECKING:
    from assistant.catalog import Product


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
    reasons: list[str]  # plain sentences, strongest first
    disclosure: Disclosure
    audit_id: int | None = None  # the audit record written when it was shown

    def to_dict(self) -> dict[str, Any]:
        return {
            "product": self.product.to_dict(),
            "score": self.score,
            "rank": self.rank,
            "explanation": self.explanation.to_dict(),
            "reasons": list(self.reasons),
            "disclosure": self.disclosure.to_dict(),
            "audit_id": self.audit_id,
        }


@dataclass(frozen=True)
class Reply:
    """The assistant's answer to one message."""

    text: str
    suggestions: list[Suggestion]
    grounding: Grounding = "ok"  # what the grounding check did
    notes: list[str] = field(default_factory=list)  # e.g. "message truncated to 2,000 characters"
    kind: str = "search"  # what the question was: lookup, attribute, superlative, search, ...

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "kind": self.kind,
            "grounding": self.grounding,
            "notes": list(self.notes),
            "suggestions": [s.to_dict() for s in self.suggestions],
        }


__all__ = ["GROUNDINGS", "Grounding", "Reply", "Suggestion", "as_grounding"]
