"""Planning and answering: facts decided in code, the AI disclosure, follow-ups."""

from __future__ import annotations

from assistant.qa import Conversation
from assistant.qa.constraints import apply_superlative, parse_constraints, satisfies
from assistant.qa.facts import money

from fakes import FakeLM
from qa_helpers import ask, demo, engine


def test_superlative_answer_is_decided_in_code() -> None:
    catalog = demo()[0]
    lm = FakeLM()
    eng, conv = engine(lm), Conversation()
    plan, answer = ask(eng, conv, "Which laptop under $800 has the best rating?")
    c = parse_constraints("laptop under $800", catalog)
    expected = apply_superlative([p for p in catalog if satisfies(p, c)], "best_rated")[0]
    assert plan.kind == "superlative" and plan.answer_products[0] == expected
    assert all(p.price <= 800 for p in plan.candidates) and len(plan.candidates) <= 50
    assert money(expected.price) in answer.text and answer.grounding == "ok"
    assert answer.mentioned[0] == expected.id
    assert expected.title[:20].replace('"', "-inch") in lm.last_prompt.replace('"', "-inch")


def test_first_reply_says_it_is_an_ai_and_only_the_first() -> None:
    eng, conv = engine(), Conversation()
    _, first = ask(eng, conv, "What's the cheapest 65-inch TV?")
    _, second = ask(eng, conv, "What's the cheapest 55-inch TV?")
    assert first.text.startswith("Hi! I'm an AI shopping assistant")
    assert "AI shopping assistant" not in second.text


def test_attribute_question_yes_and_doesnt_say() -> None:
    eng, conv = engine(), Conversation()
    plan, answer = ask(eng, conv, "Does the LG gram 17 have a touchscreen?")
    assert plan.kind == "attribute" and len(plan.answer_products) >= 2
    assert all("LG gram 17" in p.title for p in plan.answer_products)
    values = {v.product.id: v.value for v in plan.verdicts}
    for p in plan.answer_products:
        assert values[p.id] is (True if "touch" in p.title.lower() else None)
    assert "Yes" in answer.text and "doesn't say" in answer.text


def test_not_in_catalog_says_so_and_offers_alternatives() -> None:
    catalog = demo()[0]
    eng, conv = engine(), Conversation()
    plan, answer = ask(eng, conv, "Do you sell tents?")
    assert plan.kind == "not_found" and plan.answer_products == []
    assert "isn't in the catalog" in answer.text and "nearest alternatives" in answer.text
    titles = [p.title for p in catalog]
    assert "tent" not in " ".join(titles).lower().split()
    plan, answer = ask(eng, conv, "a 65-inch TV under $100")
    assert plan.kind == "not_found" and plan.candidates
    assert all(p.category == "TVs" for p in plan.candidates)
    assert "couldn't find" in answer.text


def test_follow_up_references() -> None:
    eng, conv = engine(), Conversation()
    plan1, _ = ask(eng, conv, "Which laptop under $800 has the best rating?")
    top = plan1.answer_products[0]
    plan2, answer2 = ask(eng, conv, "and a cheaper one?")
    assert plan2.kind == "superlative" and plan2.answer_products
    assert all(p.price < top.price for p in plan2.candidates)
    assert set(plan2.constraints.categories) == set(plan1.constraints.categories)
    plan3, _ = ask(eng, conv, "does it have a touchscreen?")
    assert plan3.kind == "attribute" and plan3.answer_products == [plan2.answer_products[0]]
    ask(eng, conv, "Do you have the LG gram 17?")
    plan4, _ = ask(eng, conv, "the second one")
    assert plan4.answer_products == [conv.turns and plan4.answer_products[0]]
    assert plan4.answer_products[0] in eng.catalog.products


def test_the_cheaper_one_picks_among_last_products() -> None:
    eng, conv = engine(), Conversation()
    plan1, _ = ask(eng, conv, "Do you have the LG gram 17?")
    assert plan1.kind == "lookup" and len(plan1.answer_products) >= 2
    plan2, answer = ask(eng, conv, "which is the cheaper one?")
    cheapest = min(plan1.answer_products[:6], key=lambda p: p.price)
    assert plan2.answer_products == [cheapest]
    assert money(cheapest.price) in answer.text


def test_conversation_is_bounded() -> None:
    eng, conv = engine(use_lm=False), Conversation(max_turns=4)
    for q in ["cheapest tv", "cheapest monitor", "cheapest laptop", "cheapest tablet"]:
        ask(eng, conv, q)
    assert len(conv.turns) == 4 and conv.answered == 4
    assert conv.last_products[0].category == "iPad & Tablets"


def test_streams_sentence_by_sentence() -> None:
    lm = FakeLM("The Hisense 65-inch Class costs $399.99. It is a great pick! Enjoy.")
    eng, conv = engine(lm), Conversation()
    plan = eng.plan(conv, "What's the cheapest 65-inch TV?")
    chunks = list(eng.answer_stream(conv, plan, [], first_turn=False))
    assert chunks[0] == "The Hisense 65-inch Class costs $399.99. "
    assert len(chunks) == 3
    assert eng.last_answer is not None and eng.last_answer.text == "".join(chunks).strip()
