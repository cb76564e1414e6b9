"""Exclusions read as shoppers mean them (blind cycling and pantry probes):

* "chocolate but not milk chocolate" rules out milk chocolate, not every bar that "may
  contain traces of milk"; the kind's own word is no colour ("chocolate" was a colour);
* "saddles that aren't women's specific" keeps the saddles stated for no one.
"""

from __future__ import annotations

from dataclasses import replace

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
