"""What the web UI's events do, without gradio.

`app.py` turns each browser event into one call here and each result into
Gradio component updates; this module holds the per-shopper UI state (a
plain dict kept in `gr.State`), calls `ShopAssistant`, and renders HTML
through `assistant.render`. Errors are `ClearCartError`s with a `fix`;
`app.py` shows them as `gr.Error`.
"""

from __future__ import annotations

import json
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant import render
from models.categories import PERSONAL_CATEGORIES
from models.errors import ClearCartError, InputError

if TYPE_CHECKING:
    from assistant.reply import Suggestion
    from assistant.shop import ShopAssistant

State = dict[str, Any]  # {"shopper": id, "history": chat messages, "last_q": str | None, "pids": [...]}


@dataclass(frozen=True)
class UIConfig:
    host: str = "127.0.0.1"  # loopback only; put a reverse proxy in front to publish it
    port: int = 7860  # Gradio's usual port
    max_cards: int = 5  # suggestion card slots under the chat (the ranker's top-k fits)
    concurrency: int = 4  # events served at once (the LM itself generates one at a time)
    export_max_age_s: float = 600.0  # "download my data" files are deleted after this


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
    receipts: list[list[str]]  # consent receipt rows, newest first


@dataclass(frozen=True)
class TurnStep:
    """One streamed step of a chat turn; `cards` is None while the reply is still streaming."""

    history: list[dict[str, str]]
    state: State
    cards: list[CardView | None] | None = None
    done: bool = False


def new_shopper_id() -> str:
    return f"anon-{uuid.uuid4().hex[:12]}"


def error_text(exc: ClearCartError) -> str:
    return f"{exc.problem} (how to fix: {exc.fix})" if exc.fix else exc.problem


