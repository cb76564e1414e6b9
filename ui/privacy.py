"""The Privacy center tab: consent switches, receipts, "see my data", erasure (no gradio)."""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping, Sequence
from html import escape
from typing import TYPE_CHECKING, Any

from models.categories import PERSONAL_CATEGORIES, category_label
from ui.render import fmt_time, short
from ui.state import PrivacyView, UIState

if TYPE_CHECKING:
    from ui.shop import ShopActions

RECEIPT_HEADERS = ["time (UTC)", "data category", "action", "where"]
SUMMARY_KEYS = ("at", "role", "text", "product_id", "product_title", "rank", "price", "category",
                "state", "source")
EXPORT_LIST_MAX = 200  # rows of one export section shown in the page (the JSON file has all)


def consent_info(category: str, purposes: Mapping[str, str], retention: Mapping[str, str]) -> str:
    """The line under a consent switch: what the data is for and how long it is kept.

    `purposes` and `retention` come from the console (models.categories' table,
    with the purpose saying so when this shop's model does not use the category).
    """
    purpose = purposes.get(category, "")
    kept = retention.get(category)
    return f"{purpose} Kept for {kept}." if kept else purpose


def receipt_rows(receipts: Sequence[Mapping[str, Any]]) -> list[list[str]]:
    """Consent receipts (given oldest first, as the store keeps them), shown newest first."""
    rows = []
    for r in reversed(receipts):
        granted = "granted" if r.get("granted") else "withdrawn"
        action = r.get("state") or r.get("action") or granted
        when = r.get("time", r.get("at"))
        category = category_label(str(r.get("category", "")))
        rows.append([fmt_time(when), category, str(action), str(r.get("source") or "")])
    return rows


def data_html(export: Mapping[str, Any]) -> str:
    """'See my data': every section of the export, readable, each value escaped."""
    if not export:
        return "<p>We hold no data about you.</p>"
    parts = ["<div class='cc-mydata'>"]
    for key, value in export.items():
        parts.append(f"<h4>{escape(str(key).replace('_', ' ').capitalize())}</h4>")
        if isinstance(value, list):
            if not value:
                parts.append("<p>(none)</p>")
                continue
            items = "".join(f"<li>{escape(_summary(v))}</li>" for v in value[:EXPORT_LIST_MAX])
            more = len(value) - EXPORT_LIST_MAX
            tail = f"<p>… and {more} more (see the JSON file)</p>" if more > 0 else ""
            parts.append(f"<ul>{items}</ul>{tail}")
        elif isinstance(value, dict):
            items = "".join(
                f"<li><strong>{escape(str(k))}</strong>: {escape(short(v))}</li>"
                for k, v in value.items()
            )
            parts.append(f"<ul>{items or '<li>(none)</li>'}</ul>")
        else:
            parts.append(f"<p>{escape(short(value))}</p>")
    parts.append("</div>")
    return "".join(parts)


def _summary(item: Any) -> str:
    """One exported row as 'at: … · role: … · text: …' (a suggestion by its product)."""
    flat = {**item, **(item.get("record") or {})} if isinstance(item, Mapping) else {}
    parts = [f"{k.replace('_', ' ')}: {v}" for k, v in flat.items() if k in SUMMARY_KEYS]
    return short(" · ".join(parts) if parts else item)


class PrivacyActions:
    """The Privacy center's event logic; shares the Shop tab's assistant and shopper state."""

    def __init__(self, shop: ShopActions) -> None:
        self.shop = shop
        self.bot = shop.bot

    def view(self, st: UIState) -> PrivacyView:
        consent = self.bot.session(st.shopper).consent
        state, objected = consent.state(), bool(consent.objected)
        status = (
            "**You object to profiling:** no personal data is used, whatever the switches say."
            if objected else "Personal data is used only for the switches you turn on."
        )
        return PrivacyView({c: bool(state.get(c)) for c in PERSONAL_CATEGORIES}, objected, status,
                           receipt_rows(consent.receipts()))

    def set_consent(self, st: UIState, category: str, on: bool) -> PrivacyView:
        consent = self.bot.session(st.shopper).consent
        if on:
            consent.grant(category, source="privacy center")
        else:
            consent.withdraw(category, source="privacy center")
        return self.view(st)

    def set_objection(self, st: UIState, on: bool) -> PrivacyView:
        consent = self.bot.session(st.shopper).consent
        if on:
            consent.object_to_profiling(source="privacy center")
        else:
            consent.lift_objection(source="privacy center")
        return self.view(st)

    def my_data(self, st: UIState) -> tuple[str, str]:
        """'See my data': the export rendered, and a link that downloads it as JSON.

        The file is made in the browser from the link itself (a data: URL), so no copy of
        the shopper's data is ever written to the server's disk, where it could outlive
        an erasure."""
        data = self.bot.export_data(st.shopper)
        return data_html(data), download_html(data)

    def erase(self, st: UIState) -> UIState:
        """Delete the shopper's data; the browser continues as the caller's own (now empty)
        anonymous shopper."""
        self.bot.erase(st.shopper)
        return self.shop.fresh_state(st.owner)


def download_html(data: Mapping[str, Any]) -> str:
    """A 'Download my data (JSON)' link carrying the export in its data: URL."""
    text = json.dumps(data, indent=2, default=str, ensure_ascii=False)
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return (f"<a class='cc-download' download='my-data.json' "
            f"href='data:application/json;base64,{payload}'>Download my data (JSON)</a>")


__all__ = ["RECEIPT_HEADERS", "PrivacyActions", "consent_info", "data_html", "download_html",
           "receipt_rows"]
