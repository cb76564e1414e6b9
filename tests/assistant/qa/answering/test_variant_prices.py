"""The options asked for are priced as sold: "king sheet sets" shows each set's King price,
and "how much is the King?" after one set answers with it.

Found by a blind garden shop: "terracotta pots" then "what about 40 cm?" showed the pot at
$19.99, its 30 cm price, though the 40 cm costs $32.99."""

from __future__ import annotations

import re

from qa_kit import chat


def test_a_listing_of_one_size_shows_that_size_price() -> None:
    ((plan, answer),) = chat("home", "king sheet sets")
    assert "The Brooklinen Luxe Sateen Sheet Set, $199.00 (size King" in answer.text, answer.text
    ((plan, answer),) = chat("pets", "dog beds in size L")
    assert "The Furhaven Orthopedic Dog Bed, $64.99 (size L" in answer.text, answer.text


def test_how_much_is_an_option_of_the_product_just_shown() -> None:
    (_, (plan, answer)) = chat("home", "Tell me about the Brooklinen Luxe Sateen sheets",
                               "how much is the King?")
    assert plan.answer_products[0].id == "brooklinen-luxe-sateen-sheets"
    assert re.search(r"costs \$199\.00 on sale \(was \$219\.00\) \(size King", answer.text), \
        answer.text  # the King's own price, with its sale
    (_, (plan, answer)) = chat("pets", "Tell me about the Furhaven orthopedic dog bed",
                               "how much is the size L?")
    assert plan.answer_products[0].id == "furhaven-orthopedic-bed"
    assert "costs $64.99" in answer.text, answer.text


def test_a_figure_the_shop_sells_as_an_option_is_that_option() -> None:
    """"jute rugs in 8 x 10 ft" read "10 ft" as a size of 120 in and found none; a blind
    beauty shop's "Is the 1 L shampoo in stock?" read a capacity the options don't state."""
    ((plan, answer),) = chat("home", "jute rugs in 8 x 10 ft")
    assert "The Hearth & Oak Braided Jute Rug, $249.00 (size 8 x 10 ft" in answer.text, answer.text
    ((plan, answer),) = chat("home", "Is the Safavieh California shag rug in 8 x 10 ft in stock?")
    assert plan.verdict_words == {"safavieh-california-shag-rug": "yes"}, answer.text
    assert "120" not in answer.text


def test_an_option_sold_out_says_so_when_asked_whether_it_comes_in_it() -> None:
    """A blind garden shop: "Does the Kestrel drill come in grey?" -> "Yes" though every
    grey one was sold out."""
    ((plan, answer),) = chat("home", "Does the Zinus Josh loveseat come in blue?")
    assert plan.verdict_words == {"zinus-josh-loveseat": "yes"}
    assert "Blue is out of stock" in answer.text, answer.text
    ((plan, answer),) = chat("pets", "Does the Ruffwear Front Range leash come in red?")
    assert "Red is out of stock" in answer.text, answer.text
    ((plan, answer),) = chat("pets", "Does the Ruffwear Front Range leash come in blue?")
    assert "out of stock" not in answer.text, answer.text


def test_a_sale_listing_says_what_each_was() -> None:
    """A blind garden shop: "Are any lawn mowers on sale?" listed one at $249.00 with no
    word of the sale, and "any discounts on hoses?" was read as "hoses"."""
    ((plan, answer),) = chat("home", "any discounts on sweaters?")
    assert any(f.name == "on_sale" for f in plan.query.filters)
    assert plan.answer_products and all(p.discount > 0 for p in plan.answer_products)
    assert "was $" in answer.text, answer.text
    ((plan, answer),) = chat("outdoor", "Are any camping stoves on sale?")
    assert "The Camp Chef Everest 2X High-Pressure Stove, $149.99 (was $169.99)" in answer.text


def test_a_list_line_says_which_options_a_sale_is_on() -> None:
    """A band on sale in size 12 only is "$30.00 off the size 12 today" in a list, not
    "$30.00 off today" beside sizes 10-12 (read as the whole band on sale)."""
    from assistant.catalog import Product
    from assistant.catalog.types import Variant
    from assistant.qa.answering.evidence import off_today

    def band(*prices: tuple[str, float, float]) -> Product:
        return Product(id="band", title="Tungsten Band", category="Wedding Bands",
                       price=min(p for _, p, _ in prices), discount=30.0, discount_text="",
                       rating=4.5, review_count=10, features=(), brand="Forge",
                       variants=tuple(Variant(f"b{s}", (("Size", s),), p, lp, 5, "in_stock")
                                      for s, p, lp in prices))

    assert off_today(band(("10", 129.0, 129.0), ("12", 99.0, 129.0))) == \
        "$30.00 off the size 12 today"
    assert off_today(band(("10", 99.0, 129.0), ("12", 99.0, 129.0))) == "$30.00 off today"


def test_a_superlative_is_priced_by_the_option_it_picks() -> None:
    """"The most expensive" is a product's dearest option; "the biggest bottle" its largest
    size, each at its own price (`asked_price`), in any unit of one kind ("1 L" > "250 ml")."""
    from assistant.catalog import Product, Variant
    from assistant.qa.answering.options import asked_price, extreme_option
    from assistant.qa.query import Query, Sort
    bottles = (Variant("s", (("Size", "250 ml"),), 18.0), Variant("l", (("Size", "1 L"),), 39.0),
               Variant("m", (("Size", "500 ml"),), 27.0))
    p = Product(id="p", title="Repair Shampoo", category="Shampoo", price=18.0, discount=0.0,
                discount_text="", rating=None, review_count=0, features=(), brand="Strand",
                variants=bottles)
    assert extreme_option(p, largest=True) is bottles[1]
    assert extreme_option(p, largest=False) is bottles[0]
    assert asked_price(p, Query(sort=Sort("capacity", True))) == 39.0
    assert asked_price(p, Query(sort=Sort("price", True))) == 39.0
    assert asked_price(p, Query(sort=Sort("price", False))) == 18.0
