"""The project's OpenVINO int8 Qwen 0.5B, loaded for the tests that need the real engine."""

from __future__ import annotations

import pytest

from models.llm.openvino_backend import OpenVINOConfig, OpenVINOLM
from models.llm.ov_convert import ov_dir
from models.llm.weights import SPECS
from models.settings import Settings

SPEC = SPECS["qwen2.5-0.5b"]


def int8_qwen() -> OpenVINOLM:
    """The prepared int8 IR on 2 threads, loaded; the test is skipped where it is missing."""
    pytest.importorskip("openvino_genai")
    folder = ov_dir(SPEC, Settings().cache_dir, "int8")
    if not (folder / "openvino_model.xml").is_file():
        pytest.skip(f"no OpenVINO IR at {folder}; run CLEARCART_ENGINE=openvino-int8 "
                    "python -m models.prepare")  # fmt: skip
    backend = OpenVINOLM(SPEC.name, folder, OpenVINOConfig(threads=2))
    backend.load()
    return backend
