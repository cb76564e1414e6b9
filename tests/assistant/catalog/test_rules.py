"""Attributes read from prose: one test per rule, spans verbatim, unverified spans dropped."""

from __future__ import annotations

import pytest

from assistant.catalog.extract import read_attributes, verified
from assistant.catalog.types import Attribute


def read(text: str, title: str = "", brand: str = "") -> list[tuple[str, object, str, str]]:
    found = read_attributes(title, [text] if text else [], brand=brand)
    for a in found:
        assert a.source == "text" and a.span in f"{title}\n{text}", a
    return [(a.name, a.value, a.unit, a.span) for a in found]


@pytest.mark.parametrize(("text", "expected"), [
    ("Dry clean only.", [("care", "dry clean only", "", "Dry clean only")]),
    ("Machine washable", [("care", "machine washable", "", "Machine washable")]),
    ("Not machine washable", [("care", "not machine washable", "", "Not machine washable")]),
    ("Vacuum only, do not wash", [("care", "vacuum only", "", "Vacuum only"),
                                  ("care", "do not wash", "", "do not wash")]),
    ("Hand wash, do not tumble dry", [("care", "hand wash", "", "Hand wash"),
                                      ("care", "do not tumble dry", "", "do not tumble dry")]),
])  # fmt: skip
def test_care(text: str, expected: list[tuple[str, object, str, str]]) -> None:
    assert read(text) == expected


def test_dimensions_in_any_unit_become_cm_with_the_stated_span() -> None:
    assert read("137 cm wide") == [("width", 137.0, "cm", "137 cm wide")]
    assert read("W 54 in") == [("width", 137.16, "cm", "W 54 in")]
    assert read("Height: 181 cm.") == [("height", 181.0, "cm", "Height: 181 cm")]
    assert read("a lamp 72 in tall") == [("height", 182.88, "cm", "72 in tall")]
    assert read("Measures 5 x 8 ft") == [("width", 152.4, "cm", "5 x 8 ft"),
                                         ("length", 243.84, "cm", "5 x 8 ft")]
    assert read("Packs to 14 x 4 x 4 in") == []  # a triple without labels is not guessed


def test_weight_and_capacity() -> None:
    assert read("Weighs 32 kg") == [("weight", 32.0, "kg", "Weighs 32 kg")]
    assert read("Weighs 3.2 lb") == [("weight", 1.4515, "kg", "Weighs 3.2 lb")]
    assert read("Weighs 5 oz per square yard") == []  # a fabric weight, not the product's
    assert read("Capacity 12 oz") == [("capacity", 0.3549, "l", "Capacity 12 oz")]


def test_sizes_expand_ranges_and_keep_the_system() -> None:
    found = read("Sizes EU 36-41")
    assert found[0] == ("size_system", "EU", "", "Sizes EU 36-41")
    assert [v for n, v, _, _ in found if n == "size"] == ["36", "37", "38", "39", "40", "41"]
    assert [v for _, v, _, _ in read("Sizes S-XL")] == ["S", "M", "L", "XL"]
    assert [v for _, v, _, _ in read("Sizes: S, M, L and XL")] == ["S", "M", "L", "XL"]


def test_materials_from_shares_cues_and_the_title_but_not_the_brand() -> None:
    assert read("100% merino wool") == [("material", "merino wool", "", "100% merino wool")]
    assert read("Made of solid oak") == [("material", "solid oak", "", "Made of solid oak")]
    assert read("", title="Hearth & Oak Braided Jute Rug", brand="Hearth & Oak") == [
        ("material", "jute", "", "Jute")]
    # a material word that names a colour is not a material
    assert read("", title="Denali Fleece - Pine Green") == [("material", "fleece", "", "Fleece")]


def test_thread_count_colours_stock_and_shopper() -> None:
    assert read("Thread count: 400") == [("thread_count", 400.0, "", "Thread count: 400")]
    assert read("400 thread count") == [("thread_count", 400.0, "", "400 thread count")]
    span = "Available in black, pine green and pink"
    assert read(span + ".") == [("color", c, "", span) for c in ("black", "pine green", "pink")]
    assert read("Currently out of stock, back in about 3 weeks") == [
        ("availability", "out_of_stock", "", "Currently out of stock"),
        ("restock", 21.0, "day", "back in about 3 weeks")]
    assert read("", title="Women's Rain Jacket") == [("gender", "female", "", "Women's")]
    assert read("", title="Men's Rain Jacket") == [("gender", "male", "", "Men's")]


def test_nothing_product_specific_is_read_from_plain_prose() -> None:
    assert read("A good everyday choice for the whole family.") == []


def test_a_value_whose_span_is_not_in_the_text_is_dropped() -> None:
    made_up = Attribute("width", 99.0, "cm", "text", "99 cm wide")
    stated = Attribute("width", 137.0, "cm", "text", "137 cm wide")
    no_number = Attribute("width", 137.0, "cm", "text", "wide")
    assert verified([made_up, stated, no_number], ["Loveseat, 137 cm wide."]) == [stated]


def test_known_values_are_not_repeated_from_text_in_any_case() -> None:
    option = Attribute("color", "Black", "", "option", "Black")
    found = read_attributes("", ["Available in black and pink"], known=[option])
    assert [a.value for a in found] == ["pink"]
