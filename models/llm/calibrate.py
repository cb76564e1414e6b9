"""Measure each candidate engine on this CPU and record the fastest one that agrees with fp32.

Run once by `python -m models.prepare` (a couple of minutes on 2 cores): the
fp32 transformers model answers a few calibration turns greedily (the
reference); each engine then answers the same turns, timed, and is scored by
teacher-forced top-1 agreement with the reference and by identical replies.
The engines take turns, turn by turn in rotating order, so a machine whose load
changes during calibration slows them alike.
`engine.choose_engine` picks; `engine.write_choice` records. bench/chat_speed.py
uses the same functions for its side-by-side table.
"""

from __future__ import annotations

import statistics
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.llm.base import LMBackend, Message
from models.llm.engine import (
    CALIBRATED,
    AgreementRule,
    Measurement,
    choose_engine,
    cpu_model,
    write_choice,
)
from models.llm.weights import WeightSpec

Log = Callable[[str], None]

# Calibration turns: neutral facts (no shop vocabulary), ~300 prompt tokens each.
_QUESTIONS = (
    "Which item has the best rating?",
    "What is the cheapest item here?",
    "Is anything lighter than 3 lb?",
    "Which one has the most reviews?",
)


def calibration_turns(n: int) -> list[list[Message]]:
    """`n` short chat turns with distinct facts and questions."""
    turns = []
    for i in range(n):
        lines = [
            f'P{k}: name="Item {chr(65 + (i + k) % 26)}{k}" | price=${19 + 13 * k + 7 * i}.99 | '
            f"rating={3 + (i + k) % 3}.{(5 * k + i) % 10}/5 from {11 * k + 3 * i} reviews | "
            f"weight={1 + (k * 7 + i) % 9}.{k} lb"
            for k in range(1, 9)
        ]
        user = (
            "FACTS:\n" + "\n".join(lines) + f"\n\nQUESTION: {_QUESTIONS[i % len(_QUESTIONS)]}\n"
            "Answer in one or two short sentences using only the FACTS."
        )
        turns.append(
            [
                {"role": "system", "content": "You answer using only the facts given."},
                {"role": "user", "content": user},
            ]
        )
    return turns


@dataclass
class Reference:
    prompts: list[list[int]]
    outputs: list[list[int]]


def build_engine(engine: str, spec: WeightSpec, cache_dir: Path, threads: int) -> LMBackend:
    """A loaded backend for `engine` (an ENGINES name); exports the IR first if needed."""
    if engine.startswith("openvino-"):
        from models.llm.openvino_backend import OpenVINOConfig, OpenVINOLM
        from models.llm.ov_convert import ensure_ov_converted

        folder = ensure_ov_converted(spec, cache_dir, engine.split("-", 1)[1])
        lm: Any = OpenVINOLM(spec.name, folder, OpenVINOConfig(threads=threads))
    else:
        from models.llm.local import LocalConfig, TransformersLM

        weights = {"transformers-int8": "int8", "transformers-bf16": "bfloat16"}.get(
            engine, "float32"
        )
        lm = TransformersLM(spec, cache_dir, LocalConfig(threads=threads, weights=weights))
    lm.load()
    return lm  # type: ignore[no-any-return]


def greedy_ids(lm: Any, ids: list[int], max_new: int) -> tuple[list[int], float, float]:
    """(new token ids, time to first token, decode tok/s) for either local backend."""
    if hasattr(lm, "generate_ids"):
        new = lm.generate_ids(ids, max_new)
    else:
        new = list(lm.greedy_tokens(ids, max_new))
    stats = lm.last_stats
    return new, stats.first_token_s, stats.decode_tokens_per_s


def forced_top1(lm: Any, prompt: list[int], out: list[int]) -> list[int]:
    """The backend's top-1 choices at each position of `out`, given prompt + out as context."""
    if hasattr(lm, "forced_top1"):
        return list(lm.forced_top1(prompt + out, len(prompt)))
    import torch

    with torch.inference_mode():
        logits = lm.model(input_ids=torch.tensor([prompt + out]), use_cache=False).logits[0]
    return [int(t) for t in logits[len(prompt) - 1 : len(prompt) - 1 + len(out)].argmax(-1)]


