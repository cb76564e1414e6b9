"""What the shop does not sell is said, not guessed (answering/unsold.py)."""

from __future__ import annotations

import pytest

from qa_kit import chat


@pytest.mark.parametrize(("shop", "question", "sold"), [
    ("apparel", "do you have sweater shavers?", False),
    ("apparel", "do you have sweaters?", True),
    ("pets", "do you sell dog shoes?", False),
    ("demo", "do you have gaming laptops?", True),
    ("outdoor", "do you have camping chairs?", True),
])
def test_a_kind_the_catalog_never_names_after_one_it_does_is_not_sold(
        shop: str, question: str, sold: bool) -> None:
    """"Do you sell cycling shoes?" in a cycling shop listed jerseys (a blind probe)."""
    plan, answer = chat(shop, question)[-1]
    assert (plan.kind != "not_found") is sold, answer.text
