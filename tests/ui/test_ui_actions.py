"""The UI's event logic without a browser: a real ShopAssistant (catalog, ranker,
explainer, SQLite store) with a fake LM and a hashing embedder to keep it fast."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant import InputError, ShopAssistant
from assistant.qa import HashingEmbedder
from assistant.ui_actions import ShopActions, UIConfig
from models.categories import BROWSING_HISTORY

from fakes import FakeLM

QUESTION = "Which laptop under $800 has the best rating?"


@pytest.fixture
def ui() -> ShopActions:
    return ShopActions(ShopAssistant.load(lm=FakeLM(), embedder=HashingEmbedder()), UIConfig(max_cards=4))


def test_a_turn_streams_then_fills_the_cards(ui: ShopActions) -> None:
    st = ui.fresh_state()
    steps = list(ui.respond(st, QUESTION))
    first, last = steps[0], steps[-1]
    assert first.history[-2:] == [{"role": "user", "content": QUESTION}, {"role": "assistant", "content": ""}]
    assert first.cards is None and not first.done
    assert len(steps) > 2, "the reply should arrive in several chunks"
    assert last.done and last.cards is not None and len(last.cards) == 4
    reply = ui.bot.session(st["shopper"]).last_reply
    assert reply is not None and last.history[-1]["content"].startswith(reply.text)
    assert last.state["pids"] == [s.product.id for s in reply.suggestions]
    shown = [c for c in last.cards if c is not None]
    assert len(shown) == min(4, len(reply.suggestions)) > 0
    assert all(c.dont_use == () for c in shown)  # an anonymous shopper shares nothing
    assert f"data-audit-id='{reply.suggestions[0].audit_id}'" in shown[0].head
    assert "cc-reasons" in shown[0].why
    assert ui.plot(last.state, 0).startswith("<div class='cc-plot'><img")
    assert "Ask again" in ui.plot(last.state, 3 if len(shown) < 4 else 99)


def test_browsing_consent_view_and_dont_use_round_trip(ui: ShopActions) -> None:
    st = ui.fresh_state()
    p = ui.set_consent(st, BROWSING_HISTORY, True)
    assert p.consent[BROWSING_HISTORY] and p.receipts[0][1:3] == ["browsing history", "granted"]
    st = list(ui.respond(st, QUESTION))[-1].state
    assert "added to your browsing history" in ui.view(st, 0)
    st = list(ui.respond(st, "Show me laptops like that one"))[-1].state
    cards = ui.card_views(ui.bot.session(st["shopper"]).last_reply.suggestions)  # type: ignore[union-attr]
    assert any(c is not None and BROWSING_HISTORY in c.dont_use for c in cards)
    st, cards = ui.dont_use(st, BROWSING_HISTORY)
    assert all(c is None or BROWSING_HISTORY not in c.dont_use for c in cards)
    assert any(c is not None for c in cards), "the last question is asked again"
    assert "no longer use your browsing history" in st["history"][-2]["content"]
    p = ui.privacy(st)
    assert not p.consent[BROWSING_HISTORY] and p.receipts[0][1:3] == ["browsing history", "withdrawn"]


def test_not_interested_hides_the_product_and_stale_slots_say_how_to_fix(ui: ShopActions) -> None:
    st = list(ui.respond(ui.fresh_state(), QUESTION))[-1].state
    gone = st["pids"][0]
    st, _ = ui.not_interested(st, 0)
    assert gone not in st["pids"]
    with pytest.raises(InputError) as err:
        ui.view(st, 99)
    assert err.value.fix


def test_my_data_file_is_the_export_and_erase_starts_a_new_shopper(ui: ShopActions) -> None:
    st = list(ui.respond(ui.fresh_state(), QUESTION))[-1].state
    html, path = ui.my_data(st)
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    assert data["shopper_id"] == st["shopper"] and QUESTION in json.dumps(data)
    assert "Chat turns" in html
    shown = ui.bot.session(st["shopper"]).last_reply.suggestions[0]  # type: ignore[union-attr]
    new = ui.erase(st)
    assert new["shopper"] != st["shopper"] and new["pids"] == []
    detail, plot = ui.audit_open(int(shown.audit_id or 0))  # the marketer still sees what was shown
    assert f"Audit record {shown.audit_id}" in detail and plot.startswith("<div class='cc-plot'>")
    rows = ui.audit("", shown.product.id)
    assert shown.audit_id in [r[0] for r in rows] and {r[3] for r in rows} == {shown.product.title}


def test_a_demo_persona_starts_with_its_consent(ui: ShopActions) -> None:
    demo = ui.bot.demo.shoppers()[0]
    st = ui.fresh_state(demo.id)
    assert demo.name in ui.shopper_md(st)
    assert ui.privacy(st).consent[BROWSING_HISTORY]


def test_ui_actions_import_no_gradio() -> None:
    code = "import sys, assistant.ui_actions; assert 'gradio' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
