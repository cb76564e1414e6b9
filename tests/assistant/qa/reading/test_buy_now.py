""""Do you have the X in a large?" asks for a large to buy now: the size word is the shop's
letter and the answer says whether that size is in stock.

Found by a blind cycling probe: "Do you have the Quillon Scout kids bike in green?" was "Yes
... comes in green" with green sold out, and "in a large" was not read as size L.
"""

from __future__ import annotations

import pytest

from qa_kit import chat


@pytest.mark.parametrize(("shop", "question", "start", "size"), [
    ("apparel", "do you have the Arc'teryx women's Atom hoody in medium?", "No", "size M"),
    ("apparel", "do you have the Arc'teryx women's Atom hoody in a large?", "Yes", "size L"),
    ("pets", "can I get the Furhaven orthopedic bed in large right now?", "Yes", "size L"),
])
def test_a_size_word_to_buy_now_is_the_shops_size_and_its_stock(
        shop: str, question: str, start: str, size: str) -> None:
    plan, answer = chat(shop, question)[-1]
    text = answer.text.split("catalog. ", 1)[-1]
    assert text.startswith(start) and f"in stock in {size}" in text, text


@pytest.mark.parametrize(("shop", "question"), [
    ("demo", "is the MacBook Air in stock?"),
    ("outdoor", "do you have the Hydro Flask in a large?"),
])
def test_a_shop_that_never_states_stock_still_answers(shop: str, question: str) -> None:
    plan, answer = chat(shop, question)[-1]
    assert plan.kind != "not_found" and "couldn't find" not in answer.text
