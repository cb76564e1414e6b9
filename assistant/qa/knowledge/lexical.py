"""The words of a catalog's products: BM25 over "title title category features", title idf.

`lexical_index(products)` tokenises every title, category and feature (each distinct
category or feature once) into a `LexicalIndex`; `BM25` keeps its postings in flat
arrays (small at 100,000 products, each query term scored with numpy).
`assistant.qa.knowledge.retrieval` fuses it with the embedding cosine.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from assistant.catalog import Product


def tokens(text: str) -> list[str]:
    """Lower-case ASCII word tokens; '17.3"' -> ['17', '3'], 'i7-1360P' -> ['i7', '1360p']."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.findall(r"[a-z0-9]+", ascii_text)


class BM25:
    """Okapi BM25 over token lists, its postings in flat arrays (small in memory at 100,000
    products, and each query term scored with numpy rather than a Python loop)."""

    def __init__(self, docs: list[list[str]], k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.n = len(docs)
        self.lengths = np.array([len(d) for d in docs], dtype=np.float32)
        self.avg = float(self.lengths.mean()) if self.n else 1.0
        term_id: dict[str, int] = {}
        terms: list[int] = []
        doc_of: list[int] = []
        freq: list[int] = []
        for i, doc in enumerate(docs):
            for term, tf in Counter(doc).items():
                terms.append(term_id.setdefault(term, len(term_id)))
                doc_of.append(i)
                freq.append(tf)
        order = np.argsort(np.array(terms, dtype=np.int64), kind="stable")  # by term, then doc
        counts = np.bincount(np.array(terms, dtype=np.int64), minlength=len(term_id))
        self.term_id = term_id
        self.starts = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        self.docs = np.array(doc_of, dtype=np.int32)[order]
        self.freqs = np.array(freq, dtype=np.int32)[order]
        self.idf = {t: math.log(1 + (self.n - int(counts[j]) + 0.5) / (int(counts[j]) + 0.5))
                    for t, j in term_id.items()}
        self.norm = (self.k1 * (1 - self.b + self.b * self.lengths / max(self.avg, 1e-9))
                     ).astype(np.float32)

    def postings(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """(documents, term frequencies) of a term, documents ascending."""
        j = self.term_id.get(term)
        if j is None:
            return np.zeros(0, np.int32), np.zeros(0, np.int32)
        lo, hi = self.starts[j], self.starts[j + 1]
        return self.docs[lo:hi], self.freqs[lo:hi]

    def scores(self, query: list[str]) -> np.ndarray:
        out = np.zeros(self.n, dtype=np.float32)
        for term in set(query):
            docs, tf = self.postings(term)
            if not len(docs):
                continue
            # the same float32 arithmetic as one document at a time: the weight in float64,
            # rounded to float32, over float32 (tf + norm)
            weight = (self.idf[term] * tf.astype(np.float64) * (self.k1 + 1)).astype(np.float32)
            out[docs] += weight / (tf.astype(np.float32) + self.norm[docs])
        return out


def lexical_tokens(text: str) -> list[str]:
    """Tokens for BM25: folded words, singular, no function words ("Boils" -> "boil")."""
    return _lexical(tokens(text))


def _lexical(toks: list[str]) -> list[str]:
    from assistant.qa.knowledge.textnorm import singular

    return [singular(t) for t in toks if t not in _FUNCTION_WORDS and len(t) > 1]


_FUNCTION_WORDS = frozenset(str.split("""
a an the and or of for to in on at by with without from is are was were be been do does did
have has had i me my we you your it its this that these those what which who whom how why
when where there here can could would should will shall may might must any some all each
about as than then so if not no yes please thanks thank hi hello hey want need looking look
find show tell give get buy one ones something anything thing things while
"""))


@dataclass
class LexicalIndex:
    """The words of a catalog's products: title-word idf, every word, BM25."""

    idf: dict[str, float]  # title token -> idf over titles
    vocabulary: set[str]  # every token of titles, categories and features
    bm25: BM25  # over "title title category features"


def lexical_index(products: Sequence[Product], k1: float = 1.2, b: float = 0.75
                  ) -> LexicalIndex:
    """Tokens of every title, category and feature, each distinct category or feature
    tokenised once (`tokens` of joined texts is the tokens of each, in order)."""
    part = lru_cache(maxsize=1 << 16)(tokens)
    df: Counter[str] = Counter()
    vocabulary: set[str] = set()
    docs = []
    for p in products:
        title = tokens(p.title)
        df.update(set(title))
        rest = [t for text in (p.category, *p.features) for t in part(text)]
        vocabulary.update(rest)
        docs.append(_lexical([*title, *title, *rest]))
    n = max(1, len(products))
    idf = {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()}
    return LexicalIndex(idf, set(df) | vocabulary, BM25(docs, k1, b))


__all__ = ["BM25", "LexicalIndex", "lexical_index", "lexical_tokens", "tokens"]
