"""The Gradio app builds from the tabs (not launched): components, events and API names."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from assistant import ShopAssistant
from models.categories import PERSONAL_CATEGORIES
from ui.state import UIConfig

REPO = Path(__file__).resolve().parents[2]


def test_the_shop_has_its_two_tabs_the_cards_and_the_api(bot: ShopAssistant) -> None:
    from assistant.limits import RateLimiter
    from ui.app import build
    from ui.gate import ShopGate

    demo = build(bot, ShopGate(bot.identities, RateLimiter()), UIConfig(max_cards=3))
    ids = {getattr(b, "elem_id", None) for b in demo.blocks.values()}
    assert {"tab-shop", "tab-privacy"} <= ids
    assert "tab-marketer" not in ids and "audit-table" not in ids  # the console is its own app
    for i in range(3):
        assert {f"card-{i}-head", f"card-{i}-reasons", f"card-{i}-view"} <= ids
        assert {f"card-{i}-dont-{c}" for c in PERSONAL_CATEGORIES} <= ids
    assert "card-3-head" not in ids
    assert "receipts" in ids
    apis = {d.api_name for d in demo.fns.values() if d.api_visibility != "private"}
    assert {"chat", "chat_json", "consent", "view", "export_data", "erase", "not_interested",
            "exclude"} <= apis


def test_the_console_is_its_own_app(bot: ShopAssistant) -> None:
    from assistant.limits import RateLimiter
    from ui.console_app import build_console
    from ui.gate import ConsoleGate

    gate = ConsoleGate(bot.store, bot.store.cipher.derive("console/v1"), RateLimiter())
    app = build_console(bot, gate)
    ids = {getattr(b, "elem_id", None) for b in app.blocks.values()}
    assert {"audit-table", "audit-plot", "bias-demo-note", "sponsor-set", "erase-run"} <= ids
    assert not {d.api_name for d in app.fns.values() if d.api_visibility != "private"}


def test_app_py_is_the_thin_entry() -> None:
    out = subprocess.run([sys.executable, str(REPO / "app.py"), "--help"], capture_output=True,
                         text=True, check=True, cwd=REPO, timeout=120)
    assert "--port" in out.stdout and "--llm" in out.stdout
    assert len((REPO / "app.py").read_text().splitlines()) < 15
