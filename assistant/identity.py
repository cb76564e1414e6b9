"""Who a caller is: shopper sessions the server issues, and a shop's own signed customers.

A web caller never names a shopper id. It carries one of:

- a **session token** the server issued (`Identities.issue()`): random bytes signed with
  a secret derived from the store's master key (itsdangerous), sent as an HttpOnly
  cookie by the browser or the `X-ClearCart-Session` header by API clients. A token
  the server did not sign is refused; an expired one too.
- a **customer token** a shop signs for its own logged-in customer: a JWT (HS256)
  with `sub` = the shop's customer id and an `exp`, signed with the secret the shop
  shares with ClearCart (`CLEARCART_CUSTOMER_SECRET`), verified with PyJWT.

Either becomes a shopper id derived with a keyed HMAC ("s-..." for a session,
"c-..." for a customer), so the store never sees the token or the shop's customer id,
and nobody without the server secret can compute another shopper's id. A demo
persona picked in the browser is a copy owned by that session ("p-..."), so one
visitor can never touch another's data. Python code embedding the assistant is
trusted and calls `ShopAssistant.session(id)` directly.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

import jwt
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from models.errors import AccessDenied, InputError

DAY_S = 86_400.0


@dataclass(frozen=True)
class IdentityConfig:
    # How long a session token stays valid (the browser cookie's max age too).
    session_max_age_s: float = 180 * DAY_S
    # Random bytes in a session token (256 bits: unguessable).
    token_bytes: int = 32
    # The browser's session cookie.
    cookie_name: str = "clearcart_session"
    # The header an API client sends its session token in.
    header_name: str = "X-ClearCart-Session"
    # The header (or cookie of the same name, lower-cased) with a shop's signed customer token.
    customer_header: str = "X-ClearCart-Customer"
    # Clock skew allowed when checking a customer token's exp/nbf (seconds).
    customer_leeway_s: float = 30.0


@dataclass(frozen=True)
class Caller:
    """An identified caller: the shopper id everything acts on, and how it was proven."""

    shopper_id: str  # "s-..." (session) or "c-..." (shop customer); never client-chosen
    kind: str  # "session" or "customer"


class Identities:
    """Issues and checks session tokens; checks shop customer tokens; derives shopper ids."""

    def __init__(self, secret: bytes, customer_secret: str | None = None,
                 config: IdentityConfig | None = None) -> None:
        if len(secret) < 32:
            raise InputError("the session secret must be at least 32 bytes",
                             fix="derive it with FieldCipher.derive('sessions/v1')")
        if customer_secret is not None and len(customer_secret.encode()) < 32:
            raise InputError("CLEARCART_CUSTOMER_SECRET is shorter than 32 bytes",
                             fix="use a long random secret, e.g. `python -c \"import secrets; "
                             "print(secrets.token_urlsafe(32))\"`, in the shop and here")
        self.config = config or IdentityConfig()
        self._sessions = URLSafeTimedSerializer(secret, salt="clearcart-session-v1")
        self._ids = hmac.new(secret, b"clearcart/shopper-ids/v1", hashlib.sha256).digest()
        self._customer_secret = customer_secret

    # -- session tokens ------------------------------------------------------------
    def issue(self) -> str:
        """A new session token (signed random bytes): one new anonymous shopper."""
        return str(self._sessions.dumps(secrets.token_urlsafe(self.config.token_bytes)))

    def session(self, token: str | None) -> Caller:
        """The caller a session token proves; AccessDenied for a missing, forged or old one."""
        if not token:
            raise AccessDenied(
                "no shopper session",
                fix="open the shop page in a browser (it sets a session cookie), or POST "
                f"/clearcart/session and send its token as the {self.config.header_name} header",
            )
        try:
            nonce = self._sessions.loads(token, max_age=int(self.config.session_max_age_s))
        except SignatureExpired:
            raise AccessDenied("the shopper session has expired",
                               fix="reload the shop page or get a new token from "
                               "POST /clearcart/session") from None
        except BadSignature:
            raise AccessDenied("the shopper session token was not issued by this shop",
                               fix="reload the shop page or get a new token from "
                               "POST /clearcart/session") from None
        return Caller(self._derive("s", f"session:{nonce}"), "session")

    # -- a shop's own customers ---------------------------------------------------
    def customer(self, token: str) -> Caller:
        """The shop customer a JWT (HS256, `sub`, `exp`) signed with the shared secret names."""
        if not self._customer_secret:
            raise AccessDenied(
                "customer tokens are not accepted by this server",
                fix="set CLEARCART_CUSTOMER_SECRET to the secret your shop signs customer "
                "tokens with (HS256 JWT with 'sub' and 'exp')",
            )
        try:
            claims = jwt.decode(
                token, self._customer_secret, algorithms=["HS256"],
                options={"require": ["sub", "exp"]}, leeway=self.config.customer_leeway_s,
            )
        except jwt.ExpiredSignatureError:
            raise AccessDenied("the customer token has expired",
                               fix="have the shop sign a fresh token for this customer") from None
        except jwt.InvalidTokenError as e:
            raise AccessDenied(f"the customer token is not valid ({e})",
                               fix="sign it with HS256 and the shared secret, with 'sub' "
                               "(the customer id) and 'exp'") from None
        sub = claims.get("sub")
        if not isinstance(sub, str) or not sub.strip():
            raise AccessDenied("the customer token's 'sub' is empty",
                               fix="put the shop's customer id in 'sub'")
        return Caller(self._derive("c", f"customer:{sub}"), "customer")

    def caller(self, *, session: str | None, customer: str | None) -> Caller:
        """A customer token wins over a session token (the shop vouches for the person)."""
        return self.customer(customer) if customer else self.session(session)

    # -- derived shopper ids ------------------------------------------------------
    def persona_copy(self, owner: str, persona_id: str) -> str:
        """The shopper id of `owner`'s own copy of a demo persona."""
        return self._derive("p", f"persona:{owner}:{persona_id}")

    def _derive(self, prefix: str, what: str) -> str:
        digest = hmac.new(self._ids, what.encode("utf-8"), hashlib.sha256).hexdigest()
        return f"{prefix}-{digest[:32]}"


__all__ = ["Caller", "IdentityConfig", "Identities"]
