"""The Gradio app: Shop | Privacy center | Marketer console, and `serve`.

With `ui.events` (handlers -> component updates) the only modules of `ui` that
import gradio. Each tab's layout is built by its own function here; what its
events do lives in `ui.shop`, `ui.privacy`, `ui.console` and `ui.api` (no
gradio). `python app.py` and `clearcart serve` both call `main`. API endpoints
for gradio_client: /chat (streams text), /chat_json, /consent, /view, /export_data.
"""

from __future__ import annotations

import argparse
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from models.settings import offline_env

offline_env()  # before gradio is imported: no analytics, no hub

import gradio as gr  # noqa: E402

from assistant import ClearCartError, ShopAssistant  # noqa: E402
from models.categories import PERSONAL_CATEGORIES, category_label  # noqa: E402
from ui.console import AUDIT_HEADERS, DEMO_DATA_NOTE, SPONSOR_HEADERS  # noqa: E402
from ui.events import CardSlot, GradioUI  # noqa: E402
from ui.privacy import RECEIPT_HEADERS, consent_info  # noqa: E402
from ui.render import css  # noqa: E402
from ui.state import UIConfig  # noqa: E402

SYSTEM_FONTS = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica", "Arial",
                "sans-serif"]
MONO_FONTS = ["ui-monospace", "SFMono-Regular", "Consolas", "monospace"]
PRIVATE: Literal["private"] = "private"  # UI-only events: not part of the public API
LLM_CHOICES = "qwen2.5-0.5b (default), smollm2, qwen2.5-1.5b, openai"


def build(bot: ShopAssistant, config: UIConfig | None = None) -> gr.Blocks:
    """The whole app (not launched): a header with the shopper picker, then the three tabs."""
    ui = GradioUI(bot, config)
    with gr.Blocks(title="ClearCart", delete_cache=(600, 900)) as demo:
        st = gr.State(None)  # set by demo.load: one anonymous shopper per browser tab
        gr.Markdown("# ClearCart: a shop assistant that shows its reasons", elem_id="title")
        with gr.Row():
            picker = gr.Dropdown(
                [(f"{d.name} ({d.persona})", d.id) for d in bot.demo.shoppers()],
                label="Demo shopper", value=None, elem_id="shopper-picker", scale=3, min_width=240,
            )
            anon = gr.Button("Fresh anonymous shopper", elem_id="fresh-shopper", scale=1,
                             min_width=200)
        who = gr.Markdown(elem_id="shopper-info")
        with gr.Tabs():
            with gr.Tab("Shop", id="shop", elem_id="tab-shop"):
                chat, msg, send, slots = _shop_tab(ui)
            with gr.Tab("Privacy center", id="privacy", elem_id="tab-privacy") as privacy_tab:
                privacy = _privacy_tab(ui, st, privacy_tab)
            with gr.Tab("Marketer console", id="marketer", elem_id="tab-marketer") as console_tab:
                _console_tab(ui, console_tab)
        card_out = [c for slot in slots for c in slot.outputs()]
        switch_out = [st, chat, who, *card_out, *privacy.outputs]
        _wire_shop(ui, demo, st, picker, anon, chat, msg, send, slots, switch_out,
                   privacy.outputs)
        privacy.confirm.click(ui.erase, st, [picker, *switch_out, *privacy.erase_outputs],
                              api_visibility=PRIVATE)
        gr.api(ui.api_chat, api_name="chat")
        gr.api(ui.api_chat_json, api_name="chat_json")
        gr.api(ui.api_consent, api_name="consent")
        gr.api(ui.api_view, api_name="view")
        gr.api(ui.api_export, api_name="export_data")
    demo.queue(default_concurrency_limit=ui.cfg.concurrency)
    return demo


