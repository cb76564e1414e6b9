"""Two products a comparison names each in its own words are compared, side by side
(answering/pair.py, phrasing's side-by-side lines).

Found by blind cycling, pantry and beauty probes: "what's the difference between the Airluxe
Pro and the Airluxe Mini?" showed the Mini alone, and "Ironclad U-lock or Foldaway lock -
which is more secure?" said "Here they are together" with one line each and no ratings.
"""

from __future__ import annotations

import pytest

from assistant.qa.answering.pair import named_pair

from qa_kit import chat, knowledge


@pytest.mark.parametrize(("shop", "text", "first", "second"), [
    ("outdoor", "what's the difference between the Hydro Flask bottle and the Nalgene bottle?",
     "Hydro Flask", "Nalgene"),
    ("pets", "what's the difference between the Casper dog bed and the Furhaven orthopedic bed?",
     "Casper", "Furhaven"),
    ("home", "Ruggable washable rug or Safavieh shag rug - which is softer?", "Ruggable",
     "Safavieh"),
    ("demo", "AirPods Pro vs Beats Studio Pro", "AirPods Pro", "Beats Studio Pro"),
])
def test_each_part_names_its_product(shop: str, text: str, first: str, second: str) -> None:
    pair = named_pair(text, knowledge(shop))
    assert [first in pair[0].title, second in pair[1].title] == [True, True]


@pytest.mark.parametrize(("shop", "text"), [
    ("outdoor", "blenders that aren't Ninja or Vitamix"), ("home", "sweaters or jackets?"),
    ("demo", "show me laptops"),
])
def test_no_pair_where_none_is_compared(shop: str, text: str) -> None:
    assert named_pair(text, knowledge(shop)) == []


def test_pets_a_difference_shows_both_with_their_own_lines() -> None:
    plan, answer = chat("pets", "what's the difference between the Casper dog bed and the "
                                "Furhaven orthopedic bed?")[-1]
    assert plan.kind == "compare" and len(plan.answer_products) == 2
    for p in plan.answer_products:
        line = next(x for x in answer.text.split("\n") if p.title in x)
        assert line.count(";") >= 1 or p.features[:1] and p.features[0].rstrip(".") in line
