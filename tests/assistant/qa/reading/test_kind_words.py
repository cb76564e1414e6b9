"""Words beside the kind asked narrow it, and "which ones are X?" narrows the last list.

Found by a blind garden-shop probe: "do you have cordless lawn mowers?" listed the manual
reel and petrol mowers beside the cordless ones, and "show me planters" then "which ones
are frost resistant?" was answered "this shop doesn't sell frost resistant".
"""

from __future__ import annotations

import pytest

from qa_kit import chat


@pytest.mark.parametrize(("shop", "message", "word", "title_word", "most"), [
    ("demo", "touchscreen laptops", "touchscreen", "Touchscreen", 100),
    ("pets", "reflective leashes", "reflective", "", 2),
])
def test_a_word_some_of_the_kind_state_picks_them(shop: str, message: str, word: str,
                                                  title_word: str, most: int) -> None:
    plan, _ = chat(shop, message)[-1]
    assert any(f.name == word and f.op == "has" for f in plan.query.filters)
    assert plan.total is not None and plan.total <= most
    assert all(title_word in p.title for p in plan.answer_products)


def test_price_words_before_the_kind_are_no_filter() -> None:
    plan, _ = chat("demo", "What's the most expensive laptop under $1000?")[-1]
    assert not [f for f in plan.query.filters if f.op == "has"] and plan.answer_products


@pytest.mark.parametrize(("shop", "first", "then", "word", "title_word"), [
    ("apparel", "show me rugs", "which ones are pet friendly?", "pet friendly", "Ruggable"),
    ("pets", "show me dog beds", "which ones are orthopedic?", "orthopedic", "Orthopedic"),
    ("demo", "show me headphones", "which ones are waterproof?", "waterproof", ""),
])
def test_which_ones_narrows_the_last_list_by_what_their_text_says(
        shop: str, first: str, then: str, word: str, title_word: str) -> None:
    (_, _), (plan, _) = chat(shop, first, then)
    assert plan.query.scope == "previous" and plan.kind == "search"
    assert [f.name for f in plan.query.filters] == [word]
    assert plan.answer_products and all(title_word in p.title for p in plan.answer_products)


def test_which_ones_come_with_asks_for_the_thing_not_the_verb() -> None:
    """"Which ones come with a dropper post?" (a blind cycling probe said "couldn't find")."""
    (_, _), (plan, _) = chat("outdoor", "show me stoves", "which ones come with a carrying case?")
    assert [f.name for f in plan.query.filters] == ["carrying case"]
