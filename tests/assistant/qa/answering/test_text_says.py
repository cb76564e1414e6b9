"""A product's own words that deny what was asked decide a no (answering/text_says.py).

Found by a blind garden-shop probe: "Is the planter frost resistant?" was answered "Yes"
quoting "Not frost resistant - bring it indoors in winter", and "does it come with a
battery?" "Yes" quoting "battery and charger sold separately".
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.qa.answering.text_says import denial, says_word, stated_line

from qa_kit import chat, knowledge


def _product(text: str):  # noqa: ANN202 - a Product with this description
    p = next(iter(knowledge("outdoor").catalog))
    return replace(p, title="Test Planter", features=(), description=text, discount_text="")


@pytest.mark.parametrize(("text", "word"), [
    ("Not frost resistant - bring it indoors in winter.", "frost resistant"),
    ("Bare tool: battery and charger sold separately.", "battery"),
    ("Bare tool: battery and charger sold separately.", "charger"),
    ("Not for use with hot water.", "hot water"),
    ("Contains beeswax, so not vegan.", "vegan"),
    ("Fragrance-free, vegan and not tested on animals.", "tested on animals"),
    ("Fragrance-free, vegan and not tested on animals.", "fragrance"),
    ("Hose not included.", "hose"),
])
def test_a_denied_word_is_a_no_with_its_line(text: str, word: str) -> None:
    p = _product(text)
    assert denial(p, word) == text and not stated_line(p, word)


@pytest.mark.parametrize(("text", "word"), [
    ("Frost resistant to -10 C.", "frost resistant"),
    ("Includes a 2.0 Ah battery; charger sold separately.", "battery"),
    ("Non-slip pad underneath.", "pad"),
    ("Fragrance-free, vegan and not tested on animals.", "vegan"),
])
def test_a_word_stated_plainly_somewhere_is_not_denied(text: str, word: str) -> None:
    p = _product(text)
    assert denial(p, word) == "" and says_word(p, word)


def test_a_word_said_of_a_part_does_not_say_it_of_the_product() -> None:
    """"a frost resistant lid", "a molded waterproof base": the product itself is not."""
    p = _product("Not frost resistant. UV stabilised and frost resistant lid.")
    assert denial(p, "frost resistant") == "Not frost resistant."
    p = _product("A soft bag with a molded waterproof base. Water-resistant (not waterproof).")
    assert denial(p, "waterproof") == "Water-resistant (not waterproof)."


@pytest.mark.parametrize(("shop", "question", "product", "quoted"), [
    ("home", "Does the IKEA HEKTAR floor lamp come with a bulb?", "ikea-hektar-floor-lamp",
     "E26 bulb sold separately"),
    ("outdoor", "Does the Osprey Atmos come with a rain cover?", "osprey-atmos-65",
     "Rain cover sold separately"),
    ("demo", "Does the Philips Hue dimmer switch include a Hue Bridge?",
     "philips-hue-dimmer-switch-with-remote-7df2f6", "Requires a Hue Bridge (Sold Separately)"),
])
def test_sold_separately_answers_no_quoting_the_catalog(shop: str, question: str, product: str,
                                                        quoted: str) -> None:
    ((plan, answer),) = chat(shop, question)
    assert plan.verdict_words == {product: "no"}, answer.text
    assert f'"{quoted}' in answer.text and "Yes" not in answer.text


def test_a_plain_statement_still_answers_yes() -> None:
    ((plan, answer),) = chat("pets", "Does the Furhaven orthopedic dog bed have a non-skid bottom?")
    assert plan.verdict_words == {"furhaven-orthopedic-bed": "yes"}, answer.text
    assert "Non-skid bottom" in answer.text


def test_not_included_denies_whatever_else_names_the_word() -> None:
    """A blind garden shop's hose reel "Holds 45 m of hose. Hose not included." was
    answered "Yes" to "does it come with a hose?" from its title "Hose Reel"."""
    p = replace(_product("Holds 45 m of 12.5 mm hose. Hose not included."),
                title="Coilmate Wall-Mounted Hose Reel")
    assert denial(p, "hose") == "Hose not included."
    assert denial(_product("Holds 45 m of 12.5 mm hose."), "hose") == ""


def test_come_with_asks_what_is_included_not_a_figure() -> None:
    """"Does the Voltrix drill come with a battery?" was read as its battery life once the
    shop's prose stated battery lives; the answer lost its "sold separately"."""
    ((plan, answer),) = chat("demo", "Does the Wyze Cam v3 4-pack come with a microSD card?")
    assert plan.verdict_words == {"wyze-cam-v3-4-pack-indoor-14a730": "no"}, answer.text
    assert "Sold Separately" in answer.text
    ((plan, _),) = chat("demo", "Does the Jackery Explorer 550 come with a battery?")
    assert "battery_life" not in plan.query.asked and plan.query.asked == ("battery",)


