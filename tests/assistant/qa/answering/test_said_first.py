"""A need told beside the kind asked puts first the products whose own text says it
(answering/text_says.said_first, used by the planner's ranking), and a problem told in words
only a product's description uses is not said to be beyond the shop (`told_of`).

Found by a blind beauty-shop probe: "I have sensitive skin and need a sunscreen" listed a
sport lotion that "contains fragrance" before the mineral one "suitable for sensitive skin";
"my eyes are sensitive, which mascara?" did not single out the one for sensitive eyes.
"""

from __future__ import annotations

from dataclasses import replace

from assistant.qa.answering.need_text import said_first, told_of

from qa_kit import chat, knowledge


def _products(*texts: str):  # noqa: ANN202 - Products with these descriptions
    p = next(iter(knowledge("outdoor").catalog))
    return [replace(p, id=f"p{i}", title=f"Test Lotion {i}", features=(), description=t,
                    discount_text="") for i, t in enumerate(texts)]


def test_the_text_that_says_the_need_goes_first_and_ties_keep_their_order() -> None:
    sport, plain, mineral = _products("A sport lotion. Contains fragrance.", "A daily lotion.",
                                      "Fragrance-free and suitable for sensitive skin.")
    assert said_first([sport, plain, mineral], "sensitive skin", ["Lotion"]) == [
        mineral, sport, plain]


def test_a_need_word_said_either_way_counts() -> None:
    plain, free = _products("A daily lotion.", "Fragrance-free.")
    assert said_first([plain, free], "I'm allergic to fragrance", ()) == [free, plain]


def test_a_word_is_found_in_its_other_forms() -> None:
    plain, raised = _products("A planter.", "Waist height, so no bending.")
    assert said_first([plain, raised], "I can't bend down", ()) == [raised, plain]


def test_framing_and_the_kind_asked_decide_nothing() -> None:
    a, b = _products("A lotion.", "Lotion for you, I need it.")
    assert said_first([a, b], "I need a good lotion", ["Lotion"]) == [a, b]


def test_pets_a_sensitive_stomach_finds_the_food_for_it() -> None:
    plan, _ = chat("pets", "my dog has a sensitive stomach, which dog food?")[-1]
    assert "Sensitive" in plan.answer_products[0].title


def test_apparel_pets_at_home_find_the_pet_friendly_rug() -> None:
    plan, _ = chat("apparel", "I have pets, which rug?")[-1]
    assert "Ruggable" in plan.answer_products[0].title


def test_outdoor_and_demo_a_kind_alone_keeps_its_order() -> None:
    for shop, message in (("outdoor", "which sleeping bag?"), ("demo", "which laptop?")):
        plan, _ = chat(shop, message)[-1]
        assert plan.answer_products and not plan.query.need


def test_told_of_finds_a_rare_word_only_a_description_uses() -> None:
    plain, rigger, kids = _products("Cotton gloves.", "Padded palm helps prevent blisters.",
                                    "Gloves for small hands.")
    assert told_of([plain, rigger, kids], "hands blisters dig") == [rigger, kids]
    assert told_of([plain, rigger, kids], "write poem") == []


def test_a_word_every_product_uses_is_not_rare() -> None:
    products = _products(*[f"Gloves, pair {i}." for i in range(8)])
    assert told_of(products, "gloves") == []


def test_pets_a_problem_only_a_description_answers_is_not_said_to_be_unhelped() -> None:
    """"A low-voltage heated bed for older pets" is the K&H bed's description only."""
    plan, answer = chat("pets", "my dog is getting older")[-1]
    assert plan.kind == "search" and "help with that" not in answer.text
    plan, _ = chat("pets", "write me a poem about older dogs")[-1]
    assert plan.kind == "not_found"
