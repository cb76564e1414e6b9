"""Shared test fixtures: offline env, a private CLEARCART_HOME, and a fake LM."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from models.llm.base import GenerationConfig, LMBackend, Message
from models.settings import Settings, offline_env

offline_env()


class FakeLM(LMBackend):
    """An LM with a queue of canned replies and a history of the prompts it saw."""

    name = "fake"

    def __init__(self, *replies: str, default: str = "Here is what I found.") -> None:
        self.queue: deque[str] = deque(replies)
        self.history: list[list[Message]] = []
        self.default = default

    def enqueue(self, *replies: str) -> None:
        self.queue.extend(replies)

    def stream(
        self, messages: Sequence[Message], config: GenerationConfig | None = None
    ) -> Iterator[str]:
        self.history.append([dict(m) for m in messages])
        text = self.queue.popleft() if self.queue else self.default
        yield from re.findall(r"\S+\s*|\s+", text)

    @property
    def last_prompt(self) -> str:
        return "\n".join(m["content"] for m in self.history[-1]) if self.history else ""


@pytest.fixture
def fake_lm() -> FakeLM:
    return FakeLM()


@pytest.fixture(autouse=True)
def _private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own store directory; the user's ./var is never touched."""
    home = tmp_path / "clearcart-home"
    monkeypatch.setenv("CLEARCART_HOME", str(home))
    return home


@pytest.fixture
def settings(_private_home: Path) -> Settings:
    return Settings.from_env()
