"""Who may do what in the web app, decided inside every handler (no gradio).

`ShopGate.caller(request)` is the shopper an event acts for: from the session cookie
the server set, the `X-ClearCart-Session` header, or a shop's signed customer token
(assistant/identity.py); never from an id the client sends. `turn` and `action` also
count the call against the abuse limits (assistant/limits.py).

`ConsoleGate` signs a marketer's login into an HttpOnly cookie (itsdangerous, timed)
after checking the argon2 hash, and `require(request, role)` checks it again on every
console call: a valid signature, not expired, the user still there with that role, and
the login newer than the user's last password or role change.

`request` is anything with `.headers`, `.cookies` and `.client` (a FastAPI/Starlette
request, or the `gr.Request` Gradio passes to a handler that asks for one).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from assistant.identity import Caller, Identities
from assistant.limits import RateLimiter, check_message
from assistant.privacy.users import ROLES, ConsoleUser
from models.errors import AccessDenied, InputError

if TYPE_CHECKING:
    from assistant.privacy import Store

HOUR_S = 3600.0


def client_address(request: Any) -> str:
    """The caller's address as the server saw it (a proxy's, unless uvicorn is told to trust
    its X-Forwarded-For with --forwarded-allow-ips)."""
    client = getattr(request, "client", None)
    return str(getattr(client, "host", None) or "unknown")


def _header(request: Any, name: str) -> str | None:
    headers = getattr(request, "headers", None) or {}
    value = headers.get(name) or headers.get(name.lower())
    return str(value) if value else None


def _cookie(request: Any, name: str) -> str | None:
    cookies = getattr(request, "cookies", None) or {}
    value = cookies.get(name)
    return str(value) if value else None


class ShopGate:
    """The shopper behind a web request, and the abuse limits on what they may start."""

    def __init__(self, identities: Identities, limiter: RateLimiter) -> None:
        self.identities = identities
        self.limiter = limiter
        cfg = identities.config
        self.cookie, self.header, self.customer_header = (
            cfg.cookie_name, cfg.header_name, cfg.customer_header)

    def session_token(self, request: Any) -> str | None:
        return _header(request, self.header) or _cookie(request, self.cookie)

    def caller(self, request: Any) -> Caller:
        """The caller's own shopper; AccessDenied (saying how to get a session) otherwise."""
        if request is None:
            raise AccessDenied("no request to identify the shopper by",
                               fix="call this through the web app or its API")
        customer = (_header(request, self.customer_header)
                    or _cookie(request, self.customer_header.lower().replace("-", "_")))
        return self.identities.caller(session=self.session_token(request), customer=customer)

    def owner_or_none(self, request: Any) -> str | None:
        """For Gradio's auth_dependency: the shopper id, or None (Gradio answers 401)."""
        try:
            return self.caller(request).shopper_id
        except AccessDenied:
            return None

    def turn(self, request: Any) -> Caller:
        """A chat turn: identified, and within the turn limits of its session and address."""
        who = self.caller(request)
        cfg = self.limiter.config
        self.limiter.hit(f"turn:s:{who.shopper_id}", cfg.turns_per_session, "messages")
        self.limiter.hit(f"turn:a:{client_address(request)}", cfg.turns_per_address,
                         "messages from your network address")
        return who

    def action(self, request: Any) -> Caller:
        """Any other shopper action (consent, view, export, erase...)."""
        who = self.caller(request)
        self.limiter.hit(f"act:s:{who.shopper_id}", self.limiter.config.actions_per_session,
                         "requests")
        return who

    def check_message(self, text: object) -> str:
        """A message the web accepts: text, valid Unicode, not over the length limit."""
        return check_message(text, self.limiter.config.max_message_chars)

    def new_session(self, request: Any) -> str:
        """A fresh session token for an API client, limited per address."""
        self.limiter.hit(f"new:a:{client_address(request)}",
                         self.limiter.config.sessions_per_address, "new sessions")
        return self.identities.issue()


@dataclass(frozen=True)
class ConsoleConfig:
    # The console's login cookie (HttpOnly, SameSite=Strict).
    cookie_name: str = "clearcart_console"
    # A login lasts this long; then the marketer signs in again.
    login_max_age_s: float = 8 * HOUR_S


class ConsoleGate:
    """Marketer console logins: checked passwords, signed cookies, roles on every call."""

    def __init__(self, store: Store, secret: bytes, limiter: RateLimiter,
                 config: ConsoleConfig | None = None) -> None:
        self.store = store
        self.limiter = limiter
        self.config = config or ConsoleConfig()
        self._signer = URLSafeTimedSerializer(secret, salt="clearcart-console-v1")

    def login(self, username: str, password: str, request: Any) -> str:
        """The login cookie's value for a correct password; AccessDenied otherwise.

        Failures are counted per address and per user name: past the limit in the window,
        even a correct password is refused until the window passes."""
        cfg = self.limiter.config
        keys = (f"login:a:{client_address(request)}", f"login:u:{username[:64]}")
        if any(self.limiter.count(k) >= cfg.login_failures for k in keys):
            raise AccessDenied("too many failed sign-ins",
                               fix=f"wait {cfg.window_s:.0f} s and try again")
        user = self.store.verify_console_user(username, password)
        if user is None:
            for k in keys:
                self.limiter.hit(k, 10**9, "sign-ins")  # counted, never refused here
            raise AccessDenied("wrong user name or password",
                               fix="check them, or have an admin run "
                               "`clearcart console add-user NAME --replace`")
        return str(self._signer.dumps({"u": user.username, "n": secrets.token_urlsafe(8)}))

    def user(self, request: Any) -> ConsoleUser:
        """The signed-in marketer; AccessDenied for no, a forged, old or revoked login."""
        token = _cookie(request, self.config.cookie_name) if request is not None else None
        if not token:
            raise AccessDenied("not signed in to the marketer console",
                               fix="sign in at /console/login")
        try:
            data, issued = self._signer.loads(token, max_age=int(self.config.login_max_age_s),
                                              return_timestamp=True)
        except SignatureExpired:
            raise AccessDenied("the console login has expired",
                               fix="sign in again at /console/login") from None
        except BadSignature:
            raise AccessDenied("the console login is not valid",
                               fix="sign in again at /console/login") from None
        name = data.get("u") if isinstance(data, dict) else None
        user = self.store.console_user(name) if isinstance(name, str) else None
        if user is None or issued.timestamp() + 1.0 < user.changed_at:
            raise AccessDenied("this console login was revoked",
                               fix="sign in again at /console/login")
        return user

    def user_or_none(self, request: Any) -> str | None:
        """For Gradio's auth_dependency: the user name, or None (Gradio answers 401)."""
        try:
            return self.user(request).username
        except AccessDenied:
            return None

    def require(self, request: Any, role: str) -> ConsoleUser:
        """The signed-in user if their role allows `role`'s actions (admin > marketer)."""
        if role not in ROLES:
            raise InputError(f"unknown role {role!r}", fix=f"use one of {ROLES}")
        user = self.user(request)
        if ROLES.index(user.role) < ROLES.index(role):
            raise AccessDenied(f"the {user.role} role may not do this (it needs {role})",
                               fix="ask an admin to do it, or to give you the admin role")
        return user


__all__ = ["ConsoleConfig", "ConsoleGate", "ShopGate", "client_address"]
