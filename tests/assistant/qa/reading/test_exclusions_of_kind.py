"""Exclusions read as shoppers mean them (blind cycling and pantry probes):

* "chocolate but not milk chocolate" rules out milk chocolate, not every bar that "may
  contain traces of milk"; the kind's own word is no colour ("chocolate" was a colour);
* "saddles that aren't women's specific" keeps the saddles stated for no one.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.qa.knowledge.value_match import special_check
from assistant.qa.query import AttributeFilter

from qa_kit import chat, knowledge


def test_pets_an_excluded_word_before_the_kind_keeps_the_kind() -> None:
    plan, _ = chat("pets", "dog food but not puppy food")[-1]
    assert [f.name for f in plan.query.filters if f.op == "lacks"] == ["puppy food"]
    assert plan.answer_products and not any("Puppy" in p.title for p in plan.answer_products)


def test_apparel_the_kind_word_is_no_colour() -> None:
    plan, _ = chat("apparel", "sweaters but not cashmere sweaters")[-1]
    assert not [f for f in plan.query.filters if f.op == "eq"]
    assert plan.answer_products and not any("Cashmere" in p.title for p in plan.answer_products)


def test_not_womens_keeps_a_product_stated_for_no_one() -> None:
    p = next(iter(knowledge("outdoor").catalog))
    plain = replace(p, attributes=tuple(a for a in p.attributes if a.name != "gender"))
    assert special_check(plain, AttributeFilter("gender", "lacks", text="female"), []) is True
    assert special_check(plain, AttributeFilter("gender", "eq", text="female"), []) is None


# A category named after "not" is ruled out, not asked for; where the category holds all of
# the kind asked ("collars, not leashes" in Collars & Leashes), only the word is.
RULED_OUT_CATEGORY = [
    ("demo", "laptops but not gaming laptops", "laptop", "Gaming Laptops & Notebook Computers"),
    ("apparel", "jackets but not kids' jackets", "jacket", "Kids' Jackets"),
    ("pets", "dog toys, not dog beds", "", "Dog Beds"),
]


@pytest.mark.parametrize(("shop", "message", "kind", "category"), RULED_OUT_CATEGORY)
def test_a_category_after_not_is_ruled_out(shop: str, message: str, kind: str,
                                            category: str) -> None:
    plan, _ = chat(shop, message)[-1]
    assert category not in plan.query.categories
    k = knowledge(shop)
    pool = [p for p in k.catalog if p.id in plan.result_ids]
    assert pool and not any(p.category == category for p in pool)
    if kind:  # every other product of the kind is still there
        rest = [p for p in k.catalog if k.vocab.type_of(p) == kind and p.category != category]
        assert {p.id for p in rest} <= set(plan.result_ids)


def test_pets_a_category_holding_the_whole_kind_keeps_it() -> None:
    plan, _ = chat("pets", "collars, not leashes")[-1]
    assert plan.answer_products and all("Collar" in p.title for p in plan.answer_products)


@pytest.mark.parametrize(("shop", "message", "said", "never"), [
    ("apparel", "jackets, not leather, under $20", "without material leather", "with material"),
    ("demo", "laptops but not gaming laptops under $150", "outside Gaming Laptops", " with "),
])
def test_nothing_found_says_what_was_ruled_out_as_ruled_out(shop: str, message: str,
                                                            said: str, never: str) -> None:
    _, answer = chat(shop, message)[-1]
    assert said in answer.text and never not in answer.text.split("here.")[0]
