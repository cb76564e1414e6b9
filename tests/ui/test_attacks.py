"""Attacks on the running app with plain HTTP (docs/SECURITY.md lists what each proves).

The real `python app.py` (SmolLM2) on SQLite, and again on PostgreSQL when
CLEARCART_TEST_PG_DSN is set (CI sets it). Every event is found in the app's own
/config and called by its fn_index, the way any script could.
"""

from __future__ import annotations

import secrets
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from assistant.privacy import Store
from models.settings import Settings

from app_kit import REPO, RunningApp, add_console_user, app_env
from attack_kit import Caller, backend_events, dummy_inputs

pytestmark = [pytest.mark.slow]

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
NAME = "Thaddeus Okonkwo-Bellweather"
SECRETS = ("thaddeus.ob@example.com", "+1 415 555 2671", "4111 1111 1111 1111",
           "221B Baker Street")


@pytest.fixture(params=BACKENDS)
def app(request: pytest.FixtureRequest) -> RunningApp:
    name = "app_server" if request.param == "sqlite" else "pg_app_server"
    return request.getfixturevalue(name)  # type: ignore[no-any-return]


def test_no_route_serves_a_caller_without_a_session_or_login(app: RunningApp) -> None:
    nobody = Caller(app.url)
    me = Caller.shopper(app.url)
    shop = me.config()
    events = backend_events(shop)
    assert len(events) > 30, "the shop registers its UI events and API endpoints"
    # no cookie, no header: Gradio refuses every route of the shop and of the console
    assert nobody.client.get("config").status_code == 401
    for event in events:
        r = nobody.join(event["id"], dummy_inputs(shop, event))
        assert r.status_code == 401, (event["api_name"], r.status_code)
    for name in ("chat", "chat_json", "consent", "view", "export_data", "erase",
                 "not_interested", "exclude"):
        kind, _ = nobody.call(name, ["x"])
        assert kind == "http 401", (name, kind)
    # a shopper's own session opens no door of the console
    for who in (nobody, me):
        assert who.client.get("console/config").status_code == 401
        assert who.client.get("console/").status_code == 303  # to the login form
        for fn_index in range(40):
            r = who.join(fn_index, [], app="console/")
            assert r.status_code == 401, (fn_index, r.status_code)
    # a token the server did not sign is refused, however it looks
    forged = Caller(app.url, {"X-ClearCart-Session": "IlBsX192UHdn.axVCXA.cidQ5WtBk"})
    assert forged.client.get("config").status_code == 401
    assert forged.call("export_data", [])[0] == "http 401"


def test_a_shopper_reaches_only_their_own_data(app: RunningApp) -> None:
    victim, attacker = Caller.shopper(app.url), Caller.shopper(app.url)
    kind, reply = victim.call("chat_json", ["laptops under $900 for my son"])
    assert kind == "complete", reply
    pid = reply[0]["suggestions"][0]["product"]["id"]
    assert victim.call("consent", ["browsing_history", True])[0] == "complete"
    assert victim.call("view", [pid]) == ("complete", [True])
    before = victim.call("export_data", [])[1][0]
    assert before["chat_turns"] and before["views"]
    # the attacker's calls act on the attacker: nothing of the victim's shows or changes
    assert attacker.call("consent", ["browsing_history", False])[0] == "complete"
    assert attacker.call("erase", [])[0] == "complete"
    mine = attacker.call("export_data", [])[1][0]
    assert mine["shopper_id"] != before["shopper_id"]
    assert not mine["chat_turns"] and not mine["views"]
    # there is no argument to name another shopper by: an extra one is ignored
    kind, out = attacker.call("export_data", [before["shopper_id"]])
    assert kind == "complete" and out[0]["shopper_id"] == mine["shopper_id"]
    attacker.call("chat_json", ["which of those is cheapest?", before["shopper_id"]])
    theirs = [t["text"] for t in attacker.call("export_data", [])[1][0]["chat_turns"]]
    assert theirs[0] == "which of those is cheapest?"  # it went into the attacker's own chat
    after = victim.call("export_data", [])[1][0]
    assert after["views"] == before["views"] and after["consent"]["state"]["browsing_history"]
    assert after["chat_turns"] == before["chat_turns"]
    # the victim's queue session and /call results are theirs alone
    shop = victim.config()
    start = next(e for e in backend_events(shop) if e["api_name"] == "start")
    session_hash = secrets.token_hex(6)
    assert victim.run(start["id"], [], session_hash)[0]
    assert attacker.join(start["id"], [], session_hash).status_code == 403
    r = attacker.client.get("gradio_api/queue/data", params={"session_hash": session_hash})
    assert r.status_code == 403
    event = victim.client.post("gradio_api/call/export_data", json={"data": []}).json()
    assert attacker.call_result("export_data", event["event_id"])[0] == "http 403"
    assert victim.call_result("export_data", event["event_id"])[0] == "complete"


