"""What a blind toy shop's failures showed, asked of a small toy shop (`toy_shop_kit`):
options by the shop's own names, counted metafields, ages, things only mentioned, a
brand's first word, the shop's own material words, out-of-stock lists."""

from __future__ import annotations

import pytest
from small_shop_kit import ask, assert_says

from assistant.qa import QAEngine

# (the turns, words the last reply must say, words it must not say)
CASES = [
    (("what weights does the weighted sloth come in?",),
     ("2 weights: 1 kg at $34.99 or 2 kg at $44.99",), ()),
    (("tell me about the weighted sloth", "what weights does it come in?"),
     ("2 weights: 1 kg at $34.99 or 2 kg at $44.99",), ()),
    (("how many designs does the giant floor puzzle come in",),
     ("3 designs: Wildlife, Dinosaurs and Ocean", "Ocean is out of stock"), ()),
    (("Which characters can I get the 12 inch Titan Legends figure as?",),
     ("2 characters: Stormguard and Nightfang",), ("size 12",)),
    (("what editions does the sneaky llamas game come in?",),
     ("Original at $12.99 or Party Pack at $19.99",), ()),
    (("Which jigsaw puzzle has the most pieces?",),
     ("the Tessellate Night Sky Panorama 2000 Piece Puzzle has the highest piece count",),
     ("Brickwell",)),
    (("What's your biggest building set, most pieces?",),
     ("Space Shuttle Explorer has the highest piece count", "$159.99 (out of stock)"), ()),
    (("can my 6 year old use the thunderbolt drift car?",), ("No", "Ages 14+"), ()),
    (("Do you sell kids bike helmets?",), ("doesn't sell kids bike helmets",), ("Zoomtrek",)),
    (("card games but not from Foxglove",),
     ("Both card games here are by Foxglove Games",), ("Sneaky Llamas",)),
    (("any puzzles that aren't cardboard?",), ("3D Globe",), ("Night Sky", "Kyoto")),
    (("STEM kits that don't need batteries at all?",), ("Solar Robot",), ("Circuit",)),
    (("which building sets are out of stock?",), ("Space Shuttle",), ("Lighthouse",)),
    (("dolls but not baby dolls",), ("Explorer Doll",), ("Baby Rosie",)),
    (("What's the price difference between the harbor lighthouse and the fire station?",),
     ("$35.00 less",), ()),
    (("how much for the corner play kitchen",), ("Corner Play Kitchen costs $189.99",),
     ("Cut & Play",)),
    (("Does the Hearthside play kitchen come with any play food?",),
     ("No, the catalog says of the Hearthside Corner Play Kitchen",), ("Cut & Play",)),
    (("is the 1000 piece version of the kyoto puzzle in stock?",),
     ("No", "1000 pieces is out of stock"), ()),
]


@pytest.mark.parametrize(("turns", "said", "unsaid"), CASES, ids=[c[0][-1] for c in CASES])
def test_the_toy_shop_answers(toy_shop: QAEngine, turns: tuple[str, ...],
                              said: tuple[str, ...], unsaid: tuple[str, ...]) -> None:
    assert_says(toy_shop, turns, said, unsaid)


def test_a_need_keeps_what_suits_the_age_named(toy_shop: QAEngine) -> None:
    """"my 2 year old": the Age range metafield decides ("2-5" yes, "14+" no)."""
    plan, _ = ask(toy_shop, "what would help my 2 year old get ready to ride a bike?")
    titles = [p.title for p in plan.answer_products]
    assert titles and all("Drift Car" not in t and "Building Set" not in t for t in titles), titles
