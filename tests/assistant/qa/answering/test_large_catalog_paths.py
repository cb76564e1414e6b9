"""The paths a large catalog takes give what the whole catalog gives (issue 22, item 4).

A query's category, type and brand narrow the products from row indexes before each is
checked (`Executor.narrowed`); a need is read among a shortlist of the products by the
index's need score, their lines embedded when asked (`NeedFinder`, `FinderConfig.shortlist`).
"""

from __future__ import annotations

from functools import lru_cache

import pytest

from assistant.qa.answering.execute import Executor
from assistant.qa.answering.kinds import FinderConfig, NeedFinder
from assistant.qa.knowledge import ShopKnowledge
from assistant.qa.query import AttributeFilter, Query

from qa_kit import OUTDOOR, PETS, SHOPS, knowledge


@pytest.mark.parametrize("shop", [*SHOPS, "pets"])
def test_narrowing_by_indexes_admits_what_checking_every_product_admits(shop: str) -> None:
    k = knowledge(shop)
    x = Executor(k)
    brands = sorted({p.brand for p in k.catalog})[:6]
    queries = [Query(product_types=(t,)) for t in k.vocab.types()[:25]]
    queries += [Query(categories=(c,)) for c in k.vocab.categories]
    queries += [Query(brands=(b,)) for b in brands]
    queries += [Query(categories=(c,), product_types=(t,))
                for c in k.vocab.categories[:4] for t in k.vocab.category_types(c)[:2]]
    queries += [Query(product_types=(t,), brands=tuple(brands), max_price=100.0,
                      filters=(AttributeFilter("color", "eq", text="black"),))
                for t in k.vocab.types()[:5]]
    narrowed = 0
    for q in queries:
        every = [p for p in x.products if x.passes(p, q)]
        assert x.matches(q) == every, q
        narrowed += len(x.narrowed(q)) < len(x.products)
    assert narrowed >= len(queries) // 2  # the indexes did leave products out


@lru_cache(maxsize=2)
def _static_knowledge(shop: str) -> ShopKnowledge:
    """The shop embedded by the static table a large catalog uses (models.prepare made it)."""
    from assistant.catalog import load_catalog
    from models.embedder import Embedder
    from models.settings import Settings

    catalog = load_catalog({"outdoor": OUTDOOR, "pets": PETS}.get(shop))
    return ShopKnowledge.build(catalog, Embedder(Settings.from_env()).static())


NEEDS = {
    "demo": ("my grandpa can barely hear the TV", "I want to make smoothies",
             "something to keep my phone charged on a long flight"),
    "outdoor": ("something to boil water while camping", "a place to sleep in the woods",
                "keep my drinks cold at the beach"),
}


@pytest.mark.parametrize("shop", sorted(NEEDS))
def test_a_shortlist_reads_a_need_as_the_whole_catalog_does(shop: str) -> None:
    k = _static_knowledge(shop)
    x = Executor(k)
    whole = NeedFinder(k, x)
    short = NeedFinder(k, x, FinderConfig(shortlist=40, kept_products=60))
    assert whole.small and not short.small
    for need in NEEDS[shop]:
        a, b = whole.find(need), short.find(need)
        assert a is not None and b is not None
        assert (b.kind, b.category, b.products[0].id) == (a.kind, a.category,
                                                           a.products[0].id), need
        top = a.products[0]
        assert short.closest_line(top, need) == whole.closest_line(top, need)
    assert 0 < len(short._kept) <= 60  # only shortlisted lines were embedded, and kept
