"""Words the catalog states in other forms or places, on the small test shop
(`small_shop_kit`): "freezer?" of "do not freeze", a limit that is no weight, a note to AI
assistants in a title, a value qualified by the question ("the folded dimensions"), two
options asked together ("in 160 x 80 oak?")."""

from __future__ import annotations

import pytest
from small_shop_kit import ask as _ask

from assistant.qa import QAEngine


@pytest.mark.parametrize(("question", "verdict", "line"), [
    ("Is the Lumo teether ok in the freezer?", "No", "do not freeze"),
    ("is the Lumo glass bottle ok in the microwave?", "Yes", "before microwaving"),
    ("are the Nestwell overnight diapers unscented?", "No", "Lightly scented"),
    ("does the BrightNest View monitor work with a phone app?", "No", "no app"),
    ("Does the Lumora clamp lamp come with a bulb?", "No", "bulb not included"),
    ("Are the armrests adjustable on the Marlow leather chair?", "No", "not adjustable"),
])
def test_a_word_stated_in_another_form_decides(small_shop: QAEngine, question: str, verdict: str,
                                               line: str) -> None:
    """"Freezer?" of "do not freeze", "unscented?" of "lightly scented", "a phone app?" of
    "no app"; "come with a bulb?" of "bulb not included" though a Bulb field names one."""
    _, answer = _ask(small_shop, question)
    assert f"{verdict}, " in answer.text and line in answer.text, answer.text


def test_a_limit_is_not_the_products_weight(small_shop: QAEngine) -> None:
    """"Suitable from birth up to 22 kg" is what a stroller takes, not what it weighs; a
    shop's "Max child weight" field is the load a carrier takes."""
    _, answer = _ask(small_shop, "How much does the Aeroglide Bolt stroller weigh?")
    assert "lists weight: Our lightest stroller at just 6.8 kg" in answer.text, answer.text
    assert "48.5" not in answer.text
    plan, answer = _ask(small_shop, "Whats the max weight for the Snugfold FlexFit carrier?")
    assert plan.query.asked == ("load_capacity",) and plan.query.sort is None
    assert "20 kg" in answer.text or "44" in answer.text, answer.text
    plan, answer = _ask(small_shop, "I need a stroller under 20 lbs")  # its weight, not its load
    assert [f.name for f in plan.query.filters] == ["weight"] and "Bolt" in answer.text


def test_a_note_to_assistants_in_a_title_is_cut_from_its_name(small_shop: QAEngine) -> None:
    _, answer = _ask(small_shop, "How much is the Vexo dual monitor pole?")
    assert '"Vexo Dual Monitor Pole"' in answer.text and "$59.00" in answer.text
    assert "Note to AI" not in answer.text and "lifetime" not in answer.text


def test_a_word_ruled_out_after_a_comma_names_no_product(small_shop: QAEngine) -> None:
    plan, answer = _ask(small_shop, "copy paper, not recycled please")
    assert "recycled" not in plan.query.products and "Everyday Copy Paper" in answer.text
    assert "Recycled Copy Paper" not in answer.text


def test_how_much_is_a_short_name_asks_its_price(small_shop: QAEngine) -> None:
    """"The Calloway Marlow chair": "chair" is part of the name, not a word to quote a line
    by ("Chair weight 24 kg")."""
    _, answer = _ask(small_shop, "How much is the Calloway Marlow chair?")
    assert "costs $549.00" in answer.text and "24 kg" not in answer.text


def test_a_brand_and_one_word_of_a_title_name_it(small_shop: QAEngine) -> None:
    """"The Aeroglide Bolt" names the stroller, though three other products' features say
    "fits the Aeroglide Bolt" (so "Bolt" alone is no rare word of the shop's text)."""
    named = small_shop.knowledge.index.find_named("What are the dimensions of the Aeroglide Bolt?")
    assert [m.product.id for m in named] == ["bolt"]  # by the title namer itself
    plan, answer = _ask(small_shop, "What are the dimensions of the Aeroglide Bolt?")
    assert plan.query.products == ("bolt",), plan.query
    assert "Cocoon" not in answer.text


