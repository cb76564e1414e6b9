""""How many lumens is the Beam 1200?" asks about that product, not how many products there
are (a blind cycling probe: "We have 55 products").
"""

from __future__ import annotations

import pytest

from qa_kit import chat


@pytest.mark.parametrize(("shop", "question", "title", "said"), [
    ("outdoor", "how many watts is the Ninja Professional Plus blender?", "Ninja", "lists power"),
    ("apparel", "how many ounces does the Patagonia Women's Down Sweater Jacket weigh?",
     "Patagonia", "lists weight"),
    ("pets", "how many pounds is the Blue Buffalo dog food?", "Blue Buffalo", "30 lb"),
])
def test_how_many_of_one_product_asks_of_it(shop: str, question: str, title: str,
                                             said: str) -> None:
    plan, answer = chat(shop, question)[-1]
    assert plan.kind in ("attribute", "lookup") and plan.answer_products
    assert title in plan.answer_products[0].title and said in answer.text, answer.text
    assert "We have" not in answer.text
