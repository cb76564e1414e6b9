"""A product's other sizes, from its own variants: "does it come in a bigger bag?", "how
much is the bigger bag?", "how many ounces is the smaller one?". Found by blind pantry and
beauty shops, where "does the truffle box come in a bigger size?" said "the catalog doesn't
say the bigger" of a box sold in 9 and 16 pieces."""

from __future__ import annotations

from assistant.catalog import Product
from assistant.catalog.types import Variant
from assistant.qa.answering.sizes import sized, sizes_sold

from qa_kit import chat


def test_a_bigger_size_is_listed_with_its_price() -> None:
    ((plan, answer),) = chat("pets", "does the Blue Buffalo dog food come in a bigger bag?")
    assert answer.text.endswith(
        "Yes, the Blue Buffalo Life Protection Adult Chicken & Brown Rice Dog Food also comes "
        "in 30 lb at $59.98; the 15 lb is $34.98."), answer.text
    ((plan, answer),) = chat("pets", "does the Leather Brothers collar come in a bigger size?")
    assert "also comes in 20 in at $24.99 (out of stock); 24 in at $24.99 (out of stock)" \
        in answer.text, answer.text


def test_the_bigger_one_is_priced() -> None:
    ((plan, answer),) = chat("pets", "how much is the bigger Blue Buffalo bag?")
    assert "is 30 lb: $59.98 (14 in stock)." in answer.text, answer.text
    (_, (plan, answer)) = chat("pets", "tell me about the Blue Buffalo dog food",
                               "and the smaller bag?")
    assert "is 15 lb: $34.98 (" in answer.text, answer.text


def _bag(*options: tuple[str, float, float, str]) -> Product:
    variants = tuple(Variant(f"sku{i}", (("Size", size), ("Grind", "Whole bean")), price, listed,
                             availability=state)
                     for i, (size, price, listed, state) in enumerate(options))
    return Product(id="beans", title="Colombia Huila Coffee", category="Coffee", price=14.0,
                   discount=0.0, discount_text="", rating=None, review_count=0, features=(),
                   brand="Alto Verde", variants=variants)


def test_sizes_are_amounts_in_one_unit_one_each() -> None:
    """Grinds of one size are one size: the in-stock, cheapest one speaks for it."""
    p = _bag(("250 g", 15.0, 15.0, "out_of_stock"), ("250 g", 14.0, 14.0, "in_stock"),
             ("1 kg", 39.0, 46.0, "in_stock"))
    sizes, unit = sized(p)
    assert unit == "kg" and [(w, v.price) for _, w, v in sizes] == [("250 g", 14.0),
                                                                    ("1 kg", 39.0)]
    assert sizes_sold(p, "weight", ("oz",)) == \
        "250 g (about 8.8 oz) at $14.00 or 1 kg (about 35.3 oz) at $39.00 on sale (was $46.00)"
    assert sizes_sold(p, "length", ()) == ""  # grams measure no length
    assert sized(_bag(("S", 10.0, 10.0, "in_stock"), ("M", 10.0, 10.0, "in_stock"))) == ([], "")


def test_one_sold_in_one_size_says_so() -> None:
    for shop, question in (("demo", "does the Bose Solo Soundbar 2 come in a bigger size?"),
                           ("outdoor", "does the Hydro Flask bottle come in a bigger size?")):
        ((plan, answer),) = chat(shop, question)
        assert answer.text.endswith(") in one size only."), answer.text


def test_sizes_that_are_no_amounts_are_left_to_the_other_answers() -> None:
    ((plan, answer),) = chat("apparel", "does the Pablo Bola table lamp come in a bigger size?")
    assert "also comes in" not in answer.text and "one size only" not in answer.text, answer.text
