"""The prompts the Q&A engine gives the LM to phrase, for bench/qa_cases.py's questions.

    prompts = phrased_prompts(48)       # list of chat messages, in case order

Each prompt is what the assistant sends when the LM phrases a reply: the
system text, the facts of the products the draft is about, the code's exact
draft answer and the request to rewrite it (a two-turn case gives two). They
are recorded by running the engine with an LM that only records, on the demo
catalog and the hashing embedder (no model loads; a few seconds). The decoding
benches (bench/chat_speed.py) and the copy-aware decoding test
(tests/models/test_llm_copy_decoding.py) run the real model on them.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from models.llm.base import GenerationConfig, LMBackend, Message  # noqa: E402


class _Recorder(LMBackend):
    """An LM that phrases nothing and keeps every prompt it is given."""

    name = "recorder"

    def __init__(self) -> None:
        self.prompts: list[list[Message]] = []

    def stream(self, messages: Sequence[Message], config: GenerationConfig | None = None
               ) -> Iterator[str]:
        self.prompts.append([dict(m) for m in messages])
        yield ""


def phrased_prompts(n: int | None = None, seed: int = 7) -> list[list[Message]]:
    """The first `n` (all when None) LM prompts of qa_cases' questions, shuffled by `seed`
    as bench/qa_eval.py shuffles them."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from assistant.catalog import load_catalog
    from assistant.qa import Conversation, HashingEmbedder, ProductIndex, QAConfig, QAEngine

    from qa_cases import build_cases

    catalog = load_catalog()
    rng = random.Random(seed)
    cases = build_cases(catalog, rng)
    rng.shuffle(cases)
    lm = _Recorder()
    engine = QAEngine(catalog, ProductIndex(catalog, HashingEmbedder()), lm,
                      QAConfig(use_lm=True))
    for case in cases:
        conversation = Conversation()
        for text in case.turns:
            engine.answer(conversation, engine.plan(conversation, text), first_turn=False)
        if n is not None and len(lm.prompts) >= n:
            break
    return lm.prompts[:n]


__all__ = ["phrased_prompts"]
