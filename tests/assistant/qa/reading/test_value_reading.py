"""Reading what a message says a product should (not) be: values, exclusions, units, subjects.

On the home/apparel shop (colours, sizes, materials, care, who it is for, stock, sale), on
the demo (only what its catalog states: colours, prices; never a stock filter it cannot
check) and on the outdoor shop (care words it states).
"""

from __future__ import annotations

import pytest

from assistant.qa.query import AttributeFilter as F
from assistant.qa.reading.parse import RuleParser
from assistant.qa.reading.value_reading import read_values

from qa_kit import knowledge


def _query(shop: str, text: str):  # noqa: ANN202 - a Query
    return RuleParser(knowledge(shop)).parse(text).query


@pytest.mark.parametrize(("text", "want"), [
    ("women's jackets in pink", {F("gender", "eq", text="female"), F("color", "eq", text="pink")}),
    ("sweaters without cashmere", {F("material", "lacks", text="cashmere")}),
    ("a jacket, but not leather", {F("material", "lacks", text="leather")}),
    ("jackets, not black", {F("color", "lacks", text="black")}),
    ("rugs, but no shag", {F("shag", "lacks")}),
    ("pillows in stock", {F("availability", "eq", text="in_stock")}),
    ("sweaters on sale", {F("on_sale", "has")}),
    ("washable rugs", {F("care", "has", text="washable")}),
    ("sneakers in size 12", {F("size", "eq", text="12")}),
    ("king size pillows", {F("size", "eq", text="king")}),
    ("men's sweaters in gray", {F("gender", "eq", text="male"), F("color", "eq", text="gray")}),
    ("jackets that aren't leather or fake leather", {F("material", "lacks", text="leather")}),
    ("a jacket, nothing leather please", {F("material", "lacks", text="leather")}),
    ("boots that don't come in black", {F("color", "lacks", text="black")}),
])
def test_home_values_and_exclusions(text: str, want: set[F]) -> None:
    assert set(_query("home", text).filters) == want


def test_units_comparatives_and_unitless_figures() -> None:
    q = _query("home", "sofas narrower than 85 inches")
    assert q.filters == (F("width", "le", 85.0, "in"),) and q.sort is None
    assert _query("home", "lamps taller than 5 feet").filters == (F("height", "ge", 60.0, "in"),)
    assert _query("home", "a rug at least 150 cm wide").filters[0].name == "width"
    q = _query("home", "sheets with a thread count of at least 400")
    assert q.filters == (F("thread_count", "ge", 400.0, ""),) and q.min_price is None
    assert _query("home", "Which sofa is the widest?").sort.key == "width"  # type: ignore[union-attr]


def test_prices_nothing_over_is_at_most_on_every_shop() -> None:
    assert _query("home", "Sneakers please, nothing over 120").max_price == 120.0
    q = _query("demo", "a TV, nothing over $400 please")
    assert q.max_price == 400.0 and q.min_price is None and q.product_types == ("tv",)
    assert _query("outdoor", "a cooler, nothing over 150").max_price == 150.0


def test_brands_stay_brands_and_names_stay_names() -> None:
    q = _query("demo", "smart watches not made by Apple")
    assert q.exclude_brands == ("Apple",) and q.filters == ()  # "made" is no word to exclude
    q = _query("home", "sneakers, not Nike")
    assert q.exclude_brands == ("Nike",) and q.filters == ()
    q = _query("home", "kids' jackets")  # a category's name, not an age filter
    assert q.categories == ("Kids' Jackets",) and q.filters == ()


def test_the_subject_names_the_product_and_the_rest_is_asked() -> None:
    q = _query("home", "Is the Pendleton wool throw machine washable?")
    # its brand and "wool" name the one Pendleton wool throw; care is asked
    assert q.products == ("pendleton-wool-throw",) and q.asked == ("care",)
    q = _query("home", "Is the Ruggable Kamran rug washable?")  # "Washable" is in its title
    assert q.products == ("ruggable-washable-rug",)
    assert q.filters == (F("care", "has", text="washable"),)
    q = _query("home", "How wide is the Zinus Josh loveseat?")
    assert q.intent == "attribute" and q.asked == ("width",)