def _shop_tab(ui: GradioUI) -> tuple[gr.Chatbot, gr.Textbox, gr.Button, list[CardSlot]]:
    chat = gr.Chatbot(label="Conversation", elem_id="chat", height=360)
    with gr.Row():
        msg = gr.Textbox(label="Your question", elem_id="msg", scale=5, min_width=200,
                         placeholder="e.g. Which laptop under $800 has the best rating?",
                         interactive=False)  # switched on once the page has a shopper
        send = gr.Button("Send", variant="primary", elem_id="send", scale=1, min_width=80,
                         interactive=False)
    slots = [_card_slot(i) for i in range(ui.cfg.max_cards)]
    return chat, msg, send, slots


def _card_slot(i: int) -> CardSlot:
    with gr.Column(visible=False, elem_id=f"card-{i}", elem_classes="cc-card") as col:
        with gr.Row(elem_classes="cc-card-top"):
            with gr.Column(scale=5, min_width=240):
                head = gr.HTML(elem_id=f"card-{i}-head")
            with gr.Column(scale=1, min_width=130):
                view = gr.Button("View product", size="sm", elem_id=f"card-{i}-view")
        with gr.Accordion("Why this?", open=False, elem_id=f"card-{i}-why") as acc:
            why = gr.HTML(elem_id=f"card-{i}-reasons")
            with gr.Row():
                ni = gr.Button("Not interested", size="sm", elem_id=f"card-{i}-not-interested",
                               min_width=140)
                dont = [gr.Button(f"Don't use my {category_label(c)}", size="sm", visible=False,
                                  elem_id=f"card-{i}-dont-{c}", min_width=200)
                        for c in PERSONAL_CATEGORIES]
    return CardSlot(col, head, why, acc, view, ni, dont)


@dataclass
class PrivacyTab:
    outputs: list[Any]  # consent boxes, objection, status, receipts (refreshed together)
    confirm: gr.Button  # "Yes, delete my data"
    erase_outputs: list[Any]  # confirm box, data view, data file (reset after erasure)


def _privacy_tab(ui: GradioUI, st: gr.State, tab: gr.Tab) -> PrivacyTab:
    purposes, retention = ui.bot.console.purposes(), ui.bot.console.retention()
    status = gr.Markdown(elem_id="privacy-status")
    boxes = [gr.Checkbox(label=f"Use my {category_label(c)}", elem_id=f"consent-{c}",
                         info=consent_info(c, purposes, retention))
             for c in PERSONAL_CATEGORIES]
    objection = gr.Checkbox(label="Object to profiling (no personal data at all)",
                            elem_id="object-profiling")
    receipts = gr.Dataframe(headers=RECEIPT_HEADERS, label="Consent receipts", interactive=False,
                            wrap=True, elem_id="receipts")
    with gr.Row():
        see = gr.Button("See my data", elem_id="see-data", min_width=160)
        delete = gr.Button("Delete my data", variant="stop", elem_id="delete-data", min_width=160)
    with gr.Group(visible=False, elem_id="confirm-box") as confirm_box:
        gr.Markdown("**Delete everything held about you?** Chat turns, history, consents and "
                    "your link to the audit log are removed. This cannot be undone.")
        with gr.Row():
            confirm = gr.Button("Yes, delete my data", variant="stop", elem_id="confirm-delete")
            cancel = gr.Button("Cancel", elem_id="cancel-delete")
    data_file = gr.File(label="Download my data (JSON)", elem_id="my-data-file")
    data_view = gr.HTML(elem_id="my-data")
    privacy_out = [*boxes, objection, status, receipts]
    tab.select(ui.privacy, st, privacy_out, api_visibility=PRIVATE)
    for cat, box in zip(PERSONAL_CATEGORIES, boxes, strict=True):
        box.input(functools.partial(ui.set_consent, cat), [box, st], privacy_out,
                  api_visibility=PRIVATE)
    objection.input(ui.set_objection, [objection, st], privacy_out, api_visibility=PRIVATE)
    see.click(ui.my_data, st, [data_view, data_file], api_visibility=PRIVATE)
    delete.click(lambda: gr.Group(visible=True), None, confirm_box, api_visibility=PRIVATE)
    cancel.click(lambda: gr.Group(visible=False), None, confirm_box, api_visibility=PRIVATE)
    return PrivacyTab(privacy_out, confirm, [confirm_box, data_view, data_file])


