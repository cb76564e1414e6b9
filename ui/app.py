"""The shop app's layout: Shop | Privacy center, and the command line of `python app.py`.

Gradio is imported only by this module, `ui.events`, `ui.console_app`,
`ui.console_events` and `ui.server`. Each tab's layout is built by its own
function here; what its events do lives in `ui.shop`, `ui.privacy` and `ui.api`
(no gradio). `python app.py` and `clearcart serve` both call `main`, which serves
this app at / and the marketer console at /console/ (ui/server.py). API endpoints for
gradio_client: /chat (streams text), /chat_json, /consent, /view, /export_data,
/erase, /not_interested, /exclude; each acts for the caller's own session.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from models.settings import offline_env

offline_env()  # before gradio is imported: no analytics, no hub

import gradio as gr  # noqa: E402

from assistant import ShopAssistant  # noqa: E402
from models.categories import PERSONAL_CATEGORIES, category_label  # noqa: E402
from ui.events import CardSlot, GradioUI  # noqa: E402
from ui.gate import ShopGate  # noqa: E402
from ui.privacy import RECEIPT_HEADERS, consent_info  # noqa: E402
from ui.state import UIConfig, UIState  # noqa: E402

SYSTEM_FONTS = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica", "Arial",
                "sans-serif"]
MONO_FONTS = ["ui-monospace", "SFMono-Regular", "Consolas", "monospace"]
PRIVATE: Literal["private"] = "private"  # UI-only events: not part of the public API
LLM_CHOICES = "qwen2.5-0.5b (default), smollm2, qwen2.5-1.5b, openai"


def build(bot: ShopAssistant, gate: ShopGate, config: UIConfig | None = None) -> gr.Blocks:
    """The shop app (not launched): a header with the shopper picker, Shop, Privacy center.

    The marketer console is a separate app behind a login (ui/console_app.py). Every
    event below is checked inside its handler (ui/events.py); the UI-only ones are only
    hidden from the API page, which protects nothing by itself."""
    ui = GradioUI(bot, gate, config)
    with gr.Blocks(title="ClearCart", delete_cache=(600, 900)) as demo:
        st = gr.State(None)  # set by demo.load: the caller's own shopper, per browser tab
        gr.Markdown("# ClearCart: a shop assistant that shows its reasons", elem_id="title")
        with gr.Row():
            picker = gr.Dropdown(
                [(f"{d.name} ({d.persona})", d.id) for d in bot.demo.shoppers()],
                label="Demo shopper (your own copy)", value=None, elem_id="shopper-picker",
                scale=3, min_width=240,
            )
            anon = gr.Button("Fresh anonymous shopper", elem_id="fresh-shopper", scale=1,
                             min_width=200)
        who = gr.Markdown(elem_id="shopper-info")
        with gr.Tabs():
            with gr.Tab("Shop", id="shop", elem_id="tab-shop"):
                chat, msg, send, slots, buttons = _shop_tab(ui)
            with gr.Tab("Privacy center", id="privacy", elem_id="tab-privacy") as privacy_tab:
                privacy = _privacy_tab(ui, st, privacy_tab)
        gr.Markdown("Marketers: the [console](console/) is a separate app with its own login.",
                    elem_id="console-link")
        card_out = [c for slot in slots for c in slot.outputs()]
        switch_out = [st, chat, who, *card_out, *privacy.outputs, *buttons]
        _wire_shop(ui, demo, st, picker, anon, chat, msg, send, slots, switch_out,
                   privacy.outputs, buttons)
        privacy.confirm.click(ui.erase_mine, st, [picker, *switch_out, *privacy.erase_outputs],
                              api_visibility=PRIVATE)
        gr.api(ui.api_chat, api_name="chat")
        gr.api(ui.api_chat_json, api_name="chat_json")
        gr.api(ui.api_consent, api_name="consent")
        gr.api(ui.api_view, api_name="view")
        gr.api(ui.api_export, api_name="export_data")
        gr.api(ui.api_erase, api_name="erase")
        gr.api(ui.api_not_interested, api_name="not_interested")
        gr.api(ui.api_exclude, api_name="exclude")
    demo.queue(default_concurrency_limit=ui.cfg.concurrency)
    return demo


def _shop_tab(ui: GradioUI) -> tuple[gr.Chatbot, gr.Textbox, gr.Button, list[CardSlot],
                                     list[gr.Button]]:
    chat = gr.Chatbot(label="Conversation", elem_id="chat", height=360)
    with gr.Row(elem_id="reply-buttons"):  # the reply's one question, and its undo buttons
        choices = [gr.Button(visible=False, size="sm", elem_id=f"choice-{i}", min_width=120)
                   for i in range(ui.cfg.max_choices)]
        undo = [gr.Button(visible=False, size="sm", variant="secondary", elem_id=f"undo-{i}",
                          min_width=120) for i in range(ui.cfg.max_undo)]
    with gr.Row():
        msg = gr.Textbox(label="Your question", elem_id="msg", scale=5, min_width=200,
                         placeholder="e.g. Which laptop under $800 has the best rating?",
                         interactive=False)  # switched on once the page has a shopper
        send = gr.Button("Send", variant="primary", elem_id="send", scale=1, min_width=80,
                         interactive=False)
    slots = [_card_slot(i) for i in range(ui.cfg.max_cards)]
    return chat, msg, send, slots, [*choices, *undo]


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
    data_file = gr.HTML(elem_id="my-data-file")  # a download link made from the data itself
    data_view = gr.HTML(elem_id="my-data")
    privacy_out = [*boxes, objection, status, receipts]
    tab.select(ui.privacy, st, privacy_out, api_visibility=PRIVATE)
    for cat, box in zip(PERSONAL_CATEGORIES, boxes, strict=True):
        box.input(consent_handler(ui, cat), [box, st], privacy_out, api_visibility=PRIVATE)
    objection.input(ui.set_objection, [objection, st], privacy_out, api_visibility=PRIVATE)
    see.click(ui.my_data, st, [data_view, data_file], api_visibility=PRIVATE)
    delete.click(ui.show_confirm, None, confirm_box, api_visibility=PRIVATE)
    cancel.click(ui.hide_confirm, None, confirm_box, api_visibility=PRIVATE)
    return PrivacyTab(privacy_out, confirm, [confirm_box, data_view, data_file])


def _wire_shop(ui: GradioUI, demo: gr.Blocks, st: gr.State, picker: gr.Dropdown,
               anon: gr.Button, chat: gr.Chatbot, msg: gr.Textbox, send: gr.Button,
               slots: list[CardSlot], switch_out: list[Any], privacy_out: list[Any],
               buttons: list[gr.Button]) -> None:
    """The header's and the Shop tab's events."""
    demo.load(ui.start, None, switch_out, api_visibility=PRIVATE).then(
        ui.enable_input, None, [msg, send], api_visibility=PRIVATE)
    picker.input(ui.switch, picker, switch_out, api_visibility=PRIVATE)
    anon.click(ui.anonymous, None, [picker, *switch_out], api_visibility=PRIVATE)
    card_out = [c for slot in slots for c in slot.outputs()]
    # a message sent while a reply streams is sent when that reply is done, not dropped
    turn_out = [chat, msg, st, *card_out, *buttons]
    gr.on([msg.submit, send.click], ui.respond, [msg, st], turn_out,
          trigger_mode="always_last", api_visibility=PRIVATE)
    for i, btn in enumerate(buttons[: ui.cfg.max_choices]):
        btn.click(choice_handler(ui, ui.choose, i), st, turn_out, api_visibility=PRIVATE)
    for i, btn in enumerate(buttons[ui.cfg.max_choices:]):
        btn.click(choice_handler(ui, ui.undo, i), st, turn_out, api_visibility=PRIVATE)
    rerun_out = [chat, st, *card_out, *privacy_out]
    for i, slot in enumerate(slots):
        slot.view.click(view_handler(ui, i), st, None, api_visibility=PRIVATE)
        slot.not_interested.click(rerun_handler(ui, ui.shop.not_interested, i), st,
                                  rerun_out, api_visibility=PRIVATE)
        for cat, btn in zip(PERSONAL_CATEGORIES, slot.dont_use, strict=True):
            btn.click(rerun_handler(ui, ui.shop.dont_use, cat), st, rerun_out,
                      api_visibility=PRIVATE)


# Handlers bound to one card slot or category. Not functools.partial: Gradio finds the
# `gr.Request` parameter by the handler's type hints, which a partial does not carry.
def consent_handler(ui: GradioUI, category: str) -> Callable[..., list[Any]]:
    def set_consent(on: bool, st: UIState | None, request: gr.Request) -> list[Any]:
        return ui.set_consent(category, on, st, request)
    return set_consent


def choice_handler(ui: GradioUI, fn: Any, slot: int) -> Callable[..., Any]:
    def choose(st: UIState | None, request: gr.Request) -> Iterator[tuple[Any, ...]]:
        yield from fn(slot, st, request)
    return choose


def view_handler(ui: GradioUI, slot: int) -> Callable[..., None]:
    def view_card(st: UIState | None, request: gr.Request) -> None:
        ui.view(slot, st, request)
    return view_card


def rerun_handler(ui: GradioUI, fn: Any, arg: Any) -> Callable[..., tuple[Any, ...]]:
    def rerun(st: UIState | None, request: gr.Request) -> tuple[Any, ...]:
        return ui.rerun(fn, arg, st, request)
    return rerun


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


def main(argv: Sequence[str] | None = None, prog: str | None = None) -> None:
    """`python app.py [--port N] [--host H] [--llm NAME]` and `clearcart serve ...`."""
    from ui.server import serve

    args = parser(prog).parse_args(argv)
    serve(args.host, args.port, args.llm)


__all__ = ["GradioUI", "build", "choice_handler", "consent_handler", "main", "parser",
           "rerun_handler", "theme", "view_handler"]
