"""The wave's ceiling: only tokens past the cached prefix count, in whole cache blocks."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from bench.batch_ceiling import KV_BLOCK, PromptLog, ceiling, prefill_rate


class _LM:
    """prompt_ids: one id per word; stream: one piece at once."""

    def prompt_ids(self, messages: Any) -> list[int]:
        return [hash(w) % 1000 for m in messages for w in m["content"].split()]

    def stream(self, messages: Any, config: Any) -> Any:
        yield "x"


def test_tokens_past_the_cached_prefix_count_in_whole_blocks() -> None:
    bot = SimpleNamespace(lm=_LM())
    log = PromptLog.attach(bot)
    cached = list(range(100))  # 3 whole blocks of 32 and 4 tokens more
    log.prompts += [cached[:100] + [7] * 50, [9] * 40]
    # the first shares 100 tokens, of which 96 are whole blocks; the second shares none
    assert log.unique_tokens(cached) == (150 - 3 * KV_BLOCK) + 40


def test_attach_records_what_the_model_is_given() -> None:
    bot = SimpleNamespace(lm=_LM())
    log = PromptLog.attach(bot)
    ids = bot.lm.prompt_ids([{"role": "user", "content": "a b c"}])
    assert log.prompts == [ids] and len(ids) == 3
    assert prefill_rate(bot, words=20, tries=1) > 0


def test_ceiling_is_serial_time_over_all_tokens_at_the_prefill_rate() -> None:
    best, most = ceiling(serial_s=20.0, unique_prompt_tokens=800, reply_tokens=200, rate=100.0)
    assert best == pytest.approx(10.0) and most == pytest.approx(2.0)


def test_the_warm_up_prompt_compared_against_is_not_counted() -> None:
    bot = SimpleNamespace(lm=_LM())
    log = PromptLog.attach(bot)
    cached = log.ids([{"role": "user", "content": "a b c"}])
    assert cached and log.prompts == [] and log.unique_tokens(cached) == 0