def _console_tab(ui: GradioUI, tab: gr.Tab) -> None:
    a = ui.console
    with gr.Row():
        f_pseud = gr.Textbox(label="Filter: shopper pseudonym", elem_id="filter-pseudonym",
                             min_width=180)
        f_prod = gr.Textbox(label="Filter: product id", elem_id="filter-product", min_width=180)
        refresh = gr.Button("Refresh audit log", elem_id="audit-refresh", min_width=150)
        verify = gr.Button("Verify audit chain", elem_id="audit-verify", min_width=150)
    verified = gr.HTML(elem_id="audit-verified")
    table = gr.Dataframe(headers=AUDIT_HEADERS, interactive=False, show_search="search",
                         label="Audit log: every suggestion shown (select a row)",
                         wrap=True, max_height=320, elem_id="audit-table",
                         column_widths=["7%", "15%", "13%", "33%", "9%", "23%"])
    with gr.Row():
        with gr.Column(min_width=320):
            detail = gr.HTML(elem_id="audit-detail")
        with gr.Column(min_width=320):
            detail_plot = gr.HTML(elem_id="audit-plot")
    with gr.Accordion("Model parameters and global importance", open=False, elem_id="model-info"):
        params = gr.HTML("<p>Open the Marketer console to load the parameters.</p>",
                         elem_id="model-params")
        imp_btn = gr.Button("Show global importance", elem_id="importance-show")
        with gr.Row():
            with gr.Column(min_width=320):
                imp_plot = gr.HTML(elem_id="importance-plot")
            with gr.Column(min_width=320):
                imp_table = gr.HTML(elem_id="importance-table")
    with gr.Accordion("Bias audit (demo data)", open=False, elem_id="bias"):
        gr.HTML(f"<p class='cc-demo-data'>{DEMO_DATA_NOTE}</p>", elem_id="bias-demo-note")
        bias_btn = gr.Button("Run bias audit on demo data", elem_id="bias-run")
        bias_report, bias_chart = gr.HTML(elem_id="bias-report"), gr.HTML(elem_id="bias-chart")
    with gr.Accordion("Sponsorships", open=False, elem_id="sponsorships"):
        with gr.Row():
            s_pid = gr.Dropdown([(p.title, p.id) for p in ui.bot.catalog.products],
                                label="Product", elem_id="sponsor-product", min_width=240)
            s_payer = gr.Textbox(label="Paid by", elem_id="sponsor-payer", min_width=160)
            s_boost = gr.Slider(0.0, 3.0, value=0.5, step=0.1, label="Boost (added to the score)",
                                elem_id="sponsor-boost", min_width=200)
        with gr.Row():
            s_set = gr.Button("Set sponsorship", elem_id="sponsor-set")
            s_clear = gr.Button("Clear sponsorship", elem_id="sponsor-clear")
        s_table = gr.Dataframe(headers=SPONSOR_HEADERS, label="Active sponsorships",
                               interactive=False, wrap=True, elem_id="sponsor-table")
    filters = [f_pseud, f_prod]
    tab.select(a.audit, filters, table, api_visibility=PRIVATE).then(
        a.sponsors, None, s_table, api_visibility=PRIVATE).then(
        a.parameters, None, params, api_visibility=PRIVATE)
    for ev in (refresh.click, f_pseud.submit, f_prod.submit):
        ev(a.audit, filters, table, api_visibility=PRIVATE)
    table.select(ui.audit_open, None, [detail, detail_plot], api_visibility=PRIVATE)
    verify.click(a.verify, None, verified, api_visibility=PRIVATE)
    imp_btn.click(a.importance, None, [imp_plot, imp_table], api_visibility=PRIVATE)
    bias_btn.click(a.bias, None, [bias_report, bias_chart], api_visibility=PRIVATE)
    s_set.click(ui.sponsor, [s_pid, s_payer, s_boost], s_table, api_visibility=PRIVATE)
    s_clear.click(a.unsponsor, s_pid, s_table, api_visibility=PRIVATE)


