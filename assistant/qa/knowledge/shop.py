"""Everything understanding needs about one catalog, built once when the catalog is loaded.

    knowledge = ShopKnowledge.build(catalog, embedder)   # Embedder or HashingEmbedder
    knowledge.vocab.mentions("cheap notebooks")          # the catalog's words
    knowledge.attributes.value(product, "weight")        # specs with units
    knowledge.index.search("something to boil water")    # BM25 + embedding, fused

Building takes well under a second for a few hundred products, apart from the
embeddings (which `models.embedder.Embedder` caches on disk per catalog). A large
catalog (`CACHED_PRODUCTS`) is built once into the catalog cache when `build` is given
a `store`, and opened from there, vectors memory-mapped, by every later start.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.catalog.cache import code_fingerprint, make_key
from assistant.catalog.parallel import MIN_ITEMS, WORKERS, fork_map
from assistant.qa.knowledge.attribute_words import attribute_words
from assistant.qa.knowledge.attributes import AttributeTable
from assistant.qa.knowledge.naming import TitleNamer
from assistant.qa.knowledge.retrieval import (
    LexicalIndex,
    ProductIndex,
    embed_catalog,
    lexical_index,
)
from assistant.qa.knowledge.vocab import CatalogVocabulary, fold

if TYPE_CHECKING:
    from assistant.catalog import Catalog
    from assistant.catalog.cache import ArtefactStore
    from assistant.qa.knowledge.retrieval import Embedder


@dataclass
class ShopKnowledge:
    """A catalog with its search index, vocabulary and attribute table."""

    catalog: Catalog
    index: ProductIndex
    vocab: CatalogVocabulary
    attributes: AttributeTable

    @classmethod
    def build(cls, catalog: Catalog, embedder: Embedder, index: ProductIndex | None = None,
              store: ArtefactStore | None = None, progress: bool = False) -> ShopKnowledge:
        """Build everything; pass `index` to reuse an already embedded `ProductIndex`.

        With a `store` (see `assistant.catalog.cache`) a catalog of at least
        `CACHED_PRODUCTS` products is built once per catalog version, embedder and code,
        and opened from there by every later start (its vectors memory-mapped);
        `progress` shows a bar over the long steps of a first build.
        """
        if index is not None and index.catalog is catalog:
            return cls._build(catalog, embedder, index, progress)
        if store is None or len(catalog) < CACHED_PRODUCTS:
            return cls._build(catalog, embedder, None, progress)
        key = make_key("knowledge", catalog.version, embedder_key(embedder), code_fingerprint())
        refs: dict[int, Any] = {id(catalog): ("catalog",), id(embedder): ("embedder",)}
        refs.update((id(p), ("product", i)) for i, p in enumerate(catalog.products))

        def build() -> ShopKnowledge:
            built = cls._build(catalog, embedder, None, progress)
            if built.index.embedder is not embedder:  # the embedder's static table
                refs[id(built.index.embedder)] = ("static",)
            return built

        def resolve(ref: Any) -> Any:
            if ref[0] == "product":
                return catalog.products[ref[1]]
            if ref == ("static",):
                return embedder.static()  # type: ignore[attr-defined]
            return {("catalog",): catalog, ("embedder",): embedder}[tuple(ref)]

        knowledge, _ = store.get_or_build("knowledge", key, build, refs, resolve, apart=True)
        return knowledge

    @classmethod
    def _build(cls, catalog: Catalog, embedder: Embedder, index: ProductIndex | None,
               progress: bool) -> ShopKnowledge:
        steps = _Steps(progress)
        if index is not None:  # only the vocabulary, names and attributes are new
            steps.next("vocabulary")
            vocab = CatalogVocabulary.build(catalog, extra_words=attribute_words())
            index.generic_words = generic_words(vocab)
            index.namer()
            index.category_vectors()
            steps.next("attributes")
            attributes = AttributeTable.build(catalog)
            steps.close()
            return cls(catalog, index, vocab, attributes)

        def words() -> tuple[Embedder, np.ndarray, CatalogVocabulary, TitleNamer]:
            steps.next("embedding products")
            encoder, vectors = embed_catalog(embedder, catalog.products, progress=progress)
            steps.next("vocabulary")
            vocab = CatalogVocabulary.build(catalog, extra_words=attribute_words())
            steps.next("product names")
            namer = TitleNamer(catalog.products, generic_words(vocab))
            namer.head_vocabulary  # noqa: B018 (made now and kept in the cache, not per process)
            return encoder, vectors, vocab, namer

        def lexical_and_attributes() -> tuple[LexicalIndex, AttributeTable]:
            return lexical_index(catalog.products), AttributeTable.build(catalog)

        # a large catalog's word index and attribute table are built by a second process
        # meanwhile (each job's result is what it would be in this process)
        workers = WORKERS if len(catalog) >= MIN_ITEMS else 1
        jobs = {"words": words, "lexical": lexical_and_attributes}
        done: list[Any] = fork_map(lambda job: jobs[job](), list(jobs), workers)
        (encoder, vectors, vocab, namer), (lexical, attributes) = done
        built = ProductIndex(catalog, encoder, embeddings=vectors, lexical=lexical,
                             concept_embedder=embedder)
        built.generic_words = namer.generic
        built._namer = namer  # built now, not in the shopper's first turn
        built.category_vectors()
        steps.next("attributes")
        steps.close()
        return cls(catalog, built, vocab, attributes)


# A catalog this large is built once into the cache (a smaller one builds in a few seconds).
CACHED_PRODUCTS = 2000


def embedder_key(embedder: Any) -> list[Any]:
    """What decides an embedder's vectors for a catalog: its version and, for the model,
    how many texts it embeds itself before using its static table."""
    config = getattr(embedder, "config", None)
    return [type(embedder).__name__, getattr(embedder, "version", ""),
            getattr(embedder, "dim", None), getattr(config, "max_model_texts", None)]


class _Steps:
    """A tqdm bar over the build's steps (nothing when not asked for)."""

    def __init__(self, show: bool) -> None:
        self.bar: Any = None
        if show:
            from tqdm import tqdm

            self.bar = tqdm(total=4, desc="catalog knowledge", unit="step")
        self.started = False

    def next(self, name: str) -> None:
        if self.bar is not None:
            if self.started:
                self.bar.update(1)
            self.started = True
            self.bar.set_postfix_str(name)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.update(1)
            self.bar.close()


def generic_words(vocab: CatalogVocabulary) -> frozenset[str]:
    """Words that never name one product alone: types, category words and brands."""
    words = set(vocab.type_words())
    for c in vocab.categories:
        words |= {w for w in fold(c).replace("&", " ").replace(",", " ").split()}
        words |= {w.rstrip("s") for w in fold(c).split()}
        words |= {w.strip("'") for w in fold(c).split()}  # "Kids' Jackets": "kids"
    for b in vocab.brands:
        words |= set(fold(b).split())
    return frozenset(words)


__all__ = ["CACHED_PRODUCTS", "ShopKnowledge", "attribute_words", "embedder_key",
           "generic_words"]
