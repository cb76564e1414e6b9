"""all-MiniLM-L6-v2 run by OpenVINO: the same vectors without torch in the app.

sentence_transformers pulls in torch, transformers, scikit-learn and scipy:
about 570 MB of resident memory in the web server's process before the model
itself (measured on 2 AMD EPYC cores), and 13 s to import. `python -m
models.prepare` converts the packaged model once into an fp32 OpenVINO IR
under the cache (`ensure_embedder_ir`, which checks that its vectors match
sentence_transformers'); `OVSentenceEncoder` then runs it with the model's own
`tokenizer.json` (the `tokenizers` package), mean pooling and L2 norm, exactly
as the model's sentence-transformers modules do.
"""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from models.errors import ModelLoadError

IR_NAME = "model.xml"
# Cosine between our vectors and sentence_transformers' below this: the IR is refused.
MIN_COSINE = 0.9999
_CHECK_TEXTS = (
    "waterproof hiking boots for men",
    "a laptop with a long battery life for school",
    "Which tent is the lightest?",
    "x",
)


def ir_dir(cache_dir: Path, version: str) -> Path:
    """Where the IR of embedding model `version` ("name@package-version") lives."""
    return cache_dir / "embedder" / version.replace("@", "-")


class OVSentenceEncoder:
    """`encode(texts, batch_size) -> (n, dim) float32`, unit rows, from the IR in `folder`
    and the tokenizer of the packaged model in `model_path`."""

    def __init__(self, folder: Path, model_path: Path, threads: int | None = None) -> None:
        import openvino as ov
        from tokenizers import Tokenizer

        max_len = json.loads((model_path / "sentence_bert_config.json").read_text())[
            "max_seq_length"]
        self.tokenizer = Tokenizer.from_file(str(model_path / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=max_len)
        self.tokenizer.enable_padding()  # to the longest text of each batch
        properties: dict[str, Any] = {"INFERENCE_PRECISION_HINT": "f32"}  # torch's numbers
        if threads:
            properties["INFERENCE_NUM_THREADS"] = threads
        self.model = ov.Core().compile_model(str(folder / IR_NAME), "CPU", properties)
        self._lock = threading.Lock()  # calling a compiled model uses one infer request

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        parts = [self._batch(list(texts[i:i + batch_size]))
                 for i in range(0, len(texts), batch_size)]
        return np.concatenate(parts) if parts else np.empty((0, 0), np.float32)

    def _batch(self, texts: list[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        types = np.array([e.type_ids for e in encodings], dtype=np.int64)
        with self._lock:  # concurrent calls failed with "Infer Request is busy"
            hidden = self.model({"input_ids": ids, "attention_mask": mask,
                                 "token_type_ids": types})[0].copy()
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
        return np.ascontiguousarray(pooled / norms, dtype=np.float32)


def ensure_embedder_ir(model_path: Path, folder: Path) -> Path:
    """Convert the packaged model into `folder` once (torch, ~10 s) and check it against
    sentence_transformers; a no-op when done. ModelLoadError when the vectors differ."""
    if (folder / IR_NAME).is_file():
        return folder
    import openvino as ov
    import torch
    from sentence_transformers import SentenceTransformer

    reference_model = SentenceTransformer(str(model_path), device="cpu")
    model: Any = reference_model[0].auto_model  # its transformer, before pooling
    model.eval()
    example = {name: torch.ones((2, 8), dtype=torch.int64)
               for name in ("input_ids", "attention_mask", "token_type_ids")}
    with torch.no_grad():
        converted = ov.convert_model(model, example_input=example)
    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    ov.save_model(converted, str(tmp / IR_NAME), compress_to_fp16=False)
    reference = reference_model.encode(list(_CHECK_TEXTS), normalize_embeddings=True,
                                       convert_to_numpy=True)
    ours = OVSentenceEncoder(tmp, model_path).encode(_CHECK_TEXTS)
    cosine = float((ours * reference).sum(axis=1).min())
    if cosine < MIN_COSINE:
        shutil.rmtree(tmp, ignore_errors=True)
        raise ModelLoadError(
            f"The OpenVINO embedder's vectors differ from sentence_transformers' "
            f"(cosine {cosine:.6f} < {MIN_COSINE}).",
            fix="report it; meanwhile set EmbedderConfig(runtime='torch')")
    shutil.rmtree(folder, ignore_errors=True)
    tmp.rename(folder)
    return folder


__all__ = ["IR_NAME", "MIN_COSINE", "OVSentenceEncoder", "ensure_embedder_ir", "ir_dir"]
