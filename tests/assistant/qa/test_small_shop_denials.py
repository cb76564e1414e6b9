"""What a product is not, said in its own words, and figures in the units asked, on the
small test shop (`small_shop_kit`): "Sold unstrung", "non-removable cups", "too soft for",
"not suitable for people with ...", "do not use in the shower"; a "Max user weight" that
is no weight; a quoted line's figures and a named option in the units asked."""

from __future__ import annotations

import pytest
from small_shop_kit import ask as _ask

from assistant.qa import QAEngine


@pytest.mark.parametrize(("question", "line"), [
    ("Does the Aceline Pro 100 come strung?", "Sold unstrung"),
    ("Are the cups removable on the Aurelle Apex bra?", "non-removable cups"),
    ("Is the Corebase Extra Thick mat good for standing balance poses?", "Too soft for"),
    ("Is the Corebase mat ok for someone with a latex allergy?", "not suitable for people"),
    ("Can I use the RollRight Vibe in the shower?", "do not use in the shower"),
])
def test_what_the_text_denies_is_a_no(small_shop: QAEngine, question: str, line: str) -> None:
    """A word's own negating prefix ("unstrung", "non-removable", in either word order),
    "too soft for" and "not suitable for" deny what follows; the product's name is no part
    of the feature asked ("use the RollRight Vibe in the shower": the shower)."""
    _, answer = _ask(small_shop, question)
    assert "No, " in answer.text and line in answer.text, answer.text


def test_a_user_weight_limit_is_no_weight(small_shop: QAEngine) -> None:
    """"Max user weight: 110 kg" is the load a treadmill takes; "Product weight: 52 kg" is
    what it weighs. "Someone who weighs 230 lb" asks the load."""
    _, answer = _ask(small_shop, "How much does the Trekline T200 treadmill weigh?")
    assert "52 kg" in answer.text and "110" not in answer.text, answer.text
    plan, answer = _ask(small_shop, "Can the Trekline T200 treadmill take someone who weighs "
                                    "230 lb?")
    assert [f.name for f in plan.query.filters] == ["load_capacity"], plan.query
    assert "Yes, " in answer.text and "110 kg" in answer.text, answer.text


def test_figures_are_given_in_the_units_asked(small_shop: QAEngine) -> None:
    """Every figure of a quoted line in the unit asked ("120 × 42 cm" in inches); a named
    option's own figure converted, at that option's price."""
    _, answer = _ask(small_shop, "What's the running surface on the T200 treadmill in inches?")
    assert "120 × 42 cm" in answer.text and "about 47.2 × 16.5 in" in answer.text, answer.text
    _, answer = _ask(small_shop, "how many kg is the 35 lb Gravity Lab dumbbell?")
    assert "35 lb (about 15.9 kg) at $98.00" in answer.text, answer.text


@pytest.mark.parametrize(("question", "said", "unsaid"), [
    ("Do you have the Corebase Everyday leggings in XL?", "not size xl", "Yes"),
    ("What grip sizes does the Aceline Pro 100 come in?", "2 grip sizes: L2 and L3",
     "Unstrung weight"),
    ("what sizes are the Bandit fabric booty bands?", "S/M or L/XL", ", S,"),
    ("boxing gloves without leather", "Trainer Synthetic", "Pro Leather"),
])
def test_what_a_product_is_sold_in_is_its_options(small_shop: QAEngine, question: str,
                                                  said: str, unsaid: str) -> None:
    """A size none is sold in is a no; a shop's "Grip Size" option answers "what grip
    sizes?"; a size guide's "S/M" is no size S; "PU synthetic leather" is no leather."""
    _, answer = _ask(small_shop, question)
    assert said in answer.text and unsaid not in answer.text, answer.text


def test_a_listed_product_says_which_options_fit(small_shop: QAEngine) -> None:
    """Listed for "today" or under a budget, a product says which of its options are left
    out and why: "out of stock: weight 24 kg", "from $79.99: ..."."""
    _, answer = _ask(small_shop, "Which kettlebells can I get today?")
    assert "(13 in stock); out of stock: weight 32 kg)" in answer.text, answer.text
    _, answer = _ask(small_shop, "kettlebells under $60")
    assert "weight 8 kg (10 in stock); from $79.99: weight 24 kg or 32 kg" in answer.text, \
        answer.text
