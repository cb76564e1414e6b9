"""The LM backend interface: one method to implement, `stream`; `complete_json` optional."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from models.errors import BackendError

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
    # True for a backend that schedules many requests itself (an inference server); the
    # assistant then calls it from each shopper's thread instead of queueing for it
    concurrent: bool = False

    @abstractmethod
    def stream(
        self, messages: Sequence[Message], config: GenerationConfig | None = None
    ) -> Iterator[str]:
        """Yield text chunks of the assistant's reply to `messages`."""

    def generate(self, messages: Sequence[Message], config: GenerationConfig | None = None) -> str:
        return "".join(self.stream(messages, config))

    def complete_json(
        self,
        messages: Sequence[Message],
        schema: dict[str, Any],
        max_new_tokens: int = 256,
        timeout_s: float | None = None,
    ) -> str:
        """The reply as JSON text that `schema` accepts, decoded under that constraint (greedy).

        Stops after `max_new_tokens` or `timeout_s` seconds; the text may then be
        incomplete JSON, which callers treat as no answer. Backends that cannot
        constrain their output raise BackendError.
        """
        raise BackendError(
            f"The LM backend '{self.name}' cannot constrain its output to a JSON schema.",
            fix="use a local model (CLEARCART_LLM=qwen2.5-0.5b) or an OpenAI-compatible "
            "server with response_format json_schema (CLEARCART_LLM=openai)",
        )


def apply_stop(text: str, stop: Sequence[str]) -> tuple[str, bool]:
    """Cut `text` at the first stop string; return (text, stopped)."""
    cut = min((i for s in stop if s and (i := text.find(s)) >= 0), default=-1)
    return (text[:cut], True) if cut >= 0 else (text, False)


__all__ = ["GenerationConfig", "LMBackend", "Message", "apply_stop"]
