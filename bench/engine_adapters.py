"""Pieces shared by the engine benches: `Track`, one engine's per-turn figures
(bench/chat_speed.py and bench/other_engines.py), and the two extra engines of
bench/other_engines.py behind `generate` and `forced_top1`, ONNX Runtime GenAI
(int4) and CTranslate2 (int8). Those run in the engines' own venv (see
bench/other_engines.py for its setup), never the project's.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Reply = tuple[list[int], float, float]  # (new token ids, time to first token s, decode tok/s)


def decode_rate(n: int, first: float, last: float) -> float:
    """Decode tok/s as models/llm/local.TurnStats counts it: tokens after the first."""
    return (n - 1) / (last - first) if n > 1 and last > first else 0.0


@dataclass
class Track:
    """One engine's per-turn figures (bench/chat_speed.py and bench/other_engines.py)."""

    engine: str
    ttft: list[float] = field(default_factory=list)
    rate: list[float] = field(default_factory=list)
    outputs: list[list[int]] = field(default_factory=list)
    load_s: float = 0.0
    forced: float = 0.0
    error: str | None = None
    reused: list[int] = field(default_factory=list)  # prompt tokens from a prefix cache


class OrtGenAI:
    """ONNX Runtime GenAI on the model builder's int4 export (CPU execution provider)."""

    name = "ortgenai-int4"

    def __init__(self, folder: Path, threads: int, eos: list[int]) -> None:
        import onnxruntime_genai as og

        self.og = og
        config = og.Config(str(folder))
        config.clear_providers()
        config.overlay(json.dumps({"model": {"decoder": {"session_options": {
            "intra_op_num_threads": threads, "inter_op_num_threads": 1}}}}))  # fmt: skip
        self.model = og.Model(config)
        self.eos = set(eos)
        self.forced_mode = ""

    def _generator(self, total: int) -> Any:
        params = self.og.GeneratorParams(self.model)
        params.set_search_options(max_length=total, do_sample=False, repetition_penalty=1.0,
                                  top_k=1, temperature=1.0)  # fmt: skip
        return self.og.Generator(self.model, params)

    def generate(self, ids: list[int], max_new: int) -> Reply:
        start = time.perf_counter()
        gen = self._generator(len(ids) + max_new + 1)
        gen.append_tokens(ids)
        new: list[int] = []
        first = last = 0.0
        while len(new) < max_new and not gen.is_done():
            gen.generate_next_token()
            token = int(gen.get_next_tokens()[0])
            now = time.perf_counter()
            first = first or now
            if token in self.eos:
                break
            new.append(token)
            last = now
        first = first or time.perf_counter()
        return new, first - start, decode_rate(len(new), first, last)

    def forced_top1(self, ids: list[int], out: list[int]) -> list[int]:
        """One prefill of prompt + reply; the builder's decoder returns logits at every position."""
        import numpy as np

        gen = self._generator(len(ids) + len(out) + 1)
        gen.append_tokens(ids + out)
        logits = np.asarray(gen.get_output("logits"))[0]
        if logits.shape[0] == len(ids) + len(out):
            self.forced_mode = "one prefill, logits at every position"
            return [int(t) for t in logits[len(ids) - 1 : -1].argmax(-1)]
        # only last-position logits: feed the reply one token at a time
        self.forced_mode = "last-position logits, reply fed token by token"
        gen = self._generator(len(ids) + len(out) + 1)
        gen.append_tokens(ids)
        top = [int(np.argmax(gen.get_logits()[0, -1]))]
        for token in out[:-1]:
            gen.append_tokens([token])
            top.append(int(np.argmax(gen.get_logits()[0, -1])))
        return top


class CT2:
    """CTranslate2 Generator, int8 weights (compute_type int8: int8 GEMMs, fp32 elsewhere)."""

    name = "ct2-int8"

    def __init__(self, folder: Path, threads: int, eos: list[int]) -> None:
        import ctranslate2

        self.gen = ctranslate2.Generator(str(folder), device="cpu", compute_type="int8",
                                         intra_threads=threads, inter_threads=1)  # fmt: skip
        self.vocab: list[str] = json.loads((folder / "vocabulary.json").read_text("utf-8"))
        self.eos = eos

    def generate(self, ids: list[int], max_new: int) -> Reply:
        tokens = [self.vocab[i] for i in ids]
        start = time.perf_counter()
        new: list[int] = []
        first = last = 0.0
        for step in self.gen.generate_tokens(tokens, max_length=max_new, sampling_topk=1,
                                             end_token=self.eos):  # fmt: skip
            now = time.perf_counter()
            first = first or now
            if step.token_id in self.eos:
                break
            new.append(int(step.token_id))
            last = now
            if len(new) == max_new:
                break
        first = first or time.perf_counter()
        return new, first - start, decode_rate(len(new), first, last)

    def forced_top1(self, ids: list[int], out: list[int]) -> list[int]:
        import numpy as np

        logits = np.asarray(self.gen.forward_batch([ids + out]))[0]
        return [int(t) for t in logits[len(ids) - 1 : -1].argmax(-1)]


__all__ = ["CT2", "OrtGenAI", "Reply", "Track", "decode_rate"]
