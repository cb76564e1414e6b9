"""Every event either app registers checks its caller inside the handler (no server).

Gradio runs any registered event for whoever reaches `/queue/join` with its fn_index,
hidden from the API page or not; the outer door (the mount's auth_dependency) is one
layer, the check inside each handler the one that must hold on its own. So: call
every backend function of both apps as Gradio would, with a request that carries no
session (and, for the console, a shopper's session but no login), and require a refusal.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Any

import gradio as gr
import pytest
from gradio.utils import get_type_hints

from assistant import ShopAssistant
from assistant.limits import RateLimiter
from ui.app import build
from ui.console_app import build_console
from ui.gate import ConsoleGate, ShopGate
from ui.server import create_app


class FakeRequest:
    """What a handler can read of a request: headers, cookies, client address."""

    def __init__(self, cookies: dict[str, str] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        self.cookies = cookies or {}
        self.headers = headers or {}
        self.client = type("Client", (), {"host": "127.0.0.1"})()


def _call(fn: Any, request: FakeRequest) -> Any:
    """Call a handler as Gradio would: special parameters filled, inputs None."""
    hints = get_type_hints(fn)
    args = []
    for p in inspect.signature(fn).parameters.values():
        hint = hints.get(p.name)
        if hint is gr.Request:
            args.append(request)
        elif hint is gr.SelectData:
            args.append(type("Select", (), {"row_value": [1]})())
        else:
            args.append(None)
    out = fn(*args)
    if isinstance(out, Iterator):
        out = list(out)
    return out


def _backend_fns(blocks: gr.Blocks) -> list[Any]:
    fns = [b.fn for b in blocks.fns.values() if b.fn is not None]
    assert fns
    return fns


@pytest.fixture(scope="module")
def gates(bot: ShopAssistant) -> tuple[ShopGate, ConsoleGate]:
    limiter = RateLimiter()
    return (ShopGate(bot.identities, limiter),
            ConsoleGate(bot.store, bot.store.cipher.derive("console/v1"), limiter))


def test_every_shop_event_refuses_a_caller_without_a_session(
    bot: ShopAssistant, gates: tuple[ShopGate, ConsoleGate]
) -> None:
    fns = _backend_fns(build(bot, gates[0]))
    assert len(fns) > 30
    for fn in fns:
        for request in (FakeRequest(), FakeRequest(headers={"X-ClearCart-Session": "forged"})):
            with pytest.raises(gr.Error) as refused:
                _call(fn, request)
            assert "session" in str(refused.value), (fn.__name__, refused.value)


def test_a_shop_event_runs_for_a_caller_with_a_session(
    bot: ShopAssistant, gates: tuple[ShopGate, ConsoleGate]
) -> None:
    """The check refuses the right callers only (so the test above can fail)."""
    ui = build(bot, gates[0])
    start = next(b.fn for b in ui.fns.values() if b.fn is not None and b.name == "start")
    token = bot.identities.issue()
    state, *_ = _call(start, FakeRequest(cookies={"clearcart_session": token}))
    assert state.owner == bot.identities.session(token).shopper_id


def test_every_console_event_refuses_a_caller_without_a_login(
    bot: ShopAssistant, gates: tuple[ShopGate, ConsoleGate]
) -> None:
    fns = _backend_fns(build_console(bot, gates[1]))
    shopper = {"clearcart_session": bot.identities.issue()}
    forged = {"clearcart_console": "eyJ1IjoiYWRtaW4ifQ.axVCyA.forged"}
    for fn in fns:
        for cookies in ({}, shopper, forged):
            with pytest.raises(gr.Error) as refused:
                _call(fn, FakeRequest(cookies=cookies))
            assert "console" in str(refused.value), (fn.__name__, refused.value)


def test_console_roles_are_checked_per_call(
    bot: ShopAssistant, gates: tuple[ShopGate, ConsoleGate]
) -> None:
    from ui.console_events import ConsoleUI

    gate = gates[1]
    bot.store.add_console_user("unit-marketer", "a long enough password", "marketer",
                               replace=True)
    bot.store.add_console_user("unit-admin", "another long password", "admin", replace=True)
    who = {}
    for name, pw in (("unit-marketer", "a long enough password"),
                     ("unit-admin", "another long password")):
        who[name] = FakeRequest(cookies={"clearcart_console": gate.login(name, pw,
                                                                         FakeRequest())})
    c = ConsoleUI(bot, gate)
    assert "Audit chain" in c.verify(who["unit-marketer"])  # type: ignore[arg-type]
    pid = bot.catalog.products[0].id
    with pytest.raises(gr.Error, match="needs admin"):
        c.sponsor(pid, "Acme", 1.0, who["unit-marketer"])  # type: ignore[arg-type]
    assert c.sponsor(pid, "Acme", 1.0, who["unit-admin"])  # type: ignore[arg-type]
    c.unsponsor(pid, who["unit-admin"])  # type: ignore[arg-type]
    # removing the user ends their login on the next call
    bot.store.remove_console_user("unit-marketer")
    with pytest.raises(gr.Error, match="revoked"):
        c.verify(who["unit-marketer"])  # type: ignore[arg-type]


def test_failed_sign_ins_are_limited(bot: ShopAssistant) -> None:
    from models.errors import AccessDenied

    gate = ConsoleGate(bot.store, bot.store.cipher.derive("console/v1"), RateLimiter())
    bot.store.add_console_user("unit-slow", "the right password!", "marketer", replace=True)
    for _ in range(gate.limiter.config.login_failures):
        with pytest.raises(AccessDenied, match="wrong user name or password"):
            gate.login("unit-slow", "guess", FakeRequest())
    with pytest.raises(AccessDenied, match="too many failed sign-ins"):
        gate.login("unit-slow", "the right password!", FakeRequest())


def test_the_server_is_built_with_both_apps_behind_their_doors(bot: ShopAssistant) -> None:
    app = create_app(bot)
    paths = {getattr(r, "path", "") for r in app.routes}
    assert {"/clearcart/session", "/console/login", "/console/logout", "/console", ""} <= paths
