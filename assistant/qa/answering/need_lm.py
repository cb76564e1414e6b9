"""The LM's say in which kind a need in words names: one choice among retrieval's kinds.

    chooser = KindChooser(lm)
    chooser.choose("my grandpa can barely hear the TV", ["Soundbars & Home Theater", "TVs",
                   "Headphones & Earbuds"])   # -> "Soundbars & Home Theater" or None

Retrieval (answering/kinds.py) finds the categories a need reads close to; the LM picks one
of them under a grammar whose enum is exactly those category names (models/llm/constrained.py
through `LMBackend.complete_json`), so it cannot name a kind the shop does not sell, nor
one retrieval found no support for. It may also answer "none of these"; the caller then
keeps retrieval's choice. A backend that cannot constrain its output, a timeout, or text
that is no valid choice all leave retrieval's choice standing.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from models.errors import ClearCartError

if TYPE_CHECKING:
    from models.llm.base import LMBackend, Message

NONE = "none of these"

PROMPT = """A shopper tells an online shop what they need. Pick the kind of product from the \
shop's list that best answers the need. If none of them would help, pick "none of these".
Answer as JSON: {"kind": "..."}."""


@dataclass(frozen=True)
class ChooserConfig:
    # Seconds of decoding before the LM's choice is abandoned (retrieval's stands).
    timeout_s: float = 4.0
    # The answer is {"kind": "<a category name>"}: a few tokens to a few dozen.
    max_new_tokens: int = 40
    # Kinds offered (retrieval's best categories, best first).
    max_kinds: int = 5


class KindChooser:
    """Asks the LM which of retrieval's kinds a need names."""

    def __init__(self, lm: LMBackend, config: ChooserConfig | None = None) -> None:
        self.lm = lm
        self.config = config or ChooserConfig()
        self.last_raw = ""

    def messages(self, need: str, kinds: Sequence[str]) -> list[Message]:
        listed = "\n".join(f"- {k}" for k in kinds)
        return [{"role": "system", "content": PROMPT},
                {"role": "user", "content": f"Shop's kinds:\n{listed}\n\nNeed: {need[:300]}"}]

    def choose(self, need: str, kinds: Sequence[str]) -> str | None:
        """One of `kinds`, or None (no valid choice, or "none of these")."""
        offered = list(dict.fromkeys(kinds))[: self.config.max_kinds]
        if len(offered) < 2:
            return None
        schema = {"type": "object", "properties": {"kind": {"enum": [*offered, NONE]}},
                  "required": ["kind"], "additionalProperties": False}
        try:
            raw = self.lm.complete_json(self.messages(need, offered), schema,
                                        max_new_tokens=self.config.max_new_tokens,
                                        timeout_s=self.config.timeout_s)
        except ClearCartError:
            return None
        except Exception:  # a failing backend must not lose the answer  # noqa: BLE001
            return None
        self.last_raw = raw
        try:
            kind = json.loads(raw).get("kind")
        except (ValueError, AttributeError):
            return None
        return kind if kind in offered else None


__all__ = ["NONE", "ChooserConfig", "KindChooser"]
