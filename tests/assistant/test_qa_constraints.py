"""Constraint parsing and the code-side filters/sorts."""

from __future__ import annotations

import pytest

from assistant.qa.constraints import (
    apply_superlative,
    check_attribute,
    parse_constraints,
    satisfies,
    screen_size_of,
    trusted_rating,
)

from qa_helpers import demo

LAPTOPS = {"Laptops & Notebook Computers", "Gaming Laptops & Notebook Computers"}


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("Which laptop under $800 has the best rating?", None, 800.0),
        ("laptops between 500 and 1000", 500.0, 1000.0),
        ("a tv for less than 1k", None, 1000.0),
        ("monitors $200-$400", 200.0, 400.0),
        ("speakers over $300", 300.0, None),
        ("a TV over 65 inches", None, None),  # a size, not a price
    ],
)
def test_price_limits(text: str, low: float | None, high: float | None) -> None:
    c = parse_constraints(text, demo()[0])
    assert (c.min_price, c.max_price) == (low, high)


def test_categories_brands_attributes_superlatives() -> None:
    catalog = demo()[0]
    c = parse_constraints("What's the cheapest 65-inch TV?", catalog)
    assert c.categories == ("TVs",) and c.screen_size == 65.0 and c.superlative == "cheapest"
    c = parse_constraints('best rated 16GB touchscreen Lenovo laptop with 1TB SSD', catalog)
    assert set(c.categories) == LAPTOPS and c.brands == ("Lenovo",)
    assert c.ram_gb == 16 and c.storage_gb == 1024 and c.attributes == ("touchscreen",)
    assert c.superlative == "best_rated"
    assert parse_constraints("waterproof speaker", catalog).attributes == ("waterproof",)
    assert parse_constraints("security camera", catalog).categories == ("Home Security Systems & Cameras",)
    assert parse_constraints("most reviewed headphones", catalog).superlative == "most_reviewed"
    assert parse_constraints("the priciest monitor", catalog).superlative == "most_expensive"
    assert parse_constraints("Do you sell tents?", catalog).has_filters is False


def test_references() -> None:
    catalog = demo()[0]
    assert parse_constraints("and the cheaper one?", catalog).reference == "cheaper"
    c = parse_constraints("the second one", catalog)
    assert (c.reference, c.ordinal) == ("ordinal", 2)
    assert parse_constraints("does it have bluetooth?", catalog).reference == "it"
    assert parse_constraints("and under $500?", catalog).follow_up is True


def test_attribute_rules_yes_no_unknown() -> None:
    catalog = demo()[0]
    touch = next(p for p in catalog if "Touchscreen" in p.title and p.category in LAPTOPS)
    plain = next(p for p in catalog if p.title.startswith('LG gram 17" Intel Evo Platform Laptop'))
    assert check_attribute(touch, "touchscreen") is True
    assert check_attribute(plain, "touchscreen") is None  # not stated: unknown, not "no"
    tv = next(p for p in catalog if p.title.startswith('Hisense 65"'))
    assert screen_size_of(tv) == 65.0
    assert check_attribute(tv, "screen_size", 65) is True
    assert check_attribute(tv, "screen_size", 55) is False


def test_filter_and_sort_in_code() -> None:
    catalog = demo()[0]
    c = parse_constraints("Which laptop under $800 has the best rating?", catalog)
    matches = [p for p in catalog if satisfies(p, c)]
    assert matches and all(p.price <= 800 and p.category in LAPTOPS for p in matches)
    best = apply_superlative(matches, "best_rated")
    trusted = [trusted_rating(p) for p in best]
    assert trusted == sorted(trusted, reverse=True)
    cheapest = apply_superlative(matches, "cheapest")
    assert cheapest[0].price == min(p.price for p in matches)
    tvs = [p for p in catalog if satisfies(p, parse_constraints("65 inch tv", catalog))]
    assert tvs and all(p.category == "TVs" and screen_size_of(p) == 65.0 for p in tvs)


def test_best_rated_weighs_stars_by_their_reviews() -> None:
    from dataclasses import replace

    from assistant.catalog import load_catalog
    base = load_catalog().products[0]
    few = replace(base, id="few", rating=5.0, review_count=2)
    many = replace(base, id="many", rating=4.7, review_count=900)
    unrated = replace(base, id="none", rating=None, review_count=0)
    assert [p.id for p in apply_superlative([few, many, unrated], "best_rated")] == ["many", "few"]
