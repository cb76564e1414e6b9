"""Price semantics outside the UI: `price` is what the shopper pays, `list_price`
the price before the discount; the reply, the facts, the CLI, the audit record and
the export all say so, and none states price - discount."""

from __future__ import annotations

import pytest

from assistant import ShopAssistant
from assistant.catalog import Product
from assistant.cli import _as_text
from assistant.qa import HashingEmbedder
from assistant.qa.answering.facts import fact_line, money

from fakes import FakeLM


@pytest.fixture(scope="module")
def bot() -> ShopAssistant:
    return ShopAssistant.load(lm=FakeLM(), embedder=HashingEmbedder())


def _discounted(bot: ShopAssistant, n: int = 4) -> list[Product]:
    found = [p for p in bot.catalog.products if p.discount > 0]
    assert len(found) >= n
    return found[:n]


def test_a_discounted_products_price_is_the_same_in_reply_audit_and_export(
    bot: ShopAssistant,
) -> None:
    for k, p in enumerate(_discounted(bot)):
        assert p.list_price == pytest.approx(p.price + p.discount)
        shopper = f"price-{k}"
        reply = bot.session(shopper).ask(f"How much is the {p.title}?")
        shown = [s for s in reply.suggestions if s.product.id == p.id]
        assert shown, reply.text
        assert money(p.price) in reply.text, reply.text  # what the shopper pays
        assert money(p.price - p.discount) not in reply.text  # the old double discount
        rec = bot.console.audit_record(shown[0].audit_id)  # type: ignore[arg-type]
        assert rec.product["price"] == p.price and rec.product["list_price"] == p.list_price
        exported = bot.export_data(shopper)["suggestions_shown"]
        card = next(r["record"]["product"] for r in exported if r["audit_id"] == rec.id)
        assert (card["price"], card["list_price"]) == (p.price, p.list_price)


def test_the_facts_block_names_the_list_price_as_such(bot: ShopAssistant) -> None:
    p = _discounted(bot, 1)[0]
    line = fact_line(1, p)
    assert f"price={money(p.price)}" in line
    assert f"price before discount {money(p.list_price)}" in line
    assert money(p.price - p.discount) not in line


def test_the_cli_shows_the_price_paid_and_the_list_price(bot: ShopAssistant) -> None:
    p = _discounted(bot, 1)[0]
    reply = bot.session("price-cli").ask(f"How much is the {p.title}?")
    line = next(x for x in _as_text(reply).splitlines() if f"[{p.id}]" in x)
    assert f"— {money(p.price)} (was {money(p.list_price)})," in line
    assert money(p.price - p.discount) not in line
