"""MiniLM's static token table: a large catalog's encoder (models/embedder_static.py)."""

from __future__ import annotations

import numpy as np
import pytest

from models.embedder import Embedder, EmbedderConfig, model_path
from models.embedder_static import StaticEmbedder, build_table, piece_tokenizer


class ToyModel:
    """Stands in for the compiled IR: each piece's hidden state is one-hot on its id."""

    def __call__(self, inputs: dict[str, np.ndarray]) -> list[np.ndarray]:
        ids = inputs["input_ids"]
        out = np.zeros((*ids.shape, 64), dtype=np.float32)
        np.put_along_axis(out, (ids % 64)[..., None], 1.0, axis=2)
        return [out]


@pytest.fixture(scope="module")
def toy() -> StaticEmbedder:
    table = build_table(ToyModel(), vocab_size=30522, progress=False)
    return StaticEmbedder(table, piece_tokenizer(model_path(), 254), "toy")


def test_table_rows_are_unit_vectors_of_each_piece_alone() -> None:
    table = build_table(ToyModel(), vocab_size=1000, progress=False)
    assert table.shape == (1000, 64) and table.dtype == np.float32
    assert np.allclose(np.linalg.norm(table, axis=1), 1.0)


def test_a_text_is_the_bag_of_its_words(toy: StaticEmbedder) -> None:
    v = toy.encode(["waterproof hiking boots", "Boots, HIKING; waterproof!", "", "laptop"])
    assert v.shape == (4, 64) and v.dtype == np.float32
    assert np.allclose(v[0], v[1], atol=1e-6)  # order, case and punctuation do not matter
    assert not v[2].any()  # nothing to say: the zero vector
    assert np.isclose(np.linalg.norm(v[3]), 1.0)
    assert np.array_equal(toy.encode(["laptop"]), toy.encode(["laptop"]))  # deterministic
    with pytest.raises(TypeError):
        toy.encode("laptop")  # type: ignore[arg-type]


def test_the_model_embeds_a_small_catalog_and_its_table_a_large_one(
        toy: StaticEmbedder, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = ["MSR Pocket Rocket stove", "Jetboil Flash cooking system", "Lodge skillet"]
    small = Embedder(config=EmbedderConfig(max_model_texts=3))
    monkeypatch.setattr(small, "encode_cached", lambda t, progress=False: np.ones((len(t), 384)))
    encoder, vectors = small.for_catalog(texts)
    assert encoder is small and vectors.shape == (3, 384)
    large = Embedder(config=EmbedderConfig(max_model_texts=2))
    monkeypatch.setattr(large, "static", lambda progress=False: toy)
    encoder, vectors = large.for_catalog(texts)
    assert encoder is toy and np.array_equal(vectors, toy.encode(texts))
