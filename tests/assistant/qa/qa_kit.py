"""Shared objects for the Q&A tests: the demo, outdoor and home/apparel catalogs, engines, chats."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from assistant.catalog import Catalog, load_catalog
from assistant.qa import DialogueState, HashingEmbedder, ProductIndex, QAConfig, QAEngine
from assistant.qa.engine import Answer, Plan
from assistant.qa.knowledge import ShopKnowledge

from fakes import FakeLM

OUTDOOR = Path(__file__).resolve().parents[2] / "data" / "outdoor_kitchen.csv"
HOME = Path(__file__).resolve().parents[2] / "data" / "home_apparel.csv"
APPAREL = HOME
PETS = Path(__file__).resolve().parents[2] / "data" / "pet_supplies.csv"
SHOP_FILES = {"outdoor": OUTDOOR, "home": HOME, "apparel": HOME, "pets": PETS}
# The three shops every conversational feature is tested on (issue 23).
SHOPS = ("demo", "outdoor", "apparel")


def knowledge(name: str = "demo") -> ShopKnowledge:
    return _knowledge("home" if name == "apparel" else name)


@lru_cache(maxsize=4)
def _knowledge(name: str) -> ShopKnowledge:
    if name == "demo":
        catalog = load_catalog()
    else:
        path = SHOP_FILES[name]
        if not path.exists():
            pytest.skip(f"{path} is not there yet")
        catalog = load_catalog(path)
    return ShopKnowledge.build(catalog, HashingEmbedder())


def demo() -> tuple[Catalog, ProductIndex]:
    k = knowledge("demo")
    return k.catalog, k.index


def engine(lm: FakeLM | None = None, shop: str = "demo", **config: object) -> QAEngine:
    k = knowledge(shop)
    config.setdefault("lm_parse", "off")
    return QAEngine(k.catalog, k.index, lm if lm is not None else FakeLM(),
                    QAConfig(**config), knowledge=k)  # type: ignore[arg-type]


def ask(eng: QAEngine, conv: DialogueState, text: str) -> tuple[Plan, Answer]:
    plan = eng.plan(conv, text)
    return plan, eng.answer(conv, plan)


def chat(shop: str, *turns: str, **config: object) -> list[tuple[Plan, Answer]]:
    """Run turns through one dialogue with facts-only answers; (plan, answer) per turn."""
    config.setdefault("use_lm", False)
    eng, state = engine(shop=shop, **config), DialogueState()
    return [ask(eng, state, t) for t in turns]


def by_title(shop: str, words: str) -> list[str]:
    """Ids of the products whose title contains every word (case-insensitive)."""
    want = words.lower().split()
    return [p.id for p in knowledge(shop).catalog if all(w in p.title.lower() for w in want)]
