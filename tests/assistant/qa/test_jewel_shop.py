"""What a blind jewellery shop's failures showed, asked of a small jewellery feed
(`jewel_shop_kit`): a category naming one kind ("Field & Chronograph Watches"), a colour
or size not sold, variants told apart by their titles alone."""

from __future__ import annotations

import pytest
from small_shop_kit import assert_says

from assistant.qa import QAEngine

# (the turns, words the last reply must say, words it must not say)
CASES = [
    (("how many watches do you sell?",), ("4 watches",), ("Strap",)),
    (("whats the cheapest watch you sell",), ("Meridian Field Scout 40", "$159.00"), ()),
    (("can I get the aurelle huggies in rose gold?",), ("No", "Yellow Gold", "White Gold"),
     ("Yes",)),
    (("is the Tidewater Reef 300 available with a green dial?",), ("No", "Black", "Blue"),
     ("doesn't say",)),
    (("do you have the aurelle tennis bracelet in 7.5 inches in stock",),
     ("No", "7.5 in is out of stock"), ("Yes",)),
    (("does the aurelle tennis bracelet come in 8 inches?",), ("No", "not size 8 in"), ()),
    (("which watches do you have in stock?",), ("all four watches that fit", "Reef 300",
                                                 "Nord 38", "Scout 40", "Chronograph 42"),
     ("to start with",)),
    (("going diving in the red sea soon, need a watch for it",), ("watches for diving",),
     ("red", "couldn't find")),
    (("tell me about the gleamwell ultrasonic cleaner", "does it come with a jewelry tray?"),
     ("No", "(tray not included)"), ("Yes",)),
    (("which hoop earrings can I buy at the moment?",),
     ("Huggie Hoops", "Chunky Gold Hoops,", "Chunky Gold Hoops 40 mm"), ("of the 3",)),
    (("do you have any dive earrings?",), ("doesn't sell dive earrings",), ("Here are",)),
    (("do you have any gold earrings?",), ("Huggie Hoops",), ("doesn't sell",)),
    (("a premium watch please",), ("Reef 300",), ("doesn't sell",)),
    (("bracelets over $500",), ("Tennis Bracelet", "Hinged Bangle"), ()),
    (("got any Rolex watches?",), ("doesn't carry Rolex: its watches are by Tidewater, "
                                   "Halvorsen and Meridian",), ("Here are",)),
    (("any Christmas watches?",), ("Meridian",), ("doesn't carry",)),
    (("tell me about the gleamwell ultrasonic cleaner", "can I use it on my opal earrings?"),
     ("No", "Not for pearls, opals"), ("Yes",)),
    (("tell me about the gleamwell ultrasonic cleaner", "are the batteries included?"),
     ("No", "(not included)"), ("Yes",)),
    (("Do the Celestine chandelier earrings come as clip-ons? I don't have pierced ears",),
     ("Clip-on", "$78.00", "pre-order"), ("Pierced is",)),
    (("Do the Celestine chandelier earrings come as clip-ons?",),
     ("Yes", "Clip-on is $78.00"), ("doesn't say",)),
]


@pytest.mark.parametrize(("turns", "said", "unsaid"), CASES, ids=[c[0][-1] for c in CASES])
def test_the_jewel_shop_answers(jewel_shop: QAEngine, turns: tuple[str, ...],
                                said: tuple[str, ...], unsaid: tuple[str, ...]) -> None:
    assert_says(jewel_shop, turns, said, unsaid)


def test_two_products_compared_by_a_figure_get_the_verdict_and_the_gap(
        jewel_shop: QAEngine) -> None:
    """"Which weighs less?" names the lighter, both figures as the shop writes them and the
    gap in the first one's unit; equal figures are said to be equal."""
    assert_says(jewel_shop, ("which weighs less, the Halvorsen Nord 38 or the Meridian Field "
                             "Scout 40?",),
                ("The lighter one is the Halvorsen Nord 38 Dress Watch (42 g) at $229.00, "
                 "18 g less than the Meridian Field Scout 40 (60 g)",), ())
    assert_says(jewel_shop, ("Tidewater Reef 300 vs Meridian Field Chronograph 42, which is "
                             "lighter?",),
                ("lighter one is the Meridian Field Chronograph 42 (110 g)",), ())
