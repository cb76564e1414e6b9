"""ClearCart's web UI: the Shop, Privacy center and Marketer console tabs.

Layers: `app.py` (and `clearcart serve`) -> `ui` -> `assistant`. Each tab has a
module holding its event logic and its HTML, without gradio: `ui.shop`,
`ui.privacy`, `ui.console` (plus `ui.api` for the gradio_client endpoints).
`ui.state` holds the per-browser-tab `UIState` and the view records,
`ui.render` the shared formatting, `ui/style.css` the stylesheet. Only
`ui.app` (the tabs' layouts, `serve`) and `ui.events` (handlers -> component
updates) import gradio; `ui.cli` is the `clearcart` command.
"""
