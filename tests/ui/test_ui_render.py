"""Shared formatting, the stylesheet as package data, and which modules import gradio."""

from __future__ import annotations

import base64
import re
import subprocess
import sys

from ui.render import css, figure_html, money, stars


def test_money_and_stars() -> None:
    assert money(1699.99) == "$1,699.99"
    assert stars(None, 0) == "no reviews yet"
    assert stars(4.0, 1) == "★ 4.0/5 (1 review)"


def test_stylesheet_is_package_data_with_the_classes_the_renderers_use() -> None:
    text = css()
    used = ("cc-card", "cc-price", "cc-old", "cc-push-bar", "cc-seg-up", "cc-seg-down",
            "cc-demo-data", "cc-personal")
    for cls in used:
        assert f".{cls}" in text, cls


def test_figure_html_embeds_a_png_and_closes_the_figure() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(2, 1))
    fig.add_subplot().bar(["a"], [1.0])
    html = figure_html(fig, "alt 'text'")
    data = re.search(r"base64,([^']+)'", html)
    assert data is not None
    assert base64.b64decode(data.group(1))[:8] == b"\x89PNG\r\n\x1a\n"
    assert "alt='alt &#x27;text&#x27;'" in html
    assert fig.number not in plt.get_fignums()


def test_only_ui_app_imports_gradio() -> None:
    code = (
        "import sys, ui.shop, ui.privacy, ui.console, ui.api, ui.state, ui.render, ui.cli; "
        "bad = [m for m in ('gradio', 'matplotlib', 'torch') if m in sys.modules]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
