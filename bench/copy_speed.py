"""Phrased-reply decoding: the project's serving path against OpenVINO's bare LLMPipeline.

Three ways to decode the same prompts (what the Q&A engine asks the LM to phrase,
bench/qa_prompts.py) on the same IR, greedy, turn by turn in rotating order:

* `bare plain`: `openvino_genai.LLMPipeline`, plain greedy decoding;
* `bare lookup`: the same with prompt-lookup decoding (`prompt_lookup=True`,
  `num_assistant_tokens`, `max_ngram_size` as the project's batch uses alone);
* `project`: the batch `ServingLM` decodes with (`OpenVINOLM.lockstep_batch()`: OpenVINO's
  continuous batching in the model worker process, prompt lookup and prefix caching on).

All three get the project's compile properties (threads, f16 KV cache), so they
differ only in how they decode. For each: time to the first token, decode tok/s
(tokens after the first over the time after it), and whether its tokens equal
`bare plain`'s. Used by bench/chat_speed.py.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Reply = tuple[list[int], float, float]  # (new token ids, first token s, decode tok/s)


@dataclass
class Variant:
    name: str
    run: Callable[[list[int], int], Reply]
    ttft: list[float] = field(default_factory=list)
    rate: list[float] = field(default_factory=list)
    outputs: list[list[int]] = field(default_factory=list)

    def figures(self, base: Variant) -> dict[str, float]:
        same = sum(a == b for a, b in zip(self.outputs, base.outputs, strict=True))
        ratios = [a / b for a, b in zip(self.rate, base.rate, strict=True) if b]
        return {"ttft_s": round(statistics.median(self.ttft), 3),
                "decode_tok_s": round(statistics.median(self.rate), 2),
                "x_bare_plain": round(statistics.median(ratios), 2) if ratios else 0.0,
                "same_as_bare_plain": same, "turns": len(self.outputs)}


def _rate(n: int, first: float, last: float) -> float:
    return (n - 1) / (last - first) if n > 1 and last > first else 0.0


def bare_pipeline(lm: Any, lookup: tuple[int, int] | None) -> Callable[[list[int], int], Reply]:
    """LLMPipeline on `lm`'s IR and compile properties; `lookup` = (tokens, n-gram) or None."""
    import numpy as np
    import openvino as ov
    import openvino_genai as ov_genai

    from models.llm.openvino_batch import ov_generation_config

    extra = {"prompt_lookup": True} if lookup else {}
    pipe = ov_genai.LLMPipeline(str(lm.folder), "CPU", **lm.compile_properties(), **extra)
    special = set(lm.tokenizer.all_special_ids)

    def run(ids: list[int], max_new: int) -> Reply:
        times: list[float] = []

        class Clock(ov_genai.StreamerBase):  # type: ignore[misc]
            def write(self, token: Any) -> Any:
                n = len(token) if isinstance(token, list | tuple) else 1
                times.extend([time.perf_counter()] * n)
                return ov_genai.StreamingStatus.RUNNING

            def end(self) -> None:
                pass

        cfg = ov_generation_config(max_new, lookup=lookup)
        start = time.perf_counter()
        out = pipe.generate(ov.Tensor(np.array([ids], dtype=np.int64)), cfg, Clock())
        new = [int(t) for t in out.tokens[0]]
        while new and new[-1] in special:
            new.pop()
        times = times[: len(new)] or [time.perf_counter()]
        return new, times[0] - start, _rate(len(new), times[0], times[-1])

    return run


def project_batch(lm: Any) -> tuple[Callable[[list[int], int], Reply], Any]:
    """The serving path's batch (one reply at a time here), and the batch for its counters."""
    batch = lm.lockstep_batch()
    return batch_runner(batch), batch


def batch_runner(batch: Any) -> Callable[[list[int], int], Reply]:
    """Runs one reply at a time through a `LockstepBatch` (add, step to its end)."""

    def run(ids: list[int], max_new: int) -> Reply:
        start = time.perf_counter()
        key = batch.add(ids, max_new)
        new: list[int] = []
        first = last = 0.0
        while True:
            events = batch.step()
            now = time.perf_counter()
            got = [t for k, t in events if k == key and t is not None]
            if got:
                first = first or now
                last = now
                new += got
            if any(k == key and t is None for k, t in events):
                break
        first = first or time.perf_counter()
        return new, first - start, _rate(len(new), first, last)

    return run


def prefix_compare(lm: Any, prompts: list[list[int]],
                   log: Callable[[str], None] = print) -> dict[str, Any]:
    """Time to the first token of the project's batch with and without prefix caching
    (two in-process batches, interleaved; the first prompt warms both), and the prompt
    tokens all prompts share (the system text and the facts header)."""
    from dataclasses import replace

    from models.llm.openvino_batch import KV_BLOCK_TOKENS, OVContinuousBatch

    shared = len(prompts[0])
    for ids in prompts[1:]:
        shared = next((i for i, (a, b) in enumerate(zip(prompts[0], ids, strict=False))
                       if a != b), min(shared, len(ids)))
    runs = {on: batch_runner(OVContinuousBatch.for_lm(lm, replace(lm.config.batch,
                                                                  prefix_caching=on)))
            for on in (True, False)}
    ttft: dict[bool, list[float]] = {True: [], False: []}
    for k, ids in enumerate(prompts):
        for on in (True, False) if k % 2 else (False, True):
            _, first, _ = runs[on](ids, 2)
            if k:
                ttft[on].append(first)
                log(f"  turn {k} prefix cache {'on ' if on else 'off'} prompt {len(ids)}: "
                    f"first token {first:.2f} s")
    cached, plain = statistics.median(ttft[True]), statistics.median(ttft[False])
    return {"shared_prefix_tokens": shared,
            "reusable_tokens": shared // KV_BLOCK_TOKENS * KV_BLOCK_TOKENS,
            "ttft_on_s": round(cached, 3), "ttft_off_s": round(plain, 3),
            "ttft_ratio_off_on": round(plain / cached, 2) if cached else 0.0}


def compare(lm: Any, prompts: list[list[int]], max_new: int,
            log: Callable[[str], None] = print) -> dict[str, Any]:
    """Every variant on every prompt (the first a warm-up), rotating the order per turn."""
    lookup = lm.config.batch.lookup(0)
    project, batch = project_batch(lm)
    variants = [Variant("bare plain", bare_pipeline(lm, None)),
                Variant("bare lookup", bare_pipeline(lm, lookup or (5, 3))),
                Variant("project", project)]
    counted = (0, 0)
    for k, ids in enumerate(prompts):
        if k == 1:
            counted = batch.counters()
        for v in variants[k % 3:] + variants[: k % 3]:
            new, ttft, rate = v.run(ids, max_new)
            if k == 0:
                continue  # warm-up
            v.outputs.append(new)
            v.ttft.append(ttft)
            v.rate.append(rate)
            log(f"  turn {k} {v.name:<12} prompt {len(ids)}: first token {ttft:.2f} s, "
                f"{len(new)} tokens at {rate:.1f} tok/s")
    steps, tokens = (a - b for a, b in zip(batch.counters(), counted, strict=True))
    base = variants[0]
    table = {v.name: v.figures(base) for v in variants}
    table["project"]["tokens_per_step"] = round(tokens / max(1, steps), 2)
    return table


__all__ = ["bare_pipeline", "batch_runner", "compare", "prefix_compare", "project_batch"]
