"""What a catalog states is read as it says: a "Yes (no dairy)" value is a yes, "not gluten
free" says gluten, "the 2 g jar is sold out" is one jar, and "where is X from?" asks of X.

Found by a blind pantry-shop probe: "Is the Earl Grey Cream vegan?" was "No ... (vegan: Yes
(no dairy))"; "Is the soy sauce gluten free?" was "Yes" quoting "not gluten free"; a saffron
whose 1 g jar is in stock was listed "out of stock"; "Where is the Sumatra coffee from?" was
refused as a question about the world.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from assistant.catalog import load_catalog
from assistant.qa.answering.text_says import says_absence, says_word
from assistant.qa.knowledge.stated import stock_fact
from assistant.qa.knowledge.value_match import yes_no

from qa_kit import chat, knowledge


@pytest.mark.parametrize(("value", "said"), [
    ("Yes (no dairy)", True), ("yes", True), ("True", True), ("No", False),
    ("no - contains milk", False), ("Nordic", None), ("Oolong", None),
])
def test_a_stated_yes_or_no(value: str, said: bool | None) -> None:
    assert yes_no(value) is said


def _product(text: str):  # noqa: ANN202 - a Product with this description
    p = next(iter(knowledge("outdoor").catalog))
    return replace(p, title="Test Sauce", features=(), description=text, discount_text="")


def test_not_gluten_free_says_gluten_and_gluten_free_says_none() -> None:
    soy = _product("Contains soy and wheat, so it is not gluten free.")
    assert not says_absence(soy, "gluten") and says_word(soy, "gluten")
    penne = _product("Gluten free and vegan.")
    assert says_absence(penne, "gluten")


def test_a_sentence_naming_one_option_sold_out_is_about_that_option(tmp_path: Path) -> None:
    rows = ["id,group_id,title,category,brand,price,features,description,availability,size"]
    text = "Threads from La Mancha. The 2 g jar is sold out until 4 January."
    rows += [f"saffron-{s},saffron,Saffron Threads,Spices,Caravan,{p},Threads,{text},{a},{s} g"
             for s, p, a in (("1", "14.00", "in_stock"), ("2", "26.00", "out_of_stock"))]
    path = tmp_path / "shop.csv"
    path.write_text("\n".join(rows) + "\n")
    (saffron,) = load_catalog(path).products
    fact = stock_fact(saffron)
    assert fact.availability == "in_stock" and fact.out_options == ("2 g",)


def test_home_a_sentence_about_the_whole_product_still_wins() -> None:
    jacket = knowledge("home").catalog.by_id["northbound-leather-moto-jacket"]
    assert stock_fact(jacket).availability == "out_of_stock"


@pytest.mark.parametrize(("shop", "question"), [
    ("outdoor", "Where is the Lodge skillet made?"),
    ("pets", "Where is the Kong toy from?"),
    ("apparel", "Where is the Pendleton throw from?"),
    ("demo", "Where is the MacBook Air from?"),
])
def test_where_a_named_product_is_from_is_asked_of_it(shop: str, question: str) -> None:
    plan, answer = chat(shop, question)[-1]
    assert plan.kind != "out_of_scope" and "only answer questions" not in answer.text
    plan, answer = chat(shop, "where are you from?")[-1]
    assert "only answer questions" in answer.text


def test_a_figure_from_a_long_line_is_said_with_its_own_clause() -> None:
    """A value read from a long line is said in the shop's words and units: the clause it is
    in where short ("11 height settings from 11 to 50 cm above your desk"), else the figure
    as written ("6.8 kg"), never only the number in the canonical unit ("19.7 in")."""
    from types import SimpleNamespace

    from assistant.qa.answering.evidence import stated_text
    from assistant.qa.knowledge.spec_text import extract

    def read(figure: str, line: str) -> str:
        a = extract(figure)[0]  # the value as the knowledge table holds it (in, lb)
        return stated_text(SimpleNamespace(value=a.value, unit=a.unit, text=None,
                                           evidence=line))

    line = "Gas-spring lift with 11 height settings from 11 to 50 cm above your desk."
    assert read("50 cm", line) == "11 height settings from 11 to 50 cm above your desk"
    long_line = ("The Bolt is our lightest full-feature stroller at just 6.8 kg, with a "
                 "one-hand fold that stands on its own.")
    assert read("6.8 kg", long_line) == "6.8 kg"
