"""Copy-aware (prompt-lookup) decoding gives the plain greedy replies, token for token.

On the real int8 IR and the prompts the Q&A engine sends for bench/qa_cases.py's
questions: the serving path's batch (prompt lookup on, in its worker process),
one reply at a time and eight at once, against plain greedy decoding by
OpenVINO's LLMPipeline with the same compile properties.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from models.llm.openvino_backend import OpenVINOLM

from ov_testkit import int8_qwen

pytestmark = pytest.mark.slow

N_PROMPTS = 48  # the 44th is a reply the u8 KV cache changed ("Bluetooth" / "bluetooth")
MAX_NEW = 64  # QAConfig.max_new_tokens


def decode_all(batch: Any, prompts: list[list[int]]) -> list[list[int]]:
    """Every prompt's greedy tokens, all rows added at once and stepped to the end."""
    keys = [batch.add(ids, MAX_NEW) for ids in prompts]
    out: dict[int, list[int]] = {key: [] for key in keys}
    done: set[int] = set()
    while len(done) < len(keys):
        for key, token in batch.step():
            if token is None:
                done.add(key)
            else:
                out[key].append(token)
    return [out[key] for key in keys]


@pytest.fixture(scope="module")
def lm() -> OpenVINOLM:
    return int8_qwen()


@pytest.fixture(scope="module")
def prompts(lm: OpenVINOLM) -> list[list[int]]:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from qa_prompts import phrased_prompts

    return [lm.prompt_ids(m) for m in phrased_prompts(N_PROMPTS)]


def test_prompt_lookup_replies_equal_plain_ones_alone_and_batched(
        lm: OpenVINOLM, prompts: list[list[int]]) -> None:
    plain = [lm.generate_ids(ids, MAX_NEW) for ids in prompts]
    batch = lm.lockstep_batch()
    steps0, tokens0 = batch.counters()
    alone = [decode_all(batch, [ids])[0] for ids in prompts]
    steps, tokens = (a - b for a, b in zip(batch.counters(), (steps0, tokens0), strict=True))
    waves = [row for i in range(0, len(prompts), 8) for row in decode_all(batch, prompts[i:i + 8])]
    differ = [i for i, (a, b, c) in enumerate(zip(plain, alone, waves, strict=True))
              if not a == b == c]
    assert not differ, [(i, lm.tokenizer.decode(plain[i]), lm.tokenizer.decode(alone[i]),
                         lm.tokenizer.decode(waves[i])) for i in differ[:3]]
    # the replies copy their drafts: each step gave several tokens (plain decoding gives 1)
    assert tokens / steps > 2.0, (steps, tokens)