def _wire_shop(ui: GradioUI, demo: gr.Blocks, st: gr.State, picker: gr.Dropdown,
               anon: gr.Button, chat: gr.Chatbot, msg: gr.Textbox, send: gr.Button,
               slots: list[CardSlot], switch_out: list[Any], privacy_out: list[Any]) -> None:
    """The header's and the Shop tab's events."""
    demo.load(lambda: ui.switch(None), None, switch_out, api_visibility=PRIVATE).then(
        lambda: (gr.Textbox(interactive=True), gr.Button(interactive=True)), None, [msg, send],
        api_visibility=PRIVATE)
    picker.input(ui.switch, picker, switch_out, api_visibility=PRIVATE)
    anon.click(lambda: (None, *ui.switch(None)), None, [picker, *switch_out],
               api_visibility=PRIVATE)
    card_out = [c for slot in slots for c in slot.outputs()]
    # a message sent while a reply streams is sent when that reply is done, not dropped
    gr.on([msg.submit, send.click], ui.respond, [msg, st], [chat, msg, st, *card_out],
          trigger_mode="always_last", api_visibility=PRIVATE)
    rerun_out = [chat, st, *card_out, *privacy_out]
    for i, slot in enumerate(slots):
        slot.view.click(functools.partial(ui.view, i), st, None, api_visibility=PRIVATE)
        slot.not_interested.click(functools.partial(ui.rerun, ui.shop.not_interested, i), st,
                                  rerun_out, api_visibility=PRIVATE)
        for cat, btn in zip(PERSONAL_CATEGORIES, slot.dont_use, strict=True):
            btn.click(functools.partial(ui.rerun, ui.shop.dont_use, cat), st, rerun_out,
                      api_visibility=PRIVATE)


def theme() -> gr.themes.Base:
    """System fonts only: nothing is fetched from a font CDN."""
    return gr.themes.Default(font=SYSTEM_FONTS, font_mono=MONO_FONTS)


def parser(prog: str | None = None) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=prog, description="ClearCart web app (Shop | Privacy center | Marketer console)")
    p.add_argument("--port", type=int, default=UIConfig.port,
                   help=f"port on 127.0.0.1 (default {UIConfig.port})")
    p.add_argument("--host", default=UIConfig.host,
                   help=f"interface to bind (default {UIConfig.host})")
    p.add_argument("--llm", default=None, help=f"LM backend: {LLM_CHOICES}")
    return p


def serve(host: str = UIConfig.host, port: int = UIConfig.port, llm: str | None = None) -> None:
    """Load the assistant and serve the app until interrupted."""
    try:
        bot = ShopAssistant.load(llm=llm)
        print(f"ClearCart: warming the model ({bot.lm.name})...", flush=True)
        print(f"ClearCart: ready in {bot.load_seconds + bot.warm():.1f} s", flush=True)
    except ClearCartError as exc:
        raise SystemExit(str(exc)) from exc
    cfg = UIConfig(host=host, port=port)
    build(bot, cfg).launch(
        server_name=cfg.host, server_port=cfg.port, theme=theme(), css=css(),
        ssr_mode=False, show_error=True, footer_links=["api"],
    )


def main(argv: Sequence[str] | None = None, prog: str | None = None) -> None:
    """`python app.py [--port N] [--host H] [--llm NAME]` and `clearcart serve ...`."""
    args = parser(prog).parse_args(argv)
    serve(args.host, args.port, args.llm)


__all__ = ["GradioUI", "build", "main", "parser", "serve", "theme"]
