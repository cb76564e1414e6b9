"""read_attributes: the spec filters, superlative sorts and asked specs of a shopper's message."""

from __future__ import annotations

import pytest

from assistant.qa.query import AttributeFilter, Sort
from assistant.qa.reading.attribute_reading import AttributeReading, read_attributes

from qa_kit import knowledge


def read(shop: str, text: str) -> AttributeReading:
    return read_attributes(knowledge(shop).attributes, text)


def test_read_filters_with_comparisons() -> None:
    r = read("demo", "a 16GB laptop under 3 lb")
    assert r.filters == (AttributeFilter("ram", "eq", 16.0, "GB"),
                         AttributeFilter("weight", "le", 3.0, "lb"))
    text = "a 16GB laptop under 3 lb"
    assert [text[a:b] for a, b in r.spans] == ["16GB", "under 3 lb"]
    assert read("demo", "at least 1TB of storage").filters == (
        AttributeFilter("storage", "ge", 1024.0, "GB"),)
    assert read("demo", '65" TVs').filters == (
        AttributeFilter("screen_size", "eq", 65.0, "in"),)
    assert read("demo", "laptops under $800").filters == ()  # money is not a spec
    assert read("outdoor", "a sleeping bag rated to 20°F or lower").filters == (
        AttributeFilter("temperature_rating", "le", 20.0, "F"),)


@pytest.mark.parametrize(("shop", "text", "sort"), [
    ("outdoor", "the lightest stove", Sort("weight")),
    ("outdoor", "your warmest sleeping bag", Sort("temperature_rating")),
    ("outdoor", "which headlamp has the longest burn time", Sort("burn_time", True)),
    ("demo", "which of those has the longest battery life?", Sort("battery_life", True)),
    ("demo", "the biggest screen", Sort("screen_size", True)),
    ("demo", "most storage", Sort("storage", True)),
    ("outdoor", "the most powerful blender", Sort("power", True)),
])
def test_read_superlatives(shop: str, text: str, sort: Sort) -> None:
    assert read(shop, text).sort == sort


def test_read_asked_attributes() -> None:
    r = read("outdoor", "Does the Pocket Rocket Backpacking Stove use propane?")
    assert r.asked == ("fuel",)
    assert r.filters == (AttributeFilter("fuel", "eq", text="propane"),)
    assert read("outdoor", "how much does it weigh?").asked == ("weight",)
    r = read("demo", "Is the Bose SoundLink Flex SE Bluetooth Speaker waterproof?")
    assert r.asked == ("waterproof",) and r.filters[0].op == "has"
    assert read("demo", "show me laptops").asked == ()


def test_read_fuel_in_statements_negations_and_not_in_burn_time() -> None:
    t = knowledge("outdoor").attributes
    assert read_attributes(t, "Show me stoves that use propane").filters == (
        AttributeFilter("fuel", "eq", text="propane"),)
    assert read_attributes(t, "stoves that don't use propane").filters == (
        AttributeFilter("fuel", "lacks", text="propane"),)
    r = read_attributes(t, "Which lantern has the longest burn time?")
    assert r.filters == () and r.sort == Sort("burn_time", True)
    stoves = [p for p in knowledge("outdoor").catalog if p.category == "Camping Stoves"]
    lacks = AttributeFilter("fuel", "lacks", text="propane")
    assert sorted(p.title.split()[0] for p in stoves if t.check(p, lacks)) == ["MSR", "Solo"]


def test_read_temperatures_comparatives_and_names_inside_product_titles() -> None:
    t = knowledge("outdoor").attributes
    assert read_attributes(t, "sleeping bags rated to 20 degrees or colder").filters == (
        AttributeFilter("temperature_rating", "le", 20.0, "F"),)
    r = read_attributes(t, "Is the TETON Sports Celsius XXL Sleeping Bag good down to 0 degrees?")
    assert r.filters == (AttributeFilter("temperature_rating", "le", 0.0, "F"),)
    assert r.asked == ("temperature_rating",)
    assert read_attributes(t, "which is warmer, the kelty cosmic 20 or the teton?").sort == Sort(
        "temperature_rating")
    assert read_attributes(t, "vitamix 5200 vs ninja bn701, which is more powerful?").sort == Sort(
        "power", True)
    text = "Is the Hydro Flask 32 oz Wide Mouth Bottle dishwasher safe?"
    r = read_attributes(t, text)
    assert r.asked == ("care",)  # the outdoor shop states care ("Dishwasher safe")
    assert r.filters[-1] == AttributeFilter("care", "has", text="dishwasher safe")
    # the "32 oz" of the name comes with its span, so a parser can drop it
    assert [text[a:b] for a, b in r.filter_spans] == ["32 oz", "dishwasher safe"]
    assert read_attributes(t, "I need to carry my gear on a 3-day hike").filters == ()


def test_what_a_product_holds_is_its_load_not_its_weight() -> None:
    """"Which one holds more weight?" compares what each takes (load capacity), not what
    each weighs nor how much it holds in litres."""
    assert read("demo", "which one holds more weight?").sort == Sort("load_capacity", True)
    assert read("demo", "which one holds most weight?").sort == Sort("load_capacity", True)


def test_a_mass_a_product_must_take_is_its_load() -> None:
    """"Good up to 40 lb", "rated for 300 lb": at least that load; "under 3 lb" stays a
    weight."""
    assert read("demo", "which ones are good up to 40 lb?").filters == (
        AttributeFilter("load_capacity", "ge", 40.0, "lb"),)
    assert read("demo", "a stand rated for 300 lb").filters == (
        AttributeFilter("load_capacity", "ge", 300.0, "lb"),)
    assert read("demo", "a laptop under 3 lb").filters == (
        AttributeFilter("weight", "le", 3.0, "lb"),)
