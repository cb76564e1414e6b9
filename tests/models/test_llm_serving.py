"""Serving many shoppers from one model: bounded queue, no lock across a read, batching."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from types import SimpleNamespace
from typing import Any

import pytest

from models.errors import BackendError, ServerBusy
from models.llm.base import GenerationConfig, LMBackend, Message
from models.llm.serving import ServingConfig, ServingLM

from fakes import generate_at_once


class GatedLM(LMBackend):
    """Yields words; each reply waits for `gate` first (to hold the worker busy)."""

    name = "gated"

    def __init__(self, words: int = 5, delay: float = 0.0) -> None:
        self.gate = threading.Event()
        self.gate.set()
        self.words, self.delay = words, delay
        self.served: list[str] = []
        self.produced = 0

    def stream(self, messages: Sequence[Message], config: GenerationConfig | None = None
               ) -> Iterator[str]:
        self.gate.wait(10)
        self.served.append(messages[-1]["content"])
        for i in range(self.words):
            time.sleep(self.delay)
            self.produced += 1
            yield f"w{i} "


def ask(text: str) -> list[Message]:
    return [{"role": "user", "content": text}]


def test_a_full_queue_says_busy_at_once_never_hangs() -> None:
    lm = GatedLM()
    lm.gate.clear()  # the worker is stuck on the first request
    serving = ServingLM(lm, ServingConfig(max_waiting=2))
    first = serving.stream(ask("first"))
    threading.Thread(target=lambda: list(first), daemon=True).start()
    time.sleep(0.3)  # the worker took "first" and waits on the gate
    waiting = [serving.stream(ask(f"q{i}")) for i in range(2)]
    for gen in waiting:
        threading.Thread(target=lambda g=gen: list(g), daemon=True).start()
    time.sleep(0.3)
    start = time.perf_counter()
    with pytest.raises(ServerBusy, match="try again in a moment"):
        list(serving.stream(ask("one too many")))
    assert time.perf_counter() - start < 1.0
    lm.gate.set()


def test_a_request_not_started_in_time_is_told_busy() -> None:
    lm = GatedLM()
    lm.gate.clear()
    serving = ServingLM(lm, ServingConfig(max_wait_s=0.5))
    threading.Thread(target=lambda: list(serving.stream(ask("slow"))), daemon=True).start()
    time.sleep(0.2)
    start = time.perf_counter()
    with pytest.raises(ServerBusy):
        list(serving.stream(ask("queued")))
    assert 0.4 < time.perf_counter() - start < 2.0
    lm.gate.set()
    time.sleep(0.2)
    assert "queued" not in lm.served  # given up, never generated


def test_a_client_that_stops_reading_stalls_nobody_and_is_dropped() -> None:
    lm = GatedLM(words=200, delay=0.01)
    serving = ServingLM(lm, ServingConfig(client_timeout_s=0.3))
    stalled = serving.stream(ask("reads one chunk and walks away"))
    assert next(stalled) == "w0 "
    start = time.perf_counter()
    other = "".join(ServingLM.stream(serving, ask("next shopper")))
    assert other.startswith("w0 w1")
    assert time.perf_counter() - start < 2.5  # not 200 words x 0.01 s behind the stalled one
    assert lm.produced < 2 * 200  # the stalled reply was cut off, not generated to the end


def test_requests_are_served_first_come_first_served() -> None:
    lm = GatedLM(words=1)
    lm.gate.clear()
    serving = ServingLM(lm)
    threads = []
    for i in range(5):
        t = threading.Thread(target=lambda i=i: list(serving.stream(ask(f"q{i}"))), daemon=True)
        t.start()
        threads.append(t)
        time.sleep(0.05)
    lm.gate.set()
    for t in threads:
        t.join(5)
    assert lm.served == [f"q{i}" for i in range(5)]


def test_backend_errors_reach_the_client() -> None:
    class Broken(LMBackend):
        name = "broken"

        def stream(self, messages: Sequence[Message], config: GenerationConfig | None = None
                   ) -> Iterator[str]:
            yield "The "
            raise BackendError("server went away", fix="retry")

    with pytest.raises(BackendError, match="went away"):
        list(ServingLM(Broken()).stream(ask("x")))


# -- batching ----------------------------------------------------------------------------
class FakeBatch:
    """Lockstep rows over scripted token lists (one token per step), recording batch sizes."""

    def __init__(self, script: dict[int, list[int]], per_step: int = 1) -> None:
        self.script = script
        self.per_step = per_step  # tokens a row gets a step (prompt lookup gives several)
        self.rows: dict[int, list[int]] = {}
        self.sizes: list[int] = []
        self._key = 0

    def __len__(self) -> int:
        return len(self.rows)

    def add(self, ids: list[int], budget: int) -> int:
        self.rows[self._key] = list(self.script[ids[0]])[:budget]
        self._key += 1
        return self._key - 1

    def step(self) -> list[tuple[int, int | None]]:
        self.sizes.append(len(self.rows))
        time.sleep(0.02)
        events: list[tuple[int, int | None]] = []
        for key, tokens in list(self.rows.items()):
            events += [(key, tokens.pop(0)) for _ in range(min(self.per_step, len(tokens)))]
            if not tokens:
                events.append((key, None))
                del self.rows[key]
        return events

    def drop(self, key: int) -> None:
        self.rows.pop(key, None)

    def drop_rows(self, keep: list[int]) -> None:
        if not keep:
            self.rows.clear()


class BatchingLM(LMBackend):
    name = "batching"

    def __init__(self, script: dict[int, list[int]]) -> None:
        self.batch = FakeBatch(script)
        self.config = SimpleNamespace(max_new_tokens=512, stop=())
        self.tokenizer = SimpleNamespace(
            decode=lambda ids, skip_special_tokens=True: "".join(f"t{i} " for i in ids))

    def prompt_ids(self, messages: Sequence[Message]) -> list[int]:
        return [int(messages[-1]["content"])]

    def lockstep_batch(self) -> Any:
        return self.batch

    def stream(self, messages: Sequence[Message], config: GenerationConfig | None = None
               ) -> Iterator[str]:
        raise AssertionError("a batching backend is served through lockstep_batch")


def test_a_late_request_joins_the_running_batch_between_steps() -> None:
    lm = BatchingLM({1: list(range(40)), 2: [7, 8, 9]})
    serving = ServingLM(lm, ServingConfig(max_batch=4))
    out: dict[str, str] = {}
    first = threading.Thread(target=lambda: out.update(a="".join(serving.stream(ask("1")))))
    first.start()
    time.sleep(0.15)  # a few steps in
    out["b"] = "".join(serving.stream(ask("2")))
    first.join(5)
    assert out["b"] == "t7 t8 t9 "
    assert out["a"] == "".join(f"t{i} " for i in range(40))
    assert max(lm.batch.sizes) == 2 and lm.batch.sizes[0] == 1  # joined mid-flight
    assert serving.peak_batch == 2


def test_stop_strings_end_a_batched_row_early() -> None:
    lm = BatchingLM({1: [1, 2, 3, 4, 5, 6]})
    got = "".join(ServingLM(lm).stream(ask("1"), GenerationConfig(stop=("t4",))))
    assert got == "t1 t2 t3 "
    assert len(lm.batch.sizes) <= 5  # the row left at the stop, not at the end of its script


def test_several_tokens_a_step_are_all_shown_and_stop_strings_still_cut() -> None:
    lm = BatchingLM({1: list(range(10)), 2: [1, 2, 3, 4, 5, 6]})
    lm.batch.per_step = 4  # as prompt-lookup decoding gives them
    serving = ServingLM(lm)
    assert "".join(serving.stream(ask("1"))) == "".join(f"t{i} " for i in range(10))
    assert "".join(serving.stream(ask("2"), GenerationConfig(stop=("t3",)))) == "t1 t2 "
    assert len(lm.batch.sizes) == 3 + 1  # 10 tokens in 3 steps, the stop in the first


def test_a_slow_model_start_is_not_a_client_that_stopped_reading() -> None:
    lm = BatchingLM({1: [1, 2, 3, 4]})
    batch = lm.batch

    def slow_start() -> Any:
        time.sleep(0.6)  # a worker process starting on a loaded machine
        return batch

    lm.lockstep_batch = slow_start  # type: ignore[method-assign]
    serving = ServingLM(lm, ServingConfig(client_timeout_s=0.3))
    assert "".join(serving.stream(ask("1"))) == "t1 t2 t3 t4 "


class DyingBatch(FakeBatch):
    """A batch whose worker dies at its first step; every call after that fails."""

    alive = True

    def step(self) -> list[tuple[int, int | None]]:
        self.alive = False
        raise BackendError("The OpenVINO worker process stopped (exit code -9).", fix="retry")

    def drop_rows(self, keep: list[int]) -> None:
        raise BackendError("The OpenVINO worker process stopped.", fix="retry")


def test_a_batch_that_died_is_replaced_at_the_next_request() -> None:
    lm = BatchingLM({1: [1, 2], 2: [5, 6]})
    healthy, lm.batch = lm.batch, DyingBatch({1: [1, 2]})
    served = {"batches": 0}
    batches = iter([lm.batch, healthy])

    def next_batch() -> Any:
        served["batches"] += 1
        return next(batches)

    lm.lockstep_batch = next_batch  # type: ignore[method-assign]
    serving = ServingLM(lm)
    with pytest.raises(BackendError, match="failed mid-reply"):
        "".join(serving.stream(ask("1")))
    assert "".join(serving.stream(ask("2"))) == "t5 t6 "  # a fresh batch, the same worker
    assert served["batches"] == 2


@pytest.mark.slow
def test_real_model_batched_replies_equal_single_ones() -> None:
    from models.llm import load_lm
    from models.settings import Settings

    lm = load_lm("default", Settings.from_env())
    prompts = [ask(q) for q in ("What is the capital of France? Answer briefly.",
                                "Name three colors of a rainbow.",
                                "Count from one to five in words.")]
    config = GenerationConfig(max_new_tokens=20)
    single = [lm.generate(p, config) for p in prompts]
    serving = ServingLM(lm)
    assert generate_at_once(serving, prompts, config) == single
    assert serving.peak_batch >= 2
