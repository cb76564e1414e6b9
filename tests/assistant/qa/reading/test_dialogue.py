"""Follow-ups refine or point into the previous answers, never the whole catalog by accident."""

from __future__ import annotations

import pytest

from assistant.qa import DialogueState
from assistant.qa.answering.facts import money

from qa_kit import chat, engine, knowledge


def test_of_those_stays_within_the_previous_results() -> None:
    (p1, _), (p2, a2) = chat("demo", "Show me laptops under $750",
                             "Which of those is the most expensive?")
    assert p1.total and p2.total == p1.total
    top = p2.answer_products[0]
    assert top.price <= 750 and top.id in p1.result_ids
    assert top.price == max(knowledge().catalog.get(i).price for i in p1.result_ids)
    assert money(top.price) in a2.text


@pytest.mark.parametrize("category_words", ["TVs", "monitors", "tablets", "desktop computers",
                                            "headphones", "speakers", "smart watches"])
def test_most_expensive_of_those_in_many_categories(category_words: str) -> None:
    (p1, _), (p2, _) = chat("demo", f"Show me {category_words} under $750",
                            "Which of those is the most expensive?")
    if not p1.total:
        pytest.skip(f"no {category_words} under $750")
    assert p2.answer_products and p2.answer_products[0].id in p1.result_ids


def test_the_second_one_and_the_cheaper_one() -> None:
    (p1, _), (p2, _), (p3, _) = chat("demo", "best rated TVs", "the second one",
                                     "does it have HDR?")
    assert p2.answer_products == [p1.answer_products[1]]
    assert p3.answer_products == p2.answer_products and p3.kind == "attribute"
    (p1, _), (p2, a2) = chat("demo", "cheapest monitors", "which is the pricier one?")
    shown = p1.answer_products
    assert p2.answer_products[0] == max(shown, key=lambda p: p.price)
    assert money(p2.answer_products[0].price) in a2.text


def test_brand_price_and_exclusion_refinements() -> None:
    turns = chat("demo", "TVs under $1,000", "what about Samsung?", "and under $500?",
                 "not Samsung", "show me more")
    (p1, _), (p2, _), (p3, _), (p4, _), (p5, _) = turns
    assert all(p.brand == "Samsung" and p.price <= 1000 for p in p2.answer_products)
    assert p2.query.categories == p1.query.categories
    assert p2.query.product_types == p1.query.product_types
    assert all(p.brand == "Samsung" and p.price <= 500 for p in p3.answer_products)
    assert p4.answer_products and all(p.brand != "Samsung" and p.price <= 500
                                      for p in p4.answer_products)
    assert p5.kind == "more" and not set(p5.answer_products) & set(p4.answer_products)


def test_ordinal_past_the_list_asks_back() -> None:
    (_, _), (p2, a2) = chat("demo", "What's the cheapest 65-inch TV?", "the ninth one")
    assert p2.kind in ("clarify", "lookup")
    _, (p, a) = chat("demo", "hello", "the second one")
    assert p.kind == "clarify" and "haven't shown" in a.text


def test_longest_battery_life_of_those() -> None:
    (p1, _), (p2, a2) = chat(
        "demo", "I need a good laptop for my daughter starting college, not too pricey",
        "which of those has the longest battery life?")
    assert p2.query.scope == "previous" and p2.kind in ("superlative", "not_found")
    assert all(p.id in p1.result_ids for p in p2.answer_products)
    assert all("batter" not in p.category.lower() for p in p2.answer_products)
    if not p2.answer_products:  # no laptop states its battery life
        assert "catalog" in a2.text
    assert p2.category in (None, *(p.category for p in p2.answer_products))


def test_outdoor_follow_ups() -> None:
    (p1, _), (p2, _), (p3, _) = chat("outdoor", "Show me stoves", "which of those is the lightest?",
                                     "what about under $50?")
    assert p1.total and p2.answer_products and p2.answer_products[0].id in p1.result_ids
    assert all(p.price <= 50 for p in p3.answer_products)


def test_state_is_bounded_and_clearable() -> None:
    eng, state = engine(use_lm=False), DialogueState(max_turns=4, max_exchanges=2)
    for q in ["cheapest tv", "cheapest monitor", "cheapest laptop", "cheapest tablet"]:
        eng.answer(state, eng.plan(state, q))
    assert len(state.turns) == 4 and len(state.exchanges) == 2 and state.answered == 4
    assert state.last is not None and state.last.query.sort is not None
    state.clear()
    assert state.last is None and not state.turns


def test_what_about_a_brand_after_asking_about_one_product_of_a_list() -> None:
    turns = chat("outdoor", "Which coffee maker has the best rating?", "how much is it?",
                 "what about Keurig?")
    plan = turns[2][0]
    assert plan.query.categories or plan.query.product_types  # still coffee makers
    assert plan.query.brands == ("Keurig",) and plan.query.sort is None
    assert [p.brand for p in plan.answer_products] == ["Keurig"]


@pytest.mark.parametrize(("shop", "name"), [
    ("demo", "Beats Studio Pro"),
    # the Jetboil's title ends in "System": cheaper camping stoves, not a water filter system
    ("outdoor", "Jetboil Flash"),
])
def test_a_cheaper_one_after_one_product_is_of_its_kind(shop: str, name: str) -> None:
    (first, _), (plan, answer) = chat(shop, name, "and a cheaper one?")
    focus = first.answer_products[0]
    pool = [knowledge(shop).catalog.by_id[i] for i in plan.result_ids]
    assert first.kind == "lookup" and pool and plan.answer_products
    assert all(p.price < focus.price and p.category == focus.category for p in pool), \
        [(p.title, p.category) for p in pool]
    assert money(plan.answer_products[0].price) in answer.text


def test_an_attribute_asked_after_one_product_is_asked_of_it() -> None:
    """Found by a blind beauty shop: "Do you have the Airluxe Pro dryer?" then "what
    colours?" listed micellar water and shampoo."""
    from qa_kit import chat

    for shop, first, product in (
            ("pets", "Tell me about the Ruffwear Front Range leash", "ruffwear-front-range-leash"),
            ("home", "Tell me about the Zinus Josh loveseat", "zinus-josh-loveseat")):
        (_, (plan, answer)) = chat(shop, first, "what colours?")
        assert [v.product.id for v in plan.verdicts] == [product], answer.text
        assert plan.verdicts[0].attribute == "color" and "Blue" in answer.text


def test_a_category_named_kind_is_singular_without_a_stray_e() -> None:
    """"Electric Toothbrushes" gave "one electric toothbrushe"."""
    from assistant.qa.answering.phrasing import _singular_phrase

    assert _singular_phrase("Electric Toothbrushes") == "Electric Toothbrush"
