"""One table of data categories: the privacy center, the disclosures and the
retention purge state the same number of days for every kept category."""

from __future__ import annotations

import re
import time

import pytest

from assistant import ShopAssistant
from assistant.privacy import ConsentManager, Store
from assistant.privacy.retention import DAY_S, RETENTION_DAYS
from assistant.qa import HashingEmbedder
from explain.disclosure import disclose
from explain.types import Explanation
from models.categories import (
    BROWSING_HISTORY,
    CATEGORY_INFO,
    LOCATION,
    PERSONAL_CATEGORIES,
    PURCHASE_HISTORY,
    REQUEST,
    days_text,
)
from models.features import FEATURE_GROUPS

from fakes import FakeLM

# category -> the store's table its rows live in (location is never stored by the demo)
STORED = {BROWSING_HISTORY: "views", PURCHASE_HISTORY: "purchases", REQUEST: "turns"}


def _days(text: str) -> int:
    """'90 days' -> 90, '2 years' -> 730: the number a shopper reads."""
    m = re.fullmatch(r"(\d+) (day|year)s?", text)
    assert m, text
    return int(m[1]) * (365 if m[2] == "year" else 1)


def _explanation_using(categories: list[str]) -> Explanation:
    groups = {f"g_{c}": c for c in categories}
    return Explanation(score=1.0, base_value=0.0, values={g: 1.0 / len(groups) for g in groups},
                       category_of=groups, players=tuple(groups))


def _keep(store: Store, category: str, who: str) -> None:
    ConsentManager(store, who).grant(BROWSING_HISTORY)
    ConsentManager(store, who).grant(PURCHASE_HISTORY)
    if category == BROWSING_HISTORY:
        store.record_view(who, "p1")
    elif category == PURCHASE_HISTORY:
        store.record_purchase(who, "p1", 10.0)
    else:
        store.record_turn(who, "user", "a laptop please")


@pytest.fixture
def bot() -> ShopAssistant:
    return ShopAssistant.load(lm=FakeLM(), embedder=HashingEmbedder())


def test_privacy_center_disclosures_and_purge_state_the_same_days(bot: ShopAssistant) -> None:
    kept = [c for c, info in CATEGORY_INFO.items() if info.retention_days is not None]
    assert set(PERSONAL_CATEGORIES) | {REQUEST} <= set(kept)
    everything = {c: True for c in PERSONAL_CATEGORIES}
    shown = disclose(_explanation_using(kept), everything).retention
    center = bot.console.retention()
    now = time.time()
    for cat in kept:
        days = CATEGORY_INFO[cat].retention_days
        assert _days(shown[cat]) == _days(center[cat]) == days, cat
        kind = "chat" if cat == REQUEST else cat
        assert RETENTION_DAYS[kind] == days, cat
        if cat not in STORED:
            continue
        # The purge keeps the row one hour before the stated period ends and drops it after.
        who = f"shopper-{cat}"
        _keep(bot.store, cat, who)
        table = STORED[cat]
        assert bot.store.purge_expired(now + days * DAY_S - 3600)[table] == 0, cat
        assert bot.store.purge_expired(now + days * DAY_S + 3600)[table] == 1, cat


def test_privacy_center_explains_every_personal_category(bot: ShopAssistant) -> None:
    purposes = bot.console.purposes()
    assert set(purposes) == set(PERSONAL_CATEGORIES)
    assert purposes[BROWSING_HISTORY] == CATEGORY_INFO[BROWSING_HISTORY].purpose
    assert "Not used" in purposes[LOCATION]  # the demo ranker has no location features


def test_the_table_says_which_categories_the_demo_ranker_uses() -> None:
    used = {g.category for g in FEATURE_GROUPS}
    assert {c for c, info in CATEGORY_INFO.items() if info.used_by_model} == used


def test_days_text() -> None:
    assert [days_text(d) for d in (1, 30, 365, 730, 0)] == [
        "1 day", "30 days", "1 year", "2 years", "0 days"]
