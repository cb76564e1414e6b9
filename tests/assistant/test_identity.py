"""Server-issued sessions and shop customer tokens become shopper ids nobody can choose."""

from __future__ import annotations

import time

import jwt
import pytest

from assistant.identity import Identities, IdentityConfig
from models.errors import AccessDenied, InputError

SECRET = b"s" * 32
SHOP = "shop-secret-0123456789abcdef-0123456789"  # what a shop signs customers with


def test_a_token_the_server_issued_names_one_shopper_every_time() -> None:
    ids = Identities(SECRET)
    token = ids.issue()
    a, b = ids.session(token), ids.session(token)
    assert a == b and a.kind == "session" and a.shopper_id.startswith("s-")
    assert ids.session(ids.issue()).shopper_id != a.shopper_id  # a new token, a new shopper
    assert token not in a.shopper_id


@pytest.mark.parametrize("bad", ["", None, "shopper-42", "abc.def.ghi"])
def test_missing_or_made_up_tokens_are_refused_with_a_fix(bad: str | None) -> None:
    with pytest.raises(AccessDenied) as err:
        Identities(SECRET).session(bad)
    assert err.value.fix and "/clearcart/session" in err.value.fix


def test_a_token_signed_by_another_server_or_altered_is_refused() -> None:
    other = Identities(b"o" * 32).issue()
    with pytest.raises(AccessDenied, match="not issued by this shop"):
        Identities(SECRET).session(other)
    token = Identities(SECRET).issue()
    flipped = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    with pytest.raises(AccessDenied):
        Identities(SECRET).session(flipped)


def test_an_old_token_expires() -> None:
    ids = Identities(SECRET, config=IdentityConfig(session_max_age_s=1))
    token = ids.issue()
    time.sleep(2.1)
    with pytest.raises(AccessDenied, match="expired"):
        ids.session(token)


def test_short_secrets_are_refused() -> None:
    with pytest.raises(InputError):
        Identities(b"short")
    with pytest.raises(InputError, match="CLEARCART_CUSTOMER_SECRET"):
        Identities(SECRET, customer_secret="guessable")


def _customer(sub: str, secret: str = SHOP, exp: float = 600) -> str:
    return jwt.encode({"sub": sub, "exp": int(time.time() + exp)}, secret, algorithm="HS256")


def test_a_shops_signed_customer_is_the_same_shopper_on_every_device() -> None:
    ids = Identities(SECRET, customer_secret=SHOP)
    a = ids.customer(_customer("cust-7"))
    assert a == ids.customer(_customer("cust-7")) and a.kind == "customer"
    assert a.shopper_id.startswith("c-") and "cust-7" not in a.shopper_id
    assert ids.customer(_customer("cust-8")).shopper_id != a.shopper_id
    # a customer token wins over a session token sent beside it
    assert ids.caller(session=ids.issue(), customer=_customer("cust-7")) == a


@pytest.mark.parametrize("token", [
    _customer("cust-7", secret="not-the-shops-secret-0123456-0123456789"),  # wrong key
    _customer("cust-7", exp=-120),  # expired (past the leeway)
    jwt.encode({"sub": "cust-7"}, SHOP, algorithm="HS256"),  # no exp
    jwt.encode({"sub": "cust-7", "exp": int(time.time()) + 600}, key=None,  # type: ignore[arg-type]
               algorithm="none"),  # unsigned
])
def test_bad_customer_tokens_are_refused(token: str) -> None:
    ids = Identities(SECRET, customer_secret=SHOP)
    with pytest.raises(AccessDenied) as err:
        ids.customer(token)
    assert err.value.fix


def test_customer_tokens_need_the_shared_secret_configured() -> None:
    with pytest.raises(AccessDenied, match="not accepted") as err:
        Identities(SECRET).customer(_customer("cust-7"))
    assert "CLEARCART_CUSTOMER_SECRET" in (err.value.fix or "")


def test_a_persona_copy_belongs_to_one_owner() -> None:
    ids = Identities(SECRET)
    me, you = ids.session(ids.issue()).shopper_id, ids.session(ids.issue()).shopper_id
    mine = ids.persona_copy(me, "demo-cinephile")
    assert mine == ids.persona_copy(me, "demo-cinephile")
    assert mine != ids.persona_copy(you, "demo-cinephile") and mine.startswith("p-")
