"""What a blind beauty shop's failures showed, asked of a small skincare feed
(`skin_shop_kit`): a feature that is the absence of a word ("fragrance free?"), a question
followed by why it is asked, a word the text states in another form ("pregnant"), the
shades in stock, an option that is a number, two sizes compared by price, negations of
several words and of a plural ("without sulfates" of "Sulfate-free")."""

from __future__ import annotations

import pytest
from small_shop_kit import assert_says

from assistant.qa import QAEngine

# (the turns, words the last reply must say, words it must not say)
CASES = [
    (("Is the Mossgrove cleanser fragrance free?",), ("Yes", "Fragrance-free and soap-free"),
     ("No",)),
    (("is the citrine face wash fragrance-free?",), ("No", "Scented with lemon"), ("Yes",)),
    (("Is the saltwave sunscreen water resistant? going swimming",),
     ("Yes", "Water resistant (80 minutes)"), ("doesn't say",)),
    (("Can I use the Nightfall serum while I'm pregnant?",),
     ("Not suitable during pregnancy",), ("doesn't say", "Yes")),
    (("Is the Breeze dryer dual voltage? I travel a lot",), ("Yes", "Dual voltage"),
     ("doesn't say", "lot")),
    (("Which shades of the Glowmist drops are in stock?",),
     ("Champagne and Rose; Bronze out of stock",), ()),
    (("how many shades does the Glowmist Shimmer Drops come in?",),
     ("3 shades: the Glowmist Shimmer Drops",), ()),
    (("how much would I save on the glowmist drops in rose?",), ("$5.00 off",), ()),
    (("how much do I save if I get the rose glowmist drops instead of champagne",),
     ("$5.00 off", "for the Rose only"), ("comes in champagne",)),
    (("what comes in the box with the Bristle Studio Brush Set?",),
     ('"Includes 12 vegan brushes and a pouch"',), ()),
    (("tell me about the petal lip oil", "ok when will it be back?"),
     ("restock expected in 2 weeks",), ()),
    (("can I order the petal lip oil?",), ("No", "not in stock", "Sold out"), ("Yes",)),
    (("does the second skin foundation come in 440?",), ("No", "110, 220 and 330"),
     ("doesn't say",)),
    (("price difference between the Minuit Noir 50ml and the Cedar Grove 50ml?",),
     ("Cedar Grove Eau de Toilette at $68.00, $17.00 less than",), ("$10.00",)),
    (("which has more brushes, the Bristle Studio Brush Set or the Bristle Travel Brush Set?",),
     ('Studio Brush Set has more brushes: "12 vegan brushes", 7 more than',), ()),
    (("what's the max temp of the Glide flat iron in celsius?",), ("232 °C",), ()),
    (("shampoos without sulfates or parabens",), ("Here is the one shampoo that fits:",),
     ("to start with",)),
    (("anything by Bristle?",), ("to start with",), ("that fit",)),
    (("most expensive fragrance?",), ("Cedar Grove Eau de Toilette is the most expensive, "
                                      "at $92.00",), ("$68.00",)),
    (("I want a fragrance-free moisturiser, but not Mossgrove",),
     ("Saltwave Day Moisturiser",), ("Citrine", "Mossgrove", "couldn't find")),
    (("I need a face cleanser with no salicylic acid and no fragrance",),
     ("Mossgrove Calm Cream Cleanser",), ("Citrine",)),
    (("serums without retinal or vitamin c",), ("Mossgrove Hyaluronic Serum",),
     ("Nightfall", "Brightside")),
    (("is the mossgrove toiletry bag waterproof?",), ("No", "(not waterproof)"), ("Yes",)),
    (("do you guys have hair dye? want to go darker",), ("doesn't sell",), ("Here",)),
    (("is there a 50ml Minuit Noir Eau de Parfum? how much is it",), ("$85.00",),
     ("doesn't say",)),
    (("do you stock Clinique serums?",), ("doesn't carry Clinique: its serums are by",),
     ("Here",)),
    (("any moleskine shampoo?",), ("doesn't sell",), ("Here",)),
    (("How many different serums do you sell?",), ("serums",), ("doesn't sell",)),
    (("my skin is a mess, serums and creams everywhere",), (), ("doesn't sell",)),
    (("my old hair dryer is too slow, need a new one",), ("Breeze Travel Hair Dryer",),
     ("doesn't sell",)),
    (("shampoos without sulfates?",), ("Rinse Sulfate-Free Repair Shampoo",), ("Suds",)),
]


@pytest.mark.parametrize(("turns", "said", "unsaid"), CASES, ids=[c[0][-1] for c in CASES])
def test_the_skin_shop_answers(skin_shop: QAEngine, turns: tuple[str, ...],
                               said: tuple[str, ...], unsaid: tuple[str, ...]) -> None:
    assert_says(skin_shop, turns, said, unsaid)