class ShopActions:
    """The UI's event logic over one `ShopAssistant` (thread-safe as the assistant is)."""

    def __init__(self, bot: ShopAssistant, config: UIConfig | None = None) -> None:
        self.bot = bot
        self.cfg = config or UIConfig()
        self.export_dir = Path(tempfile.mkdtemp(prefix="clearcart-export-"))
        self._demo = {d.id: d for d in bot.demo.shoppers()}

    # -- shopper state ---------------------------------------------------
    def fresh_state(self, shopper_id: str | None = None) -> State:
        """A new chat for `shopper_id` (a demo persona gets its consent and history seeded)."""
        if shopper_id in self._demo:
            self.bot.demo.seed_shopper(shopper_id)
        notice = {"role": "assistant", "content": render.AI_NOTICE}
        return {"shopper": shopper_id or new_shopper_id(), "history": [notice], "last_q": None, "pids": []}

    def ensure(self, st: State | None) -> State:
        return st if st and st.get("shopper") else self.fresh_state()

    def shopper_md(self, st: State) -> str:
        d = self._demo.get(st["shopper"])
        if d:
            return f"**Shopping as {d.name}** (demo persona `{d.persona}`): {d.description}"
        return f"**Shopping as** `{st['shopper']}` (anonymous: nothing personal is used unless you switch it on)"

    # -- shop tab ----------------------------------------------------------
    def card_views(self, suggestions: list[Suggestion] | None) -> list[CardView | None]:
        shown = list(suggestions or [])[: self.cfg.max_cards]
        views: list[CardView | None] = [
            CardView(render.card_html(s), render.suggestion_why_html(s),
                     tuple(render.personal_used(s.disclosure.to_dict())))
            for s in shown
        ]
        return views + [None] * (self.cfg.max_cards - len(views))

    def respond(self, st: State, message: str) -> Iterator[TurnStep]:
        """Stream a chat turn: the user's message, the growing reply, then the cards."""
        message = (message or "").strip()
        asked = [*st["history"], {"role": "user", "content": message}]

        def said(text: str) -> list[dict[str, str]]:  # a new list each step: steps stay as they were
            return [*asked, {"role": "assistant", "content": text}]

        yield TurnStep(said(""), st)
        session, text = self.bot.session(st["shopper"]), ""
        try:
            for chunk in session.ask_stream(message):
                text += chunk
                yield TurnStep(said(text), st)
        except ClearCartError as exc:
            history = said(f"Sorry: {error_text(exc)}")
            yield TurnStep(history, {**st, "history": history}, done=True)
            return
        reply = session.last_reply
        assert reply is not None, "ask_stream finished without a reply"
        history = said(reply.text + "".join(f"\n\n_{note}_" for note in reply.notes))
        st = {**st, "history": history, "last_q": message, "pids": [s.product.id for s in reply.suggestions]}
        yield TurnStep(history, st, self.card_views(reply.suggestions), done=True)

    def rerun(self, st: State, note: str) -> tuple[State, list[CardView | None]]:
        """After "Not interested" / "Don't use my ...": say so, and ask the last question again."""
        history = [*st["history"], {"role": "assistant", "content": f"_{note}_"}]
        suggestions: list[Suggestion] = []
        if st.get("last_q"):
            reply = self.bot.session(st["shopper"]).ask(st["last_q"])
            history.append({"role": "assistant", "content": reply.text})
            suggestions = reply.suggestions
        st = {**st, "history": history, "pids": [s.product.id for s in suggestions]}
        return st, self.card_views(suggestions)

    def pid(self, st: State, slot: int) -> str:
        pids = st.get("pids") or []
        if slot >= len(pids):
            raise InputError("that suggestion is no longer shown", fix="ask your question again")
        return str(pids[slot])

    def not_interested(self, st: State, slot: int) -> tuple[State, list[CardView | None]]:
        pid = self.pid(st, slot)
        self.bot.session(st["shopper"]).not_interested(pid)
        return self.rerun(st, f"OK, I won't suggest {self.bot.catalog.get(pid).title} again.")

    def dont_use(self, st: State, category: str) -> tuple[State, list[CardView | None]]:
        self.bot.session(st["shopper"]).consent.withdraw(category, source="why panel")
        return self.rerun(st, f"OK, I no longer use your {render.category_label(category)}.")

    def view(self, st: State, slot: int) -> str:
        """'View product': a product page view; says whether it went into the browsing history."""
        pid = self.pid(st, slot)
        recorded = self.bot.session(st["shopper"]).view(pid)
        title = self.bot.catalog.get(pid).title
        return f"Viewed {title}: " + (
            "added to your browsing history." if recorded else "not recorded (browsing history is off)."
        )

    def plot(self, st: State, slot: int) -> str:
        """The SHAP waterfall of the card in `slot` (drawn when its "Why this?" opens)."""
        reply = self.bot.session(st["shopper"]).last_reply
        pids = st.get("pids") or []
        if reply is None or slot >= len(reply.suggestions) or slot >= len(pids) \
                or reply.suggestions[slot].product.id != pids[slot]:
            return "<p>Ask again to see this chart.</p>"
        e = reply.suggestions[slot].explanation
        return render.figure_html(self.bot.console.plots.waterfall(e), render.waterfall_alt(e.values, e.base_value, e.score))

    # -- privacy center ----------------------------------------------------
    def privacy(self, st: State) -> PrivacyView:
        consent = self.bot.session(st["shopper"]).consent
        state, objected = consent.state(), bool(consent.objected)
        status = (
            "**You object to profiling:** no personal data is used, whatever the switches below say."
            if objected else "Personal data is used only for the switches you turn on."
        )
        return PrivacyView({c: bool(state.get(c)) for c in PERSONAL_CATEGORIES}, objected, status,
                           render.receipt_rows(consent.receipts()))

    def set_consent(self, st: State, category: str, on: bool) -> PrivacyView:
        consent = self.bot.session(st["shopper"]).consent
        if on:
            consent.grant(category, source="privacy center")
        else:
            consent.withdraw(category, source="privacy center")
        return self.privacy(st)

    def set_objection(self, st: State, on: bool) -> PrivacyView:
        consent = self.bot.session(st["shopper"]).consent
        if on:
            consent.object_to_profiling(source="privacy center")
        else:
            consent.lift_objection(source="privacy center")
        return self.privacy(st)

    def my_data(self, st: State) -> tuple[str, str]:
        """'See my data': the export rendered, and the path of a JSON file to download."""
        data = self.bot.export_data(st["shopper"])
        for old in self.export_dir.glob("*.json"):
            if time.time() - old.stat().st_mtime > self.cfg.export_max_age_s:
                old.unlink(missing_ok=True)
        path = self.export_dir / f"my-data-{uuid.uuid4().hex[:8]}.json"
        path.write_text(json.dumps(data, indent=2, default=str, ensure_ascii=False), encoding="utf-8")
        return render.data_html(data), str(path)

    def erase(self, st: State) -> State:
        """Delete the shopper's data; the browser continues as a new anonymous shopper."""
        self.bot.erase(st["shopper"])
        return self.fresh_state()

    # -- marketer console -------------------------------------------------
    def audit(self, pseudonym: str, product_id: str) -> list[list[Any]]:
        records = self.bot.console.audit_log(shopper_pseudonym=pseudonym, product_id=product_id)
        return render.audit_rows([r.to_dict() | {"top_reason": r.top_reason} for r in records])

    def audit_open(self, audit_id: int | str) -> tuple[str, str]:
        """A stored suggestion exactly as the shopper saw it, with its waterfall."""
        rec = self.bot.console.audit_record(int(audit_id))
        e = rec.explanation
        alt = render.waterfall_alt(e.values, e.base_value, e.score)
        return (render.audit_record_html(rec.to_dict()),
                render.figure_html(self.bot.console.plots.waterfall(e), alt))

    def verify(self) -> str:
        rep = self.bot.console.verify_audit()
        if rep.ok:
            return "<p class='cc-ok'>Audit chain verified: every record is intact.</p>"
        return render.report_html({"problems": list(getattr(rep, "problems", []))}, "Audit chain does NOT verify")

    def parameters(self) -> str:
        """The ranker's main parameters in plain language (weights from the logged traffic)."""
        return render.parameters_html(self.bot.console.model_parameters())

    def importance(self) -> tuple[str, str]:
        fig = self.bot.console.plots.global_bar()
        return (render.figure_html(fig, "Global importance by feature group"),
                render.importance_html(self.bot.console.global_importance()))

    def bias(self) -> tuple[str, str]:
        rep = self.bot.console.bias_audit().to_dict()
        return render.report_html(rep, "Bias audit"), render.figure_html(self.bot.console.plots.audit_chart(), "Bias audit chart")

    def sponsors(self) -> list[list[Any]]:
        return render.sponsorship_rows(self.bot.console.sponsorships(), {p.id: p.title for p in self.bot.catalog.products})

    def sponsor(self, product_id: str | None, payer: str, boost: float) -> list[list[Any]]:
        if not product_id or not (payer or "").strip():
            raise InputError("a sponsorship needs a product and a payer",
                             fix="pick a product and name who pays for the promotion")
        self.bot.console.set_sponsorship(product_id, payer.strip(), float(boost))
        return self.sponsors()

    def unsponsor(self, product_id: str | None) -> list[list[Any]]:
        if product_id:
            self.bot.console.clear_sponsorship(product_id)
        return self.sponsors()

    # -- public API (gradio_client) ---------------------------------------
    def api_chat(self, message: str, shopper_id: str) -> Iterator[str]:
        session, text = self.bot.session(shopper_id), ""
        for chunk in session.ask_stream(message):
            text += chunk
            yield text
        assert session.last_reply is not None
        yield session.last_reply.text

    def api_chat_json(self, message: str, shopper_id: str) -> dict[str, Any]:
        return {"shopper_id": shopper_id, **self.bot.session(shopper_id).ask(message).to_dict()}

    def api_consent(self, shopper_id: str, category: str, granted: bool) -> dict[str, Any]:
        consent = self.bot.session(shopper_id).consent
        if granted:
            consent.grant(category, source="api")
        else:
            consent.withdraw(category, source="api")
        return dict(consent.state())

    def api_view(self, shopper_id: str, product_id: str) -> bool:
        return bool(self.bot.session(shopper_id).view(product_id))

    def api_export(self, shopper_id: str) -> dict[str, Any]:
        return dict(self.bot.export_data(shopper_id))


__all__ = ["CardView", "PrivacyView", "ShopActions", "State", "TurnStep", "UIConfig", "error_text", "new_shopper_id"]
