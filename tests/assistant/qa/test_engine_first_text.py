"""No shopper stares at nothing: a slow LM gives way to the code's draft (QAConfig.lm_first_text_s).

On the demo catalog and tests/data/outdoor_kitchen.csv, with a fake LM that echoes the
draft after a delay.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator, Sequence

import pytest

from assistant.qa import DialogueState
from models.llm.base import GenerationConfig, Message

from fakes import FakeLM
from qa_kit import ask, engine

QUESTIONS = [("demo", "How much is the Apple AirPods Pro?"),
             ("outdoor", "How much is the pocket rocket stove?")]


class SlowLM(FakeLM):
    """FakeLM whose first piece comes after `first_s` and whose piece `pause_at` (if any)
    comes after `pause_s`; `closed` is set when the caller stops reading."""

    def __init__(self, *replies: str, first_s: float = 0.0, pause_at: int = -1,
                 pause_s: float = 0.0) -> None:
        super().__init__(*replies)
        self.first_s, self.pause_at, self.pause_s = first_s, pause_at, pause_s
        self.closed = threading.Event()

    def stream(self, messages: Sequence[Message], config: GenerationConfig | None = None
               ) -> Iterator[str]:
        try:
            time.sleep(self.first_s)
            for i, piece in enumerate(super().stream(messages, config)):
                if i == self.pause_at:
                    time.sleep(self.pause_s)
                yield piece
        finally:
            self.closed.set()


def draft_only(shop: str, text: str) -> str:
    """The facts-only answer the code composes for `text` (no LM)."""
    return ask(engine(shop=shop, use_lm=False), DialogueState(), text)[1].text


@pytest.mark.parametrize(("shop", "text"), QUESTIONS)
def test_a_slow_lm_gives_way_to_the_draft_at_once(shop: str, text: str) -> None:
    lm = SlowLM(first_s=3.0)
    eng = engine(lm, shop=shop, lm_first_text_s=0.2)
    start = time.perf_counter()
    plan, answer = ask(eng, DialogueState(), text)
    assert time.perf_counter() - start < 2.0  # not the LM's 3 s
    assert plan.kind == "lookup"  # a reply the LM phrases
    assert answer.text == draft_only(shop, text) and not answer.phrased_by_lm
    assert answer.grounding == "replaced" and "slower than 0.2 s" in answer.dropped[0]
    assert lm.closed.wait(5)  # the LM was asked, then cancelled: its batch row is freed


@pytest.mark.parametrize(("shop", "text"), QUESTIONS)
def test_an_lm_in_time_phrases_the_reply(shop: str, text: str) -> None:
    lm = SlowLM(first_s=0.05)
    plan, answer = ask(engine(lm, shop=shop, lm_first_text_s=5.0), DialogueState(), text)
    assert answer.phrased_by_lm and answer.grounding == "ok" and not answer.dropped


def test_once_a_sentence_passed_a_later_pause_cuts_nothing() -> None:
    shop, text = QUESTIONS[0]
    draft = draft_only(shop, text).split(" I answer from this shop's catalog. ")[-1]
    words = len(re.findall(r"\S+\s*", draft))
    lm = SlowLM(draft + " Is there anything else?", pause_at=words, pause_s=0.6)
    _, answer = ask(engine(lm, shop=shop, lm_first_text_s=0.3), DialogueState(), text)
    assert answer.phrased_by_lm and answer.text.endswith("Is there anything else?"), answer


def test_a_first_sentence_that_fails_grounding_does_not_stop_the_clock() -> None:
    shop, text = QUESTIONS[0]
    # a made-up price fails the grounding check; the true sentence comes too late
    lm = SlowLM("It costs $1.00. " + "x " * 5, pause_at=3, pause_s=3.0)
    start = time.perf_counter()
    _, answer = ask(engine(lm, shop=shop, lm_first_text_s=0.3), DialogueState(), text)
    assert time.perf_counter() - start < 2.0
    assert answer.grounding == "replaced" and answer.text == draft_only(shop, text)
