"""Bare questions after a list, ranges, a person's height, and two kinds in one message,
on the small test shop (`small_shop_kit`)."""

from __future__ import annotations

from small_shop_kit import ask as _ask

from assistant.qa import QAEngine


def test_a_bare_question_after_a_list_asks_of_the_products_listed(small_shop: QAEngine) -> None:
    """"What sizes?" after a list names no kind: it asks of the products shown, not the
    catalog; a column repeating the options ("Sage; Oat Stars") is not said twice."""
    plan, answer = _ask(small_shop, "do you have leggings?", "what sizes?")
    assert [p.id for p in plan.answer_products] == ["leggings"], answer.text
    assert "sizes S–L" in answer.text or "S, M or L" in answer.text, answer.text
    _, answer = _ask(small_shop, "Do you have sleep sacks?", "what colours?")
    assert "Sage and Oat Stars" in answer.text and "Sage; Oat Stars" not in answer.text, \
        answer.text


def test_a_range_reaches_its_top_figure(small_shop: QAEngine) -> None:
    """"From 2.5 kg to 24 kg" goes up to 24 kg (about 53 lb): at least 50 lb."""
    _, answer = _ask(small_shop, "which dumbbells go up to at least 50 lb?")
    assert "DialTech" in answer.text and "Flexbell" not in answer.text, answer.text


def test_a_height_in_feet_and_inches_fits_a_stated_range(small_shop: QAEngine) -> None:
    """6'2" is 74 in, about 188 cm: inside "riders 155–190 cm tall"."""
    _, answer = _ask(small_shop, "I'm 6'2\" - will the seat on the Trekline B150 go high "
                                 "enough for me?")
    assert "Yes, " in answer.text and "190 cm" in answer.text, answer.text


def test_cheaper_than_usual_asks_for_a_sale(small_shop: QAEngine) -> None:
    _, answer = _ask(small_shop, "Is the Harbor Sumatra coffee cheaper than usual right now?")
    assert "down from $28.00" in answer.text, answer.text


def test_two_kinds_joined_by_or_are_both_asked_for(small_shop: QAEngine) -> None:
    """"Sports bras or leggings": neither kind holds the other, so both are listed."""
    _, answer = _ask(small_shop, "anything in sports bras or leggings?")
    assert "Aurelle Apex" in answer.text and "Everyday Leggings" in answer.text, answer.text


def test_a_feature_said_after_the_kind_is_asked_of_it(small_shop: QAEngine) -> None:
    """"Exercise bike with bluetooth": the bikes whose text says it; "latex free" rules
    latex out, and a Material column naming it says so."""
    _, answer = _ask(small_shop, "exercise bike with bluetooth")
    assert "Velocore" in answer.text and "Trekline" not in answer.text, answer.text
    _, answer = _ask(small_shop, "Any desk lamps with a USB port to charge my phone?")
    assert "Arc LED" in answer.text and "Clamp" not in answer.text, answer.text  # "USB-A
    # charging port": each word said, not the phrase
    plan, answer = _ask(small_shop, "Do you have resistance bands that are latex free?")
    assert [(f.name, f.op) for f in plan.query.filters] == [("latex", "lacks")], plan.query
    assert "No, " in answer.text and "has latex" in answer.text, answer.text


def test_the_one_word_a_title_alone_has_names_it(small_shop: QAEngine) -> None:
    """"The Bolt" names the Bolt stroller, though accessories' features say "fits the
    Aeroglide Bolt": a capitalised word after "the" that one title alone has."""
    plan, answer = _ask(small_shop, "Which is lighter, the Bolt or the Breeze?")
    assert set(plan.query.products) == {"bolt", "breeze"}, plan.query
    assert "lighter one is the Pebblepath Breeze" in answer.text, answer.text


def test_an_activity_the_shop_never_names_is_another_kind(small_shop: QAEngine) -> None:
    """"Rowing bikes": the shop sells bikes, but no product says rowing, so it sells none;
    "lightweight strollers" only describes the shop's own strollers."""
    _, answer = _ask(small_shop, "Do you sell rowing bikes?")
    assert "doesn't sell rowing bikes" in answer.text, answer.text
    _, answer = _ask(small_shop, "Do you have any lightweight strollers?")
    assert "Breeze" in answer.text and "doesn't sell" not in answer.text, answer.text


def test_a_follow_up_about_the_product_just_shown(small_shop: QAEngine) -> None:
    """The biggest of sizes given as lengths ("160 x 80 cm"), with its stock; an option
    picked in one turn carried into "is that one in stock?"; "what's the price
    difference?" of two products shown."""
    _, answer = _ask(small_shop, "Tell me about the Liftwell Ascend desk",
                     "how much is the biggest one?")
    assert "is 160 x 80 cm: $629.00 (4 in stock)" in answer.text, answer.text
    _, answer = _ask(small_shop, "I'm looking at the Harbor Sumatra coffee",
                     "does it come in 500 g?", "is that one in stock?")
    assert "in stock in size 500 g ($24.00) (12 in stock)" in answer.text, answer.text
    _, answer = _ask(small_shop, "Show me the Bolt and the Breeze", "what's the price difference?")
    assert "$240.00 less than the Aeroglide Bolt" in answer.text, answer.text


def test_a_value_asked_of_a_line_of_two_is_each_ones(small_shop: QAEngine) -> None:
    """"The heel drop on the Tempo 3?" of a women's and a men's Tempo 3: each one's own
    line, not "which one do you mean?"."""
    plan, answer = _ask(small_shop, "What's the heel drop on the Tempo 3?")
    assert plan.kind == "attribute" and answer.text.count("Heel-to-toe drop: 8 mm") == 2, \
        answer.text


def test_an_option_named_by_its_first_word(small_shop: QAEngine) -> None:
    """"The mirrored lens" is the option "Mirrored Blue" (no other lens starts so): out of
    stock, though the goggles are in stock in Clear."""
    _, answer = _ask(small_shop, "any of the Aquavue Clear Vision goggles with the mirrored "
                                 "lens in stock?")
    assert "No, " in answer.text and "Mirrored Blue is out of stock" in answer.text, answer.text


def test_you_have_asks_for_no_feature(small_shop: QAEngine) -> None:
    """"Is the Bolt the lightest stroller you have?": "have" is no feature asked of it."""
    plan, _ = _ask(small_shop, "Is the Aeroglide Bolt the lightest stroller you have?")
    assert all(f.name != "have" for f in plan.query.filters), plan.query
    assert plan.query.sort is not None and plan.query.sort.key == "weight", plan.query
