"""Rights: export everything held, erase it all (and unlink the audit pseudonym),
retention purge."""

from __future__ import annotations

import json
import time

from sqlalchemy import select

from assistant.privacy import ConsentManager, Store
from assistant.privacy import schema as t
from assistant.privacy.retention import DAY_S, RETENTION_DAYS

from privacy_testkit import (  # noqa: F401
    audit_row_count,
    dump_all_text,
    rows_for,
    store_fixture,
    store_settings_fixture,
    suggestion,
)


def populate(store: Store, who: str) -> None:
    c = ConsentManager(store, who)
    c.grant("browsing_history")
    c.grant("purchase_history")
    store.record_view(who, f"{who}-view")
    store.record_purchase(who, f"{who}-buy", 42.5)
    store.exclude_from_history(who, f"{who}-hidden")
    store.mark_not_interested(who, f"{who}-meh")
    store.record_turn(who, "user", f"hello from {who}, my email is {who}@example.com")
    store.record_suggestion(who, suggestion(f"{who}-sugg"))


def test_export_holds_everything_and_is_json(store: Store) -> None:
    populate(store, "alice")
    populate(store, "bob")
    data = json.loads(json.dumps(store.export_data("alice")))
    assert data["shopper_id"] == "alice"
    assert data["consent"]["state"] == {"browsing_history": True, "purchase_history": True,
                                        "location": False}
    assert len(data["consent"]["receipts"]) == 2
    assert [v["product_id"] for v in data["views"]] == ["alice-view"]
    bought = data["purchases"][0]
    assert bought == {**bought, "product_id": "alice-buy", "price": 42.5}
    assert data["excluded_from_history"][0]["product_id"] == "alice-hidden"
    assert data["not_interested"][0]["product_id"] == "alice-meh"
    assert data["chat_turns"][0]["text"] == "hello from alice, my email is [EMAIL]"
    shown = data["suggestions_shown"]
    assert len(shown) == 1 and shown[0]["record"]["product_id"] == "alice-sugg"
    assert shown[0]["record"]["explanation"]["values"]["viewed_similar"] == 0.2
    assert shown[0]["record"]["disclosure"]["used"]["browsing_history"] == 0.4
    assert data["profile"]["audit_pseudonym"] == store.audit_records()[1].pseudonym
    assert "bob" not in json.dumps({k: v for k, v in data.items() if k != "retention_days"})


def test_export_of_unknown_shopper_is_empty(store: Store) -> None:
    data = store.export_data("nobody")
    assert data["profile"] is None and data["views"] == [] and data["suggestions_shown"] == []


def test_erase_leaves_nothing_and_unlinks_the_audit_pseudonym(store: Store) -> None:
    populate(store, "alice")
    populate(store, "bob")
    pseudonym = store.export_data("alice")["profile"]["audit_pseudonym"]
    key = store.cipher.shopper_key("alice")
    counts = store.erase("alice")
    assert counts["shoppers"] == 1 and counts["views"] == 1 and counts["suggestions_shown"] == 1
    with store.engine.connect() as conn:
        assert sum(rows_for(conn, key).values()) == 0
        linked = select(t.shoppers).where(t.shoppers.c.pseudonym == pseudonym)
        assert conn.execute(linked).first() is None
        everything = dump_all_text(conn, skip=("audit_log",))
        audit_text = dump_all_text(conn)
    for trace in ("alice-", "alice@", key):
        assert trace not in everything
    # The audit log keeps which product was shown (not personal), never who saw it.
    assert "alice@" not in audit_text and key not in audit_text
    assert audit_row_count(store) == 2 and store.verify_audit().ok  # the log stays whole
    assert store.export_data("alice")["profile"] is None
    assert store.views("bob") == ["bob-view"]  # others untouched
    # Coming back starts a new, unrelated pseudonym.
    store.record_suggestion("alice", suggestion())
    assert store.export_data("alice")["profile"]["audit_pseudonym"] != pseudonym
    assert store.erase("nobody")["shoppers"] == 0


def test_purge_deletes_only_what_is_past_retention(store: Store) -> None:
    populate(store, "alice")
    now = time.time()
    assert sum(store.purge_expired(now).values()) == 0
    later = now + (RETENTION_DAYS["chat"] + 1) * DAY_S  # chat (30 d) expired, views (90 d) not
    counts = store.purge_expired(later)
    assert counts["turns"] == 1 and counts["views"] == 0
    far = now + 800 * DAY_S
    counts = store.purge_expired(far)
    assert counts["views"] == 1 and counts["purchases"] == 1 and counts["suggestions_shown"] == 1
    assert counts["exclusions"] == 1 and counts["not_interested"] == 1
    data = store.export_data("alice")
    assert data["views"] == [] and data["chat_turns"] == [] and data["purchases"] == []
    assert len(data["consent"]["receipts"]) == 2  # proof of consent is kept until erase
    assert store.verify_audit().ok
