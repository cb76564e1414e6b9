"""Issue 23 through the public API: assumptions and the question as data on the Reply, the
AI notice said once in one place, the need's features in the ranker and its reasons."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant import ShopAssistant
from assistant.qa import HashingEmbedder, QAConfig

from fakes import FakeLM

SHOPS = {"demo": None,
         "outdoor": Path(__file__).resolve().parents[1] / "data" / "outdoor_kitchen.csv",
         "apparel": Path(__file__).resolve().parents[1] / "data" / "home_apparel.csv"}


def _bot(shop: str = "demo") -> ShopAssistant:
    return ShopAssistant.load(lm=FakeLM(), embedder=HashingEmbedder(), catalog=SHOPS[shop],
                              qa_config=QAConfig(use_lm=False))


@pytest.fixture(scope="module")
def demo() -> ShopAssistant:
    return _bot()


def test_assumptions_and_the_question_are_data_in_the_reply(demo: ShopAssistant) -> None:
    reply = demo.session("needs-1").ask(
        "hi, I need a good laptop for my daughter starting college, not too pricey")
    budget = [a for a in reply.assumptions if a.kind == "budget"]
    assert budget and budget[0].value["max_price"] == 849.99
    assert budget[0].value["of"] == 130 and budget[0].value["kind"] == "laptop"
    assert budget[0].value["share"] == 0.4 and budget[0].undo == "laptops at any price"
    assert all(s.product.price <= 849.99 for s in reply.suggestions)
    data = json.loads(json.dumps(reply.to_dict()))
    assert data["assumptions"][0]["kind"] == "budget" and data["question"] is None
    broad = demo.session("needs-2").ask("show me laptops")
    assert broad.question is not None and broad.to_dict()["question"]["choices"]


def test_the_undo_message_undoes_the_band(demo: ShopAssistant) -> None:
    session = demo.session("needs-3")
    first = session.ask("a laptop, not too pricey")
    undo = next(a.undo for a in first.assumptions if a.kind == "budget")
    again = session.ask(undo)
    assert not [a for a in again.assumptions if a.kind == "budget"]
    assert max(s.product.price for s in again.suggestions) > 849.99 or again.question


def test_the_ai_notice_is_said_once_and_not_where_the_ui_shows_it(demo: ShopAssistant) -> None:
    notice = QAConfig().ai_disclosure
    session = demo.session("needs-4")
    texts = [session.ask(t).text for t in ("show me TVs", "under $300", "the biggest?")]
    assert sum(t.count(notice) for t in texts) == 1 and texts[0].startswith(notice)
    ui = demo.session("needs-5")
    ui.notice_shown()  # a chat that opens with the notice
    assert notice not in ui.ask("show me TVs").text


@pytest.mark.parametrize("shop", list(SHOPS))
def test_the_band_is_a_request_feature_with_its_reason(shop: str) -> None:
    bot = _bot(shop)
    kind = bot.knowledge.vocab.types()[0]
    reply = bot.session(f"needs-{shop}").ask(f"a {kind} on a budget")
    assert reply.suggestions
    band = next(a.value for a in reply.assumptions if a.kind == "budget")
    for s in reply.suggestions:
        assert s.product.price <= band["max_price"]
        features = s.decision.model.features  # type: ignore[union-attr]
        assert features["band_asked"] == 1.0 and 0.0 <= features["band_position"] <= 1.0
        assert s.decision.model.request_band == (None, band["max_price"])  # type: ignore
        assert "request_price" in s.explanation.values
        assert s.decision is not None
        conditions = {(c.kind, c.op): c.limit for c in s.decision.admitted.conditions}
        assert conditions[("price", "le")] == band["max_price"]
    said = [r for s in reply.suggestions for r in s.reasons]
    assert all("your limit" not in r for r in said)  # an assumed band is no limit they gave


def test_what_it_is_for_is_a_request_feature(demo: ShopAssistant) -> None:
    reply = demo.session("needs-6").ask("earbuds for running")
    assert reply.suggestions
    for s in reply.suggestions:
        f = s.decision.model.features  # type: ignore[union-attr]
        assert f["use_asked"] == 1.0 and f["use_similarity"] != 0.0
        assert "request_use" in s.explanation.values
