"""What a product's record states, in the attribute table's terms (stated.py, value_match.py).

The record's attributes come in the table's units, with every value of a name; stock takes
the shop's own words over its columns; a sale is a price below the list price; word values
match as shoppers mean them (sizes whole, colours by word, care by what the words imply).
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.qa.knowledge.stated import record_attributes, sale_fact, stock_fact
from assistant.qa.knowledge.value_match import care_verdict, matching_variants, same_value
from assistant.qa.query import AttributeFilter as F

from qa_kit import knowledge

# the demo's MacBook Air, three colour rows grouped into one product with a Color option
MACBOOK = "macbook-air-13-3-inch-apple-703f96"


def _p(shop: str, pid: str):  # noqa: ANN202 - a Product
    return knowledge(shop).catalog.get(pid)


def test_record_attributes_come_in_the_tables_units_with_their_spans() -> None:
    zinus = record_attributes(_p("home", "zinus-josh-loveseat"))
    (width,) = zinus["width"]
    assert width.unit == "in" and width.value == pytest.approx(137 / 2.54, abs=1e-3)
    assert width.evidence == "137 cm wide"  # the shop's words stay the evidence
    assert [a.text for a in zinus["color"]] == ["Gray", "Blue"]  # one per option
    pendleton = record_attributes(_p("home", "pendleton-wool-throw"))
    assert pendleton["weight"][0].value == pytest.approx(3.2, abs=1e-3)  # "Weighs 3.2 lb"
    macbook = knowledge("demo").catalog.get(MACBOOK)
    assert {a.text for a in record_attributes(macbook)["color"]} == {"Gold", "Silver",
                                                                      "Space Gray"}


def test_stock_takes_the_shops_words_and_a_zero_over_its_columns() -> None:
    jacket = _p("home", "northbound-leather-moto-jacket")
    fact = stock_fact(jacket)
    assert fact.availability == "out_of_stock" and fact.count == 0
    assert fact.evidence.startswith("Currently out of stock, back in about 3 weeks")
    said_in_stock = replace(jacket, variants=(), availability="in_stock", stock=None)
    assert stock_fact(said_in_stock).availability == "out_of_stock"  # the text says so
    zero = replace(_p("home", "pendleton-wool-throw"), variants=(), availability="in_stock",
                   stock=0)
    assert stock_fact(zero).availability == "out_of_stock"
    assert stock_fact(_p("home", "zinus-josh-loveseat")).out_options == ("Blue",)
    assert not stock_fact(knowledge("demo").catalog.products[0]).known  # the demo never says
    assert stock_fact(_p("home", "globe-arc-floor-lamp")).availability == "backorder"


def test_a_sale_is_a_price_below_the_list_price() -> None:
    ovik = sale_fact(_p("home", "fjallraven-ovik-knit"))
    assert ovik.on_sale and ovik.discount == 20.0 and ovik.list_price == 160.0
    assert not sale_fact(_p("home", "parachute-percale-sheets")).on_sale
    demo = knowledge("demo").catalog
    assert any(sale_fact(p).on_sale for p in demo) and not all(sale_fact(p).on_sale for p in demo)


def test_values_match_as_shoppers_mean_them() -> None:
    assert same_value("Pine Green", "green") and not same_value("Navy", "blue")
    assert same_value("Grey", "gray") and same_value("merino wool", "wool")
    assert same_value("42", "42", "size") and not same_value("42", "4", "size")
    assert same_value("8 x 10 ft", "8 x 10", "size") and same_value("M", "medium", "size")
    assert same_value("Large", "large", "size") and not same_value("XL", "L", "size")


def test_a_basic_colour_asked_takes_in_its_shades() -> None:
    """"Does it come in green?" of one sold in Sage: a colour asked by its basic word takes
    in the shades of that colour, for colour values only (a "Navy" title word is no blue)."""
    assert same_value("Sage", "green", "color") and same_value("Navy", "blue", "color")
    assert not same_value("Sage", "blue", "color") and not same_value("Navy", "blue")
    assert not same_value("Forest Green", "pine green", "color")


def test_care_is_read_for_what_its_words_imply() -> None:
    assert care_verdict(["vacuum only", "do not wash", "spot clean"], "washable")[0] is False
    assert care_verdict(["dry clean only"], "machine washable") == (False, ("dry clean only",))
    assert care_verdict(["hand wash", "do not tumble dry"], "washable")[0] is True
    assert care_verdict(["hand wash"], "machine washable")[0] is False
    assert care_verdict(["spot clean"], "washable")[0] is False
    assert care_verdict([], "washable")[0] is None
    assert care_verdict(["dishwasher safe"], "dishwasher safe")[0] is True  # outdoor's words


def test_the_table_checks_words_units_stock_and_who_it_is_for() -> None:
    t, cat = knowledge("home").attributes, knowledge("home").catalog
    assert t.check(cat.get("zinus-josh-loveseat"), F("width", "ge", 130, "cm")) is True
    assert t.check(cat.get("zinus-josh-loveseat"), F("width", "ge", 150, "cm")) is False
    assert t.check(cat.get("tnf-denali-fleece-women"), F("color", "eq", text="blue")) is False
    assert t.check(cat.get("naadam-cashmere-turtleneck"),
                   F("material", "lacks", text="cashmere")) is False
    # "not black": a product also sold in navy can be bought in another colour
    assert t.check(cat.get("patagonia-down-sweater-women"),
                   F("color", "lacks", text="black")) is True
    assert t.check(cat.get("levis-trucker-men"), F("gender", "eq", text="female")) is False
    assert t.check(cat.get("adidas-samba-og"), F("gender", "eq", text="female")) is True
    assert t.check(cat.get("columbia-bugaboo-kids"), F("gender", "eq", text="female")) is False
    assert t.check(cat.get("northbound-leather-moto-jacket"),
                   F("availability", "eq", text="in_stock")) is False
    demo = knowledge("demo")
    assert demo.attributes.check(demo.catalog.products[0],
                                 F("availability", "eq", text="in_stock")) is None
    outdoor = knowledge("outdoor")
    nalgene = outdoor.catalog.get("nalgene-32")
    assert outdoor.attributes.check(nalgene, F("care", "has", text="dishwasher safe")) is True


def test_options_and_stock_are_met_by_one_variant_together() -> None:
    zinus = _p("home", "zinus-josh-loveseat")
    blue, stock = F("color", "eq", text="blue"), F("availability", "eq", text="in_stock")
    assert matching_variants(zinus, [blue, stock]) == []  # blue exists, and is out of stock
    assert [v.option("color") for v in matching_variants(zinus, [stock]) or []] == ["Gray"]
    assert matching_variants(zinus, [F("width", "ge", 1.0, "in")]) is None  # not an option
    macbook = knowledge("demo").catalog.get(MACBOOK)
    assert len(matching_variants(macbook, [F("color", "eq", text="gold")]) or []) == 1


def test_a_sale_on_one_option_is_said_of_that_option_with_its_own_prices() -> None:
    """Found by a blind beauty shop: the 200 ml at $22 (was $28) beside a 100 ml at $18 was
    said as "$6.00 off the list price of $24.00", a price no variant has."""
    from dataclasses import replace

    from assistant.catalog.types import Variant
    from assistant.qa.answering.evidence import sale_state
    from assistant.qa.knowledge.stated import sale_fact

    from qa_kit import knowledge

    bed = knowledge("pets").catalog.get("furhaven-orthopedic-bed")
    lotion = replace(bed, price=18.0, discount=0.0, discount_text="", variants=(
        Variant("l-100", (("Size", "100 ml"),), 18.0, 18.0, 22, "in_stock"),
        Variant("l-200", (("Size", "200 ml"),), 22.0, 28.0, 12, "in_stock")))
    fact = sale_fact(lotion)
    assert fact.on_sale and fact.list_price == 18.0 and fact.discount == 0.0
    said, _ = sale_state(lotion)
    assert said == "the 200 ml is $22.00, down from $28.00; the others are at their list price"
    assert "24.00" not in said