def test_the_console_needs_a_login_and_the_right_role(app: RunningApp) -> None:
    nobody = Caller(app.url)
    assert nobody.console_login(app.admin_user, "wrong password!!").status_code == 401
    marketer = Caller(app.url)
    assert marketer.console_login(app.marketer_user, app.marketer_password).status_code == 303
    assert marketer.call("verify", [], app="console/")[0] == "complete"
    kind, rows = marketer.call("audit", ["", ""], app="console/")
    assert kind == "complete" and isinstance(rows[0], dict | list)
    config = marketer.config("console/")  # the marketer may read the console's config
    events = {e["api_name"]: e for e in backend_events(config)}
    # admin-only actions, whichever route they come by, are refused to a marketer
    for name in ("sponsor", "unsponsor", "erase"):
        ok, out = marketer.run(events[name]["id"], dummy_inputs(config, events[name]),
                               app="console/")
        assert not ok and "needs admin" in str(out), (name, out)
    kind, err = marketer.call("erase", ["abc"], app="console/")
    assert kind == "error" and "needs admin" in str(err), err
    admin = Caller(app.url)
    assert admin.console_login(app.admin_user, app.admin_password).status_code == 303
    kind, out = admin.call("erase", ["no-such-pseudonym"], app="console/")
    assert kind == "complete" and "No shopper has that pseudonym" in str(out)
    # a password reset ends the old login at once
    app.marketer_password = add_console_user(app.home, app.marketer_user, "marketer", app.db_url)
    assert marketer.call("verify", [], app="console/")[0] == "http 401"
    assert marketer.console_login(app.marketer_user, app.marketer_password).status_code == 303


def test_erasure_leaves_no_word_of_the_shopper_on_disk(app: RunningApp) -> None:
    shopper = Caller.shopper(app.url)
    word = f"Zorbluxian{secrets.token_hex(3)}"
    said = (f"a {word} laptop under $900 as a gift for {NAME}; write to {SECRETS[0]}, "
            f"call {SECRETS[1]}, card {SECRETS[2]}, ship to {SECRETS[3]}")
    kind, reply = shopper.call("chat_json", [said])
    assert kind == "complete", reply
    reasons = " ".join(r for s in reply[0]["suggestions"] for r in s["reasons"])
    export = shopper.call("export_data", [])[1][0]
    dump = str(export)
    for typed in (word, "Thaddeus", *SECRETS):
        assert typed not in reasons, typed
    for raw in SECRETS:  # the stored turn is redacted: no card, email, phone or address
        assert raw not in dump, raw
    assert "[EMAIL]" in dump and "[CARD]" in dump and "[PHONE]" in dump
    store_settings = Settings(home=app.home, db_url=app.db_url)
    with Store.open(store_settings) as store:
        ciphertexts = _turn_ciphertexts(store, export["shopper_id"])
    assert ciphertexts
    assert shopper.call("erase", [])[0] == "complete"
    with Store.open(store_settings) as store:
        assert _turn_ciphertexts(store, export["shopper_id"]) == []
        if app.backend == "postgresql":
            text = _all_rows(store)
            for gone in (*ciphertexts, word, "Thaddeus"):
                assert gone[:40] not in text
    if app.backend == "sqlite":
        for path in _files(app.home):
            data = path.read_bytes()
            for gone in (word, "Thaddeus", "Okonkwo", *SECRETS, *(c[:40] for c in ciphertexts)):
                assert gone.encode() not in data, (path.name, gone[:20])


