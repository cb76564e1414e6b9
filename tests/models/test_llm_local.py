"""The local transformers backend with real SmolLM2 weights (converted once, cached).

One torch thread: the test machine is shared, and with more threads than free
cores torch's OpenMP barriers make decoding several times slower.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from models.errors import InputError
from models.llm.base import GenerationConfig
from models.llm.local import MIN_FRESH_TOKENS, LocalConfig, TransformersLM
from models.llm.weights import SMOLLM2
from models.settings import Settings

pytestmark = pytest.mark.slow

SYSTEM = (
    "You are a shop assistant. Answer from these facts only.\n"
    "- Acme Laptop 14: $649.99, rating 4.5 (120 reviews), 16GB RAM.\n"
    "- Zeta Tablet 11: $329.00, rating 4.1 (88 reviews), 128GB storage."
)
QUESTIONS = ["Which laptop do you have?", "Is there a tablet under $400?", "What is cheaper?"]


def _messages(question: str) -> list[dict[str, str]]:
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": question}]


@pytest.fixture(scope="module")
def exact_lm() -> TransformersLM:
    """fp32, no prefix cache: the reference the fast paths must match."""
    lm = TransformersLM(
        SMOLLM2,
        Settings.from_env().cache_dir,
        LocalConfig(threads=1, weights="float32", prefix_cache=False),
    )
    lm.load()
    return lm


def _generate_ids(lm: TransformersLM, ids: list[int], n: int) -> list[int]:
    import torch

    with torch.inference_mode():
        out = lm.model.generate(
            input_ids=torch.tensor([ids]),
            attention_mask=torch.ones(1, len(ids), dtype=torch.long),
            max_new_tokens=n,
            do_sample=False,
        )
    new = out[0, len(ids) :].tolist()
    eos = lm._eos
    return new[: next((i for i, t in enumerate(new) if t in eos), len(new))]


@pytest.mark.parametrize("question", QUESTIONS[:2])
def test_fast_loop_equals_model_generate(exact_lm: TransformersLM, question: str) -> None:
    ids = exact_lm.prompt_ids(_messages(question))
    ours = list(exact_lm.greedy_tokens(ids, 40))
    assert ours, "the model produced nothing"
    assert ours == _generate_ids(exact_lm, ids, 40)


def test_prefix_cache_reuses_system_prompt_and_keeps_output(exact_lm: TransformersLM) -> None:
    cached = TransformersLM(
        SMOLLM2, exact_lm.cache_dir, LocalConfig(threads=1, weights="float32", prefix_cache=True)
    )
    cached._tokenizer, cached._model, cached._eos = (
        exact_lm._tokenizer,
        exact_lm._model,
        exact_lm._eos,
    )
    config = GenerationConfig(max_new_tokens=24)
    for question in QUESTIONS:
        got = cached.generate(_messages(question), config)
        assert got == exact_lm.generate(_messages(question), config)
    stats = cached.last_stats
    system_len = len(exact_lm.prompt_ids([{"role": "system", "content": SYSTEM}]))
    # the whole system block came from the cache, bar the last MIN_FRESH_TOKENS of the prompt
    assert stats.reused_tokens >= min(system_len - 2, stats.prompt_tokens - MIN_FRESH_TOKENS)
    assert stats.reused_tokens < stats.prompt_tokens


def test_stream_equals_generate_and_is_deterministic(exact_lm: TransformersLM) -> None:
    config = GenerationConfig(max_new_tokens=40)
    chunks = list(exact_lm.stream(_messages(QUESTIONS[0]), config))
    assert len(chunks) > 3  # streamed token by token, not one blob
    text = "".join(chunks)
    assert text.strip()
    assert text == exact_lm.generate(_messages(QUESTIONS[0]), config)
    assert exact_lm.last_stats.new_tokens <= 40


def test_stop_string_cuts_real_output(exact_lm: TransformersLM) -> None:
    full = exact_lm.generate(_messages(QUESTIONS[0]), GenerationConfig(max_new_tokens=40))
    words = full.split()
    assert len(words) >= 4, full
    stop = " " + words[2]
    cut = exact_lm.generate(
        _messages(QUESTIONS[0]), GenerationConfig(max_new_tokens=40, stop=(stop,))
    )
    assert cut == full[: full.index(stop)]


def test_bfloat16_default_answers_the_same_question(exact_lm: TransformersLM) -> None:
    fast = TransformersLM(
        SMOLLM2, exact_lm.cache_dir, LocalConfig(threads=1)
    )  # bf16 + prefix cache
    config = GenerationConfig(max_new_tokens=20)
    text = fast.generate(_messages(QUESTIONS[0]), config)
    ref = exact_lm.generate(_messages(QUESTIONS[0]), config)
    assert text.strip()
    # bf16 rounding may flip a late near-tie; the opening words must agree.
    assert text.split()[:3] == ref.split()[:3]


def _teacher_forced_top1(lm: TransformersLM, ids: list[int], ref: list[int]) -> float:
    import torch

    with torch.inference_mode():
        logits = lm.model(input_ids=torch.tensor([ids + ref]), use_cache=False).logits[0]
    pred = logits[len(ids) - 1 : len(ids) - 1 + len(ref)].argmax(-1).tolist()
    return sum(int(a == b) for a, b in zip(pred, ref, strict=True)) / len(ref)


def test_int8_default_keeps_the_reference_answer(exact_lm: TransformersLM) -> None:
    """With the fp32 answer as context, int8 picks the same next token almost always.

    (bench/chat_speed.py: int8 weight-only 99% here, torch.ao dynamic int8 ~72%.)
    """
    fast = TransformersLM(SMOLLM2, exact_lm.cache_dir, LocalConfig(threads=1))
    assert fast.config.weights == "int8"
    hits = []
    for question in QUESTIONS:
        ids = exact_lm.prompt_ids(_messages(question))
        ref = list(exact_lm.greedy_tokens(ids, 32))
        hits.append(_teacher_forced_top1(fast, ids, ref))
    assert min(hits) >= 0.9, hits
    assert fast.generate(_messages(QUESTIONS[0]), GenerationConfig(max_new_tokens=8)).strip()


def test_unknown_weight_format_is_rejected_before_loading() -> None:
    with pytest.raises(InputError, match="int8, bfloat16, float32"):
        TransformersLM(SMOLLM2, Settings.from_env().cache_dir, LocalConfig(weights="fp4"))


def test_int8_loads_from_its_cached_file_equal_to_quantizing_fp32(tmp_path: Path) -> None:
    import shutil

    import torch
    from transformers import AutoModelForCausalLM

    from models.llm.convert import ensure_converted
    from models.llm.int8_store import int8_path, load_int8
    from models.llm.quant import Int8Linear, quantize_int8_weight_only

    source = ensure_converted(SMOLLM2, Settings.from_env().cache_dir)
    folder = tmp_path / "smollm2"
    shutil.copytree(source, folder, ignore=shutil.ignore_patterns("int8-*.pt"))
    assert not int8_path(folder).exists()
    built = load_int8(folder)  # builds the file, then maps it
    assert int8_path(folder).exists()
    again = load_int8(folder)  # straight from the file: no fp32 model is made
    reference = AutoModelForCausalLM.from_pretrained(str(folder), dtype=torch.float32)
    quantize_int8_weight_only(reference)
    ref = dict(reference.named_buffers())
    layers = [(n, m) for n, m in again.named_modules() if isinstance(m, Int8Linear)]
    assert len(layers) > 100
    for name, module in layers:
        assert torch.equal(module.qweight, ref[f"{name}.qweight"])
        assert torch.equal(module.scale, ref[f"{name}.scale"])
    ids = torch.tensor([[1, 2, 3, 4, 5]])
    with torch.inference_mode():
        assert torch.equal(again(input_ids=ids).logits, reference(input_ids=ids).logits)
        assert torch.equal(built(input_ids=ids).logits, again(input_ids=ids).logits)
