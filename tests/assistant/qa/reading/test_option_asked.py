"""A figure asked of a product is asked of the option it is sold by (`as_option`,
`figure_option`): the shop's option name and unit, the shopper's own figure."""

from __future__ import annotations

from assistant.catalog import Product, Variant
from assistant.qa.query import AttributeFilter, Query
from assistant.qa.reading.option_asked import as_option, figure_option


def _sold_in(option: str, *values: str) -> Product:
    variants = tuple(Variant(f"v{i}", ((option, v),), 10.0) for i, v in enumerate(values))
    return Product(id="p", title="Drafting Pencil", category="Pencils", price=10.0,
                   discount=0.0, discount_text="", rating=None, review_count=0, features=(),
                   brand="Kestrel", variants=variants)


def test_a_figure_in_other_units_is_the_option_in_the_shops_unit_and_the_shoppers_figure():
    """"in 0.9mm?" read as a size of 0.0354 in is the Lead Size 0.9 mm."""
    options = _sold_in("Lead Size", "0.3 mm", "0.5 mm", "0.7 mm").options()
    asked = AttributeFilter("size", "eq", value=0.0354, unit="in")
    assert figure_option(options, asked, "does it come in 0.9mm?") == AttributeFilter(
        "lead_size", "eq", value=0.9, unit="mm")
    assert figure_option(options, AttributeFilter("weight", "eq", value=2, unit="kg")) \
        == AttributeFilter("weight", "eq", value=2, unit="kg")  # no option sells by mass


def test_a_bare_number_is_the_option_of_bare_numbers():
    """"does it come in a 5000?" of a reel sold in 2500, 3000 and 4000."""
    p = _sold_in("Size", "2500", "3000", "4000")
    q = Query(intent="attribute", products=("p",), asked=("5000",),
              filters=(AttributeFilter("5000", "has"),))
    asked = as_option(p, q)
    assert asked.filters == (AttributeFilter("size", "eq", text="5000"),)
    assert asked.asked == ("size",)
    assert as_option(_sold_in("Colour", "Red", "Blue"), q) == q
