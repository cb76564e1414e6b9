"""The marketer console's layout: its own Gradio app, served behind a login at /console/.

Audit log, stored records with their exact waterfall, chain verification, model
parameters and global importance, the bias audit (demo data), sponsorships and
erasure requests. No event here trusts its caller: each handler checks the login and
role itself (ui/console_events.py), and ui/server.py mounts the app with an
auth_dependency so Gradio refuses its routes to anyone not signed in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from models.settings import offline_env

offline_env()  # before gradio is imported: no analytics, no hub

import gradio as gr  # noqa: E402

from ui.console import AUDIT_HEADERS, DEMO_DATA_NOTE, SPONSOR_HEADERS  # noqa: E402
from ui.console_events import ConsoleUI  # noqa: E402
from ui.gate import ConsoleGate  # noqa: E402

if TYPE_CHECKING:
    from assistant.shop import ShopAssistant

PRIVATE: Literal["private"] = "private"  # not listed on the API page (still checked)


def build_console(bot: ShopAssistant, gate: ConsoleGate) -> gr.Blocks:
    """The console app (not launched)."""
    c = ConsoleUI(bot, gate)
    with gr.Blocks(title="ClearCart marketer console") as app:
        gr.Markdown("# ClearCart marketer console", elem_id="console-title")
        who = gr.Markdown(elem_id="console-user")
        with gr.Row():
            f_pseud = gr.Textbox(label="Filter: shopper pseudonym", elem_id="filter-pseudonym",
                                 min_width=180)
            f_prod = gr.Textbox(label="Filter: product id", elem_id="filter-product",
                                min_width=180)
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
        with gr.Accordion("Model parameters and global importance", open=False,
                          elem_id="model-info"):
            params = gr.HTML("<p>Loading the parameters…</p>", elem_id="model-params")
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
        with gr.Accordion("Sponsorships (admin)", open=False, elem_id="sponsorships"):
            with gr.Row():
                s_pid = gr.Dropdown([(p.title, p.id) for p in bot.catalog.products],
                                    label="Product", elem_id="sponsor-product", min_width=240)
                s_payer = gr.Textbox(label="Paid by", elem_id="sponsor-payer", min_width=160)
                s_boost = gr.Slider(0.0, 3.0, value=0.5, step=0.1,
                                    label="Boost (added to the score)", elem_id="sponsor-boost",
                                    min_width=200)
            with gr.Row():
                s_set = gr.Button("Set sponsorship", elem_id="sponsor-set")
                s_clear = gr.Button("Clear sponsorship", elem_id="sponsor-clear")
            s_table = gr.Dataframe(headers=SPONSOR_HEADERS, label="Active sponsorships",
                                   interactive=False, wrap=True, elem_id="sponsor-table")
        with gr.Accordion("Erasure requests (admin)", open=False, elem_id="erasure"):
            gr.Markdown("A shopper who cannot use the privacy center can ask for erasure; "
                        "their export names their audit pseudonym.")
            e_pseud = gr.Textbox(label="Audit pseudonym", elem_id="erase-pseudonym")
            e_btn = gr.Button("Erase this shopper's data", variant="stop", elem_id="erase-run")
            e_out = gr.HTML(elem_id="erase-result")
        filters = [f_pseud, f_prod]
        app.load(c.who, None, who, api_visibility=PRIVATE).then(
            c.audit, filters, table, api_visibility=PRIVATE).then(
            c.sponsors, None, s_table, api_visibility=PRIVATE).then(
            c.parameters, None, params, api_visibility=PRIVATE)
        for ev in (refresh.click, f_pseud.submit, f_prod.submit):
            ev(c.audit, filters, table, api_visibility=PRIVATE)
        table.select(c.audit_open, None, [detail, detail_plot], api_visibility=PRIVATE)
        verify.click(c.verify, None, verified, api_visibility=PRIVATE)
        imp_btn.click(c.importance, None, [imp_plot, imp_table], api_visibility=PRIVATE)
        bias_btn.click(c.bias, None, [bias_report, bias_chart], api_visibility=PRIVATE)
        s_set.click(c.sponsor, [s_pid, s_payer, s_boost], s_table, api_visibility=PRIVATE)
        s_clear.click(c.unsponsor, s_pid, s_table, api_visibility=PRIVATE)
        e_btn.click(c.erase, e_pseud, e_out, api_visibility=PRIVATE)
    app.queue(default_concurrency_limit=2)
    return app


__all__ = ["build_console"]
