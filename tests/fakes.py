"""Test doubles: a fake LM with a reply queue and call history, and a failing one."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator, Sequence
from typing import Any

from models.llm.base import GenerationConfig, LMBackend, Message


class FakeLM(LMBackend):
    """An LM with a queue of canned replies and a history of the calls it got.

    With an empty queue it echoes the DRAFT ANSWER from the prompt (what a
    well-behaved small model does), so tests can enqueue only the lies.
    `complete_json` has its own queue (`json_replies`, `enqueue_json`) and
    returns "" when it is empty (no parse: the caller falls back to its rules).
    """

    name = "fake"

    def __init__(self, *replies: str, json_replies: Sequence[str] = ()) -> None:
        self.queue: deque[str] = deque(replies)
        self.history: list[tuple[list[Message], GenerationConfig | None]] = []
        self.json_queue: deque[str] = deque(json_replies)
        self.json_history: list[tuple[list[Message], dict[str, Any]]] = []

    def enqueue(self, *replies: str) -> None:
        self.queue.extend(replies)

    def enqueue_json(self, *replies: str) -> None:
        self.json_queue.extend(replies)

    def complete_json(self, messages: Sequence[Message], schema: dict[str, Any],
                      max_new_tokens: int = 256, timeout_s: float | None = None) -> str:
        self.json_history.append(([dict(m) for m in messages], schema))
        return self.json_queue.popleft() if self.json_queue else ""

    def stream(self, messages: Sequence[Message], config: GenerationConfig | None = None
               ) -> Iterator[str]:
        self.history.append(([dict(m) for m in messages], config))
        if self.queue:
            text = self.queue.popleft()
        else:
            m = re.search(r"DRAFT ANSWER \(correct\): (.*?)(?:\n\n|$)", messages[-1]["content"],
                          re.S)
            text = m.group(1) if m else "Here is what I found."
        yield from re.findall(r"\S+\s*|\s+", text)

    @property
    def last_prompt(self) -> str:
        return "\n".join(m["content"] for m in self.history[-1][0]) if self.history else ""


class BrokenLM(LMBackend):
    """An LM whose backend fails mid-stream."""

    name = "broken"

    def stream(self, messages: Sequence[Message], config: GenerationConfig | None = None
               ) -> Iterator[str]:
        yield "The "
        raise ConnectionError("server went away")


def generate_at_once(lm: LMBackend, prompts: Sequence[list[Message]],
                     config: GenerationConfig) -> list[str]:
    """Each prompt generated from its own thread, all started together; replies in order."""
    import threading

    got: dict[int, str] = {}
    threads = [threading.Thread(target=lambda i=i, p=p: got.update({i: lm.generate(p, config)}))
               for i, p in enumerate(prompts)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return [got[i] for i in range(len(prompts))]
