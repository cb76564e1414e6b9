"""A figure asked of a product sold in sizes that are figures is met by the size sold: "about
14 kg of dog food" is the 30 lb bag, at the 30 lb bag's price.

Found by a blind pantry probe: "about 2 pounds of spaghetti" was "couldn't find any products
with weight of 2 lb" beside spaghetti sold in 500 g and 1 kg packs, and "olive oil of at
least 32 oz" showed each oil's 500 ml price.
"""

from __future__ import annotations

from assistant.qa.knowledge.value_match import figure_ok, matching_variants
from assistant.qa.query import AttributeFilter

from qa_kit import chat, knowledge


def test_a_size_near_the_figure_asked_is_it() -> None:
    about = AttributeFilter("weight", "eq", 2.0, "lb")
    assert figure_ok("1 kg", about) and not figure_ok("500 g", about)
    assert figure_ok("500 g", AttributeFilter("weight", "eq", 1.0, "lb"))
    assert not figure_ok("30 cm", AttributeFilter("size", "eq", 40.0, "cm"))


def test_pets_about_14_kg_of_dog_food_is_the_30_lb_bag_at_its_price() -> None:
    plan, answer = chat("pets", "about 14 kg of dog food")[-1]
    assert [p.title for p in plan.answer_products] == [
        "Blue Buffalo Life Protection Adult Chicken & Brown Rice Dog Food"]
    bag = plan.answer_products[0]
    (big,) = matching_variants(bag, [AttributeFilter("weight", "eq", 14.0, "kg")]) or []
    assert big.option("size") == "30 lb" and f"${big.price:,.2f}" in answer.text


def test_home_and_pets_a_figure_no_size_meets_is_none() -> None:
    crate = next(p for p in knowledge("pets").catalog if "iCrate" in p.title)
    assert matching_variants(crate, [AttributeFilter("length", "eq", 5.0, "in")]) == []


def test_a_count_an_option_states_is_its_pack_size_exactly() -> None:
    """"the 12 pack" is the "12-pack" option, not the "6-pack" a figure near it would pick,
    and a size asked in the shop's own unit is exact: "8 in" is no 7.5 in."""
    twelve = AttributeFilter("pack_size", "eq", 12.0, "count")
    assert figure_ok("12-pack", twelve) is True and figure_ok("6-pack", twelve) is False
    assert figure_ok("Pack of 12", twelve) is True
    eight = AttributeFilter("size", "eq", 8.0, "in")
    assert figure_ok("7.5 in", eight) is False and figure_ok("8 in", eight) is True
    assert figure_ok("20 cm", eight) is True  # another unit: near enough (7.9 in)
