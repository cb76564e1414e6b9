"""The web server's ASGI middlewares (no gradio): same origin, session cookies, binding.

`SameOrigin` refuses a request a browser sent from another origin (the Origin header
names a site other than this server or the shop's allowed list): Gradio's own CORS
policy lets any localhost page call with the shopper's cookie, so a page on another
local port could otherwise act as the shopper and read their data.

`SessionCookies` gives a browser that opens the shop page without a valid session a
new server-signed token (an HttpOnly SameSite=Lax cookie), and sends a browser that
opens the console without a login to the login form.

`SessionBinding` binds Gradio's queue sessions to the caller who opened them.

Gradio keys a browser tab's state, its queued events and their streamed results by a
`session_hash` the client picks, and the results of `/gradio_api/call/<name>` by an
event id; it checks that a caller is signed in, not that the hash or id is theirs.
So a caller who learned another's hash could read that tab's results from
`/gradio_api/queue/data`, cancel its events or replace its state. This middleware
remembers which caller first used each session hash and event id and answers 403 to
anyone else, on every route that takes one:

    POST /gradio_api/queue/join   body: session_hash      POST /gradio_api/cancel  body
    GET  /gradio_api/queue/data   ?session_hash=...       POST /gradio_api/call/<name>
    GET  /gradio_api/call/<name>/<event_id>   (the id the caller's own POST was given)

The caller is whoever `identify(scope)` names (the shop's session or the console's
login); a request it cannot identify passes through, and Gradio refuses it (401).
"""

from __future__ import annotations

import json
import re
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs

from fastapi.responses import JSONResponse, RedirectResponse

from ui.gate import ConsoleGate, ShopGate

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Any, Any], Awaitable[None]]
MAX_BODY = 1 << 20  # bytes of a queue request read to find its session hash
CONSOLE = "/console"  # where the marketer console is mounted

_JOIN = re.compile(r"^(?P<app>.*)/gradio_api/(?:queue/join|cancel)/?$")
_CALL_POST = re.compile(r"^(?P<app>.*)/gradio_api/call/(?:v2/)?[^/]+/?$")
_CALL_GET = re.compile(r"^(?P<app>.*)/gradio_api/call/(?:v2/)?[^/]+/(?P<event>[^/]+)/?$")
_DATA = re.compile(r"^(?P<app>.*)/gradio_api/queue/data/?$")
_UPLOAD = re.compile(r"^.*/gradio_api/(?:upload|process_recording)/?$")


class SameOrigin:
    """403 for a request whose Origin is neither this server nor in `allowed`.

    Browsers send Origin on cross-origin requests and on same-origin POSTs; API clients
    (httpx, gradio_client, curl) send none and pass. Checked against the Host the
    request was sent to (X-Forwarded-Host behind a proxy that sets it)."""

    def __init__(self, app: ASGIApp, allowed: tuple[str, ...] = ()) -> None:
        self.app = app
        self.allowed = {o.rstrip("/").lower() for o in allowed}

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                       for k, v in scope["headers"]}
            origin = headers.get("origin")
            if origin is not None and not self._ok(origin.lower(), headers):
                await JSONResponse(
                    {"error": f"requests from {origin} are not accepted",
                     "fix": "open the shop at its own address, or add your site to "
                     "CLEARCART_ALLOWED_ORIGINS"}, status_code=403)(scope, receive, send)
                return
        await self.app(scope, receive, send)

    def _ok(self, origin: str, headers: dict[str, str]) -> bool:
        if origin.rstrip("/") in self.allowed:
            return True
        host = (headers.get("x-forwarded-host") or headers.get("host") or "").lower()
        netloc = origin.split("://", 1)[-1].rstrip("/")
        return bool(host) and netloc == host


class SessionCookies:
    """Pure ASGI middleware (Gradio streams; no BaseHTTPMiddleware).

    A GET of the shop page without a valid session cookie gets a new token: injected into
    this request's cookies (so the page renders at once) and set on the response. A GET
    of the console page without a valid login is redirected to the login form."""

    def __init__(self, app: ASGIApp, shop: ShopGate, console: ConsoleGate,
                 secure: bool) -> None:
        self.app, self.shop, self.console, self.secure = app, shop, console, secure

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        cookies = _cookies(scope)
        if path in (CONSOLE, CONSOLE + "/"):
            probe = _Probe(cookies)
            if self.console.user_or_none(probe) is None:
                await RedirectResponse(f"{CONSOLE}/login", status_code=303)(scope, receive, send)
                return
        if path not in ("/", "") or self.shop.owner_or_none(_Probe(cookies)) is not None:
            await self.app(scope, receive, send)
            return
        token = self.shop.identities.issue()
        name = self.shop.cookie
        headers = [(k, v) for k, v in scope["headers"] if k != b"cookie"]
        cookies[name] = token
        jar = "; ".join(f"{k}={v}" for k, v in cookies.items())
        scope = {**scope, "headers": [*headers, (b"cookie", jar.encode("latin-1"))]}
        max_age = int(self.shop.identities.config.session_max_age_s)
        flags = f"; Max-Age={max_age}; Path=/; HttpOnly; SameSite=Lax"
        set_cookie = f"{name}={token}{flags}{'; Secure' if self.secure else ''}"

        async def send_with_cookie(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []),
                                                  (b"set-cookie", set_cookie.encode("latin-1"))]}
            await send(message)

        await self.app(scope, receive, send_with_cookie)


