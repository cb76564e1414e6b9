"""The LM's phrasing is shown clause by clause, each clause checked before it is shown."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from assistant.catalog import Product
from assistant.qa import DialogueState, Grounder
from assistant.qa.answering.checked import checked
from assistant.qa.answering.facts import money, short_name
from assistant.qa.answering.grounding import split_clauses
from assistant.qa.query import Query

from fakes import FakeLM
from qa_kit import ask, engine, knowledge


def test_clauses_end_at_a_comma_semicolon_colon_or_dash_before_a_space() -> None:
    text = "The X, 40-count costs $1,299.99; it has no reviews yet. Also: fine \u2014 really! And"
    pieces = [text[i:i + 3] for i in range(0, len(text), 3)]  # streamed in odd cuts
    assert list(split_clauses(iter(pieces))) == [
        ("The X, ", False), ("40-count costs $1,299.99; ", False),
        ("it has no reviews yet. ", True), ("Also: ", False), ("fine \u2014 ", False),
        ("really! ", True)]  # "And", cut off by the token limit, never comes


def _one_clause_name(shop: str, rated: bool = False) -> Product:
    """A product whose short name is one clause ("Batteries, 12-count" is two)."""
    return next(p for p in knowledge(shop).catalog
                if not re.search(r"[,;:]\s|\s[-\u2013\u2014]\s", short_name(p))
                and p.price > 5 and (p.rating is not None or not rated))


def _streamed(text: str, taken: list[int]) -> Iterator[str]:
    for i, word in enumerate(text.split(" ")):
        taken.append(i)
        yield word + " "


@pytest.mark.parametrize("shop", ["demo", "outdoor", "apparel", "pets"])
def test_the_first_clause_is_shown_before_its_sentence_ends(shop: str) -> None:
    p = _one_clause_name(shop, rated=True)
    g = Grounder([p], [p], Query(intent="lookup"), kind="lookup")
    text = f"The {short_name(p)}, which we sell, costs {money(p.price)}."
    taken: list[int] = []
    stream = checked(_streamed(text, taken), g, [])
    first = next(stream)
    assert first == f"The {short_name(p)}, " and len(taken) < len(text.split(" "))
    assert first + "".join(stream) == text + " "


@pytest.mark.parametrize("shop", ["demo", "outdoor", "apparel", "pets"])
def test_a_false_clause_drops_the_rest_of_its_sentence_only(shop: str) -> None:
    p = _one_clause_name(shop)
    g = Grounder([p], [p], Query(intent="lookup"), kind="lookup")
    lie = f"The {short_name(p)}, sold here, costs $1.23, which is low. It costs {money(p.price)}."
    dropped: list[str] = []
    shown = "".join(checked(iter([lie]), g, dropped))
    assert shown == f"The {short_name(p)}, sold here, It costs {money(p.price)}. "
    assert len(dropped) == 1 and "$1.23" in dropped[0]
    by_sentence = "".join(checked(iter([lie]), g, [], by_clause=False))
    assert by_sentence == f"It costs {money(p.price)}. "


@pytest.mark.parametrize(("shop", "question"), [
    ("demo", "How much is the Beats Studio Pro?"), ("outdoor", "How much is the Jetboil Flash?")])
def test_a_sentence_left_open_is_followed_by_the_draft(shop: str, question: str) -> None:
    """Clauses shown before a false one stay (they passed); the reply is then incomplete, so
    the code's draft follows with the exact facts."""
    lm = FakeLM()
    eng, state = engine(lm, shop), DialogueState()
    plan, _ = ask(eng, state, question)  # the draft, echoed
    p = plan.answer_products[0]
    lm.enqueue(f"The {short_name(p)} costs {money(p.price)}, down from $1.23.")
    plan, answer = ask(eng, state, question)
    assert answer.text.startswith(f"The {short_name(p)} costs {money(p.price)}, ")
    assert "$1.23" not in answer.text and answer.grounding == "repaired"
    assert answer.text.rstrip().endswith(".")  # not left at "costs $X,": the draft follows
