"""The app's API endpoints for gradio_client (/chat, /chat_json, /consent, /view, /export_data).

No gradio: `ui.app` registers these with `gr.api` and turns a ClearCartError
into a gr.Error carrying its fix.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.shop import ShopAssistant


class ApiActions:
    def __init__(self, bot: ShopAssistant) -> None:
        self.bot = bot

    def chat(self, message: str, shopper_id: str) -> Iterator[str]:
        """Stream the reply text (each value is the text so far; the last is the final reply)."""
        session, text = self.bot.session(shopper_id), ""
        for chunk in session.ask_stream(message):
            text += chunk
            yield text
        assert session.last_reply is not None
        yield session.last_reply.text

    def chat_json(self, message: str, shopper_id: str) -> dict[str, Any]:
        """The whole Reply as data: text, suggestions, reasons, explanations, disclosures."""
        return {"shopper_id": shopper_id, **self.bot.session(shopper_id).ask(message).to_dict()}

    def consent(self, shopper_id: str, category: str, granted: bool) -> dict[str, Any]:
        """Grant or withdraw one personal category; returns the consent state."""
        consent = self.bot.session(shopper_id).consent
        if granted:
            consent.grant(category, source="api")
        else:
            consent.withdraw(category, source="api")
        return dict(consent.state())

    def view(self, shopper_id: str, product_id: str) -> bool:
        """A product page view; true when it went into the browsing history."""
        return bool(self.bot.session(shopper_id).view(product_id))

    def export(self, shopper_id: str) -> dict[str, Any]:
        """Everything held about the shopper (the privacy center's "see my data")."""
        return dict(self.bot.export_data(shopper_id))


__all__ = ["ApiActions"]