class _Client:
    def __init__(self, host: str | None) -> None:
        self.host = host


class _Probe:
    """Just enough of a request for the gates: its cookies, headers and client address."""

    def __init__(self, cookies: dict[str, str], headers: dict[str, str] | None = None,
                 host: str | None = None) -> None:
        self.cookies = cookies
        self.headers: dict[str, str] = headers or {}
        self.client = _Client(host)


def _cookies(scope: Scope) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    for k, v in scope.get("headers", []):
        if k == b"cookie":
            try:
                jar.load(v.decode("latin-1"))
            except Exception:  # a malformed cookie header: treat as no cookies
                return {}
    return {k: m.value for k, m in jar.items()}


def request_view(scope: Scope) -> Any:
    """The parts of a request the gates read (headers, cookies, client), from an ASGI scope."""
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
    client = scope.get("client")
    return _Probe(_cookies(scope), headers, client[0] if client else None)


class Owners:
    """Thread-safe, bounded map of session hash / event id -> the caller who used it first."""

    def __init__(self, max_keys: int = 200_000) -> None:
        self._owner: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()
        self.max_keys = max_keys

    def claim(self, key: str, caller: str) -> bool:
        """True if `key` is `caller`'s (now or from before); False if someone else's."""
        with self._lock:
            owner = self._owner.setdefault(key, caller)
            self._owner.move_to_end(key)
            while len(self._owner) > self.max_keys:
                self._owner.popitem(last=False)
            return owner == caller

    def owns(self, key: str, caller: str) -> bool:
        with self._lock:
            return self._owner.get(key) == caller


class SessionBinding:
    def __init__(self, app: ASGIApp, identify: Callable[[Scope], str | None],
                 owners: Owners | None = None) -> None:
        self.app, self.identify = app, identify
        self.owners = owners or Owners()

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path, method = scope["path"], scope["method"]
        caller = self.identify(scope) if "/gradio_api/" in path else None
        if caller is None:
            await self.app(scope, receive, send)
            return
        if method == "GET" and (m := _DATA.match(path)):
            hashes = parse_qs(scope.get("query_string", b"").decode("latin-1")).get(
                "session_hash", [])
            if any(not self.owners.claim(f"{m['app']}|s|{h}", caller) for h in hashes):
                await _forbidden(scope, receive, send)
                return
        elif method == "GET" and (m := _CALL_GET.match(path)):
            if not self.owners.owns(f"{m['app']}|e|{m['event']}", caller):
                await _forbidden(scope, receive, send)
                return
        elif method == "POST" and _UPLOAD.match(path):
            await _forbidden(scope, receive, send, "no part of this app takes uploads")
            return
        elif method == "POST" and ((m := _JOIN.match(path)) or (m := _CALL_POST.match(path))):
            body = await _read_body(receive)
            if body is None:
                await JSONResponse({"error": f"request body over {MAX_BODY:,} bytes",
                                    "fix": "send a shorter message"},
                                   status_code=413)(scope, _replay(b"", receive), send)
                return
            session_hash = _field(body, "session_hash")
            if session_hash and not self.owners.claim(f"{m['app']}|s|{session_hash}", caller):
                await _forbidden(scope, _replay(b"", receive), send)
                return
            if _CALL_POST.match(path):
                send = self._bind_event_ids(send, m["app"], caller)
            receive = _replay(body, receive)
        await self.app(scope, receive, send)

    def _bind_event_ids(self, send: Any, app: str, caller: str) -> Any:
        """Claim the event id a POST /call/<name> answers with, for its caller."""
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body"):
                    event = _field(b"".join(chunks), "event_id")
                    if event:
                        self.owners.claim(f"{app}|e|{event}", caller)
            await send(message)

        return capture


def _field(body: bytes, name: str) -> str | None:
    try:
        value = json.loads(body or b"{}").get(name)
    except (ValueError, AttributeError):
        return None
    return str(value) if value else None


async def _read_body(receive: Any) -> bytes | None:
    """The whole request body; None when it is over MAX_BODY."""
    parts, size = [], 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        parts.append(message.get("body", b""))
        size += len(parts[-1])
        if size > MAX_BODY:
            return None
        if not message.get("more_body"):
            break
    return b"".join(parts)


def _replay(body: bytes, original: Any) -> Any:
    """A receive() that gives the body read already, then waits on the real connection."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return dict(await original())

    return receive


async def _forbidden(scope: Scope, receive: Any, send: Any,
                     why: str = "this session or event belongs to another caller") -> None:
    await JSONResponse({"error": why,
                        "fix": "use your own session: reload the page, or get a token from "
                        "POST /clearcart/session"}, status_code=403)(scope, receive, send)


__all__ = ["CONSOLE", "Owners", "SameOrigin", "SessionBinding", "SessionCookies",
           "request_view"]
