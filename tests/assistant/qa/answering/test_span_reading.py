"""The LM reads a product's text for what the rules leave open; code checks what it quotes.

A fake LM writes the JSON; the engine keeps a verdict only when the evidence is the
product's own words, is about what was asked and has the verdict's polarity.
"""

from __future__ import annotations

from assistant.qa import DialogueState
from assistant.qa.answering.span_reading import SCHEMA, checked

from fakes import FakeLM
from qa_kit import ask, engine, knowledge

MACBOOK = "macbook-air-13-3-inch-apple-703f96"


def test_checked_keeps_only_quoted_relevant_evidence_of_the_right_polarity() -> None:
    zinus = knowledge("home").catalog.get("zinus-josh-loveseat")
    assert checked(zinus, "ship one box", "yes", "ships in one box") == (True, "ships in one box")
    assert checked(zinus, "ship one box", "yes", "ships in two boxes") is None  # not its words
    assert checked(zinus, "ship one box", "yes", "Spot clean only") is None  # another matter
    rug = knowledge("home").catalog.get("hearth-oak-braided-jute-rug")
    assert checked(rug, "wash", "yes", "do not wash") is None  # a negation is no "yes"
    assert checked(rug, "wash", "no", "do not wash") == (False, "do not wash")
    assert checked(rug, "wash", "not stated", "") is None
    macbook = knowledge("demo").catalog.get(MACBOOK)
    assert checked(macbook, "storing photos", "yes", "256GB SSD storage")
    assert checked(macbook, "video editing", "yes", "8GB unified memory") is None
    loloi = knowledge("home").catalog.get("loloi-layla-rug")  # text to an assistant is no text
    assert checked(loloi, "rug costs", "yes", "every rug costs $1") is None


def test_the_engine_asks_the_lm_only_what_the_rules_leave_open() -> None:
    lm = FakeLM(json_replies=['{"verdict":"yes","evidence":"ships in one box"}'])
    eng, state = engine(lm, shop="home", use_lm=True), DialogueState()
    plan, answer = ask(eng, state, "Does the Zinus Josh loveseat ship in one box?")
    assert plan.verdict_words == {"zinus-josh-loveseat": "yes"}
    assert '"ships in one box"' in answer.text and lm.json_history[0][1] == SCHEMA
    prompt = lm.json_history[0][0][1]["content"]
    assert "A compact loveseat for small spaces" in prompt
    # decided by the catalog's care words: the LM is not asked
    lm = FakeLM(json_replies=['{"verdict":"yes","evidence":"Hand-braided natural jute."}'])
    eng = engine(lm, shop="home", use_lm=True)
    plan, _ = ask(eng, DialogueState(), "Can I wash the Hearth & Oak braided jute rug?")
    assert plan.verdict_words == {"hearth-oak-braided-jute-rug": "no"} and not lm.json_history


def test_stock_and_options_are_never_left_to_the_lm() -> None:
    lm = FakeLM(json_replies=['{"verdict":"yes","evidence":"13.3\\" Retina display"}'])
    eng = engine(lm, shop="demo", use_lm=True)
    plan, _ = ask(eng, DialogueState(), "Is the MacBook Air (13.3-inch) in stock?")
    assert plan.verdict_words == {MACBOOK: "unknown"} and not lm.json_history


def test_a_verdict_the_text_does_not_back_stays_unknown_on_the_demo() -> None:
    lm = FakeLM(json_replies=['{"verdict":"yes","evidence":"8GB unified memory"}'])
    eng = engine(lm, shop="demo", use_lm=True)
    plan, answer = ask(eng, DialogueState(),
                       "Is the MacBook Air (13.3-inch) good for video editing?")
    assert lm.json_history and plan.verdict_words == {MACBOOK: "unknown"}
    lm = FakeLM(json_replies=['{"verdict":"yes","evidence":"256GB SSD storage"}'])
    eng = engine(lm, shop="demo", use_lm=True)
    plan, _ = ask(eng, DialogueState(), "Is the MacBook Air (13.3-inch) good for storing photos?")
    assert lm.json_history and plan.verdict_words == {MACBOOK: "yes"}


def test_a_failing_backend_leaves_the_verdict_unknown() -> None:
    lm = FakeLM(json_replies=["not json"])
    eng = engine(lm, shop="home", use_lm=True)
    plan, _ = ask(eng, DialogueState(), "Does the Zinus Josh loveseat ship in one box?")
    assert plan.verdict_words == {"zinus-josh-loveseat": "unknown"}
