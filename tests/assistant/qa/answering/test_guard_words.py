"""The guard's service words against a shop's own words (answering/guard.py): "which of
those has a pickup?" in a shop selling ukuleles with one asks of the products, "can I pick
up my order?" still asks for the shop's service."""

from __future__ import annotations

from types import SimpleNamespace

from assistant.qa.answering.guard import Guard


def _guard(names: set[str]) -> Guard:
    attributes = SimpleNamespace(names=lambda: {n: None for n in names})
    return Guard(SimpleNamespace(attributes=attributes))  # type: ignore[arg-type]


def test_a_service_word_the_shop_sells_as_an_option_is_no_service_question() -> None:
    assert _guard({"pickup"}).check("which of those has a pickup?") is None
    refused = _guard({"pickup"}).check("can I pick up my order in store?")
    assert refused is not None and refused.kind == "out_of_scope"
    assert _guard(set()).check("which of those has a pickup?") is not None
