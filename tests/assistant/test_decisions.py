"""Each card's decision through the public API: rule-placed cards say their rule first,
open searches keep the ranker's order, what-if follows the same procedure, and the
decision is in the Reply's data and the audit record."""

from __future__ import annotations

import json

import pytest

from assistant import ShopAssistant
from assistant.decide import conditions_of, query_of
from assistant.privacy.records import AuditRecord
from assistant.qa import HashingEmbedder
from assistant.qa.answering.facts import short_name
from assistant.qa.query import AttributeFilter, Query
from explain.decision import Decision, RankerPlaced
from explain.decision_text import placed_sentence
from models.categories import BROWSING_HISTORY
from ui.console import audit_record_html
from ui.why import what_if_html

from fakes import FakeLM

RULE_WORDS = ("Cheapest", "Most expensive", "Best rated", "Longest", "The only one",
              "The product you named", "2nd", "3rd")


@pytest.fixture
def bot() -> ShopAssistant:
    return ShopAssistant.load(lm=FakeLM(), embedder=HashingEmbedder())


def _rule_questions(bot: ShopAssistant) -> list[list[str]]:
    named = short_name(bot.catalog.get("lenovo-ideapad-1-15-6-laptop-b0f117"))
    return [["What's the cheapest laptop?"], ["most expensive TV"], ["best rated headphones"],
            ["laptops under $900", "which of those has the longest battery life?"],
            ["a good laptop for my daughter, not too pricey",
             "which of those has the longest battery life?"],
            [f"How much is the {named}?"]]


def test_a_rule_placed_card_names_its_rule_first_and_is_never_a_weak_match(
        bot: ShopAssistant) -> None:
    placed = 0
    for k, chain in enumerate(_rule_questions(bot)):
        session = bot.session(f"rule-{k}")
        for text in chain:
            reply = session.ask(text)
        assert reply.suggestions, chain
        first = reply.suggestions[0]
        assert first.decision is not None and first.decision.decided_by == "rule", chain
        for s in reply.suggestions:
            d = s.decision
            assert d is not None
            if d.decided_by != "rule":
                continue
            placed += 1
            assert s.reasons[0] == placed_sentence(d) and s.reasons[0].startswith(RULE_WORDS)
            said = " ".join(s.reasons).lower()
            assert "weaker match" not in said and "suits requests like yours" not in said
            assert all(r.startswith("Raised the model's score") or "model's score" in r
                       for r in s.reasons[1:]), s.reasons
    assert placed >= 10


def test_open_search_cards_keep_the_rankers_falling_scores(bot: ShopAssistant) -> None:
    for k, text in enumerate(("laptops under $900", "a good gaming laptop",
                              "how many TVs under $500?")):
        reply = bot.session(f"open-{k}").ask(text)
        decisions = [s.decision for s in reply.suggestions]
        assert decisions and all(isinstance(d.placed, RankerPlaced) for d in decisions if d)
        scores = [s.score for s in reply.suggestions]
        assert scores == sorted(scores, reverse=True)
        assert [d.placed.place for d in decisions if d] == [1, 2, 3][: len(decisions)]
        runner = decisions[0].placed.runner_up if decisions[0] else None
        assert runner is not None and runner.product_id == reply.suggestions[1].product.id
        # a filtered search states its constraints with each product's own value
        conditions = decisions[0].admitted.conditions if decisions[0] else ()
        if "under" in text:
            price = next(c for c in conditions if c.kind == "price")
            assert price.met and price.value == reply.suggestions[0].product.price


def test_what_if_recomputes_the_decision_and_a_pinned_card_stays(bot: ShopAssistant) -> None:
    session = bot.session("whatif")
    session.consent.grant(BROWSING_HISTORY)
    laptops = [p for p in bot.catalog.products if p.category.startswith("Laptops")]
    for p in laptops[:4]:
        session.view(p.id)
    reply = session.ask("What's the cheapest laptop?")
    pinned = [s for s in reply.suggestions if s.decision and s.decision.decided_by == "rule"]
    assert pinned and any(BROWSING_HISTORY in s.disclosure.what_if for s in pinned)
    for s in pinned:
        assert all(alt == s.rank for alt in s.disclosure.what_if.values())
        if s.disclosure.what_if:
            html = what_if_html(s.disclosure, s.rank, s.decision)
            assert f"still #{s.rank}: the question's rule put it there" in html
    # an open search's card moves by the model alone, among all candidates
    searched = session.ask("laptops under $900")
    assert any(s.disclosure.what_if for s in searched.suggestions)


def test_the_decision_is_in_the_reply_data_and_the_audit_record(bot: ShopAssistant) -> None:
    reply = bot.session("data").ask("What's the cheapest laptop?")
    s = reply.suggestions[0]
    data = json.loads(json.dumps(reply.to_dict()))["suggestions"][0]
    assert data["decision"]["decided_by"] == "rule"
    assert [st["stage"] for st in data["decision"]["stages"]] == ["constraints", "rule"]
    assert data["decision"]["stages"][1]["value"] == s.product.price
    assert Decision.from_dict(data["decision"]) == s.decision
    rec = bot.console.audit_record(s.audit_id or 0)
    assert rec.decision == s.decision and list(rec.held_back) == s.held_back
    assert s.decision is not None and rec.to_dict()["decision"] == s.decision.to_dict()
    html = audit_record_html(rec)
    assert "Decision record" in html and "cheapest" in html and "audit replay" in html
    # the stored decision holds no free text: only the product's and the catalog's words
    assert "What's" not in json.dumps(rec.to_dict())


def test_records_written_before_decisions_still_read() -> None:
    old = AuditRecord.from_payload({"id": 1, "time": 0.0, "product_id": "p", "score": 0.5,
                                    "reasons": ["Matches what you asked for"]})
    assert old.decision is None and old.held_back == ()
    assert "decision" not in old.to_dict() and "held_back" not in old.to_dict()


def test_constraints_round_trip_to_the_query_that_filters() -> None:
    q = Query(categories=("Laptops",), product_types=("laptop",), brands=("Lenovo",),
              exclude_brands=("Apple",), min_price=100.0, max_price=900.0,
              filters=(AttributeFilter("ram", "ge", 16.0, "GB"),
                       AttributeFilter("fuel", "eq", text="propane"),
                       AttributeFilter("bluetooth", "has")))
    back = query_of(conditions_of(q))
    assert back == Query(categories=q.categories, product_types=q.product_types,
                         brands=q.brands, exclude_brands=q.exclude_brands,
                         min_price=q.min_price, max_price=q.max_price, filters=q.filters)


def test_a_word_the_catalog_does_not_use_never_reaches_the_decision(bot: ShopAssistant) -> None:
    from assistant.decide import UNLISTED
    from assistant.qa.plan import Plan

    typed = AttributeFilter("jo_doe_lives_at_12_elm_street", "has",
                            text="jo doe lives at 12 elm street")
    known = AttributeFilter("bluetooth", "has", text="bluetooth")
    q = Query(product_types=("laptop",), filters=(typed, known))
    placement = bot.decider.place(Plan("search", q, total=0), [])
    names = [c.name for c in placement.conditions]
    assert names == ["product_type", UNLISTED, "bluetooth"]
    assert "elm" not in json.dumps([c.to_dict() for c in placement.conditions])
    laptop = next(p for p in bot.catalog.products if p.category.startswith("Laptops"))
    stand_in = placement.admitted(laptop).conditions[1]
    assert stand_in.met is False and placement.matched == 0
