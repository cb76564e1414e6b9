"""The web server: the shop at /, the marketer console behind a login at /console/.

One FastAPI app holds both Gradio apps and the few routes around them:

- `SessionCookies` (ASGI middleware) gives a browser that opens the shop page without
  a valid session a new server-signed token, in an HttpOnly SameSite=Lax cookie;
- `POST /clearcart/session` hands an API client a token to send as the
  `X-ClearCart-Session` header (limited per address);
- `/console/login` and `/console/logout`: a plain form that checks the argon2 hash and
  sets a signed, expiring HttpOnly SameSite=Strict cookie; `GET /console/` without one
  redirects there;
- each Gradio app is mounted with an `auth_dependency`, so Gradio refuses its config,
  queue, call and upload routes to a caller without a session (shop) or login (console).
  That is the outer door; every handler checks again inside (ui/events.py,
  ui/console_events.py), which is what protects a call that reaches it.

`serve` binds to 127.0.0.1 by default. docs/SECURITY.md says what a shop adds before
exposing it (TLS at a proxy, CLEARCART_SECURE_COOKIES=1, CLEARCART_KEY, console users).
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from models.settings import Settings, offline_env

offline_env()  # before gradio is imported: no analytics, no hub

import gradio as gr  # noqa: E402
import uvicorn  # noqa: E402
from fastapi import FastAPI, Form, Request  # noqa: E402
from fastapi.middleware.cors import CORSMiddleware  # noqa: E402
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse  # noqa: E402

from assistant import ClearCartError, ShopAssistant  # noqa: E402
from assistant.limits import RateLimiter  # noqa: E402
from models.errors import AccessDenied, RateLimited  # noqa: E402
from ui.app import build, theme  # noqa: E402
from ui.console_app import build_console  # noqa: E402
from ui.gate import ConsoleGate, ShopGate  # noqa: E402
from ui.login import login_page  # noqa: E402
from ui.middleware import (  # noqa: E402
    CONSOLE,
    SameOrigin,
    SessionBinding,
    SessionCookies,
    request_view,
)
from ui.render import css  # noqa: E402
from ui.state import UIConfig  # noqa: E402

if TYPE_CHECKING:
    from assistant.privacy import Store

DEMO_ADMIN = "admin"  # the console user a demo's first start creates (random password)


def create_app(bot: ShopAssistant, cfg: UIConfig | None = None,
               console_only: bool = False) -> FastAPI:
    """The whole web server as an ASGI app (not started); `console_only`: no shop at /."""
    cfg = cfg or UIConfig()
    limiter = RateLimiter()
    shop_gate = ShopGate(bot.identities, limiter)
    console_gate = ConsoleGate(bot.store, bot.store.cipher.derive("console/v1"), limiter)
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    _routes(app, shop_gate, console_gate, cfg)
    shared: dict[str, Any] = dict(theme=theme(), css=css(), ssr_mode=False, show_error=True,
                                  mcp_server=False, run_history=False, max_file_size="64kb")
    gr.mount_gradio_app(app, build_console(bot, console_gate), path=CONSOLE,
                        auth_dependency=console_gate.user_or_none, footer_links=[], **shared)
    if console_only:
        app.add_api_route("/", lambda: RedirectResponse(f"{CONSOLE}/", status_code=303))
    else:
        gr.mount_gradio_app(app, build(bot, shop_gate, cfg), path="",
                            auth_dependency=shop_gate.owner_or_none, footer_links=["api"],
                            **shared)
    def identify(scope: Any) -> str | None:
        req = request_view(scope)
        if scope["path"].startswith(CONSOLE + "/"):
            user = console_gate.user_or_none(req)
            return None if user is None else f"console:{user}"
        return shop_gate.owner_or_none(req)

    # the last added runs first: origin check, then cookies, then binding, then the apps
    app.add_middleware(SessionBinding, identify=identify)  # inner: sees the cookie set below
    app.add_middleware(SessionCookies, shop=shop_gate, console=console_gate,
                       secure=cfg.secure_cookies)
    app.add_middleware(SameOrigin, allowed=cfg.allowed_origins)
    # Our own CORS policy, so Gradio adds none of its own (it lets any localhost page call
    # with credentials): only the listed origins may read responses cross-origin.
    app.add_middleware(CORSMiddleware, allow_origins=list(cfg.allowed_origins),
                       allow_credentials=True, allow_methods=["GET", "POST"],
                       allow_headers=["content-type"])
    return app


def _routes(app: FastAPI, shop: ShopGate, console: ConsoleGate, cfg: UIConfig) -> None:
    secure = cfg.secure_cookies

    @app.post("/clearcart/session")
    def new_session(request: Request) -> JSONResponse:
        """A session token for an API client: one new anonymous shopper."""
        try:
            token = shop.new_session(request)
        except RateLimited as e:
            return JSONResponse({"error": e.problem, "fix": e.fix}, status_code=429)
        return JSONResponse({"token": token, "header": shop.header,
                             "expires_in_s": int(shop.identities.config.session_max_age_s)})

    @app.get(f"{CONSOLE}/login")
    def login_form() -> HTMLResponse:
        return HTMLResponse(login_page())

    @app.post(f"{CONSOLE}/login")
    def login(request: Request, username: str = Form(""), password: str = Form("")) -> Any:
        try:
            token = console.login(username.strip(), password, request)
        except AccessDenied as e:
            return HTMLResponse(login_page(f"{e.problem}. {e.fix}."), status_code=401)
        resp = RedirectResponse(f"{CONSOLE}/", status_code=303)
        resp.set_cookie(console.config.cookie_name, token, httponly=True, samesite="strict",
                        secure=secure, max_age=int(console.config.login_max_age_s),
                        path=CONSOLE)
        return resp

    @app.get(f"{CONSOLE}/logout")
    def logout() -> RedirectResponse:
        resp = RedirectResponse(f"{CONSOLE}/login", status_code=303)
        resp.delete_cookie(console.config.cookie_name, path=CONSOLE)
        return resp


def ensure_demo_admin(store: Store) -> str | None:
    """On a store with no console users, create `admin` with a random password and return
    it (shown once by `serve`); None when users exist. Never a fixed default password."""
    if store.console_users():
        return None
    password = secrets.token_urlsafe(15)
    store.add_console_user(DEMO_ADMIN, password, "admin")
    return password


def serve(host: str = UIConfig.host, port: int = UIConfig.port, llm: str | None = None,
          console_only: bool = False) -> None:
    """Load the assistant and serve the shop and the console until interrupted."""
    try:
        bot = ShopAssistant.load(llm=llm)
        if not console_only:
            print(f"ClearCart: warming the model ({bot.lm.name})...", flush=True)
            print(f"ClearCart: ready in {bot.load_seconds + bot.warm():.1f} s", flush=True)
    except ClearCartError as exc:
        raise SystemExit(str(exc)) from exc
    settings = Settings.from_env()
    cfg = UIConfig(host=host, port=port, secure_cookies=settings.secure_cookies,
                   allowed_origins=settings.allowed_origins)
    _console_banner(bot.store, host, port)
    app = create_app(bot, cfg, console_only=console_only)
    if not console_only:
        print(f"ClearCart: the shop is at http://{host}:{port}/", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def _console_banner(store: Store, host: str, port: int) -> None:
    password = ensure_demo_admin(store)
    url = f"http://{host}:{port}{CONSOLE}/"
    if password:
        print(f"ClearCart: marketer console at {url}\n"
              f"  first start: created console user '{DEMO_ADMIN}' (role admin) with password\n"
              f"    {password}\n"
              "  (shown only now; add users with `clearcart console add-user NAME --role "
              "marketer`, reset with --replace)", flush=True)
    else:
        print(f"ClearCart: marketer console at {url} (sign in with a console user)", flush=True)


__all__ = ["SessionCookies", "create_app", "ensure_demo_admin", "serve"]
