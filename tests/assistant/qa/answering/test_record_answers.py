"""Answers about what a product is, end to end (facts-only): the issue's examples on the
home/apparel shop, and the same behaviours on the demo and outdoor shops.

Each answer is checked for its verdict and for the catalog's own words in the reply.
"""

from __future__ import annotations

import re

import pytest

from assistant.qa.query import AttributeFilter as F

from qa_kit import chat, knowledge


def _one(shop: str, text: str):  # noqa: ANN202 - (Plan, Answer)
    ((plan, answer),) = chat(shop, text)
    return plan, answer


def test_value_questions_quote_the_stated_value() -> None:
    plan, answer = _one("home", "How wide is the Zinus Josh loveseat?")
    assert plan.verdict_words == {"zinus-josh-loveseat": "yes"} and "137 cm" in answer.text
    _, answer = _one("home", "What's the thread count of the Parachute percale sheets?")
    assert "200 thread count" in answer.text
    _, answer = _one("home", "What sizes does the Blundstone Chelsea boot come in?")
    assert "sizes 36–41" in answer.text
    _, answer = _one("outdoor", "How much does the MSR Pocket Rocket Backpacking Stove weigh?")
    assert re.search(r"\d+(\.\d+)? ?oz", answer.text)


def test_yes_no_verdicts_follow_the_evidence_and_quote_it() -> None:
    plan, answer = _one("home", "Can I wash the Hearth & Oak braided jute rug?")
    assert plan.verdict_words == {"hearth-oak-braided-jute-rug": "no"}
    assert answer.text.count('"Vacuum only, do not wash."') == 1 and "Yes" not in answer.text
    plan, answer = _one("home", "Is the Pendleton wool throw machine washable?")
    assert plan.query.products == ("pendleton-wool-throw",)  # found by brand, though asked care
    assert plan.verdict_words == {"pendleton-wool-throw": "no"} and "Dry clean only" in answer.text
    plan, answer = _one("home", "Does the Denali fleece come in blue?")
    assert plan.verdict_words == {"tnf-denali-fleece-women": "no"}
    assert "Black, Pine Green and Pink, not blue" in answer.text
    plan, answer = _one("home", "Is the Fjällräven Övik sweater on sale?")
    assert plan.verdict_words == {"fjallraven-ovik-knit": "yes"} and "$20.00 off" in answer.text
    plan, _ = _one("home", "Do you have the Blundstone boots in size 42?")
    assert plan.verdict_words == {"blundstone-chelsea-women": "no"}
    plan, answer = _one("demo", "Does the MacBook Air (13.3-inch) come in gold?")
    assert plan.verdict_words == {"macbook-air-13-3-inch-apple-703f96": "yes"}


def test_stock_is_never_yes_against_the_catalog() -> None:
    plan, answer = _one("home", "Is the Northbound Men's Leather Moto Jacket in stock?")
    assert plan.verdict_words == {"northbound-leather-moto-jacket": "no"}
    assert not re.search(r"\byes\b", answer.text, re.I)
    assert "Currently out of stock, back in about 3 weeks" in answer.text
    plan, answer = _one("home", "Is the Zinus Josh loveseat in stock in blue?")
    assert plan.verdict_words == {"zinus-josh-loveseat": "no"} and "Gray" in answer.text
    plan, _ = _one("home", "Is the Zinus Josh loveseat in stock in gray?")
    assert plan.verdict_words == {"zinus-josh-loveseat": "yes"}
    plan, answer = _one("demo", "Is the MacBook Air (13.3-inch) in stock?")  # the demo never says
    assert plan.verdict_words == {"macbook-air-13-3-inch-apple-703f96": "unknown"}
    assert "doesn't say" in answer.text
    plan, answer = _one("demo", "How many TVs are in stock?")
    assert plan.total and plan.total > 50 and "doesn't say which products are in stock" in \
        answer.text


def test_exclusions_and_negation() -> None:
    ids = {p.id for p in chat("home", "sweaters without cashmere")[0][0].answer_products}
    assert "naadam-cashmere-turtleneck" not in ids
    plan, _ = _one("home", "rugs, but no shag")
    assert "safavieh-california-shag-rug" not in plan.result_ids and plan.total == 6
    plan, _ = _one("home", "a jacket, but not leather")
    assert "northbound-leather-moto-jacket" not in plan.result_ids and plan.total == 9
    plan, _ = _one("home", "Sneakers please, nothing over 120")
    assert plan.total == 3 and all(p.price <= 120 for p in plan.answer_products)
    plan, _ = _one("demo", "a TV, nothing over $400 please")
    assert plan.total == 16 and plan.query.max_price == 400.0
    assert all(plan.result_ids) and all(
        p.price <= 400 for p in plan.candidates)


def test_who_it_is_for_and_options_in_lists() -> None:
    plan, answer = _one("home", "women's jackets under $200")
    assert plan.total == 3 and "Men's" not in answer.text.replace("Women's", "")
    assert "in Black, Pine Green or Pink; sizes S–L; 90 in stock" in answer.text
    plan, answer = _one("home", "pink jackets")
    assert "in Pink (30 in stock); also in Black or Pine Green" in answer.text  # what was asked
    plan, answer = _one("demo", "laptops under $1000 in silver")
    macbook = [s for s in answer.text.split("; the ") if "MacBook Air (13.3-inch)" in s]
    assert macbook and "in Silver; also in Gold or Space Gray" in macbook[0]
    assert answer.text.count("MacBook Air (13.3-inch)") == 1  # one product, not one per colour


