"""Every price on a suggestion card equals the price the reply text gives for that
product: both are `Product.price`, what the shopper pays (issue 12, item 1)."""

from __future__ import annotations

import re

from assistant import ShopAssistant
from assistant.qa.answering.facts import short_name
from ui.shop import card_html

_CARD_PRICE = re.compile(r"<span class='cc-price'>(\$[\d,]+\.\d\d)</span>")
_AMOUNT = re.compile(r"\$[\d,]+\.\d\d")


def _questions(bot: ShopAssistant) -> list[str]:
    discounted = [p for p in bot.catalog.products if p.discount > 0]
    categories = sorted({p.category for p in discounted})[:4]
    return ([f"How much is the {p.title}?" for p in discounted[:6]]
            + [f"What is the cheapest {c}?" for c in categories])


def test_card_prices_equal_the_prices_in_the_reply(bot: ShopAssistant) -> None:
    checked = discounted = 0
    for k, question in enumerate(_questions(bot)):
        reply = bot.session(f"prices-{k}").ask(question)
        names = [short_name(s.product) for s in reply.suggestions]
        for s in reply.suggestions:
            card = _CARD_PRICE.findall(card_html(s))
            assert card == [f"${s.product.price:,.2f}"], card
            name = short_name(s.product)
            at = reply.text.find(name)
            if at < 0 or names.count(name) > 1:
                continue  # the reply does not talk about this card (or two share its name)
            said = _AMOUNT.search(reply.text, at + len(name))
            assert said is not None, reply.text
            assert said.group() == card[0], (question, reply.text, card)
            checked += 1
            discounted += s.product.discount > 0
    assert checked >= 6 and discounted >= 4, (checked, discounted)