def test_the_word_denied_beats_a_weaker_word_stated() -> None:
    """"Water resistant, not waterproof": water resistance is stated, waterproof denied (a
    blind cycling shop's pannier was answered "Yes" to "is it waterproof?")."""
    p = _product("Water resistant, not waterproof: a rain cover is included for downpours.")
    assert denial(p, "waterproof").startswith("Water resistant, not waterproof")
    assert not denial(_product("Water resistant shell with taped seams."), "waterproof")


def test_a_plural_asked_of_a_product_is_asked_in_the_singular() -> None:
    """"Do the gloves work with touchscreens?" of "Touchscreen-compatible" gloves; a search
    for "levels" keeps the plural (gloves of "cut level A4" are no levels)."""
    from assistant.qa.answering.text_says import states
    from assistant.qa.answering.word_forms import one_of as _one_of
    from assistant.qa.query import AttributeFilter
    one = _one_of(AttributeFilter("touchscreens", "has", text="touchscreens"))
    assert one == AttributeFilter("touchscreen", "has", text="touchscreen")
    assert states(_product("Touchscreen-compatible thumb and index finger."), one.text or "")
    assert not states(_product("Touchscreen-compatible thumb."), "touchscreens")
    assert _one_of(AttributeFilter("gps", "has", text="gps")) is None


def test_other_forms_of_a_feature_word() -> None:
    """The forms a word asked about may be stated in, and which of them answer the opposite:
    "unscented" is decided by "scented"; a phrase's head may only deny ("no app")."""
    from assistant.qa.answering.word_forms import decided_form, other_forms
    from assistant.qa.query import AttributeFilter
    words = {g.name: flip for g, flip in other_forms(AttributeFilter("unscented", "has"))}
    assert words["scented"] is True and not any(f for n, f in words.items() if n != "scented")
    assert {g.name for g, _ in other_forms(AttributeFilter("freezer", "has"))} >= {"freeze"}
    assert [g.name for g, _ in other_forms(AttributeFilter("phone app", "has"))] == ["app"]
    assert other_forms(AttributeFilter("gps", "has")) == []
    said = {"scented": True, "app": True}
    _, own, value = decided_form(AttributeFilter("unscented", "has"), lambda g: said.get(g.name))
    assert (own, value) == (True, False)  # "Lightly scented": not unscented
    _, _, value = decided_form(AttributeFilter("phone app", "has"), lambda g: said.get(g.name))
    assert value is None  # "ships in one box" says nothing of a "ship box"


def test_a_recorded_value_may_name_the_absence_of_what_it_records() -> None:
    """"Fragrance: Fragrance-free" records that there is none: "no fragrance" holds."""
    from assistant.qa.answering.text_says import names_none
    from assistant.qa.knowledge.spec_text import Attribute
    assert names_none(Attribute("fragrance", None, None, "Fragrance-free", "Fragrance-free"))
    assert names_none(Attribute("batteries", None, None, "None", "Batteries: None"))
    assert not names_none(Attribute("fragrance", None, None, "Lavender", "Lavender"))
    assert not names_none(Attribute("weight", 2.0, "kg", None, "2 kg"))


def test_a_thing_not_included_is_not_absent() -> None:
    """"Runs on 2 x AAA batteries (not included)" still needs batteries; "no batteries
    needed" does not."""
    from assistant.qa.answering.text_says import says_absence
    assert not says_absence(_product("Runs on 2 x AAA batteries (not included)."), "batteries")
    assert says_absence(_product("Mechanical: no batteries needed."), "batteries")

