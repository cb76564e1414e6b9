"""Products a message names (knowledge/naming.py): a title pasted whole names its product;
the word that says what a product is ("pajamas") names no product on its own."""

from __future__ import annotations

from assistant.qa.reading.parse import RuleParser

from qa_kit import chat, knowledge


def _named(shop: str, text: str) -> list[str]:
    return [m.product.id for m in knowledge(shop).index.find_named(text)]


def test_a_title_pasted_word_for_word_names_that_product() -> None:
    # five sizes of one series share every rare word; the pasted title is one of them
    text = 'What does the Samsung 65" Class - CU7000D Series - 4K UHD LED LCD TV cost?'
    assert _named("demo", text)[0] == "samsung-65-class-cu7000d-series-4k-4d08c3"
    q = RuleParser(knowledge("demo")).parse(text).query
    assert q.intent == "lookup" and q.products == ("samsung-65-class-cu7000d-series-4k-4d08c3",)
    cat = knowledge("outdoor").catalog
    lodge = next(p for p in cat if p.title.startswith("Lodge"))
    assert _named("outdoor", f"Is the {lodge.title} dishwasher safe?")[0] == lodge.id
    text = "Is the Patagonia Women's Down Sweater Jacket in stock?"
    assert _named("home", text)[0] == "patagonia-down-sweater-women"


def test_what_a_product_is_names_no_product_alone() -> None:
    assert "hanna-andersson-pajamas" not in _named("home", "pajamas for kids")
    q = RuleParser(knowledge("home")).parse("pajamas for kids").query
    assert q.intent == "search" and not q.products
    ((plan, _),) = chat("home", "Hanna Andersson pajamas")  # the brand's pajamas: found
    assert [p.id for p in plan.answer_products] == ["hanna-andersson-pajamas"]
