"""ClearCart web demo: Shop | Privacy center | Marketer console.

Gradio only: every decision is made by `assistant.ShopAssistant`, the event
logic lives in `assistant.ui_actions`, every piece of HTML in
`assistant.render`. `python app.py [--port 7860] [--llm smollm2]` serves on
127.0.0.1. API endpoints for gradio_client: /chat (streams text),
/chat_json, /consent, /view, /export_data.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
from collections.abc import Iterator
from typing import Any, Literal

from models.settings import offline_env

offline_env()  # before gradio is imported: no analytics, no hub

import gradio as gr  # noqa: E402

from assistant import ClearCartError, ShopAssistant, render  # noqa: E402
from assistant.ui_actions import CardView, PrivacyView, ShopActions, State, UIConfig, error_text  # noqa: E402
from models.categories import PERSONAL_CATEGORIES  # noqa: E402

SYSTEM_FONTS = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"]
MONO_FONTS = ["ui-monospace", "SFMono-Regular", "Consolas", "monospace"]
PRIVATE: Literal["private"] = "private"  # UI-only events: not part of the public API


@contextlib.contextmanager
def _errors() -> Iterator[None]:
    """A ClearCartError reaches the browser or API caller as a gr.Error with its fix."""
    try:
        yield
    except ClearCartError as exc:
        raise gr.Error(error_text(exc)) from exc


class ShopUI:
    """Turns `ShopActions` results into Gradio component updates."""

    def __init__(self, actions: ShopActions) -> None:
        self.a = actions

    def cards(self, views: list[CardView | None]) -> list[Any]:
        out: list[Any] = []
        for v in views:
            if v is None:
                out += [gr.Column(visible=False), "", "", "", gr.Accordion(open=False)]
                out += [gr.Button(visible=False) for _ in PERSONAL_CATEGORIES]
            else:
                out += [gr.Column(visible=True), v.head, v.why, "", gr.Accordion(open=False)]
                out += [gr.Button(visible=c in v.dont_use) for c in PERSONAL_CATEGORIES]
        return out

    def privacy(self, st: State | None) -> list[Any]:
        p: PrivacyView = self.a.privacy(self.a.ensure(st))
        boxes = [gr.Checkbox(value=p.consent[c], interactive=not p.objected) for c in PERSONAL_CATEGORIES]
        return [*boxes, p.objected, p.status, p.receipts]

    def switch(self, shopper_id: str | None) -> tuple[Any, ...]:
        with _errors():
            st = self.a.fresh_state(shopper_id)
        return (st, st["history"], self.a.shopper_md(st), *self.cards(self.a.card_views(None)), *self.privacy(st))

    def respond(self, message: str, st: State | None) -> Iterator[tuple[Any, ...]]:
        st = self.a.ensure(st)
        n = len(self.cards(self.a.card_views(None)))
        if not (message or "").strip():
            yield (gr.skip(), gr.skip(), st, *[gr.skip()] * n)
            return
        for k, step in enumerate(self.a.respond(st, message)):
            cards = self.cards(step.cards) if step.cards is not None else [gr.skip()] * n
            yield (step.history, "" if k == 0 else gr.skip(), step.state, *cards)

    def rerun(self, fn: Any, arg: Any, st: State | None) -> tuple[Any, ...]:
        with _errors():
            new, views = fn(self.a.ensure(st), arg)
        return (new["history"], new, *self.cards(views), *self.privacy(new))

    def view(self, slot: int, st: State | None) -> None:
        with _errors():
            gr.Info(self.a.view(self.a.ensure(st), slot))

    def set_consent(self, category: str, on: bool, st: State | None) -> list[Any]:
        with _errors():
            self.a.set_consent(self.a.ensure(st), category, on)
        return self.privacy(st)

    def set_objection(self, on: bool, st: State | None) -> list[Any]:
        with _errors():
            self.a.set_objection(self.a.ensure(st), on)
        return self.privacy(st)

    def erase(self, st: State | None) -> tuple[Any, ...]:
        with _errors():
            new = self.a.erase(self.a.ensure(st))
        gr.Info("Your data was deleted. You are now a new anonymous shopper.")
        out = (new, new["history"], self.a.shopper_md(new), *self.cards(self.a.card_views(None)), *self.privacy(new))
        return (None, *out, gr.Group(visible=False), "", None)

    def audit_open(self, evt: gr.SelectData) -> tuple[str, str]:
        row = getattr(evt, "row_value", None)
        if not row:
            return "<p>Select a row.</p>", ""
        with _errors():
            return self.a.audit_open(row[0])

    def sponsor(self, pid: str | None, payer: str, boost: float) -> list[list[Any]]:
        with _errors():
            return self.a.sponsor(pid, payer, boost)

    # -- API (gradio_client) ----------------------------------------------
    def api_chat(self, message: str, shopper_id: str) -> Iterator[str]:
        """Stream the reply text (each value is the text so far; the last is the final reply)."""
        with _errors():
            yield from self.a.api_chat(message, shopper_id)

    def api_chat_json(self, message: str, shopper_id: str) -> dict[str, Any]:
        """The whole Reply as data: text, suggestions, reasons, explanations, disclosures."""
        with _errors():
            return self.a.api_chat_json(message, shopper_id)

    def api_consent(self, shopper_id: str, category: str, granted: bool) -> dict[str, Any]:
        """Grant or withdraw one personal category; returns the consent state."""
        with _errors():
            return self.a.api_consent(shopper_id, category, granted)

    def api_view(self, shopper_id: str, product_id: str) -> bool:
        """A product page view; true when it went into the browsing history."""
        with _errors():
            return self.a.api_view(shopper_id, product_id)

    def api_export(self, shopper_id: str) -> dict[str, Any]:
        """Everything held about the shopper (the privacy center's "see my data")."""
        with _errors():
            return self.a.api_export(shopper_id)


def build(bot: ShopAssistant, config: UIConfig | None = None) -> gr.Blocks:
    ui = ShopUI(ShopActions(bot, config))
    personal = list(PERSONAL_CATEGORIES)
    purposes, retention = bot.console.purposes(), bot.console.retention()
    with gr.Blocks(title="ClearCart", delete_cache=(600, 900)) as demo:
        st = gr.State(None)  # set by demo.load: one anonymous shopper per browser tab
        gr.Markdown("# ClearCart: a shop assistant that shows its reasons", elem_id="title")
        with gr.Row():
            picker = gr.Dropdown(
                [(f"{d.name} ({d.persona})", d.id) for d in bot.demo.shoppers()],
                label="Demo shopper", value=None, elem_id="shopper-picker", scale=3, min_width=240,
            )
            anon = gr.Button("Fresh anonymous shopper", elem_id="fresh-shopper", scale=1, min_width=200)
        who = gr.Markdown(elem_id="shopper-info")

        with gr.Tabs():
            with gr.Tab("Shop", id="shop", elem_id="tab-shop"):
                chat = gr.Chatbot(label="Conversation", elem_id="chat", height=360)
                with gr.Row():
                    msg = gr.Textbox(label="Your question", placeholder="e.g. Which laptop under $800 has the best rating?",
                                     elem_id="msg", scale=5, min_width=200, interactive=False)  # on after load
                    send = gr.Button("Send", variant="primary", elem_id="send", scale=1, min_width=80, interactive=False)
                slots: list[list[Any]] = []
                slot_buttons: list[tuple[gr.Button, gr.Button, list[gr.Button], gr.Accordion, gr.HTML]] = []
                for i in range(ui.a.cfg.max_cards):
                    with gr.Column(visible=False, elem_id=f"card-{i}", elem_classes="cc-card") as col:
                        with gr.Row(elem_classes="cc-card-top"):
                            with gr.Column(scale=5, min_width=240):
                                head = gr.HTML(elem_id=f"card-{i}-head")
                            with gr.Column(scale=1, min_width=130):
                                view = gr.Button("View product", size="sm", elem_id=f"card-{i}-view")
                        with gr.Accordion("Why this?", open=False, elem_id=f"card-{i}-why") as acc:
                            why = gr.HTML(elem_id=f"card-{i}-reasons")
                            plot = gr.HTML(elem_id=f"card-{i}-plot")
                            with gr.Row():
                                ni = gr.Button("Not interested", size="sm", elem_id=f"card-{i}-not-interested", min_width=140)
                                dont = [gr.Button(f"Don't use my {render.category_label(c)}", size="sm", visible=False,
                                                  elem_id=f"card-{i}-dont-{c}", min_width=200) for c in personal]
                    slots.append([col, head, why, plot, acc, *dont])
                    slot_buttons.append((view, ni, dont, acc, plot))
                card_out = [c for slot in slots for c in slot]

            with gr.Tab("Privacy center", id="privacy", elem_id="tab-privacy") as privacy_tab:
                status = gr.Markdown(elem_id="privacy-status")
                boxes = [gr.Checkbox(label=f"Use my {render.category_label(c)}", info=render.consent_info(c, purposes, retention),
                                     elem_id=f"consent-{c}") for c in personal]
                objection = gr.Checkbox(label="Object to profiling (no personal data at all)", elem_id="object-profiling")
                receipts = gr.Dataframe(headers=render.RECEIPT_HEADERS, label="Consent receipts", interactive=False,
                                        wrap=True, elem_id="receipts")
                with gr.Row():
                    see = gr.Button("See my data", elem_id="see-data", min_width=160)
                    delete = gr.Button("Delete my data", variant="stop", elem_id="delete-data", min_width=160)
                with gr.Group(visible=False, elem_id="confirm-box") as confirm_box:
                    gr.Markdown("**Delete everything held about you?** Chat turns, history, consents and your link to "
                                "the audit log are removed. This cannot be undone.")
                    with gr.Row():
                        confirm = gr.Button("Yes, delete my data", variant="stop", elem_id="confirm-delete")
                        cancel = gr.Button("Cancel", elem_id="cancel-delete")
                data_file = gr.File(label="Download my data (JSON)", elem_id="my-data-file")
                data_view = gr.HTML(elem_id="my-data")
                privacy_out = [*boxes, objection, status, receipts]

            with gr.Tab("Marketer console", id="marketer", elem_id="tab-marketer") as marketer_tab:
                with gr.Row():
                    f_pseud = gr.Textbox(label="Filter: shopper pseudonym", elem_id="filter-pseudonym", min_width=180)
                    f_prod = gr.Textbox(label="Filter: product id", elem_id="filter-product", min_width=180)
                    refresh = gr.Button("Refresh audit log", elem_id="audit-refresh", min_width=150)
                    verify = gr.Button("Verify audit chain", elem_id="audit-verify", min_width=150)
                verified = gr.HTML(elem_id="audit-verified")
                table = gr.Dataframe(headers=render.AUDIT_HEADERS, label="Audit log: every suggestion shown (select a row)",
                                     interactive=False, show_search="search", wrap=True, max_height=320,
                                     column_widths=["7%", "15%", "13%", "33%", "9%", "23%"], elem_id="audit-table")
                with gr.Row():
                    with gr.Column(min_width=320):
                        detail = gr.HTML(elem_id="audit-detail")
                    with gr.Column(min_width=320):
                        detail_plot = gr.HTML(elem_id="audit-plot")
                with gr.Accordion("Model parameters and global importance", open=False, elem_id="model-info"):
                    params = gr.HTML("<p>Open the Marketer console to load the parameters.</p>", elem_id="model-params")
                    imp_btn = gr.Button("Show global importance", elem_id="importance-show")
                    with gr.Row():
                        with gr.Column(min_width=320):
                            imp_plot = gr.HTML(elem_id="importance-plot")
                        with gr.Column(min_width=320):
                            imp_table = gr.HTML(elem_id="importance-table")
                with gr.Accordion("Bias audit", open=False, elem_id="bias"):
                    bias_btn = gr.Button("Run bias audit", elem_id="bias-run")
                    bias_report, bias_chart = gr.HTML(elem_id="bias-report"), gr.HTML(elem_id="bias-chart")
                with gr.Accordion("Sponsorships", open=False, elem_id="sponsorships"):
                    with gr.Row():
                        s_pid = gr.Dropdown([(p.title, p.id) for p in bot.catalog.products], label="Product",
                                            elem_id="sponsor-product", min_width=240)
                        s_payer = gr.Textbox(label="Paid by", elem_id="sponsor-payer", min_width=160)
                        s_boost = gr.Slider(0.0, 3.0, value=0.5, step=0.1, label="Boost (added to the score)",
                                            elem_id="sponsor-boost", min_width=200)
                    with gr.Row():
                        s_set = gr.Button("Set sponsorship", elem_id="sponsor-set")
                        s_clear = gr.Button("Clear sponsorship", elem_id="sponsor-clear")
                    s_table = gr.Dataframe(headers=render.SPONSOR_HEADERS, label="Active sponsorships", interactive=False,
                                           wrap=True, elem_id="sponsor-table")
        switch_out = [st, chat, who, *card_out, *privacy_out]
        _wire_shop(ui, demo, st, picker, anon, chat, msg, send, switch_out, card_out, slot_buttons, privacy_out)
        privacy_tab.select(ui.privacy, st, privacy_out, api_visibility=PRIVATE)
        for cat, box in zip(personal, boxes, strict=True):
            box.input(functools.partial(ui.set_consent, cat), [box, st], privacy_out, api_visibility=PRIVATE)
        objection.input(ui.set_objection, [objection, st], privacy_out, api_visibility=PRIVATE)
        see.click(lambda s: ui.a.my_data(ui.a.ensure(s)), st, [data_view, data_file], api_visibility=PRIVATE)
        delete.click(lambda: gr.Group(visible=True), None, confirm_box, api_visibility=PRIVATE)
        cancel.click(lambda: gr.Group(visible=False), None, confirm_box, api_visibility=PRIVATE)
        confirm.click(ui.erase, st, [picker, *switch_out, confirm_box, data_view, data_file], api_visibility=PRIVATE)
        audit_ev = ui.a.audit
        marketer_tab.select(audit_ev, [f_pseud, f_prod], table, api_visibility=PRIVATE).then(
            ui.a.sponsors, None, s_table, api_visibility=PRIVATE).then(ui.a.parameters, None, params, api_visibility=PRIVATE)
        for ev in (refresh.click, f_pseud.submit, f_prod.submit):
            ev(audit_ev, [f_pseud, f_prod], table, api_visibility=PRIVATE)
        table.select(ui.audit_open, None, [detail, detail_plot], api_visibility=PRIVATE)
        verify.click(ui.a.verify, None, verified, api_visibility=PRIVATE)
        imp_btn.click(ui.a.importance, None, [imp_plot, imp_table], api_visibility=PRIVATE)
        bias_btn.click(ui.a.bias, None, [bias_report, bias_chart], api_visibility=PRIVATE)
        s_set.click(ui.sponsor, [s_pid, s_payer, s_boost], s_table, api_visibility=PRIVATE)
        s_clear.click(ui.a.unsponsor, s_pid, s_table, api_visibility=PRIVATE)
        gr.api(ui.api_chat, api_name="chat")
        gr.api(ui.api_chat_json, api_name="chat_json")
        gr.api(ui.api_consent, api_name="consent")
        gr.api(ui.api_view, api_name="view")
        gr.api(ui.api_export, api_name="export_data")
    demo.queue(default_concurrency_limit=ui.a.cfg.concurrency)
    return demo


def _wire_shop(ui: ShopUI, demo: gr.Blocks, st: gr.State, picker: gr.Dropdown, anon: gr.Button,
               chat: gr.Chatbot, msg: gr.Textbox, send: gr.Button, switch_out: list[Any], card_out: list[Any],
               slot_buttons: list[tuple[gr.Button, gr.Button, list[gr.Button], gr.Accordion, gr.HTML]],
               privacy_out: list[Any]) -> None:
    """Shop-tab events (kept apart so `build` stays readable)."""
    demo.load(lambda: ui.switch(None), None, switch_out, api_visibility=PRIVATE).then(
        lambda: (gr.Textbox(interactive=True), gr.Button(interactive=True)), None, [msg, send], api_visibility=PRIVATE)
    picker.input(ui.switch, picker, switch_out, api_visibility=PRIVATE)
    anon.click(lambda: (None, *ui.switch(None)), None, [picker, *switch_out], api_visibility=PRIVATE)
    for ev in (msg.submit, send.click):
        ev(ui.respond, [msg, st], [chat, msg, st, *card_out], api_visibility=PRIVATE)
    rerun_out = [chat, st, *card_out, *privacy_out]
    for i, (view, ni, dont, acc, plot) in enumerate(slot_buttons):
        view.click(functools.partial(ui.view, i), st, None, api_visibility=PRIVATE)
        ni.click(functools.partial(ui.rerun, ui.a.not_interested, i), st, rerun_out, api_visibility=PRIVATE)
        acc.expand(lambda s, i=i: ui.a.plot(ui.a.ensure(s), i), st, plot, api_visibility=PRIVATE)
        for cat, btn in zip(PERSONAL_CATEGORIES, dont, strict=True):
            btn.click(functools.partial(ui.rerun, ui.a.dont_use, cat), st, rerun_out, api_visibility=PRIVATE)


def theme() -> gr.themes.Base:
    """System fonts only: nothing is fetched from a font CDN."""
    return gr.themes.Default(font=SYSTEM_FONTS, font_mono=MONO_FONTS)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description="ClearCart web demo (Shop | Privacy center | Marketer console)")
    p.add_argument("--port", type=int, default=UIConfig.port, help="port on 127.0.0.1 (default 7860)")
    p.add_argument("--host", default=UIConfig.host, help="interface to bind (default 127.0.0.1)")
    p.add_argument("--llm", default=None, help="LM backend: qwen2.5-0.5b (default), smollm2, qwen2.5-1.5b, openai")
    args = p.parse_args(argv)
    try:
        bot = ShopAssistant.load(llm=args.llm)
    except ClearCartError as exc:
        raise SystemExit(str(exc)) from exc
    cfg = UIConfig(host=args.host, port=args.port)
    build(bot, cfg).launch(
        server_name=cfg.host, server_port=cfg.port, theme=theme(), css=render.CSS,
        ssr_mode=False, show_error=True, footer_links=["api"],
    )


if __name__ == "__main__":
    main()
