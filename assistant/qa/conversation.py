"""Per-session chat state: the last few turns and what was last talked about (for "it")."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.catalog import Product
    from assistant.qa.constraints import Constraints


@dataclass(frozen=True)
class Turn:
    role: str  # "user" | "assistant"
    text: str


@dataclass
class Conversation:
    """Bounded memory of one chat: nothing here outlives the session."""

    # How many turns (user and assistant messages) to keep.
    max_turns: int = 12
    # How many products of the last answer to keep for "the second one", "the cheaper one".
    max_products: int = 6
    turns: deque[Turn] = field(init=False)
    last_products: list[Product] = field(default_factory=list)
    last_constraints: Constraints | None = None
    last_kind: str = ""
    last_answer: Any = None  # assistant.qa.engine.Answer of the last turn
    answered: int = 0  # turns answered so far (0: the next reply is the first)

    def __post_init__(self) -> None:
        self.turns = deque(maxlen=self.max_turns)

    def record(self, user_text: str, answer: Any, products: list[Product],
               constraints: Constraints | None, kind: str) -> None:
        """Remember one finished turn."""
        self.turns.append(Turn("user", user_text))
        self.turns.append(Turn("assistant", answer.text))
        if products:
            self.last_products = list(products)[: self.max_products]
        if constraints is not None and kind not in ("refusal", "greeting"):
            self.last_constraints = constraints
        self.last_kind = kind
        self.last_answer = answer
        self.answered += 1

    def clear(self) -> None:
        self.turns.clear()
        self.last_products = []
        self.last_constraints = None
        self.last_kind = ""
        self.last_answer = None


__all__ = ["Conversation", "Turn"]
