"""A figure asked in other units is answered in them too, beside the catalog's own words:
"how heavy is it in kg?" of a skillet that weighs 5 lb, "does it get to 200 psi?" of a
15 bar pump. Found by blind cycling and pantry shops: "does the pump get to 10 bar?"
(160 psi) and "how heavy is the chain lock in pounds?" (2.9 kg) said "the catalog
doesn't say" or gave kilograms only."""

from __future__ import annotations

import pytest

from assistant.qa.answering.in_units import about, in_asked_units
from assistant.qa.reading.asked_units import named_units

from qa_kit import chat


@pytest.mark.parametrize(("shop", "turns", "said"), [
    ("demo", ("how heavy is the Acer Swift Edge 7-7735U in grams?",), "2.58 lbs (about 1,170 g)"),
    ("demo", ("Acer Swift Edge 7-7735U weight in grams?",), "2.58 lbs (about 1,170 g)"),
    ("outdoor", ("how heavy is the Lodge skillet in kg?",), "Weighs 5 lb (about 2.3 kg)"),
    ("apparel", ("how wide is the Zinus Josh loveseat in inches?",), "137 cm wide (about 53.9 in)"),
    ("pets", ("tell me about the Flexi leash", "how long is it in metres?"), "(about 4.9 m)"),
])
def test_a_figure_in_the_units_asked(shop: str, turns: tuple[str, ...], said: str) -> None:
    plan, answer = chat(shop, *turns)[-1]
    assert said in answer.text, answer.text


def test_a_limit_reached_is_compared_in_one_unit() -> None:
    """"Get to 200 psi" of a 15 bar pump: 15 bar is about 218 psi, so yes."""
    ((plan, answer),) = chat("outdoor", "does the Breville Barista Express get to 200 psi?")
    assert answer.text.startswith("Yes") or "Yes," in answer.text, answer.text
    assert "15 bar pump (about 218 psi)" in answer.text, answer.text
    ((plan, answer),) = chat("outdoor", "does the Breville Barista Express get to 250 psi?")
    assert "No," in answer.text, answer.text
    ((plan, answer),) = chat("outdoor", "do you have a backpack up to 30 L?")  # a bound
    assert plan.query.filters[0].op == "le", plan.query


def test_units_named_in_a_message() -> None:
    assert named_units("how heavy is the lock in pounds?") == ("lb",)
    assert named_units("does the pump get to 10 bar?") == ("bar",)
    assert named_units("does it assist up to 20 mph?") == ("mph",)
    assert named_units("How many grams is the jar?") == ("g",)
    assert named_units("do you have it in M?") == ()  # a size letter, not metres
    assert named_units("tell me about the lamp") == ()


def test_a_conversion_is_added_only_where_the_text_lacks_that_unit() -> None:
    assert in_asked_units(2.9, "kg", "2.9 kg", ("lb",)) == "2.9 kg (about 6.4 lb)"
    assert in_asked_units(73 / 1000, "kg", "Weighs 2.6 oz (73 g)", ("g",)) == \
        "Weighs 2.6 oz (73 g)"  # already said in grams
    assert in_asked_units(0.7098, "L", "24 oz", ("oz",)) == "24 oz"
    assert in_asked_units(None, None, "Capacity 9 L", ("gal",)) == \
        "Capacity 9 L (about 2.4 gal)"  # a figure of text-only words is converted too
    assert about(6.393) == "6.4" and about(752.3) == "752" and about(0.454) == "0.45"


def test_yards_degrees_and_three_figures_are_said_in_the_units_asked() -> None:
    """"Spool length: 150 yd" in metres, "450°F" in Celsius, a text-only "32 x 18 x 12 cm"
    in inches: each figure converted after the catalog's own words."""
    from assistant.qa.answering.in_units import figures_in, in_asked_units
    assert figures_in("Spool length: 150 yd", ["m"]) == "about 137 m"
    assert figures_in("Heats up to 450°F", ["degC"]) == "about 232 °C"
    assert in_asked_units(None, None, "32 x 18 x 12 cm", ["in"]) \
        == "32 x 18 x 12 cm (about 12.6 x 7.1 x 4.7 in)"