def test_only_what_the_catalog_states_is_read() -> None:
    demo = knowledge("demo").attributes
    assert read_values(demo, "washable sweaters").filters == ()  # the demo states no care
    assert read_values(demo, "women's laptops").filters == ()  # nor who a product is for
    assert F("color", "eq", text="silver") in _query("demo", "laptops in silver").filters
    outdoor = knowledge("outdoor").attributes
    assert read_values(outdoor, "a dishwasher safe bottle").filters == (
        F("care", "has", text="dishwasher safe"),)
    assert read_values(outdoor, "rated down to 20 degrees").filters == ()  # "down" no material


@pytest.mark.parametrize("shop", ["demo", "outdoor", "home"])
def test_english_idioms_rule_nothing_out(shop: str) -> None:
    """"money is no object" is a budget, not "without object" (a word the demo's titles use)."""
    for text in ("money is no object, I want the best one you have", "no rush, something nice"):
        q = _query(shop, text)
        assert not [f for f in q.filters if f.op == "lacks"], (shop, text, q.filters)


@pytest.mark.parametrize(("shop", "text", "product", "verdict", "said"), [
    ("home", "Is the Arc'teryx Atom Hoody in M in stock?", "arcteryx-atom-hoody-women", "no",
     "size M is out of stock"),
    ("home", "Is the Zinus Josh loveseat in stock in Blue?", "zinus-josh-loveseat", "no",
     "Blue is out of stock"),
    ("pets", "Is the Ruffwear Front Range leash in Red in stock?", "ruffwear-front-range-leash",
     "no", "Red is out of stock"),
    ("pets", "Do you have the Furhaven orthopedic dog bed in Espresso, size L, in stock?",
     "furhaven-orthopedic-bed", "yes", "Espresso"),
])
def test_an_option_the_shop_sells_in_is_read_from_the_question(shop: str, text: str,
                                                               product: str, verdict: str,
                                                               said: str) -> None:
    """Found by blind garden and beauty shops: "gloves in XL - in stock?" and "the
    foundation in Honey" answered about any variant, "Yes" though that one was sold out.
    The shop's own option values ("XL", "Honey", "25 m", "Espresso") are read as options."""
    from qa_kit import chat

    ((plan, answer),) = chat(shop, text)
    assert plan.verdict_words == {product: verdict}, answer.text
    assert said in answer.text


def test_a_figure_asked_meets_an_option_stated_as_text() -> None:
    """"the 40 cm one" and "at least 80 feet" against options "30 cm" / "40 cm", "25 m"."""
    from assistant.catalog.types import Variant
    from assistant.qa.knowledge.value_match import figure_ok, variant_ok

    assert figure_ok("40 cm", F("size", "eq", value=15.748, unit="in"))
    assert figure_ok("30 cm", F("size", "eq", value=15.748, unit="in")) is False
    assert figure_ok("25 m", F("length", "ge", value=960.0, unit="in"))  # 82 ft
    assert figure_ok("15 m", F("length", "ge", value=80.0, unit="ft")) is False
    assert figure_ok("Queen", F("size", "eq", value=40.0, unit="cm")) is None
    v = Variant("hose-30", (("Length", "30 m"),), 39.99, stock=5, availability="in_stock")
    assert variant_ok(v, F("length", "ge", value=80.0, unit="ft"))


@pytest.mark.parametrize(("shop", "said", "plain"), [
    ("home", "rugs that aren't shag", "rugs, but no shag"),
    ("pets", "dog food that doesn't contain grain", "dog food without grain"),
    ("outdoor", "a cooler that doesn't have wheels", "a cooler without wheels"),
])
def test_isnt_and_doesnt_contain_rule_out_as_not_does(shop: str, said: str,
                                                      plain: str) -> None:
    """Found by blind shops: "mascara that isn't waterproof" listed the waterproof one and
    "a lawn mower that isn't petrol" named the petrol mower."""
    from qa_kit import chat

    ((plan, _),) = chat(shop, said)
    ((want, _),) = chat(shop, plain)
    assert plan.result_ids == want.result_ids and plan.total == want.total
    assert any(f.op == "lacks" for f in plan.query.filters)
