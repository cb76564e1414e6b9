"""Follow-ups over a list, as blind cycling, garden and pantry shops asked them:
"which one comes with a battery?" keeps only the products whose text includes it (not
those selling it separately), a part named ("a wall mount", "a jersey pocket") is no new
kind to look for, "which is the most secure?" compares the products listed, "which is the
biggest?" sorts by what they state (capacity, not size), and "how many vents does it
have?" asks of the product just shown."""

from __future__ import annotations

from assistant.qa.answering.most_of import head_words
from assistant.qa.query import AttributeFilter, Query

from qa_kit import chat


def _ids(plan: object) -> list[str]:
    return [p.id for p in plan.answer_products]  # type: ignore[attr-defined]


def test_which_one_comes_with_a_part() -> None:
    (_, (plan, answer)) = chat("outdoor", "show me backpacks", "which one comes with a rain cover?")
    assert [p.title for p in plan.answer_products] == ["Gregory Baltoro 75 Backpack"], answer.text
    (_, (plan, answer)) = chat("demo", "show me soundbars", "which one comes with a wall mount?")
    assert plan.query.scope == "previous" and "mount" not in plan.query.product_types, plan.query
    assert plan.answer_products and all("Soundbar" in p.title for p in plan.answer_products)
    (_, (plan, answer)) = chat("apparel", "show me jackets", "which one comes with a hood?")
    assert plan.query.scope == "previous" and plan.answer_products, answer.text
    assert all(p.category == "Jackets" for p in plan.answer_products)


def test_which_is_the_most_of_no_attribute_compares_the_list() -> None:
    for shop, first, then in (("outdoor", "show me camp chairs", "which is the sturdiest?"),
                              ("demo", "show me soundbars", "which is the most immersive?"),
                              ("apparel", "show me sofas", "which is the comfiest?")):
        (_, (plan, answer)) = chat(shop, first, then)
        assert plan.kind == "compare" and len(plan.answer_products) >= 2, answer.text
        assert "doesn't sell" not in answer.text


def test_the_biggest_sorts_by_what_the_list_states() -> None:
    (_, (plan, answer)) = chat("outdoor", "show me water filters", "which is the biggest?")
    assert plan.query.sort is not None and plan.query.sort.key == "capacity", plan.query
    assert plan.answer_products[0].title == "Platypus GravityWorks 4.0L Water Filter System"
    (_, (plan, answer)) = chat("demo", "show me TVs", "which is the biggest?")
    assert plan.query.sort is not None and plan.query.sort.key == "screen_size"


def test_how_many_of_a_part_it_has() -> None:
    (_, (plan, answer)) = chat("outdoor", "tell me about the Breville toaster",
                               "how many slices does it take?")
    assert answer.text.endswith('"2 slices".'), answer.text
    (_, (plan, answer)) = chat("demo", "tell me about the Samsung HW-S68CB soundbar",
                               "how many channels does it have?")
    assert '"5.1 Channel"' in answer.text, answer.text


def test_a_phrase_no_product_says_narrows_by_its_last_word() -> None:
    q = Query(filters=(AttributeFilter("jersey pocket", "has"), AttributeFilter("gps", "has")))
    assert head_words(q) == q.but(filters=(AttributeFilter("pocket", "has"),
                                           AttributeFilter("gps", "has")))
    assert head_words(Query(filters=(AttributeFilter("gps", "has"),))) is None


def test_tell_me_about_one_product_says_what_it_is() -> None:
    """"Tell me about the Fennick Foldaway lock" gave its price, stock and rating only."""
    for shop, question, feature in (
            ("outdoor", "tell me about the Helinox Chair One", "Holds up to 320 lb"),
            ("demo", "tell me about the Bose Solo Soundbar 2", "Dialogue Mode"),
            ("apparel", "tell me about the Zinus Josh loveseat", "137 cm wide"),
            ("pets", "tell me about the Flexi leash", "16 ft long cord")):
        ((plan, answer),) = chat(shop, question)
        assert feature in answer.text, answer.text
    ((plan, answer),) = chat("outdoor", "how much is the Helinox Chair One?")
    assert "Holds up to" not in answer.text, answer.text  # a price asked: no tour
