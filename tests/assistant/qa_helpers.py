"""Shared objects for the Q&A tests: the demo catalog and a hashing-embedder index."""

from __future__ import annotations

from functools import lru_cache

from assistant.catalog import Catalog, load_catalog
from assistant.qa import Conversation, HashingEmbedder, ProductIndex, QAConfig, QAEngine

from fakes import FakeLM


@lru_cache(maxsize=1)
def demo() -> tuple[Catalog, ProductIndex]:
    catalog = load_catalog()
    return catalog, ProductIndex(catalog, HashingEmbedder())


def engine(lm: FakeLM | None = None, **config: object) -> QAEngine:
    catalog, index = demo()
    return QAEngine(catalog, index, lm if lm is not None else FakeLM(), QAConfig(**config))  # type: ignore[arg-type]


def ask(eng: QAEngine, conv: Conversation, text: str):  # type: ignore[no-untyped-def]
    plan = eng.plan(conv, text)
    return plan, eng.answer(conv, plan)
