"""The UI's typed state and view records (no gradio).

One `UIState` lives in each browser tab's `gr.State`; events return a new one
(it is frozen, so a streamed step never changes under the browser's feet).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from models.errors import ClearCartError, InputError

Message = dict[str, str]  # one chat message as gr.Chatbot takes it: {"role", "content"}


@dataclass(frozen=True)
class UIConfig:
    host: str = "127.0.0.1"  # loopback only; put a reverse proxy in front to publish it
    port: int = 7860  # Gradio's usual port
    max_cards: int = 5  # suggestion card slots under the chat (the ranker's top-k fits)
    max_choices: int = 3  # buttons for the choices of a reply's one question
    max_undo: int = 2  # buttons that undo what a reply assumed ("Undo: not too pricey")
    concurrency: int = 4  # events of each kind served at once (the LM batches across them)
    secure_cookies: bool = False  # cookies only over HTTPS (set behind a TLS proxy)
    allowed_origins: tuple[str, ...] = ()  # other sites whose pages may call the app


@dataclass(frozen=True)
class UIState:
    """One browser tab's shopper: who, the chat so far, the last question, the cards shown.

    Gradio keeps it on the server, keyed by a session hash the browser picks; so every
    handler also checks `owner` against the caller's own session token (ui/gate.py) and
    starts a fresh state when they differ: a state is never used by another caller.
    """

    owner: str  # the caller's own shopper id, derived from their session token
    shopper: str  # the shopper acted for: `owner`, or the owner's copy of a demo persona
    persona: str | None = None  # the demo persona's id when shopping as one
    history: tuple[Message, ...] = ()  # chat messages shown, oldest first
    last_q: str | None = None  # the last question asked (asked again after "Not interested")
    pids: tuple[str, ...] = ()  # product ids of the cards shown, slot by slot
    # The last reply's one question, as (button label, message it sends) per choice, and
    # what it assumed that can be undone, as (label, message): kept here on the server, so
    # a button sends the message the reply offered, never one the browser names.
    choices: tuple[tuple[str, str], ...] = ()
    undo: tuple[tuple[str, str], ...] = ()

    def said(self, *messages: Message) -> UIState:
        """This state with `messages` added to the chat."""
        return replace(self, history=(*self.history, *messages))

    def chat(self) -> list[Message]:
        """The history as gr.Chatbot wants it (a new list: Gradio may keep it)."""
        return [dict(m) for m in self.history]

    def choice(self, slot: int) -> str:
        """The message of the question's choice `slot`; a stale slot says how to fix it."""
        if not 0 <= slot < len(self.choices):
            raise InputError("that choice is no longer offered", fix="type your answer instead")
        return self.choices[slot][1]

    def undo_message(self, slot: int) -> str:
        if not 0 <= slot < len(self.undo):
            raise InputError("that assumption is no longer in use", fix="type what you want")
        return self.undo[slot][1]

    def pid(self, slot: int) -> str:
        """The product shown in card `slot`; a stale slot says how to fix it."""
        if not 0 <= slot < len(self.pids):
            raise InputError("that suggestion is no longer shown", fix="ask your question again")
        return self.pids[slot]


@dataclass(frozen=True)
class CardView:
    """One suggestion card: its head, its "Why this?" body, its "Don't use my ..." buttons."""

    head: str
    why: str
    dont_use: tuple[str, ...]  # personal categories this suggestion used


@dataclass(frozen=True)
class PrivacyView:
    consent: dict[str, bool]  # per personal category, as the switches should show it
    objected: bool  # the shopper objects to profiling (switches are locked off)
    status: str  # markdown line above the switches
    receipts: list[list[str]] = field(default_factory=list)  # receipt rows, newest first


@dataclass(frozen=True)
class TurnStep:
    """One streamed step of a chat turn; `cards` is None when they do not change at this step
    (they come once ranking is done, before the reply text; the last step sends them only if
    the reply ended with other products)."""

    history: list[Message]  # the chat as shown at this step (the reply so far)
    state: UIState  # the state to keep (it has the whole reply once `done`)
    cards: list[CardView | None] | None = None
    done: bool = False
    # the question's and the assumptions' buttons: (label, message) each; None: unchanged
    buttons: tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]] | None = None


def error_text(exc: ClearCartError) -> str:
    return f"{exc.problem} (how to fix: {exc.fix})" if exc.fix else exc.problem


__all__ = [
    "CardView", "Message", "PrivacyView", "TurnStep", "UIConfig", "UIState",
    "error_text",
]
