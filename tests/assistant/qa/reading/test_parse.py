"""The rules parser: shop English in code, every catalog word from the loaded catalog."""

from __future__ import annotations

import pytest

from assistant.qa.answering.facts import money
from assistant.qa.query import Sort
from assistant.qa.reading.parse import RuleParser
from assistant.qa.reading.words import prices

from qa_kit import by_title, chat, knowledge


def parse(text: str, shop: str = "demo"):  # type: ignore[no-untyped-def]
    return RuleParser(knowledge(shop)).parse(text)


@pytest.mark.parametrize("text, low, high", [
    ("laptops under $750", None, 750.0),
    ("desktop computers under $1,000", None, 1000.0),
    ("between $200 and $300", 200.0, 300.0),
    ("TVs over 1k", 1000.0, None),
    ("a 65-inch TV", None, None),  # a size is not a price
    ("under 3 lb", None, None),  # nor is a weight
    ("$500 or less", None, 500.0),
])
def test_prices(text: str, low: float | None, high: float | None) -> None:
    assert prices(text.lower())[:2] == (low, high)


def test_typos_are_read_as_catalog_words() -> None:
    p = parse("whats the chepest laptp u have")
    assert p.query.intent == "superlative" and p.query.sort == Sort("price")
    assert p.query.product_types or p.query.categories
    assert any("laptp" in n for n in p.query.notes)
    assert not p.sure  # a spelling fix is a guess: the LM parser may look again


def test_count_and_category() -> None:
    q = parse("How many desktop computers do you have?").query
    assert q.intent == "count"
    assert q.categories == ("Desktop Computers & PCs",) or q.product_types


def test_brand_exclusion_and_inclusion() -> None:
    q = parse("laptops, not Apple").query
    assert q.exclude_brands == ("Apple",) and q.brands == ()
    q = parse("what about Samsung?").query
    assert q.brands == ("Samsung",)
    assert parse("what about Samsung?").ref.refine


def test_references() -> None:
    assert parse("the second one").ref.ordinal == 2
    assert parse("which of those is the most expensive?").ref.previous
    assert parse("the cheaper one").ref.pick == "cheaper"
    assert parse("anything cheaper?").ref.relative == "cheaper"
    assert parse("show me more").query.intent == "more"
    assert parse("does it have bluetooth?").ref.pronoun
    assert not parse("something that is waterproof").ref.pronoun


def test_attribute_words_are_not_product_types() -> None:
    q = parse("which of those has the longest battery life?").query
    assert q.sort is not None and q.sort.descending and "battery" in q.sort.key
    assert q.product_types == () and q.categories == ()


def test_two_named_products_are_a_comparison() -> None:
    q = parse("Which is cheaper, the Apple AirPods (3rd Generation) with MagSafe Charging Case "
              "or the Skullcandy Sesh ANC True Wireless Headphones?").query
    assert q.intent == "compare" and q.sort == Sort("price")
    airpods = by_title("demo", "airpods 3rd generation magsafe")
    sesh = by_title("demo", "skullcandy sesh")
    assert set(q.products) & set(airpods) and set(q.products) & set(sesh)


def test_unsure_signal() -> None:
    assert parse("cheapest TV").sure
    assert not parse("zxqv blorp").sure
    assert parse("zxqv blorp").unknown


def test_outdoor_catalog_words() -> None:
    q = parse("Which coffee maker has the best rating?", "outdoor").query
    assert q.sort == Sort("rating", True) and (q.product_types or q.categories)
    q = parse("Does the Pocket Rocket Backpacking Stove use propane?", "outdoor").query
    assert q.intent == "attribute" and q.products and "fuel" in (
        *q.asked, *(f.name for f in q.filters))
    q = parse("What's the lightest sleeping bag?", "outdoor").query
    assert q.sort is not None and q.sort.key == "weight" and not q.sort.descending


@pytest.mark.parametrize("text, shop", [
    ("which of those hold at least 60 liters?", "outdoor"),  # a bound, not "the least"
    ("sleeping bags rated to 20 degrees or colder", "outdoor"),  # "or colder" qualifies it
    ("laptops with at least 16GB RAM", "demo"),
])
def test_a_bound_is_a_filter_not_a_superlative(text: str, shop: str) -> None:
    q = parse(text, shop).query
    assert q.intent == "search" and q.sort is None and q.filters, q


def test_rated_higher_compares_by_rating() -> None:
    q = parse("Wüsthof Classic 8\" Chef's Knife vs Global G-2 8\" Chef's Knife -- which is "
              "rated higher?", "outdoor").query
    assert q.intent == "compare" and q.sort == Sort("rating", True)


def test_a_phrase_two_categories_share_names_their_type() -> None:
    q = parse("What is your lowest priced notebook computer?").query
    assert q.product_types == ("laptop",) and not q.categories  # both laptop categories


@pytest.mark.parametrize(("shop", "text", "attribute", "largest"), [
    ("demo", "a TV for a small bedroom", "screen_size", False),
    ("demo", "a laptop with a large screen", "screen_size", True),
    ("outdoor", "a big cooler", "capacity", True),
    ("outdoor", "a lightweight sleeping bag", "weight", False),
])
def test_a_size_word_puts_that_end_of_the_range_first(shop: str, text: str, attribute: str,
                                                      largest: bool) -> None:
    (plan, answer), = chat(shop, text)
    k = knowledge(shop)
    assert plan.query.sort == Sort(attribute, largest)
    values = [a.value for i in plan.result_ids
              if (a := k.attributes.value(k.catalog.by_id[i], attribute)) and a.value is not None]
    first = k.attributes.value(plan.answer_products[0], attribute)
    assert values and first is not None
    assert first.value == (max(values) if largest else min(values))
    assert money(plan.answer_products[0].price) in answer.text


def test_a_size_word_is_no_sort_where_the_kind_does_not_state_it() -> None:
    (plan, answer), = chat("outdoor", "coffee maker for a small kitchen")
    assert plan.kind == "search" and plan.query.sort is None and plan.answer_products
    assert "can't say" not in answer.text


def test_products_tied_for_a_name_keep_those_holding_each_of_its_words() -> None:
    """"The Aeroglide Bolt" tied between two Aeroglide products is the one titled "Bolt"; a
    word every tied title holds, or none does, decides nothing."""
    from types import SimpleNamespace

    from assistant.qa.reading.word_level import holding_every_word

    def tied(*titles: str) -> list[SimpleNamespace]:
        return [SimpleNamespace(product=SimpleNamespace(title=t)) for t in titles]

    bolt, cocoon = tied("Aeroglide Bolt Compact Stroller", "Aeroglide Cocoon Infant Car Seat")
    kept = holding_every_word("the Aeroglide Bolt", [bolt, cocoon])
    assert [m.product.title for m in kept] == ["Aeroglide Bolt Compact Stroller"]
    both = tied("Halden Mesh Task Chair", "Halden Pro Mesh Chair")
    assert holding_every_word("the Halden chair", both) == both