def test_follow_ups_carry_the_conditions() -> None:
    turns = chat("home", "show me sofas", "which of those is the widest?", "does it come in blue?")
    (p1, _), (p2, a2), (p3, a3) = turns
    assert p1.total == 4 and p2.answer_products[0].id == "ikea-kivik-sofa"
    assert p3.query.products == ("ikea-kivik-sofa",) and p3.verdict_words == {
        "ikea-kivik-sofa": "no"}
    turns = chat("home", "Show me the Blundstone Chelsea boots",
                 "Do you have these boots in size 42?", "and in size 40?")
    assert [p.verdict_words for p, _ in turns[1:]] == [
        {"blundstone-chelsea-women": "no"}, {"blundstone-chelsea-women": "yes"}]
    turns = chat("outdoor", "camping stoves", "nothing over 60")
    q = turns[1][0].query
    assert q.max_price == 60.0 and (q.product_types or q.categories)


def test_text_addressed_to_an_assistant_stays_data() -> None:
    for shop, text in (("home", "rugs under $200"), ("home", "Tell me about the Loloi Layla rug"),
                       ("outdoor", "Tell me about the enamel camp mug")):
        _, answer = _one(shop, text)
        assert "Ignore previous" not in answer.text and "every rug costs" not in answer.text
        assert not re.search(r"\$1\b(?![,.\d])", answer.text)
    plan, answer = _one("home", "Tell me about the Loloi Layla rug")
    assert '"Loloi Layla Printed Area Rug" costs $159.00' in answer.text
    assert F("care", "has", text="washable") not in plan.query.filters


def test_a_word_ruled_out_is_matched_as_a_word_and_sizes_never_as_text() -> None:
    """Found by the held-out shop: "not scented" dropped "Unscented" litter, and a product
    with no sizes passed "size L" because its text had a word starting with "l"."""
    from assistant.qa.answering.text_says import says_word as _says_word

    demo = knowledge("demo").catalog
    wire_free = next(p for p in demo if "Wire-Free" in " ".join((p.title, *p.features)))
    assert not _says_word(wire_free, "wire")  # "Wire-Free" says it has none
    ruggable = knowledge("home").catalog.get("ruggable-washable-rug")
    assert not _says_word(ruggable, "slip") and _says_word(ruggable, "pad")  # "Non-slip pad"
    plan, _ = _one("home", "lamps in size L")  # only the Bola states sizes (Small, Large)
    assert [p.id for p in plan.answer_products] == ["pablo-bola-table-lamp"]
    plan, _ = _one("home", "queen sheet sets")  # the Casaluna set states no size
    assert "casaluna-linen-sheets" not in plan.result_ids and plan.total


def test_a_word_ruled_out_prefers_products_stating_its_absence() -> None:
    """"Without grain" is what says "Grain-Free", not every food that never names grain
    (rice and oats are in the others); where none states the absence, not mentioning it
    is enough ("sweaters without cashmere")."""
    for text in ("dog food without grain", "only grain-free dog food"):
        plan, _ = _one("pets", text)
        assert {p.id for p in plan.answer_products} == {
            "taste-wild-high-prairie", "wellness-core-original"}, text
    plan, _ = _one("home", "sweaters without cashmere")
    assert plan.answer_products and not any(
        "cashmere" in p.title.lower() for p in plan.answer_products)


def test_how_long_is_asks_the_length() -> None:
    _, answer = _one("pets", "How long is the Ruffwear Front Range leash?")
    assert "5 ft" in answer.text


def test_a_comparison_names_one_product_by_brand_and_kind() -> None:
    plan, answer = _one("pets", "Which is cheaper, the Sherpa carrier or the Petmate Sky Kennel?")
    assert [p.id for p in plan.answer_products] == ["sherpa-deluxe-carrier", "petmate-sky-kennel"]
    assert answer.text.count("$49.99") >= 1 and "$89.99" in answer.text


@pytest.mark.parametrize(("shop", "text", "ids"), [
    ("demo", "Which is cheaper, the Sony headphones or the AirPods Pro (2nd generation)?",
     {"airpods-pro-2nd-generation-with-magsafe-cdb960",
      "sony-wh1000xm5-wireless-noise-canceling-over-3e8fcb"}),
    ("outdoor", "Which is cheaper, the Coleman lantern or the Jetboil Flash Cooking System?",
     {"coleman-propane-lantern", "jetboil-flash-1l"}),
    ("home", "Which is cheaper, the Pendleton throw or the Zinus Josh Loveseat?",
     {"pendleton-wool-throw", "zinus-josh-loveseat"}),
])
def test_brand_and_kind_name_the_other_product_compared_on_every_shop(
        shop: str, text: str, ids: set[str]) -> None:
    plan, _ = _one(shop, text)
    assert {p.id for p in plan.answer_products} == ids
