"""OpenVINOLM on the real int8 IR of the default model (exported by `python -m models.prepare`)."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from models.llm.base import GenerationConfig
from models.llm.openvino_backend import OpenVINOLM
from models.settings import Settings

from fakes import generate_at_once
from ov_testkit import SPEC, int8_qwen

pytestmark = pytest.mark.slow

ASK = [
    {"role": "system", "content": "Answer in one short sentence."},
    {"role": "user", "content": "Item A costs $12 and item B costs $30. Which is cheaper?"},
]


@pytest.fixture(scope="module")
def lm() -> OpenVINOLM:
    return int8_qwen()


def test_streams_a_grounded_answer(lm: OpenVINOLM) -> None:
    chunks = list(lm.stream(ASK, GenerationConfig(max_new_tokens=40)))
    assert len(chunks) > 1
    assert "A" in "".join(chunks)
    assert lm.last_stats.new_tokens > 1 and lm.last_stats.first_token_s > 0


def test_stop_string_and_early_close(lm: OpenVINOLM) -> None:
    full = lm.generate(ASK, GenerationConfig(max_new_tokens=40))
    cut = full.split(" ")[2]
    assert cut not in lm.generate(ASK, GenerationConfig(max_new_tokens=40, stop=(cut,)))
    stream = lm.stream(ASK, GenerationConfig(max_new_tokens=200))
    next(stream)
    stream.close()  # the worker stops; the next call is not blocked
    assert lm.generate(ASK, GenerationConfig(max_new_tokens=40)) == full


def test_complete_json_follows_the_schema(lm: OpenVINOLM) -> None:
    schema = {
        "type": "object",
        "properties": {"cheaper": {"type": "string", "enum": ["A", "B"]},
                       "price": {"type": "integer"}},
        "required": ["cheaper", "price"],
        "additionalProperties": False,
    }  # fmt: skip
    out = json.loads(lm.complete_json(ASK, schema, max_new_tokens=40))
    assert set(out) == {"cheaper", "price"} and out["cheaper"] in ("A", "B")


def test_greedy_tokens_agree_with_fp32(lm: OpenVINOLM) -> None:
    from models.llm.local import LocalConfig, TransformersLM

    ref = TransformersLM(SPEC, Settings().cache_dir, LocalConfig(weights="float32"))
    ids = ref.prompt_ids(ASK)
    assert ids == lm.prompt_ids(ASK)  # same chat template, same tokens
    want = list(ref.greedy_tokens(ids, 24))
    pred = lm.forced_top1(ids + want, len(ids))
    assert sum(a == b for a, b in zip(pred, want, strict=True)) / len(want) >= 0.95


def test_continuous_batching_gives_the_single_replies(lm: OpenVINOLM) -> None:
    from models.llm.serving import ServingLM

    prompts = [[{"role": "user", "content": q}] for q in (
        "What is the capital of France? Answer briefly.", "Name three colors of a rainbow.",
        "Count from one to five in words.", "What is 12 times 3?")]
    config = GenerationConfig(max_new_tokens=20)
    single = [lm.generate(p, config) for p in prompts]
    serving = ServingLM(lm)
    assert generate_at_once(serving, prompts, config) == single
    assert serving.batched and serving.peak_batch >= 2


def spins_per_step(batch: Any, steps: int = 12) -> float:
    """How often another Python thread gets to run (1 ms sleeps) per batch step."""
    count, stop = [0], threading.Event()

    def spin() -> None:
        while not stop.is_set():
            count[0] += 1
            time.sleep(0.001)

    ids = list(range(1000, 1400))
    keys = [batch.add(ids[i:] + ids[:i], steps) for i in range(2)]
    thread = threading.Thread(target=spin)
    thread.start()
    for _ in range(steps):
        batch.step()
    stop.set()
    thread.join()
    for key in keys:
        batch.drop(key)
    return count[0] / steps


def test_batch_steps_run_in_a_child_and_leave_our_threads_free(lm: OpenVINOLM) -> None:
    from models.llm.openvino_batch import OVContinuousBatch
    from models.llm.ov_worker import OVProcessBatch

    child = OVProcessBatch(lm.folder, lm.compile_properties(), lm.tokenizer.all_special_ids)
    try:
        assert child.pid != os.getpid()
        free = spins_per_step(child)
    finally:
        child.close()
    assert child._proc.returncode == 0
    in_process = spins_per_step(OVContinuousBatch.for_lm(lm))  # step() holds the GIL
    assert free >= 5 and free >= 3 * in_process, (free, in_process)


def test_the_worker_says_what_failed(tmp_path: Path, lm: OpenVINOLM) -> None:
    from models.errors import ModelLoadError
    from models.llm.ov_worker import OVProcessBatch

    with pytest.raises(ModelLoadError, match="OpenVINO worker failed on 'start'") as info:
        OVProcessBatch(tmp_path, {}, [])
    assert "models.prepare" in str(info.value)


def test_a_killed_worker_is_started_again(lm: OpenVINOLM) -> None:
    from models.llm.serving import ServingLM

    serving = ServingLM(lm)
    config = GenerationConfig(max_new_tokens=12)
    before = "".join(serving.stream(ASK, config))
    worker = lm.lockstep_batch()
    os.kill(worker.pid, signal.SIGKILL)  # as the kernel's OOM killer would
    worker._proc.wait()
    assert not worker.alive
    assert "".join(serving.stream(ASK, config)) == before  # served by a new worker
    assert lm.lockstep_batch().pid != worker.pid


def _rss_file_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("RssFile:"):
            return int(line.split()[1]) / 1024
    raise AssertionError(f"no RssFile for {pid}")


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="needs Linux /proc")
def test_the_worker_hands_back_the_mapped_weights_it_copied(lm: OpenVINOLM) -> None:
    from models.llm.openvino_batch import OVBatchConfig
    from models.llm.ov_worker import OVProcessBatch
    from models.llm.serving import ServingLM

    weights_mb = (lm.folder / "openvino_model.bin").stat().st_size / 2**20
    config = GenerationConfig(max_new_tokens=16)
    kept = OVProcessBatch(lm.folder, lm.compile_properties(), lm.tokenizer.all_special_ids,
                          OVBatchConfig(release_mapped_weights=False))
    try:
        key = kept.add(lm.prompt_ids(ASK), 16)
        while not any(k == key and t is None for k, t in kept.step()):
            pass
        assert _rss_file_mb(kept.pid) > 0.6 * weights_mb  # the engine read them all
    finally:
        kept.close()
    serving = ServingLM(lm)
    first = "".join(serving.stream(ASK, config))
    pid = lm.lockstep_batch().pid
    assert _rss_file_mb(pid) < 0.4 * weights_mb
    assert "".join(serving.stream(ASK, config)) == first  # the weights still read back
