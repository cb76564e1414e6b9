"""How fast a wave of replies could be at best on this CPU, measured in the same run.

Batching makes decoding cheaper per token (one pass over the weights serves every
row), but it cannot compute a token faster than the CPU's matrix rate, which a long
prefill already reaches. So a wave of N replies takes at least

    (prompt tokens not in the prefix cache + reply tokens) / prefill rate

and the serial pass's time over that bound is the most any batching could gain.
`concurrent_turns.py` prints this ceiling beside the speed-up it measured, so a
target above the ceiling is seen to be the machine's, not the scheduler's.

    log = PromptLog.attach(bot)          # records every prompt the model is given
    ... the turns ...
    rate = prefill_rate(bot)             # prompt tokens a second, one long fresh prompt
    unique = log.unique_tokens(log.ids(warm_messages))  # past the prefix warm-up cached
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from models.llm.base import GenerationConfig

KV_BLOCK = 32  # the prefix cache keeps whole blocks of this many tokens (OpenVINO on CPU)

_WORDS = ["apple", "river", "stone", "music", "quiet", "bright", "shelf", "garden", "lamp",
          "copper", "window", "silver", "paper", "orange", "bottle", "travel", "winter"]


@dataclass
class PromptLog:
    """Every prompt's token ids, in order, as the model's `prompt_ids` made them."""

    prompts: list[list[int]] = field(default_factory=list)
    ids: Callable[[Any], list[int]] = list  # token ids of messages, not recorded (attach)

    @classmethod
    def attach(cls, bot: Any) -> PromptLog:
        log = cls()
        lm = getattr(bot.lm, "inner", bot.lm)
        log.ids = lm.prompt_ids  # the model's own, unrecorded

        def recorded(messages: Any) -> list[int]:
            ids = list(log.ids(messages))
            log.prompts.append(ids)
            return ids

        lm.prompt_ids = recorded
        return log

    def unique_tokens(self, cached: list[int]) -> int:
        """Tokens of the prompts past the prefix each shares with `cached` (the prompt that
        warmed the model), counted in whole cache blocks: what had to be prefilled."""
        total = 0
        for ids in self.prompts:
            common = next((i for i, (a, b) in enumerate(zip(ids, cached, strict=False))
                           if a != b), min(len(ids), len(cached)))
            total += len(ids) - common // KV_BLOCK * KV_BLOCK
        return total


def prefill_rate(bot: Any, words: int = 450, tries: int = 2) -> float:
    """Prompt tokens a second: the best of `tries` fresh prompts of ~`words` words, each
    answered with one token through the shopper's own model path."""
    lm = getattr(bot.lm, "inner", bot.lm)
    best = 0.0
    for seed in range(tries):
        rng = random.Random(seed + 101)
        text = " ".join(rng.choice(_WORDS) for _ in range(words))
        messages = [{"role": "user", "content": text}]
        n = len(lm.prompt_ids(messages))
        start = time.perf_counter()
        for _ in bot.lm.stream(messages, GenerationConfig(max_new_tokens=1)):
            pass
        best = max(best, n / (time.perf_counter() - start))
    return best


def ceiling(serial_s: float, unique_prompt_tokens: int, reply_tokens: int,
            rate: float) -> tuple[float, float]:
    """(the fastest the wave could be in seconds, the most a batch could gain over
    `serial_s`) if every token ran at the prefill `rate`."""
    best = (unique_prompt_tokens + reply_tokens) / rate
    return best, serial_s / best


__all__ = ["PromptLog", "ceiling", "prefill_rate"]
