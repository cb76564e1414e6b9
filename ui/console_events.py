"""The marketer console's Gradio handlers: the role checked inside every one.

Imports gradio. Each handler takes the `gr.Request` and calls `ConsoleGate.require`
before anything else, whatever path the call came by (the page, /gradio_api/call/<name>,
/queue/join with a fn_index): `marketer` to read (audit log, records, parameters,
importance, bias audit, sponsorships list), `admin` to change (sponsorships, erasure on
a shopper's behalf). The work itself is `ui.console.ConsoleActions` (no gradio).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from models.settings import offline_env

offline_env()  # before gradio is imported: no analytics, no hub

import gradio as gr  # noqa: E402

from models.errors import InputError  # noqa: E402
from ui.console import ConsoleActions  # noqa: E402
from ui.events import errors  # noqa: E402
from ui.gate import ConsoleGate  # noqa: E402

if TYPE_CHECKING:
    from assistant.shop import ShopAssistant

READ, ADMIN = "marketer", "admin"


class ConsoleUI:
    """Console handlers: check the caller's role, then do the console action."""

    def __init__(self, bot: ShopAssistant, gate: ConsoleGate) -> None:
        self.actions = ConsoleActions(bot)
        self.gate = gate
        self.bot = bot

    def who(self, request: gr.Request) -> str:
        with errors():
            user = self.gate.require(request, READ)
        return (f"Signed in as **{user.username}** ({user.role}). "
                "<a href='logout' class='cc-logout'>Sign out</a>")

    def audit(self, pseudonym: str, product_id: str, request: gr.Request) -> list[list[Any]]:
        with errors():
            self.gate.require(request, READ)
            return self.actions.audit(pseudonym, product_id)

    def audit_open(self, evt: gr.SelectData, request: gr.Request) -> tuple[str, str]:
        with errors():
            self.gate.require(request, READ)
            row = getattr(evt, "row_value", None)
            if not row:
                return "<p>Select a row.</p>", ""
            return self.actions.audit_open(row[0])

    def verify(self, request: gr.Request) -> str:
        with errors():
            self.gate.require(request, READ)
            return self.actions.verify()

    def parameters(self, request: gr.Request) -> str:
        with errors():
            self.gate.require(request, READ)
            return self.actions.parameters()

    def importance(self, request: gr.Request) -> tuple[str, str]:
        with errors():
            self.gate.require(request, READ)
            return self.actions.importance()

    def bias(self, request: gr.Request) -> tuple[str, str]:
        with errors():
            self.gate.require(request, READ)
            return self.actions.bias()

    def sponsors(self, request: gr.Request) -> list[list[Any]]:
        with errors():
            self.gate.require(request, READ)
            return self.actions.sponsors()

    def sponsor(self, pid: str | None, payer: str, boost: float,
                request: gr.Request) -> list[list[Any]]:
        with errors():
            self.gate.require(request, ADMIN)
            return self.actions.sponsor(pid, payer, boost)

    def unsponsor(self, pid: str | None, request: gr.Request) -> list[list[Any]]:
        with errors():
            self.gate.require(request, ADMIN)
            return self.actions.unsponsor(pid)

    def erase(self, pseudonym: str, request: gr.Request) -> str:
        """An erasure a shopper asked for (by their audit pseudonym, from their export)."""
        with errors():
            user = self.gate.require(request, ADMIN)
            if not (pseudonym or "").strip():
                raise InputError("no pseudonym given",
                                 fix="paste the shopper's audit pseudonym (from their export)")
            counts = self.bot.erase_pseudonym(pseudonym.strip())
        if counts is None:
            return ("<p>No shopper has that pseudonym: never used, or already erased "
                    "(their audit records stay, unlinked).</p>")
        rows = sum(counts.values())
        return (f"<p class='cc-ok'>Erased by {user.username}: {rows} rows of personal data "
                "deleted; the audit records stay, no longer linked to anyone.</p>")


__all__ = ["ConsoleUI"]