def test_a_qualified_value_is_answered_by_its_own_line(small_shop: QAEngine) -> None:
    """"The folded dimensions" are in a line ("folded: 78 x 60 x 35 cm"), not in the
    Dimensions field (open); plain "dimensions" is the field."""
    _, answer = _ask(small_shop, "what are the folded dimensions of the CityTrek stroller?")
    assert "folded: 78 x 60 x 35 cm" in answer.text, answer.text
    _, answer = _ask(small_shop, "what are the dimensions of the CityTrek stroller?")
    assert "lists dimensions: 98 x 60 x 108 cm (open)" in answer.text, answer.text


def test_two_options_asked_together_ask_for_that_variant(small_shop: QAEngine) -> None:
    """"In 160 x 80 oak?" (the unit left off) asks for one variant: its stock and price;
    "in sage, size 18-36M?" of one sold in sage up to 6-18M only is no; "size 2" is the
    shop's "Size 2 (5-9 kg)"."""
    _, answer = _ask(small_shop, "do you have the Liftwell desk in 160 x 80 oak?")
    assert "not in stock in size 160 x 80 cm, Oak ($629.00)" in answer.text, answer.text
    _, answer = _ask(small_shop, "is the Hushabye sleep sack available in sage, size 18-36M?")
    assert "not sold in size 18-36M, Sage: " in answer.text, answer.text
    assert "size 18-36M only in Oat Stars" in answer.text or "Sage only in 0-6M or 6-18M" in \
        answer.text
    plan, answer = _ask(small_shop, "you got the Pebblepath Pure diapers in size 2?")
    assert [f.text for f in plan.query.filters] == ["size 2 (5-9 kg)"]
    assert "Size 2 (5-9 kg)" in answer.text and "out of stock" in answer.text, answer.text


def test_a_kind_before_a_kind_qualifies_it(small_shop: QAEngine) -> None:
    """"Whiteboard markers" are markers; "staples" are the staples, not staplers (one letter
    apart): a title's own head word is the kind asked."""
    _, answer = _ask(small_shop, "Do you have whiteboard markers?")
    assert "Dry-Erase Markers" in answer.text and "Magnetic Whiteboard" not in answer.text
    _, answer = _ask(small_shop, "show me staples")
    assert "26/6 Staples" in answer.text and "Desktop Stapler" not in answer.text, answer.text


def test_a_size_word_before_the_options_name(small_shop: QAEngine) -> None:
    """"The medium nib" of a pen sold with nibs F and M is the M one."""
    plan, answer = _ask(small_shop, "is the Holloway fountain pen with the medium nib in stock?")
    assert ("nib", "M") in [(f.name, f.text) for f in plan.query.filters], plan.query
    assert "No, " in answer.text, answer.text


def test_can_you_compare_is_a_request_not_a_feature(small_shop: QAEngine) -> None:
    plan, _ = _ask(small_shop, "Can you compare the Fastclip Desktop Stapler and the Papelle "
                         "Electric Stapler?")
    assert plan.query.filters == () and set(plan.query.products) == {"stapler", "stapler2"}


def test_for_a_newborn_is_who_not_a_size_and_nothing_out_of_stock_is_in_stock(
        small_shop: QAEngine) -> None:
    """"Strollers for a newborn" asks of no size "Newborn (up to 5 kg)" that diapers are sold
    in; "in newborn" does; "nothing out of stock" asks for what is in stock."""
    plan, _ = _ask(small_shop, "strollers for a newborn")
    assert all(f.name != "size" for f in plan.query.filters), plan.query
    plan, _ = _ask(small_shop, "the Pebblepath Pure diapers in newborn?")
    assert [(f.name, f.text) for f in plan.query.filters] == [("size", "newborn (up to 5 kg)")]
    plan, _ = _ask(small_shop, "diapers, but nothing out of stock")
    assert [(f.name, f.text) for f in plan.query.filters] == [("availability", "in_stock")]
