"""BM25's postings in flat arrays score exactly as the one-document-at-a-time loop did."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import numpy as np

from assistant.catalog import load_catalog
from assistant.qa.knowledge.retrieval import BM25, lexical_tokens

DATA = Path(__file__).resolve().parents[3] / "data"


class LoopBM25:
    """The implementation BM25 replaced (postings as lists of (document, tf) tuples)."""

    def __init__(self, docs: list[list[str]], k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.n = len(docs)
        self.lengths = np.array([len(d) for d in docs], dtype=np.float32)
        self.avg = float(self.lengths.mean()) if self.n else 1.0
        self.postings: dict[str, list[tuple[int, int]]] = {}
        for i, doc in enumerate(docs):
            for term, tf in Counter(doc).items():
                self.postings.setdefault(term, []).append((i, tf))
        self.idf = {t: math.log(1 + (self.n - len(p) + 0.5) / (len(p) + 0.5))
                    for t, p in self.postings.items()}

    def scores(self, query: list[str]) -> np.ndarray:
        out = np.zeros(self.n, dtype=np.float32)
        norm = self.k1 * (1 - self.b + self.b * self.lengths / max(self.avg, 1e-9))
        for term in set(query):
            for i, tf in self.postings.get(term, ()):
                out[i] += self.idf[term] * tf * (self.k1 + 1) / (tf + norm[i])
        return out


def test_array_postings_score_bit_for_bit_like_the_loop() -> None:
    for src in (None, DATA / "outdoor_kitchen.csv", DATA / "home_apparel.csv"):
        products = load_catalog(src).products
        docs = [lexical_tokens(f"{p.title} {p.title} {p.category} " + " ".join(p.features))
                for p in products]
        new, old = BM25(docs), LoopBM25(docs)
        assert new.idf == old.idf
        queries = [d[:k] for d in docs[::7] for k in (1, 3, 8)] + [["tent"], []]
        for q in queries:
            assert np.array_equal(new.scores(q), old.scores(q)), q


def test_postings_of_a_term_are_its_documents_in_order() -> None:
    bm = BM25([["stove", "stove", "camp"], ["camp", "chair"], ["camp", "cooler"]])
    docs, tf = bm.postings("camp")
    assert docs.tolist() == [0, 1, 2] and tf.tolist() == [1, 1, 1]
    assert bm.postings("stove")[1].tolist() == [2] and len(bm.postings("tent")[0]) == 0