def reference(
    spec: WeightSpec, cache_dir: Path, threads: int, turns: Sequence[list[Message]], max_new: int
) -> Reference:
    """fp32 greedy replies to `turns` (the agreement reference)."""
    from models.llm.local import LocalConfig, TransformersLM

    lm = TransformersLM(spec, cache_dir, LocalConfig(threads=threads, weights="float32"))
    prompts = [lm.prompt_ids(m) for m in turns]
    return Reference(prompts, [list(lm.greedy_tokens(p, max_new)) for p in prompts])


@dataclass
class _Tally:
    """One engine's running figures over the calibration turns."""

    ttfts: list[float] = field(default_factory=list)
    rates: list[float] = field(default_factory=list)
    same: list[bool] = field(default_factory=list)
    hits: int = 0
    total: int = 0
    error: str | None = None

    def result(self, engine: str) -> Measurement:
        if self.error is not None:
            return Measurement(engine, 0.0, 0.0, 0.0, 0.0, error=self.error)
        return Measurement(
            engine,
            ttft_s=round(statistics.median(self.ttfts), 3),
            decode_tok_s=round(statistics.median(self.rates), 2),
            forced_top1=round(self.hits / max(1, self.total), 4),
            same_answers=round(sum(self.same) / len(self.same), 3),
        )


def measure_all(lms: dict[str, Any], ref: Reference, max_new: int) -> list[Measurement]:
    """Time every engine on every reference prompt and score its agreement.

    Turn by turn, with the engines' order rotated each turn (as bench/chat_speed.py
    does), so load that comes and goes on a shared machine falls on all engines
    alike; the first turn is a warm-up (untimed) unless there is only one. An
    engine that fails a turn is reported with its error, the others go on.
    """
    tallies = {engine: _Tally() for engine in lms}
    names = list(lms)
    for k, (prompt, want) in enumerate(zip(ref.prompts, ref.outputs, strict=True)):
        for engine in names[k % len(names):] + names[: k % len(names)]:
            tally = tallies[engine]
            if tally.error is not None:
                continue
            try:
                got, ttft, rate = greedy_ids(lms[engine], prompt, max_new)
                pred = forced_top1(lms[engine], prompt, want) if want else []
            except Exception as exc:  # an engine that cannot run here is simply not chosen
                tally.error = f"{type(exc).__name__}: {exc}"
                continue
            tally.same.append(got == want)
            tally.hits += sum(int(a == b) for a, b in zip(pred, want, strict=True))
            tally.total += len(want)
            if k > 0 or len(ref.prompts) == 1:
                tally.ttfts.append(ttft)
                tally.rates.append(rate)
    return [tallies[engine].result(engine) for engine in names]


def calibrate(
    spec: WeightSpec,
    cache_dir: Path,
    threads: int = 2,
    engines: Sequence[str] = CALIBRATED,
    turns: int = 3,
    max_new: int = 32,
    rule: AgreementRule | None = None,
    log: Log = lambda msg: print(msg, file=sys.stderr, flush=True),
) -> tuple[str, list[Measurement]]:
    """Measure `engines`, record the choice for this CPU in the cache, return it and the figures."""
    cpu = cpu_model()
    log(f"{spec.name}: calibrating engines on {cpu} ({threads} threads, {turns} turns)")
    chat = calibration_turns(turns)
    ref = reference(spec, cache_dir, threads, chat, max_new)
    lms: dict[str, Any] = {}
    failed: dict[str, Measurement] = {}
    for engine in engines:  # all loaded at once (~1 GB each), then measured side by side
        try:
            lms[engine] = build_engine(engine, spec, cache_dir, threads)
        except Exception as exc:  # not installed, export failed...: simply not chosen
            failed[engine] = Measurement(engine, 0.0, 0.0, 0.0, 0.0,
                                         error=f"{type(exc).__name__}: {exc}")
    measured = {m.engine: m for m in measure_all(lms, ref, max_new)} if lms else {}
    results = [measured.get(engine) or failed[engine] for engine in engines]
    for m in results:
        log(f"  {m.engine:<18} ttft {m.ttft_s:.2f} s, {m.decode_tok_s:.1f} tok/s, "
            f"forced top-1 {m.forced_top1:.1%}, same replies {m.same_answers:.0%}"
            + (f" (error: {m.error})" if m.error else ""))  # fmt: skip
    choice = choose_engine(results, rule)
    path = write_choice(cache_dir, spec.name, cpu, choice, results)
    log(f"  chosen: {choice} (recorded in {path}; CLEARCART_ENGINE overrides)")
    return choice, results


__all__ = [
    "build_engine", "calibrate", "calibration_turns", "forced_top1", "greedy_ids", "measure_all",
]
