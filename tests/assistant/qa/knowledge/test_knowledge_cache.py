"""A large catalog's knowledge is built once into the cache and opened as the same knowledge."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.catalog import load_catalog
from assistant.catalog.cache import ArtefactStore
from assistant.catalog.parallel import fork_map
from assistant.qa import HashingEmbedder
from assistant.qa.knowledge import shop as shop_mod
from assistant.qa.knowledge.shop import ShopKnowledge

DATA = Path(__file__).resolve().parents[3] / "data"
ASKED = ("cheap coffee maker", "something to boil water while hiking", "Jetboil Flash weight",
         "a warm sleeping bag", "knife")


def _answers(k: ShopKnowledge) -> list[object]:
    out: list[object] = []
    for q in ASKED:
        out.append([(p.id, round(s, 6)) for p, s in k.index.search(q, k=5)])
        out.append([(m.product.id, m.score, m.span) for m in k.index.find_named(q)])
        out.append([(m.kind, m.value) for m in k.vocab.mentions(q)])
    for p in k.catalog.products:
        out.append(sorted(k.attributes.of(p)))
        out.append(k.vocab.type_of(p))
    return out


def test_opened_knowledge_answers_as_built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shop_mod, "CACHED_PRODUCTS", 0)
    catalog, embedder = load_catalog(DATA / "outdoor_kitchen.csv"), HashingEmbedder()
    store = ArtefactStore(tmp_path / "catalogs")
    plain = ShopKnowledge.build(catalog, embedder)
    first = ShopKnowledge.build(catalog, embedder, store=store)
    opened = ShopKnowledge.build(catalog, embedder, store=store)
    assert [p.name.split("-")[0] for p in (tmp_path / "catalogs").iterdir()
            if not p.name.startswith(".")] == ["knowledge"]
    assert _answers(plain) == _answers(first) == _answers(opened)
    # the live catalog and embedder, not copies
    assert opened.catalog is catalog and opened.index.embedder is embedder
    assert all(a is b for a, b in zip(opened.index.products, catalog.products, strict=True))
    assert not opened.index.embeddings.flags.writeable  # mapped from the cache


def test_built_by_two_processes_as_by_one(monkeypatch: pytest.MonkeyPatch) -> None:
    catalog, embedder = load_catalog(DATA / "outdoor_kitchen.csv"), HashingEmbedder()
    one = ShopKnowledge.build(catalog, embedder)
    monkeypatch.setattr(shop_mod, "MIN_ITEMS", 1)
    calls: list[int] = []
    monkeypatch.setattr(shop_mod, "fork_map", lambda fn, jobs, workers: calls.append(workers)
                        or fork_map(fn, jobs, 2))  # type: ignore[func-returns-value]
    two = ShopKnowledge.build(catalog, embedder)
    assert calls and calls[0] > 1 or shop_mod.WORKERS == 1
    assert _answers(one) == _answers(two)
