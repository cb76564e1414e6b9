"""The demo module: named demo shoppers seeded into the store, and demo traffic for
the console; the facade composes the console and the demo instead of inheriting."""

from __future__ import annotations

import pytest

from assistant import InputError, ShopAssistant
from assistant.console import MarketerConsole
from assistant.demo import DEMO_PERSONAS, DEMO_REGIONS, demo_shoppers
from assistant.qa import HashingEmbedder
from models.categories import BROWSING_HISTORY, PURCHASE_HISTORY

from fakes import FakeLM


@pytest.fixture(scope="module")
def bot() -> ShopAssistant:
    return ShopAssistant.load(lm=FakeLM(), embedder=HashingEmbedder())


def test_the_facade_has_a_console_instead_of_being_one(bot: ShopAssistant) -> None:
    assert isinstance(bot.console, MarketerConsole)
    assert not isinstance(bot, MarketerConsole)
    assert bot.console.store is bot.store and bot.console.demo is bot.demo


def test_demo_shoppers_are_stable_and_pay_the_catalog_price(bot: ShopAssistant) -> None:
    shoppers = bot.demo.shoppers()
    assert [d.persona for d in shoppers] == list(DEMO_PERSONAS)
    again = demo_shoppers(bot.table)
    assert [(d.id, d.viewed_ids, d.bought) for d in again] == \
        [(d.id, d.viewed_ids, d.bought) for d in shoppers]
    for d in shoppers:
        assert d.name and d.description and d.viewed_ids
        for pid, paid in d.bought:
            assert paid == pytest.approx(bot.catalog.get(pid).price)  # price = what is paid


def test_seeding_is_idempotent_and_an_objection_stands(bot: ShopAssistant) -> None:
    demo = bot.demo.shoppers()[0]
    bot.demo.seed_shopper(demo.id)
    bot.demo.seed_shopper(demo.id)
    newest_first = list(dict.fromkeys(reversed(demo.viewed_ids)))  # as the store lists views
    assert bot.store.views(demo.id) == newest_first
    assert sorted(bot.store.purchases(demo.id)) == sorted(demo.bought)
    state = bot.session(demo.id).consent.state()
    assert state[BROWSING_HISTORY] and state[PURCHASE_HISTORY]
    other = bot.demo.shoppers()[1]
    bot.session(other.id).consent.object_to_profiling()
    bot.demo.seed_shopper(other.id)
    assert bot.store.views(other.id) == []
    with pytest.raises(InputError, match="not a demo shopper"):
        bot.demo.seed_shopper("someone-else")


def test_demo_traffic_feeds_the_console(bot: ShopAssistant) -> None:
    traffic = bot.demo.traffic()
    assert len(traffic.shown) == len(traffic.suggestions) == len(traffic.features) > 0
    assert set(traffic.shown["region"]) <= set(DEMO_REGIONS)
    paid = [s.product.price for s in traffic.suggestions]
    assert list(traffic.shown["price"]) == paid  # what the shopper pays, not the list price
    assert bot.console.global_importance().by_category  # empty audit log: demo traffic
