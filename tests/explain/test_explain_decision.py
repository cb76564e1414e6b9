"""Decision records: data round trips, sentences made at the edge, reasons from the decision."""

from __future__ import annotations

import json

import numpy as np
import pytest

from explain.decision import (
    Admitted,
    Condition,
    Decision,
    RankerPlaced,
    RetrievalPlaced,
    RulePlaced,
    Runner,
    Scored,
)
from explain.decision_text import (
    admitted_sentence,
    condition_text,
    placed_sentence,
    plural,
    rule_sentence,
    stage_lines,
)
from explain.reasons import card_reasons
from explain.types import Explanation
from explain.whatif import what_if_ranks

from explain_testkit import X4, LinearRanker

LAPTOPS = Condition("product_type", "product_type", "in", ("laptop",), "laptop")
UNDER_300 = Condition("price", "price", "le", 300.0, 249.99)
MODEL = Scored(-2.88, ("request_match", "price"), {"rating": 3.9, "request_similarity": 0.4},
               "Laptops", None, 300.0)


def _cheapest(position: int = 1, among: int = 132) -> Decision:
    rule = RulePlaced("cheapest", "price", False, 249.99, position=position, among=among,
                      runner_up=Runner("hp-14", 279.99))
    return Decision(Admitted("catalog", (LAPTOPS,), matched=among), rule, MODEL,
                    {"browsing_history": False}, turn="t1")


def _battery(among: int, matched: int) -> Decision:
    rule = RulePlaced("most", "battery_life", True, 22.0, "h", position=1, among=among,
                      runner_up=Runner("mba", 18.0))
    admitted = Admitted("earlier", (LAPTOPS, Condition("price", "price", "le", 900.0, 799.99)),
                        matched, pool_ids=("a", "b"))
    return Decision(admitted, rule, MODEL)


def test_every_stage_round_trips_through_json() -> None:
    ranker = Decision(Admitted("catalog", (LAPTOPS, UNDER_300), 60),
                      RankerPlaced(-1.95, 2, 60, Runner("x", -2.0)), MODEL, {"a": True}, "t")
    search = Decision(Admitted("search"), RetrievalPlaced(0.71, 1, 50, Runner("y", 0.69)), MODEL)
    for d in (_cheapest(), _battery(13, 132), ranker, search):
        back = Decision.from_dict(json.loads(json.dumps(d.to_dict())))
        assert back == d
        assert [s.stage for s in back.stages] == ["constraints", d.placed.stage]
    assert (_cheapest().decided_by, ranker.decided_by, search.decided_by) == (
        "rule", "ranker", "retrieval")
    broken = {**ranker.to_dict(), "stages": [ranker.to_dict()["stages"][0], {"stage": "luck"}]}
    with pytest.raises(ValueError, match="luck"):
        Decision.from_dict(broken)


def test_rule_sentences_carry_their_evidence() -> None:
    assert rule_sentence(_cheapest()) == "Cheapest of the 132 laptops: $249.99; next, $279.99"
    assert rule_sentence(_cheapest(2)) == ("2nd cheapest of the 132 laptops: $249.99; next, "
                                           "$279.99")
    assert rule_sentence(_battery(13, 132)) == (
        "Longest battery life of the 13 laptops under $900.00 in your earlier results that "
        "state it (132 matched): 22 h; next, 18 h")
    assert rule_sentence(_battery(1, 60)) == (
        "The only one of the 60 laptops under $900.00 in your earlier results that states "
        "its battery life: 22 h")
    rated = RulePlaced("best_rated", "rating", True, 4.8, None, 945, 1, 9, Runner("b", 4.5, 519))
    d = Decision(Admitted("catalog", (), 9), rated, MODEL)
    assert rule_sentence(d) == ("Best rated of the 9 products: 4.8★ from 945 reviews; next, "
                                "4.5★ from 519 reviews")
    light = RulePlaced("least", "weight", False, 2.6, "lb", position=1, among=4)
    assert rule_sentence(Decision(Admitted("catalog", (), 4), light, MODEL)).startswith(
        "Lightest weight of the 4 products: 2.6 lb")
    named = Decision(Admitted("named", (), 1, ("p",)), RulePlaced("named", ""), MODEL)
    assert rule_sentence(named) == "The product you named"
    assert rule_sentence(Decision(Admitted("catalog"), RankerPlaced(0.1), MODEL)) is None


