"""History: views/purchases order and retention, exclusions, not-interested, chat, sponsorships."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import update

from assistant.privacy import ConsentManager, Store
from assistant.privacy import schema as t
from assistant.privacy.retention import DAY_S, RETENTION_DAYS
from models.errors import InputError

from privacy_testkit import dump_all_text, store_fixture, store_settings_fixture  # noqa: F401


@pytest.fixture
def alice(store: Store) -> ConsentManager:
    c = ConsentManager(store, "alice")
    c.grant("browsing_history")
    c.grant("purchase_history")
    return c


def test_views_newest_first_each_once(store: Store, alice: ConsentManager) -> None:
    for pid in ("p1", "p2", "p1", "p3"):
        assert store.record_view("alice", pid)
    assert store.views("alice") == ["p3", "p1", "p2"]


def test_purchases_newest_first_with_prices(store: Store, alice: ConsentManager) -> None:
    store.record_purchase("alice", "p1", 19.99)
    store.record_purchase("alice", "p2", 1299)
    assert store.purchases("alice") == [("p2", 1299.0), ("p1", 19.99)]


def test_exclusion_removes_history_and_blocks_recording(
    store: Store, alice: ConsentManager
) -> None:
    store.record_view("alice", "p1")
    store.record_view("alice", "p2")
    store.record_purchase("alice", "p1", 10.0)
    assert store.exclude_from_history("alice", "p1") == 2
    assert store.views("alice") == ["p2"]
    assert store.purchases("alice") == []
    assert store.record_view("alice", "p1") is False
    assert store.views("alice") == ["p2"]
    assert store.exclude_from_history("alice", "p1") == 0  # idempotent


def test_views_past_retention_are_hidden_then_purged(store: Store, alice: ConsentManager) -> None:
    store.record_view("alice", "old")
    store.record_view("alice", "new")
    too_old = time.time() - (RETENTION_DAYS["browsing_history"] + 1) * DAY_S
    with store.engine.begin() as conn:
        conn.execute(update(t.views).where(t.views.c.id == 1).values(at=too_old))
    assert store.views("alice") == ["new"]
    assert store.purge_expired()["views"] == 1
    assert store.purge_expired()["views"] == 0


def test_not_interested_is_a_set_per_shopper(store: Store) -> None:
    store.mark_not_interested("alice", "p1")
    store.mark_not_interested("alice", "p1")
    store.mark_not_interested("alice", "p2")
    assert store.not_interested("alice") == {"p1", "p2"}
    assert store.not_interested("bob") == set()


def test_chat_turns_are_redacted_before_storage(store: Store) -> None:
    message = "I'm Dana, mail dana.k@example.org or call +1 415 555 0134"
    stored = store.record_turn("alice", "user", message)
    assert "dana" not in stored.lower() and "555" not in stored
    assert [x["text"] for x in store.turns("alice")] == [stored]
    with pytest.raises(InputError):
        store.record_turn("alice", "system", "hi")


def test_personal_fields_are_encrypted_at_rest(store: Store, alice: ConsentManager) -> None:
    store.record_view("alice", "laptop-XPS-13-9340")
    store.record_purchase("alice", "tv-OLED-55", 1234.56)
    store.record_turn("alice", "user", "Which laptop has the loudest fanfare?")
    store.exclude_from_history("alice", "camera-EOS-R8")
    store.mark_not_interested("alice", "phone-Pixel-8")
    with store.engine.connect() as conn:
        everything = dump_all_text(conn)
    for secret in ("XPS-13", "OLED-55", "1234.56", "fanfare", "EOS-R8", "Pixel-8", "alice"):
        assert secret not in everything, secret
    assert store.views("alice") == ["laptop-XPS-13-9340"]  # and it decrypts back


def test_sponsorships(store: Store) -> None:
    store.set_sponsorship("p1", "Acme Ads", 0.5)
    store.set_sponsorship("p2", "Brand B", 1.0)
    store.set_sponsorship("p1", "Acme Ads", 0.25)  # update
    assert store.sponsorships() == {"p1": ("Acme Ads", 0.25), "p2": ("Brand B", 1.0)}
    assert store.clear_sponsorship("p1") is True
    assert store.clear_sponsorship("p1") is False
    assert store.sponsorships() == {"p2": ("Brand B", 1.0)}
    for boost in (-1.0, float("nan"), float("inf"), 1e6):
        with pytest.raises(InputError):
            store.set_sponsorship("p3", "X", boost)
    with pytest.raises(InputError):
        store.set_sponsorship("p3", "", 0.1)
    assert "p3" not in store.sponsorships()
