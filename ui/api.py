"""The app's API endpoints for gradio_client: /chat, /chat_json, /consent, /view,
/export_data, /erase, /not_interested, /exclude (no gradio).

None of them takes a shopper id: each acts for the caller, whom the event layer
identified from their session token or shop customer token (ui/gate.py) and passes
in as `who`. `ui.events` registers these with `gr.api` and turns a ClearCartError
into a gr.Error carrying its fix.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.identity import Caller
    from assistant.shop import ShopAssistant


class ApiActions:
    def __init__(self, bot: ShopAssistant) -> None:
        self.bot = bot

    def chat(self, who: Caller, message: str) -> Iterator[str]:
        """Stream the reply text (each value is the text so far; the last is the final reply)."""
        session, text = self.bot.session(who.shopper_id), ""
        for chunk in session.ask_stream(message):
            text += chunk
            yield text
        assert session.last_reply is not None
        yield session.last_reply.text

    def chat_json(self, who: Caller, message: str) -> dict[str, Any]:
        """The whole Reply as data: text, suggestions, reasons, explanations, disclosures."""
        return self.bot.session(who.shopper_id).ask(message).to_dict()

    def consent(self, who: Caller, category: str, granted: bool) -> dict[str, Any]:
        """Grant or withdraw one personal category; returns the consent state."""
        consent = self.bot.session(who.shopper_id).consent
        if granted:
            consent.grant(category, source="api")
        else:
            consent.withdraw(category, source="api")
        return dict(consent.state())

    def view(self, who: Caller, product_id: str) -> bool:
        """A product page view; true when it went into the browsing history."""
        return bool(self.bot.session(who.shopper_id).view(product_id))

    def export(self, who: Caller) -> dict[str, Any]:
        """Everything held about the caller (the privacy center's "see my data")."""
        return dict(self.bot.export_data(who.shopper_id))

    def erase(self, who: Caller) -> dict[str, Any]:
        """Delete everything held about the caller; says what was deleted."""
        return {"erased": True, "rows": self.bot.erase(who.shopper_id)}

    def not_interested(self, who: Caller, product_id: str) -> bool:
        """Never suggest this product to the caller again."""
        self.bot.session(who.shopper_id).not_interested(product_id)
        return True

    def exclude(self, who: Caller, product_id: str) -> bool:
        """Forget this product from the caller's browsing and purchase history."""
        self.bot.session(who.shopper_id).exclude_from_history(product_id)
        return True


__all__ = ["ApiActions"]