def test_placed_and_admitted_sentences_for_every_stage() -> None:
    search = Decision(Admitted("search"), RetrievalPlaced(0.7, 2, 50), MODEL)
    assert placed_sentence(search) == ("Among the closest matches to what you described: 2nd "
                                       "of the 50 found")
    ranked = Decision(Admitted("catalog", (LAPTOPS, UNDER_300), 60), RankerPlaced(-1.9, 3, 57),
                      MODEL)
    assert placed_sentence(ranked) == ("The ranking model's score put it 3rd of the 57 "
                                       "candidates it ordered")
    assert admitted_sentence(ranked) == ("Meets what you asked: laptop; $249.99, within your "
                                         "$300.00 limit")
    assert stage_lines(search) == [placed_sentence(search)]  # no constraints to show
    over = Condition("price", "price", "le", 300.0, 349.99, met=False)
    nearest = Decision(Admitted("nearest", (over,), 0), RankerPlaced(-1.0), MODEL)
    assert admitted_sentence(nearest).startswith("Nothing met everything you asked")
    assert "$349.99, outside your $300.00 limit" in admitted_sentence(nearest)
    assert condition_text(Condition("brand", "brand", "not_in", ("Apple",), "Lenovo")) == (
        "Lenovo, not Apple")
    band = Condition("price", "budget", "le", 849.99, 849.99, met=True)  # its edge is in it
    assert condition_text(band) == ("$849.99, within the budget read from your words "
                                    "($849.99 or less)")
    assert [plural(w) for w in ("laptop", "tv", "battery", "watch", "glasses")] == [
        "laptops", "TVs", "batteries", "watches", "glasses"]


def _expl(values: dict[str, float]) -> Explanation:
    cats = {"request_match": "request", "request_category": "request", "price": "product",
            "rating": "product", "request_price": "request"}
    full = {g: values.get(g, 0.0) for g in cats}
    return Explanation(1.0 + sum(full.values()), 1.0, full, cats, tuple(cats))


PRODUCT = {"title": "MacBook Pro", "price": 1999.97, "rating": 4.8, "review_count": 40}
PREMIUM = {"price": "costs $1,999.97, 122% above the typical Laptops price of $899.99",
           "request_match": 'matches "Laptop" in your request'}


def test_a_rule_placed_card_leads_with_its_rule_and_never_contradicts_the_question() -> None:
    e = _expl({"rating": 0.6, "price": 0.4, "request_match": -0.9, "request_price": 0.3})
    why = card_reasons(e, PRODUCT, PREMIUM, _cheapest())
    assert why.texts[0] == rule_sentence(_cheapest())
    # the score's contributions follow, labelled as what moved the model's score
    assert why.texts[1] == "Raised the model's score: rated 4.8★ from 40 reviews"
    joined = " ".join(why.texts + why.held_back_texts).lower()
    assert "weaker match" not in joined  # not on the very product that answers the question
    assert "122% above" not in joined  # a premium price is no reason when they asked cheap
    assert "suits requests like yours" not in joined  # no limit given, nothing said about it


def test_a_ranker_placed_card_keeps_its_reasons_and_holds_back_the_negatives() -> None:
    ranked = Decision(Admitted("catalog", (LAPTOPS,), 132), RankerPlaced(-1.37, 1, 132), MODEL)
    e = _expl({"rating": 0.6, "price": 0.4, "request_match": -0.9})
    why = card_reasons(e, PRODUCT, PREMIUM, ranked)
    assert why.texts == ["Rated 4.8★ from 40 reviews", "Its price level raised its score: it "
                         "costs $1,999.97, 122% above the typical Laptops price of $899.99"]
    assert why.held_back_texts == ["A weaker match for what you asked for"]
    # nothing raised it: the reason is the stage that placed it
    only_down = card_reasons(_expl({"rating": -0.5}), PRODUCT, {}, ranked)
    assert only_down.texts == [placed_sentence(ranked)]


def test_what_if_keeps_a_pinned_card_where_the_question_put_it() -> None:
    r = LinearRanker()
    # scores [3, 2, 11, 2.5]; the question pinned row 1 first, the model orders the rest
    assert what_if_ranks(r, X4, 1, pinned=[1]) == {"browsing_history": 1}  # stays first
    assert what_if_ranks(r, X4, 2) == {"browsing_history": 4}  # unpinned it would drop
    assert what_if_ranks(r, X4, 2, pinned=[2]) == {"browsing_history": 1}
    # row 0 without browsing history: pinned row 2 first, then by score [3, 2, 2.5] -> 2nd
    assert what_if_ranks(r, X4, 0, pinned=[2]) == {"browsing_history": 2}
    assert what_if_ranks(r, X4, 3, pinned=[1]) == {"browsing_history": 3, "sponsorship": 4}
    assert np.array_equal(X4, np.array([[3.0, 0, 0], [2.0, 0, 0], [1.0, 5.0, 0],
                                        [0.0, 0, 2.5]]))  # untouched
