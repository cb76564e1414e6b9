"""The shop app's Gradio handlers: identity checked in each, results as component updates.

Imports gradio (only `ui.app` imports this module). Every handler takes the
`gr.Request` and asks `ShopGate` who the caller is (their session cookie or header,
or a shop's customer token) before it does anything; a state that belongs to another
caller is replaced by the caller's own (`ShopActions.ensure`). Hiding an event from
the API page protects nothing: `/gradio_api/call/<name>` and `/queue/join` still run
it, so the check is here. A ClearCartError reaches the browser or API caller as a
gr.Error carrying its fix.
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
from assistant.identity import Caller  # noqa: E402
from models.categories import PERSONAL_CATEGORIES  # noqa: E402
from ui.api import ApiActions  # noqa: E402
from ui.gate import ShopGate  # noqa: E402
from ui.privacy import PrivacyActions  # noqa: E402
from ui.shop import ShopActions  # noqa: E402
from ui.state import CardView, UIConfig, UIState, error_text  # noqa: E402

if TYPE_CHECKING:
    from assistant.shop import ShopAssistant


@contextlib.contextmanager
def errors() -> Iterator[None]:
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
    """The shop app's handlers (Shop tab, Privacy center, header, API)."""

    def __init__(self, bot: ShopAssistant, gate: ShopGate, config: UIConfig | None = None) -> None:
        self.shop = ShopActions(bot, config)
        self.privacy_actions = PrivacyActions(self.shop)
        self.api = ApiActions(bot)
        self.bot = bot
        self.gate = gate
        self.cfg = self.shop.cfg

    # -- who is calling ----------------------------------------------------------
    def _own(self, st: UIState | None, request: gr.Request, turn: bool = False) -> UIState:
        """The caller's own state (checked and counted against the limits)."""
        who = self.gate.turn(request) if turn else self.gate.action(request)
        return self.shop.ensure(st, who.shopper_id)

    def _caller(self, request: gr.Request, turn: bool = False) -> Caller:
        return self.gate.turn(request) if turn else self.gate.action(request)

    # -- component updates ---------------------------------------------------------
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

    def buttons(self, choices: Sequence[tuple[str, str]],
                undo: Sequence[tuple[str, str]]) -> list[Any]:
        """The question's choice buttons and the undo buttons: shown with their labels."""
        out: list[Any] = []
        for slots, items in ((self.cfg.max_choices, choices), (self.cfg.max_undo, undo)):
            for i in range(slots):
                out.append(gr.Button(value=items[i][0], visible=True) if i < len(items)
                           else gr.Button(visible=False))
        return out

    def no_buttons(self) -> list[Any]:
        return self.buttons((), ())

    def _privacy(self, st: UIState) -> list[Any]:
        p = self.privacy_actions.view(st)
        boxes = [gr.Checkbox(value=p.consent[c], interactive=not p.objected)
                 for c in PERSONAL_CATEGORIES]
        return [*boxes, p.objected, p.status, p.receipts]

    def _switched(self, st: UIState) -> tuple[Any, ...]:
        return (st, st.chat(), self.shop.shopper_md(st), *self.no_cards(), *self._privacy(st),
                *self.no_buttons())

    # -- header and tabs -----------------------------------------------------------
    def start(self, request: gr.Request) -> tuple[Any, ...]:
        """Page load: the caller as themselves."""
        with errors():
            who = self._caller(request)
            return self._switched(self.shop.fresh_state(who.shopper_id))

    def switch(self, persona: str | None, request: gr.Request) -> tuple[Any, ...]:
        """The persona picker: the caller's own copy of that persona (or themselves)."""
        with errors():
            who = self._caller(request)
            return self._switched(self.shop.fresh_state(who.shopper_id, persona or None))

    def anonymous(self, request: gr.Request) -> tuple[Any, ...]:
        """'Fresh anonymous shopper': back to the caller's own shopper, picker cleared."""
        return (None, *self.start(request))

    def enable_input(self, request: gr.Request) -> tuple[Any, Any]:
        with errors():
            self._caller(request)
        return gr.Textbox(interactive=True), gr.Button(interactive=True)

    def privacy(self, st: UIState | None, request: gr.Request) -> list[Any]:
        with errors():
            return self._privacy(self._own(st, request))

    def show_confirm(self, request: gr.Request) -> Any:
        with errors():
            self._caller(request)
        return gr.Group(visible=True)

    def hide_confirm(self, request: gr.Request) -> Any:
        with errors():
            self._caller(request)
        return gr.Group(visible=False)

    # -- Shop tab ------------------------------------------------------------------
    def respond(self, message: str, st: UIState | None,
                request: gr.Request) -> Iterator[tuple[Any, ...]]:
        n = len(self.no_cards())
        b = len(self.no_buttons())
        if not (message or "").strip():
            with errors():
                st = self._own(st, request)
            yield (gr.skip(), gr.skip(), st, *[gr.skip()] * (n + b))
            return
        with errors():
            st = self._own(st, request, turn=True)
            self.gate.check_message(message)
        for k, step in enumerate(self.shop.respond(st, message)):
            cards = self.cards(step.cards) if step.cards is not None else [gr.skip()] * n
            buttons = self.buttons(*step.buttons) if step.buttons is not None else [gr.skip()] * b
            yield (step.history, "" if k == 0 else gr.skip(), step.state, *cards, *buttons)

    def choose(self, slot: int, st: UIState | None,
               request: gr.Request) -> Iterator[tuple[Any, ...]]:
        """A choice button of the reply's question: sends the message that choice offered
        (kept in the caller's own state, never named by the browser)."""
        with errors():
            own = self._own(st, request)
            message = own.choice(slot)
        yield from self.respond(message, own, request)

    def undo(self, slot: int, st: UIState | None,
             request: gr.Request) -> Iterator[tuple[Any, ...]]:
        """An undo button: sends the message that undoes what the reply assumed."""
        with errors():
            own = self._own(st, request)
            message = own.undo_message(slot)
        yield from self.respond(message, own, request)

    def rerun(self, fn: Any, arg: Any, st: UIState | None,
              request: gr.Request) -> tuple[Any, ...]:
        with errors():
            new, views = fn(self._own(st, request, turn=True), arg)
        return (new.chat(), new, *self.cards(views), *self._privacy(new))

    def view(self, slot: int, st: UIState | None, request: gr.Request) -> None:
        with errors():
            gr.Info(self.shop.view(self._own(st, request), slot))

    # -- Privacy center ------------------------------------------------------------
    def set_consent(self, category: str, on: bool, st: UIState | None,
                    request: gr.Request) -> list[Any]:
        with errors():
            st = self._own(st, request)
            self.privacy_actions.set_consent(st, category, on)
            return self._privacy(st)

    def set_objection(self, on: bool, st: UIState | None, request: gr.Request) -> list[Any]:
        with errors():
            st = self._own(st, request)
            self.privacy_actions.set_objection(st, on)
            return self._privacy(st)

    def my_data(self, st: UIState | None, request: gr.Request) -> tuple[str, str]:
        with errors():
            return self.privacy_actions.my_data(self._own(st, request))

    def erase_mine(self, st: UIState | None, request: gr.Request) -> tuple[Any, ...]:
        with errors():
            new = self.privacy_actions.erase(self._own(st, request))
        gr.Info("Your data was deleted: nothing is held about you now. You go on as an "
                "anonymous shopper with no history and no consents.")
        return (None, *self._switched(new), gr.Group(visible=False), "", "")

    # -- API (gradio_client): the docstrings are the endpoints' descriptions ----------
    def api_chat(self, message: str, request: gr.Request) -> Iterator[str]:
        """Stream the reply text (each value is the text so far; the last is the final reply)."""
        with errors():
            who = self._caller(request, turn=True)
            self.gate.check_message(message)
            yield from self.api.chat(who, message)

    def api_chat_json(self, message: str, request: gr.Request) -> dict[str, Any]:
        """The whole Reply as data: text, suggestions, reasons, explanations, disclosures."""
        with errors():
            who = self._caller(request, turn=True)
            self.gate.check_message(message)
            return self.api.chat_json(who, message)

    def api_consent(self, category: str, granted: bool, request: gr.Request) -> dict[str, Any]:
        """Grant or withdraw one personal category of your own; returns your consent state."""
        with errors():
            return self.api.consent(self._caller(request), category, granted)

    def api_view(self, product_id: str, request: gr.Request) -> bool:
        """A product page view; true when it went into your browsing history."""
        with errors():
            return self.api.view(self._caller(request), product_id)

    def api_export(self, request: gr.Request) -> dict[str, Any]:
        """Everything held about you (the privacy center's "see my data")."""
        with errors():
            return self.api.export(self._caller(request))

    def api_erase(self, request: gr.Request) -> dict[str, Any]:
        """Delete everything held about you."""
        with errors():
            return self.api.erase(self._caller(request))

    def api_not_interested(self, product_id: str, request: gr.Request) -> bool:
        """Never suggest this product to you again."""
        with errors():
            return self.api.not_interested(self._caller(request), product_id)

    def api_exclude(self, product_id: str, request: gr.Request) -> bool:
        """Forget this product from your browsing and purchase history."""
        with errors():
            return self.api.exclude(self._caller(request), product_id)


__all__ = ["CardSlot", "GradioUI", "errors"]
