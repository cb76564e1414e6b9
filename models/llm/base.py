"""The LM backend interface: one method to implement, `stream`."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

Message = dict[str, str]  # {"role": "system"|"user"|"assistant", "content": "..."}


@dataclass(frozen=True)
class GenerationConfig:
    # Upper bound on generated tokens per reply; answers are short by design.
    max_new_tokens: int = 160
    # Strings that end generation (not included in the output).
    stop: tuple[str, ...] = field(default_factory=tuple)
    # 0.0 means greedy decoding: same prompt, same answer (testable, auditable).
    temperature: float = 0.0


class LMBackend(ABC):
    """A chat model. Subclasses implement `stream`; `generate` joins it."""

    name: str = "lm"

    @abstractmethod
    def stream(
        self, messages: Sequence[Message], config: GenerationConfig | None = None
    ) -> Iterator[str]:
        """Yield text chunks of the assistant's reply to `messages`."""

    def generate(self, messages: Sequence[Message], config: GenerationConfig | None = None) -> str:
        return "".join(self.stream(messages, config))


def apply_stop(text: str, stop: Sequence[str]) -> tuple[str, bool]:
    """Cut `text` at the first stop string; return (text, stopped)."""
    cut = min((i for s in stop if s and (i := text.find(s)) >= 0), default=-1)
    return (text[:cut], True) if cut >= 0 else (text, False)


__all__ = ["GenerationConfig", "LMBackend", "Message", "apply_stop"]
