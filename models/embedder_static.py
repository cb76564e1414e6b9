"""all-MiniLM-L6-v2 as a table of token vectors: a large catalog embedded in seconds.

The full model reads every token of every text: on 2 cores it embeds 15-40 product
documents a second (~170 tokens each), so 100,000 products would take an hour or more.
A static table holds, for each of the model's 30,522 word pieces, the model's own sentence
vector of that piece alone ("[CLS] piece [SEP]", mean-pooled, unit length); a text's
vector is the sum of its pieces' rows less the rows' shared direction, L2-normalised
(each distinct word cut into pieces once): seconds for 100,000 product texts (the
model2vec idea, without its distillation step).
Measured against the full model on the demo, outdoor and home shops' questions, plain
means kept as many of its top-10 products as frequency-weighted ones (SIF, a = 1e-3 to
3e-2) or means over word pieces alone, so the mean is plain.

The table is built once per model version from the OpenVINO IR (`python -m models.prepare`
does it, ~1-2 minutes on 2 cores) and memory-mapped from the cache. Queries must be embedded
by a `StaticEmbedder` too: its vectors are not in the full model's space.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

TABLE_NAME = "static-tokens.npy"
# Word pieces per forward pass while building the table.
BUILD_BATCH = 512
_CLS, _SEP = 101, 102  # the BERT vocabulary's [CLS] and [SEP]


def table_path(folder: Path) -> Path:
    """Where the token table of the embedder IR in `folder` lives."""
    return folder / TABLE_NAME


def build_table(model: Any, vocab_size: int, progress: bool = True) -> np.ndarray:
    """(vocab_size, dim) float32: each word piece's sentence vector alone, unit rows.

    `model` is the compiled OpenVINO model of `OVSentenceEncoder` (inputs input_ids,
    attention_mask, token_type_ids; output the last hidden states)."""
    starts = range(0, vocab_size, BUILD_BATCH)
    if progress:
        from tqdm import tqdm

        starts = tqdm(starts, desc="static embedder table (once)", unit="batch")  # type: ignore[assignment]
    rows = []
    for lo in starts:
        ids = np.arange(lo, min(lo + BUILD_BATCH, vocab_size), dtype=np.int64)
        batch = np.stack([np.full_like(ids, _CLS), ids, np.full_like(ids, _SEP)], axis=1)
        hidden = model({"input_ids": batch, "attention_mask": np.ones_like(batch),
                        "token_type_ids": np.zeros_like(batch)})[0]
        pooled = np.asarray(hidden, dtype=np.float32).mean(axis=1)
        rows.append(pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None))
    return np.ascontiguousarray(np.concatenate(rows), dtype=np.float32)


def ensure_table(folder: Path, model: Any, vocab_size: int, progress: bool = True) -> Path:
    """Build the table next to the IR once (written atomically); its path."""
    path = table_path(folder)
    if not path.is_file():
        table = build_table(model, vocab_size, progress)
        tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp.npy")
        np.save(tmp, table, allow_pickle=False)
        os.replace(tmp, path)
    return path


class StaticEmbedder:
    """`encode(texts) -> (n, dim) float32`, unit rows, from a token table.

    Texts are split into words (lower case, runs of letters and digits) and each distinct
    word is cut into word pieces once; the texts' piece counts (texts x words times words x
    pieces, sparse) times the table give the sums: 100,000 product texts in seconds.
    """

    semantic = True  # a meaning space (ProductIndex leans on the cosine)

    def __init__(self, table: np.ndarray, tokenizer: Any, version: str = "") -> None:
        self.table = table
        self.tokenizer = tokenizer
        self.dim = int(table.shape[1])
        self.version = f"{version}+static" if version else "static"
        self._shared = np.asarray(table.mean(axis=0), dtype=np.float32)

    def encode(self, texts: Sequence[str], progress: bool = False) -> np.ndarray:
        if isinstance(texts, str):
            raise TypeError("encode() takes a list of texts, not one string")
        from scipy import sparse

        owner, word, words = _words(texts)
        by_word = _counts(sparse, _pieces(self.tokenizer, words), self.table.shape[0])
        by_text = sparse.csr_matrix((np.ones(len(word), np.float32), (owner, word)),
                                    shape=(len(texts), len(words)))  # repeats add up
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        starts: Iterable[int] = range(0, len(texts), _CHUNK)
        if progress:
            from tqdm import tqdm

            starts = tqdm(starts, desc="embedding products (static)", unit="chunk", leave=False)
        for lo in starts:
            counts = by_text[lo:lo + _CHUNK] @ by_word  # texts x word pieces
            sums = np.asarray(counts @ self.table, dtype=np.float32)
            sums -= np.asarray(counts.sum(axis=1), dtype=np.float32) * self._shared
            out[lo:lo + len(sums)] = sums
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms > 0, norms, 1.0)


# Texts summed per step (bounds the sparse product's size).
_CHUNK = 8192


def _words(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(text of each word, id of each word, the distinct words): texts lower-cased and cut
    at every run of characters that are neither letters nor digits (pyarrow, no Python
    loop per word); punctuation is dropped, as it says little about a product."""
    import pyarrow as pa
    import pyarrow.compute as pc

    split = pc.split_pattern_regex(pc.utf8_lower(pa.array(list(texts), pa.large_string())),
                                   r"[^\p{L}\p{N}]+")
    lengths = np.diff(np.asarray(split.offsets))
    flat = pc.list_flatten(split)
    keep = np.asarray(pc.not_equal(flat, ""), dtype=bool)
    owner = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)[keep]
    encoded = pc.dictionary_encode(flat.filter(pa.array(keep)))
    return owner, np.asarray(encoded.indices, dtype=np.int64), encoded.dictionary.to_pylist()


def _counts(sparse: Any, rows: Sequence[Sequence[int] | np.ndarray], width: int) -> Any:
    """A CSR matrix counting each row's ids (repeats add up)."""
    lengths = np.fromiter((len(r) for r in rows), np.int64, len(rows))
    indptr = np.concatenate(([0], np.cumsum(lengths)))
    flat = np.fromiter((i for r in rows for i in r), np.int64, int(indptr[-1]))
    matrix = sparse.csr_matrix((np.ones(len(flat), np.float32), flat, indptr),
                               shape=(len(rows), width))
    matrix.sum_duplicates()
    return matrix


def _pieces(tokenizer: Any, texts: Sequence[str], chunk: int = 4096) -> list[np.ndarray]:
    """Each text's word-piece ids, without [CLS]/[SEP] (`tokenizer` pads nothing)."""
    out: list[np.ndarray] = []
    for lo in range(0, len(texts), chunk):
        encodings = tokenizer.encode_batch(list(texts[lo:lo + chunk]), add_special_tokens=False)
        out += [np.asarray(e.ids, dtype=np.int32) for e in encodings]
    return out


def piece_tokenizer(model_path: Path, max_pieces: int) -> Any:
    """The model's own word-piece tokenizer, truncating at `max_pieces`, no padding."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(model_path / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=max_pieces)
    return tokenizer


__all__ = ["TABLE_NAME", "StaticEmbedder", "build_table", "ensure_table",
           "piece_tokenizer", "table_path"]