def test_bad_text_and_floods_get_a_clear_answer_and_the_app_keeps_serving(
    app: RunningApp,
) -> None:
    shopper, other = Caller.shopper(app.url), Caller.shopper(app.url)
    kind, err = shopper.call("chat_json", ["\ud800 laptop"])
    assert kind == "error" and "lone surrogate" in str(err) and "how to fix" in str(err)
    kind, err = shopper.call("chat_json", ["x" * 5000])
    assert kind == "error" and "limit 4,000" in str(err)
    flood = [shopper.call("chat_json", ["y" * 5000])[1] for _ in range(12)]
    assert "too many messages" in str(flood[-1]) and "wait" in str(flood[-1])
    many = [httpx.post(app.url + "clearcart/session", timeout=30) for _ in range(35)]
    assert many[-1].status_code == 429 and "fix" in many[-1].json()
    assert httpx.get(app.url, timeout=30).status_code == 200  # the app keeps serving
    assert other.call("chat_json", ["cheapest tv"])[0] == "complete"


def test_pages_of_other_sites_uploads_and_huge_bodies_are_refused(app: RunningApp) -> None:
    me = Caller.shopper(app.url)
    port = app.url.rstrip("/").rsplit(":", 1)[1]
    body = {"data": [], "fn_index": 1, "session_hash": secrets.token_hex(6)}
    # a page on another local port (same site for cookies) can neither call nor read
    for origin in ("http://127.0.0.1:8000", "http://evil.example", "null"):
        r = me.client.post("gradio_api/queue/join", json=body, headers={"Origin": origin})
        assert r.status_code == 403, origin
        r = me.client.get("config", headers={"Origin": origin})
        assert r.status_code == 403 and "access-control-allow-origin" not in r.headers
    same = me.client.get("config", headers={"Origin": f"http://127.0.0.1:{port}"})
    assert same.status_code == 200
    r = me.client.post("gradio_api/upload", files={"files": ("a.txt", b"x" * 1000)})
    assert r.status_code == 403
    big = me.client.post("gradio_api/queue/join",
                         json={**body, "data": ["x" * 2_000_000]})
    assert big.status_code == 413


def _turn_ciphertexts(store: Store, shopper_id: str) -> list[str]:
    from sqlalchemy import select

    from assistant.privacy import schema as t

    key = store.cipher.shopper_key(shopper_id)
    with store.engine.connect() as conn:
        return [r.text_enc for r in conn.execute(
            select(t.turns.c.text_enc).where(t.turns.c.shopper_key == key))]


def _all_rows(store: Store) -> str:
    """Every row of every table of the store, as text."""
    from sqlalchemy import select

    from assistant.privacy import schema as t

    with store.engine.connect() as conn:
        return "\n".join(str(tuple(r)) for table in t.metadata.sorted_tables
                         for r in conn.execute(select(table)))


def _files(home: Path) -> list[Path]:
    return [p for p in home.rglob("*") if p.is_file()]


def test_the_console_cli_refuses_a_short_password(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "assistant", "console", "add-user", "bob", "--password-stdin"],
        input="short\n", text=True, capture_output=True, cwd=REPO, env=app_env(tmp_path),
        timeout=120,
    )
    assert out.returncode == 2 and "at least 12 characters" in out.stderr
