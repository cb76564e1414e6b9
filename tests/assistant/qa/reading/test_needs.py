"""Needs said in words (issue 23): budgets without numbers, who and what it is for, problems,
and which catalog words a message names as the thing wanted."""

from __future__ import annotations

import pytest

from assistant.qa.reading.needs import read_budget, read_needs, remedy_words, retrieval_text
from assistant.qa.reading.parse import RuleParser
from assistant.qa.reading.subject import read_request, roles

from qa_kit import SHOPS, knowledge


@pytest.mark.parametrize(("text", "level"), [
    ("a TV for the guest room, nothing fancy, on a budget", "low"),
    ("cheap-ish headphones for the gym", "low"),
    ("an inexpensive security camera", "low"),
    ("a laptop, not too pricey", "modest"),
    ("an affordable monitor", "modest"),
    ("a smartwatch that's not too expensive", "modest"),
    ("a mid-range soundbar", "mid"),
    ("premium noise cancelling headphones", "high"),
    ("money is no object, I want the best TV", "high"),
    ("a high-end gaming laptop", "high"),
    ("laptops at any price", "any"),
    ("the cheapest laptop", ""),  # a sort, not a budget
    ("what's the most premium TV?", ""),
])
def test_budget_words_become_levels(text: str, level: str) -> None:
    assert read_budget(text)[0] == level


def test_around_an_amount_is_a_band_of_it() -> None:
    level, words, amount, _ = read_budget("gift for a 10-year-old, around $50")
    assert (level, words, amount) == ("around", "around $50", 50.0)
    assert read_budget("budget around $1000")[2] == 1000.0


def test_recipients_uses_gifts_and_problems() -> None:
    n = read_needs("hi, I need a good laptop for my daughter starting college, not too pricey")
    assert [s.kind for s in n.said] == ["recipient"] and "daughter" in n.said[0].words
    assert n.budget_words == "not too pricey" and not n.problem
    n = read_needs("looking for a TV for the guest room")
    assert [(s.kind, s.words) for s in n.said] == [("use", "for the guest room")]
    assert read_needs("a gift for my dad who loves watching football").gift
    assert read_needs("my grandpa can barely hear the TV, what would help?").problem
    assert read_needs("I work from home and my neck hurts").problem
    assert not read_needs("laptops that aren't Apple").problem  # a negation, no complaint
    assert not read_needs("a smartwatch that's not too expensive").problem


def test_the_search_text_leaves_out_budget_price_framing_and_people() -> None:
    text = "hi, I need a good laptop for my daughter starting college, not too pricey"
    assert retrieval_text(text, read_needs(text)) == "laptop starting college"
    text = "a present for my wife, she runs every morning, under $150"
    assert retrieval_text(text, read_needs(text)) == "runs every morning"


@pytest.mark.parametrize(("text", "kept", "dropped"), [
    ("I can't hear the dialogue in movies on my TV", [], ["tv"]),
    ("my grandpa can barely hear the TV, what would help?", [], ["tv"]),
    ("an affordable monitor for my home office", ["monitor"], ["home"]),
    ("my old laptop is too slow for photo editing", ["laptop"], []),
    ("something to watch movies on in bed", [], ["watch"]),
    ("I need a second screen for working from home", [], ["home"]),
    ("looking for a TV for the guest room", ["tv"], []),
])
def test_only_the_thing_wanted_is_the_subject(text: str, kept: list[str],
                                              dropped: list[str]) -> None:
    k = knowledge("demo")
    parsed = RuleParser(k).parse(text)
    found = roles(parsed.text, parsed.query, k, read_needs(parsed.text))
    assert sorted({w.value for w in found if w.role == "subject"}) == kept
    assert sorted({w.value for w in found if w.role == "context"}) == dropped


def test_the_scene_in_other_shops() -> None:
    outdoor = knowledge("outdoor")
    for text, kept in (("my coffee goes cold too fast", ()),
                       ("I'm always cold at night when camping", ()),
                       ("my knives are so dull they crush tomatoes", ("Knives",))):
        parsed, needs = read_request(RuleParser(outdoor).parse(text), outdoor)
        assert parsed.query.categories == kept, text
        assert parsed.query.need or kept
    apparel = knowledge("apparel")
    parsed, needs = read_request(RuleParser(apparel).parse("a cheap rug for my living room"),
                                 apparel)
    assert parsed.query.categories == ("Rugs",) and parsed.query.budget == "low"
    assert parsed.query.need == "living room" and needs.of("use")


@pytest.mark.parametrize("shop", SHOPS)
def test_a_budget_in_words_is_read_in_every_shop(shop: str) -> None:
    k = knowledge(shop)
    kind = k.vocab.types()[0]
    parsed, needs = read_request(RuleParser(k).parse(f"a {kind} on a budget"), k)
    assert parsed.query.budget == "low" and needs.budget_words == "on a budget"


@pytest.mark.parametrize(("text", "remedy"), [
    ("it's too dark to cook at our campsite at night", "lamp"),
    ("the stream water at our campsite isn't safe to drink", "filter"),
    ("the water in my fish tank isn't clean", "filter"),
    ("my phone always dies when we go camping", "charge"),
    ("my feet get wet when it rains", "waterproof"),
    ("my puppy chews everything, any ideas?", "chew"),
    ("my knives are so dull they crush tomatoes", ""),  # no remedy known: retrieval alone
    ("a dark grey sofa", ""),  # a colour, not a problem
])
def test_a_problem_told_adds_the_words_of_its_remedy(text: str, remedy: str) -> None:
    words = remedy_words(text)
    assert (remedy in words.split()) if remedy else not words


@pytest.mark.parametrize("text", ["my feet get wet when it rains", "my cat is bored all day",
                                  "my sleeping bag got wet last trip"])
def test_a_state_told_is_a_problem(text: str) -> None:
    assert read_needs(text).problem


def test_it_of_the_weather_names_no_product() -> None:
    """"when it rains": no earlier product is meant, the words are a need to search."""
    parsed = RuleParser(knowledge("apparel")).parse("my feet get wet when it rains")
    q, _ = read_request(parsed, knowledge("apparel"))
    assert q.query.intent == "search" and "rains" in q.query.need
