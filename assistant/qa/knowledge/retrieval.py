"""Finding products: lexical (BM25) and embedding search fused, and products named in a message.

`ProductIndex(catalog, embedder)` embeds "title. category. features" once
(any object with `encode(list[str]) -> (n, d)` L2-normalised float32 works:
`models.embedder.Embedder`, or `HashingEmbedder` for tests and tiny shops; for a
catalog too large for the model, `Embedder.for_catalog` hands back its static token
table, which `index.embedder` then is).
`search` fuses BM25 over title, category and features (`assistant.qa.knowledge.lexical`)
with the embedding cosine, so both "16GB laptop" (words) and "something to boil water while
hiking" (a need) find their products. `find_named` finds the products a message
names despite punctuation, abbreviations and typos (see `assistant.qa.knowledge.naming`).
`match_titles` is the older idf-weighted title-token overlap.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from assistant.qa.knowledge.lexical import (
    BM25,
    LexicalIndex,
    lexical_index,
    lexical_tokens,
    tokens,
)
from assistant.qa.knowledge.naming import NamedMatch, TitleNamer

if TYPE_CHECKING:
    from assistant.catalog import Catalog, Product

# Words that never name a product on their own.
STOPWORDS = frozenset(str.split("""
a an the and or of for to in on at by with without from is are was were be been do does did
have has had i me my we you your it its this that these those what which who whom how why
when where there here can could would should will shall may might must any some all each
about as than then so if not no yes please thanks thank hi hello hey want need looking look
find show tell give get buy sell sold do you have does one ones other another more most less
least much many very really just also only like good great nice best better top cheap cheaper
cheapest expensive price prices priced cost costs costing dollar dollars under over below above
between up item items product products thing things something anything stock store shop
available carry offer model models version new inch inches rated rating ratings review reviews
stars star out ok okay what's whats it's im i'm screen screens display size
"""))


class Embedder(Protocol):
    def encode(self, texts: list[str]) -> Any: ...


class HashingEmbedder:
    """A dependency-free embedder (hashed word and character 3-gram counts).

    Good enough for tests and for shops too small to need a neural model;
    same interface as `models.embedder.Embedder`.
    """

    semantic = False  # spelling only: `ProductIndex.search` leans on BM25 with it

    def __init__(self, dim: int = 384) -> None:
        self.dim = dim

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for tok in tokens(text):
                grams = [tok] + [tok[j : j + 3] for j in range(max(1, len(tok) - 2))]
                for g in grams:
                    digest = hashlib.blake2b(g.encode(), digest_size=4).digest()
                    h = int.from_bytes(digest, "little")
                    out[i, h % self.dim] += 1.0 if g == tok else 0.5
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-9)


def product_document(p: Product, max_chars: int = 600) -> str:
    """The text that is embedded for a product."""
    return f"{p.title}. {p.category}. {'; '.join(p.features)}"[:max_chars]


def embed_catalog(embedder: Embedder, products: Sequence[Product], batch_size: int = 64,
                  progress: bool = False) -> tuple[Embedder, np.ndarray]:
    """(encoder, (n, d) float32 vectors) of the products' documents, in order.

    An embedder with `for_catalog` (models.embedder.Embedder) picks the encoder itself (for
    a large catalog its static table, which then embeds the queries too) and keeps the
    vectors on disk; others are called batch by batch (with a tqdm bar when `progress`).
    """
    docs = [product_document(p) for p in products]
    if not docs:
        return embedder, np.zeros((0, 384), dtype=np.float32)
    for_catalog = getattr(embedder, "for_catalog", None)
    if for_catalog is not None:
        encoder, vectors = for_catalog(docs, progress=progress)
        return encoder, np.asarray(vectors, dtype=np.float32)
    cached = getattr(embedder, "encode_cached", None)
    if cached is not None:
        return embedder, np.asarray(cached(docs), dtype=np.float32)
    starts: Sequence[int] = range(0, len(docs), batch_size)
    if progress:
        from tqdm import tqdm

        starts = tqdm(starts, desc="embedding products", unit="batch", leave=False)
    return embedder, np.concatenate([np.asarray(embedder.encode(docs[i : i + batch_size]),
                                                dtype=np.float32) for i in starts])


@dataclass(frozen=True)
class TitleMatch:
    product: Product
    score: float  # idf mass of the shopper's words found in the title
    coverage: float  # share of the shopper's rare words found in the title


@dataclass(frozen=True)
class SearchConfig:
    """How `ProductIndex.search` mixes its two rankings."""

    # share of the embedding cosine in the fused score (0..1); 0.8 scored best on the needs and
    # keyword queries of tests/assistant/qa/knowledge/test_retrieval.py (0.5-0.9 tried)
    semantic_weight: float = 0.8
    # the same share for an embedder that knows no meanings (HashingEmbedder: word and
    # character n-gram counts), where BM25 is the better judge
    spelling_weight: float = 0.3
    # a need ("make stream water safe to drink") also scores each product by how close its
    # category's name reads (this share of that cosine is added; 0.3-1.0 all helped the
    # needs of bench/understanding, 0.5 kept keyword needs unchanged)
    need_category_weight: float = 0.5
    bm25_k1: float = 1.2  # BM25 term-frequency saturation (the usual 1.2)
    bm25_b: float = 0.75  # BM25 length normalisation (the usual 0.75)


class ProductIndex:
    """Embedding index over a catalog, plus keyword matching for named products."""

    def __init__(self, catalog: Catalog, embedder: Embedder, batch_size: int = 64,
                 config: SearchConfig | None = None, embeddings: np.ndarray | None = None,
                 progress: bool = False, lexical: LexicalIndex | None = None,
                 concept_embedder: Embedder | None = None) -> None:
        """`embeddings` (one row per product, in catalog order) skips embedding them, e.g.
        vectors mapped from the catalog cache; `lexical` passes the word index
        (`lexical_index`, built elsewhere, e.g. by another process); `concept_embedder`
        embeds category names and needs (default `embedder`; the model when `embedder` is
        its static table); `progress` shows a bar while embedding."""
        self.config = config or SearchConfig()
        self.catalog = catalog
        self.products = list(catalog.products)
        # category names (a few hundred) are embedded by the model itself, whatever embeds
        # the products: a need ("make smoothies") is read against them (mode "need")
        self.concept_embedder = concept_embedder or embedder
        if embeddings is None:  # the encoder may be the embedder's static table (a large shop)
            embedder, embeddings = embed_catalog(embedder, self.products, batch_size, progress)
        self.embedder = embedder  # embeds queries, in the space of `embeddings`
        if embeddings.shape[0] != len(self.products):
            raise ValueError(f"{embeddings.shape[0]} vectors for {len(self.products)} products")
        self.embeddings: np.ndarray = embeddings
        self.position = {p.id: i for i, p in enumerate(self.products)}
        words = lexical if lexical is not None else lexical_index(
            self.products, self.config.bm25_k1, self.config.bm25_b)
        self.idf, self.vocabulary, self.bm25 = words.idf, words.vocabulary, words.bm25
        # words that never name one product on their own (types, categories, brands); set by
        # ShopKnowledge from the catalog vocabulary
        self.generic_words: frozenset[str] = frozenset()
        self._namer: Any = None
        self._category_vectors: tuple[np.ndarray, np.ndarray] | None = None
        self._title_tokens_list: list[list[str]] | None = None

    @property
    def _title_tokens(self) -> list[list[str]]:
        """Each title's tokens (for `match_titles`; made on first use, not held otherwise)."""
        if self._title_tokens_list is None:
            self._title_tokens_list = [tokens(p.title) for p in self.products]
        return self._title_tokens_list

    def __len__(self) -> int:
        return len(self.products)

    def similarities(self, query: str) -> np.ndarray:
        """Cosine similarity of the query to every product, in catalog order."""
        if not len(self.products):
            return np.zeros(0, dtype=np.float32)
        q = np.asarray(self.embedder.encode([query]), dtype=np.float32)[0]
        return self.embeddings @ q

    def lexical(self, query: str) -> np.ndarray:
        """BM25 score of the query against every product's title, category and features."""
        return self.bm25.scores(lexical_tokens(query))

    def scores(self, query: str, mode: str = "fused") -> np.ndarray:
        """Relevance of every product: "fused" (default), "semantic" (cosine), "lexical",
        or "need" (fused, plus how close the product's category name reads)."""
        if mode == "need":
            fused = self.scores(query, "fused")
            if not len(fused) or not getattr(self.embedder, "semantic", True):
                return fused
            names, vectors = self.category_vectors()
            q = np.asarray(self.concept_embedder.encode([query]), dtype=np.float32)[0]
            return (fused + self.config.need_category_weight * (vectors @ q)[names]).astype(
                np.float32)
        if mode == "semantic":
            return self.similarities(query)
        lex = self.lexical(query)
        if mode == "lexical":
            return lex
        sims = self.similarities(query)
        w = (self.config.semantic_weight if getattr(self.embedder, "semantic", True)
             else self.config.spelling_weight)
        top = float(lex.max()) if len(lex) else 0.0
        lex_n = lex / top if top > 0 else lex
        # cosine stays on its own scale (a weak match stays weak); BM25 is scaled to 0..1
        return (w * sims + (1 - w) * lex_n * max(float(sims.max()), 0.0)).astype(np.float32) \
            if len(sims) else sims

    def category_vectors(self) -> tuple[np.ndarray, np.ndarray]:
        """Each product's category index, and the category names' embeddings."""
        if self._category_vectors is None:
            cats = sorted({p.category for p in self.products})
            at = {c: i for i, c in enumerate(cats)}
            self._category_vectors = (
                np.array([at[p.category] for p in self.products], dtype=int),
                np.asarray(self.concept_embedder.encode(cats), dtype=np.float32))
        return self._category_vectors

    def search(self, query: str, k: int = 10, among: Sequence[Product] | None = None,
               mode: str = "fused") -> list[tuple[Product, float]]:
        """The k most relevant products, best first (optionally only `among` these)."""
        if not len(self.products):
            return []
        rel = self.scores(query, mode)
        idx = (np.arange(len(self.products)) if among is None
               else np.array([self.position[p.id] for p in among if p.id in self.position],
                             dtype=int))
        if not len(idx):
            return []
        order = idx[np.argsort(-rel[idx], kind="stable")][:k]
        return [(self.products[i], float(rel[i])) for i in order]

    def find_named(self, text: str, among: Sequence[Product] | None = None) -> list[NamedMatch]:
        """Products the text names, best first, each with a 0-100 score and its span.

        Robust to punctuation, parentheses, quotes, dropped words and typos;
        two products named in one message come back with disjoint spans.
        Equal scores on overlapping spans mean the name fits both (a tie).
        """
        return self.namer().find(text, among)

    def namer(self) -> TitleNamer:
        """The title-word index behind `find_named` (built on first use, ~0.1 s per 500)."""
        if self._namer is None or self._namer.generic != self.generic_words:
            self._namer = TitleNamer(self.products, self.generic_words)
        return self._namer

    def match_titles(self, text: str, min_idf: float = 2.5,
                     ignore: frozenset[str] = frozenset()) -> list[TitleMatch]:
        """Products the text names, best first. Needs at least one rare title word.

        A word is rare when its idf >= `min_idf` (it appears in few titles);
        words in `ignore` (category and attribute words) never name a product
        but still count in the bonus for words in title order.
        """
        asked = [t for t in dict.fromkeys(tokens(text))
                 if t not in STOPWORDS and t not in ignore and len(t) > 1]
        rare = [t for t in asked if self.idf.get(t, 0.0) >= min_idf and not t.isdigit()]
        if not rare:
            return []
        # numbers ("17", "65") never name a product alone, but a wrong one lowers coverage
        wanted = rare + [t for t in asked if t.isdigit() and self.idf.get(t, 0.0) >= min_idf]
        rare_mass = sum(self.idf[t] for t in wanted)
        phrase = " ".join(t for t in tokens(text) if t in self.idf)
        matches = []
        for p, toks in zip(self.products, self._title_tokens, strict=True):
            have = set(toks)
            if not any(t in have for t in rare):
                continue
            found = [t for t in wanted if t in have]
            if not found:
                continue
            score = sum(self.idf[t] for t in asked if t in have)
            score += 0.5 * _ordered_run(phrase.split(), toks)
            matches.append(TitleMatch(p, score, sum(self.idf[t] for t in found) / rare_mass))
        matches.sort(key=lambda m: (-m.score, len(m.product.title)))
        return matches

    def unknown_words(self, text: str) -> list[str]:
        """Content words that appear nowhere in the catalog ("tents")."""
        out = []
        for t in tokens(text):
            if t in STOPWORDS or t.isdigit() or len(t) < 3:
                continue
            stems = {t, t.rstrip("s"), re.sub(r"es$", "", t), re.sub(r"ies$", "y", t)}
            if not stems & self.vocabulary:
                out.append(t)
        return out


