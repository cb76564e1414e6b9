"""The Gradio app builds from the tabs (not launched): components, events and API names."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from assistant import ShopAssistant
from models.categories import PERSONAL_CATEGORIES
from ui.state import UIConfig

REPO = Path(__file__).resolve().parents[2]


def test_build_has_the_three_tabs_the_cards_and_the_api(bot: ShopAssistant) -> None:
    from ui.app import build

    demo = build(bot, UIConfig(max_cards=3))
    ids = {getattr(b, "elem_id", None) for b in demo.blocks.values()}
    for tab in ("tab-shop", "tab-privacy", "tab-marketer"):
        assert tab in ids
    for i in range(3):
        assert {f"card-{i}-head", f"card-{i}-reasons", f"card-{i}-view"} <= ids
        assert {f"card-{i}-dont-{c}" for c in PERSONAL_CATEGORIES} <= ids
    assert "card-3-head" not in ids
    assert {"bias-demo-note", "audit-table", "audit-plot", "receipts"} <= ids
    apis = {d.api_name for d in demo.fns.values() if d.api_visibility != "private"}
    assert {"chat", "chat_json", "consent", "view", "export_data"} <= apis


def test_app_py_is_the_thin_entry() -> None:
    out = subprocess.run([sys.executable, str(REPO / "app.py"), "--help"], capture_output=True,
                         text=True, check=True, cwd=REPO, timeout=120)
    assert "--port" in out.stdout and "--llm" in out.stdout
    assert len((REPO / "app.py").read_text().splitlines()) < 15
