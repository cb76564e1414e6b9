"""Everything understanding needs about one catalog, built once when the catalog is loaded.

    knowledge = ShopKnowledge.build(catalog, embedder)   # Embedder or HashingEmbedder
    knowledge.vocab.mentions("cheap notebooks")          # the catalog's words
    knowledge.attributes.value(product, "weight")        # specs with units
    knowledge.index.search("something to boil water")    # BM25 + embedding, fused

Building takes well under a second for a few hundred products, apart from the
embeddings (which `models.embedder.Embedder` caches on disk per catalog).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.qa.knowledge.attribute_words import attribute_words
from assistant.qa.knowledge.attributes import AttributeTable
from assistant.qa.knowledge.retrieval import ProductIndex
from assistant.qa.knowledge.vocab import CatalogVocabulary, fold

if TYPE_CHECKING:
    from assistant.catalog import Catalog
    from assistant.qa.knowledge.retrieval import Embedder


@dataclass
class ShopKnowledge:
    """A catalog with its search index, vocabulary and attribute table."""

    catalog: Catalog
    index: ProductIndex
    vocab: CatalogVocabulary
    attributes: AttributeTable

    @classmethod
    def build(cls, catalog: Catalog, embedder: Embedder,
              index: ProductIndex | None = None) -> ShopKnowledge:
        """Build everything; pass `index` to reuse an already embedded `ProductIndex`."""
        if index is None or index.catalog is not catalog:
            index = ProductIndex(catalog, embedder)
        vocab = CatalogVocabulary.build(catalog, extra_words=attribute_words())
        index.generic_words = generic_words(vocab)
        index.namer()  # built now, not in the shopper's first turn
        index.category_vectors()
        return cls(catalog, index, vocab, AttributeTable.build(catalog))


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


__all__ = ["ShopKnowledge", "attribute_words", "generic_words"]