def strip_title_run(text: str, title: str, min_run: int = 2) -> str:
    """The text's tokens without the longest run that repeats the title ("the LG gram 17"),
    and up to two later title words said right after it ("the Stanwick Aria chair")."""
    asked, toks = tokens(text), tokens(title)
    best, where = 0, 0
    for j in range(len(asked)):
        for i in range(len(toks)):
            k = 0
            while j + k < len(asked) and i + k < len(toks) and asked[j + k] == toks[i + k]:
                k += 1
            if k > best:
                best, where = k, j
    if best < min_run:
        return " ".join(asked)
    end = where + best  # "the Stanwick Aria chair": the kind word after the run names it too
    while end < len(asked) and end - where - best < 2 and asked[end] in toks:
        end += 1
    return " ".join(asked[:where] + asked[end:])


def _ordered_run(asked: list[str], title: list[str]) -> int:
    """Length of the longest run of asked words appearing consecutively in the title."""
    best = 0
    for i in range(len(title)):
        for j in range(len(asked)):
            k = 0
            while i + k < len(title) and j + k < len(asked) and title[i + k] == asked[j + k]:
                k += 1
            best = max(best, k)
    return best


__all__ = [
    "BM25",
    "STOPWORDS",
    "HashingEmbedder",
    "LexicalIndex",
    "NamedMatch",
    "ProductIndex",
    "SearchConfig",
    "TitleMatch",
    "embed_catalog",
    "lexical_index",
    "lexical_tokens",
    "product_document",
    "strip_title_run",
    "tokens",
]
