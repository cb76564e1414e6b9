"""The continuous batch's settings: prompt lookup per reply, KV cache pool and precision.

No model loads here; tests/models/test_llm_copy_decoding.py runs the real IR.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from models.llm.openvino_backend import OpenVINOConfig, OpenVINOLM
from models.llm.openvino_batch import OVBatchConfig, ov_generation_config


def test_a_reply_starting_alone_proposes_more_tokens_than_one_joining_a_batch() -> None:
    config = OVBatchConfig(lookup_tokens=5, lookup_tokens_batched=2, lookup_ngram=3)
    assert config.lookup(0) == (5, 3)
    assert config.lookup(3) == (2, 3)
    assert OVBatchConfig(prompt_lookup=False).lookup(0) is None


def test_the_lookup_settings_reach_openvinos_generation_config() -> None:
    pytest.importorskip("openvino_genai")
    cfg = ov_generation_config(64, lookup=(4, 2))
    assert (cfg.num_assistant_tokens, cfg.max_ngram_size, cfg.do_sample) == (4, 2, False)
    plain = ov_generation_config(64)
    assert not plain.num_assistant_tokens and plain.max_new_tokens == 64


def test_the_kv_cache_is_f16_by_default_and_openvinos_own_when_none(tmp_path: Path) -> None:
    lm = OpenVINOLM("qwen2.5-0.5b", tmp_path)
    assert lm.precision_properties()["KV_CACHE_PRECISION"] == "f16"
    assert lm.compile_properties()["KV_CACHE_PRECISION"] == "f16"
    default = OpenVINOLM("qwen2.5-0.5b", tmp_path, OpenVINOConfig(kv_cache_precision=None))
    assert "KV_CACHE_PRECISION" not in default.precision_properties()
