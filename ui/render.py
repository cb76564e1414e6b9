"""Formatting shared by the tabs: money, stars, times, inline figures, the stylesheet.

Pure functions over plain data, no gradio; every piece of text that comes from
data is escaped by the caller's renderer with `html.escape`.
"""

from __future__ import annotations

import base64
import io
import json
from datetime import UTC, datetime
from functools import cache
from html import escape
from importlib import resources
from typing import Any

from models.categories import category_label

STYLESHEET = "style.css"  # package data of `ui`


@cache
def css() -> str:
    """The UI's stylesheet (ui/style.css, shipped in the wheel)."""
    return resources.files("ui").joinpath(STYLESHEET).read_text(encoding="utf-8")


def money(amount: float) -> str:
    return f"${amount:,.2f}"


def stars(rating: float | None, review_count: int) -> str:
    if rating is None:
        return "no reviews yet"
    return f"★ {rating:.1f}/5 ({review_count:,} review{'s' if review_count != 1 else ''})"


def fmt_time(value: Any) -> str:
    """Epoch seconds -> 'YYYY-MM-DD HH:MM:SS' (UTC); strings pass through."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(float(value), tz=UTC).strftime("%Y-%m-%d %H:%M:%S")
    return "" if value is None else str(value)


def short(value: Any, limit: int = 300) -> str:
    """A value as at most `limit` characters of text (JSON for structures)."""
    text = value if isinstance(value, str) else json.dumps(value, default=str, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def figure_html(fig: Any, alt: str) -> str:
    """A matplotlib Figure as an inline PNG <img> with alt text; closes the figure."""
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    try:
        fig.savefig(buf, format="png", dpi=90, bbox_inches="tight")
    finally:
        plt.close(fig)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    img = f"<img src='data:image/png;base64,{data}' alt='{escape(alt)}'>"
    return f"<div class='cc-plot'>{img}</div>"


__all__ = ["STYLESHEET", "category_label", "css", "figure_html", "fmt_time", "money", "short",
           "stars"]
