"""Gradio event handlers: the tabs' action results as component updates.

Imports gradio (only `ui.app` imports this module). A ClearCartError reaches
the browser or API caller as a gr.Error carrying its fix.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from models.settings import offline_env

offline_env()  # before gradio is imported: no analytics, no hub

import gradio as gr  # noqa: E402

from assistant import ClearCartError  # noqa: E402
from models.categories import PERSONAL_CATEGORIES  # noqa: E402
from ui.api import ApiActions  # noqa: E402
from ui.console import ConsoleActions  # noqa: E402
from ui.privacy import PrivacyActions  # noqa: E402
from ui.shop import ShopActions  # noqa: E402
from ui.state import CardView, UIConfig, UIState, error_text  # noqa: E402

if TYPE_CHECKING:
    from assistant.shop import ShopAssistant


@contextlib.contextmanager
def _errors() -> Iterator[None]:
    """A ClearCartError reaches the browser or API caller as a gr.Error with its fix."""
    try:
        yield
    except ClearCartError as exc:
        raise gr.Error(error_text(exc)) from exc


@dataclass
class CardSlot:
    """The components of one suggestion card slot."""

    column: gr.Column
    head: gr.HTML
    why: gr.HTML
    accordion: gr.Accordion
    view: gr.Button
    not_interested: gr.Button
    dont_use: list[gr.Button]  # one per personal category

    def outputs(self) -> list[Any]:
        return [self.column, self.head, self.why, self.accordion, *self.dont_use]


class GradioUI:
    """Turns the tabs' action results into Gradio component updates."""

    def __init__(self, bot: ShopAssistant, config: UIConfig | None = None) -> None:
        self.shop = ShopActions(bot, config)
        self.privacy_actions = PrivacyActions(self.shop)
        self.console = ConsoleActions(bot)
        self.api = ApiActions(bot)
        self.bot = bot
        self.cfg = self.shop.cfg

    def cards(self, views: Sequence[CardView | None]) -> list[Any]:
        out: list[Any] = []
        for v in views:
            if v is None:
                out += [gr.Column(visible=False), "", "", gr.Accordion(open=False)]
                out += [gr.Button(visible=False) for _ in PERSONAL_CATEGORIES]
            else:
                out += [gr.Column(visible=True), v.head, v.why, gr.Accordion(open=False)]
                out += [gr.Button(visible=c in v.dont_use) for c in PERSONAL_CATEGORIES]
        return out

    def no_cards(self) -> list[Any]:
        return self.cards(self.shop.card_views(None))

    def privacy(self, st: UIState | None) -> list[Any]:
        p = self.privacy_actions.view(self.shop.ensure(st))
        boxes = [gr.Checkbox(value=p.consent[c], interactive=not p.objected)
                 for c in PERSONAL_CATEGORIES]
        return [*boxes, p.objected, p.status, p.receipts]

    def switch(self, shopper_id: str | None) -> tuple[Any, ...]:
        with _errors():
            st = self.shop.fresh_state(shopper_id)
        return (st, st.chat(), self.shop.shopper_md(st), *self.no_cards(), *self.privacy(st))

    def respond(self, message: str, st: UIState | None) -> Iterator[tuple[Any, ...]]:
        st = self.shop.ensure(st)
        n = len(self.no_cards())
        if not (message or "").strip():
            yield (gr.skip(), gr.skip(), st, *[gr.skip()] * n)
            return
        for k, step in enumerate(self.shop.respond(st, message)):
            cards = self.cards(step.cards) if step.cards is not None else [gr.skip()] * n
            yield (step.history, "" if k == 0 else gr.skip(), step.state, *cards)

    def rerun(self, fn: Any, arg: Any, st: UIState | None) -> tuple[Any, ...]:
        with _errors():
            new, views = fn(self.shop.ensure(st), arg)
        return (new.chat(), new, *self.cards(views), *self.privacy(new))

    def view(self, slot: int, st: UIState | None) -> None:
        with _errors():
            gr.Info(self.shop.view(self.shop.ensure(st), slot))

    def set_consent(self, category: str, on: bool, st: UIState | None) -> list[Any]:
        with _errors():
            self.privacy_actions.set_consent(self.shop.ensure(st), category, on)
        return self.privacy(st)

    def set_objection(self, on: bool, st: UIState | None) -> list[Any]:
        with _errors():
            self.privacy_actions.set_objection(self.shop.ensure(st), on)
        return self.privacy(st)

    def my_data(self, st: UIState | None) -> tuple[str, str]:
        with _errors():
            return self.privacy_actions.my_data(self.shop.ensure(st))

    def erase(self, st: UIState | None) -> tuple[Any, ...]:
        with _errors():
            new = self.privacy_actions.erase(self.shop.ensure(st))
        gr.Info("Your data was deleted. You are now a new anonymous shopper.")
        out = (new, new.chat(), self.shop.shopper_md(new), *self.no_cards(), *self.privacy(new))
        return (None, *out, gr.Group(visible=False), "", None)

    def audit_open(self, evt: gr.SelectData) -> tuple[str, str]:
        row = getattr(evt, "row_value", None)
        if not row:
            return "<p>Select a row.</p>", ""
        with _errors():
            return self.console.audit_open(row[0])

    def sponsor(self, pid: str | None, payer: str, boost: float) -> list[list[Any]]:
        with _errors():
            return self.console.sponsor(pid, payer, boost)

    # -- API (gradio_client): the docstrings are the endpoints' descriptions ----------
    def api_chat(self, message: str, shopper_id: str) -> Iterator[str]:
        """Stream the reply text (each value is the text so far; the last is the final reply)."""
        with _errors():
            yield from self.api.chat(message, shopper_id)

    def api_chat_json(self, message: str, shopper_id: str) -> dict[str, Any]:
        """The whole Reply as data: text, suggestions, reasons, explanations, disclosures."""
        with _errors():
            return self.api.chat_json(message, shopper_id)

    def api_consent(self, shopper_id: str, category: str, granted: bool) -> dict[str, Any]:
        """Grant or withdraw one personal category; returns the consent state."""
        with _errors():
            return self.api.consent(shopper_id, category, granted)

    def api_view(self, shopper_id: str, product_id: str) -> bool:
        """A product page view; true when it went into the browsing history."""
        with _errors():
            return self.api.view(shopper_id, product_id)

    def api_export(self, shopper_id: str) -> dict[str, Any]:
        """Everything held about the shopper (the privacy center's "see my data")."""
        with _errors():
            return self.api.export(shopper_id)


__all__ = ["CardSlot", "GradioUI"]
