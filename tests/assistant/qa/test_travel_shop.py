"""What a blind luggage shop's failures showed, asked of a small luggage feed
(`travel_shop_kit`): category paths, product lines, sales, what a product comes with.
(The option picked by a word, "available in grey" and the unsold umbrella need a catalog
large enough to name "the Oriel hanging toiletry bag" by its words: the blind shop's
figures cover them.)"""

from __future__ import annotations

import pytest
from small_shop_kit import assert_says

from assistant.qa import QAEngine

# (the turns, words the last reply must say, words it must not say)
CASES = [
    (("how many checked suitcases do you have?",), ("2 checked suitcases",), ()),
    (("what's your lightest checked suitcase",), ("Valtora Aero 69",), ("Carry-On",)),
    (("what packing cubes do you sell?",), ("Set of 4", "Set of 3", "Set of 6"),
     ("Which one do you mean",)),
    (("are any of your packing cubes discounted",), ("Essential", "$22.49"),
     ("Which one do you mean",)),
    (("how tall is the valtora aero 55 in inches?",), ("Valtora Aero 55",), ("Checked",)),
    (("how much off is the fingerprint lock",), ("$5.00 off",), ()),
    (("What neck pillows do you have?",), ("Neck Pillow", "Wrap Travel Pillow"), ()),
    (("valtora aero 69 or the strata trunk suitcase, which is lighter?",),
     ("3.6 kg) at $349.00, 2.39 kg less than the Strata Expedition", "13.2 lb) at $259.00"),
     ()),
    (("any luggage locks that don't need a code? i always forget combinations",),
     ("Fingerprint Padlock",), ("Checked",)),
    (("does the strata flightline carry-on come with the power bank or do i need my own",),
     ("Power bank not included",), ("doesn't say",)),
]


@pytest.mark.parametrize(("turns", "said", "unsaid"), CASES, ids=[c[0][-1] for c in CASES])
def test_the_travel_shop_answers(travel_shop: QAEngine, turns: tuple[str, ...],
                                 said: tuple[str, ...], unsaid: tuple[str, ...]) -> None:
    assert_says(travel_shop, turns, said, unsaid)
