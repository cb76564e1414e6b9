"""Consent: default off, grant/withdraw with receipts, withdrawal deletes, objection to
profiling."""

from __future__ import annotations

import pytest

from assistant.privacy import ConsentManager, Store
from models.categories import PERSONAL_CATEGORIES
from models.errors import ConsentError

from privacy_testkit import rows_for, store_fixture, store_settings_fixture  # noqa: F401


def test_default_is_off_and_nothing_is_recorded(store: Store) -> None:
    c = ConsentManager(store, "alice")
    assert c.state() == {cat: False for cat in PERSONAL_CATEGORIES}
    assert not c.objected
    assert store.record_view("alice", "p1") is False
    assert store.record_purchase("alice", "p1", 10.0) is False
    assert store.views("alice") == [] and store.purchases("alice") == []
    with store.engine.connect() as conn:  # not even a shopper row was created
        assert sum(rows_for(conn, store.cipher.shopper_key("alice")).values()) == 0


def test_grant_takes_effect_immediately_and_only_for_that_category(store: Store) -> None:
    c = ConsentManager(store, "alice")
    c.grant("browsing_history")
    assert c.state()["browsing_history"] and not c.state()["purchase_history"]
    assert store.record_view("alice", "p1") is True
    assert store.record_purchase("alice", "p1", 10.0) is False
    assert store.views("alice") == ["p1"]


def test_withdraw_stops_recording_and_deletes_what_was_recorded(store: Store) -> None:
    c = ConsentManager(store, "alice")
    c.grant("browsing_history")
    c.grant("purchase_history")
    for pid in ("p1", "p2", "p3"):
        store.record_view("alice", pid)
    store.record_purchase("alice", "p9", 99.5)
    assert c.withdraw("browsing_history") == 3
    assert store.views("alice") == []
    assert store.record_view("alice", "p4") is False
    assert store.purchases("alice") == [("p9", 99.5)]  # other category untouched
    with store.engine.connect() as conn:
        assert rows_for(conn, store.cipher.shopper_key("alice"))["views"] == 0
    receipts = c.receipts()
    assert [(r["category"], r["state"]) for r in receipts] == [
        ("browsing_history", "granted"), ("purchase_history", "granted"),
        ("browsing_history", "withdrawn"),
    ]
    assert "3 recorded items deleted" in receipts[-1]["note"]
    assert all(r["source"] == "shopper" and r["time"].endswith("+00:00") for r in receipts)
    c.grant("browsing_history")  # granting again starts from an empty history
    assert store.views("alice") == []


def test_receipt_records_the_source(store: Store) -> None:
    c = ConsentManager(store, "alice")
    c.grant("location", source="privacy center")
    assert c.receipts()[-1] == {**c.receipts()[-1], "category": "location",
                                "state": "granted", "source": "privacy center"}


def test_objection_turns_everything_off_and_keeps_it_off(store: Store) -> None:
    c = ConsentManager(store, "alice")
    for cat in PERSONAL_CATEGORIES:
        c.grant(cat)
    store.record_view("alice", "p1")
    store.record_purchase("alice", "p2", 5.0)
    assert c.object_to_profiling() == 2
    assert c.objected
    assert c.state() == {cat: False for cat in PERSONAL_CATEGORIES}
    assert store.views("alice") == [] and store.purchases("alice") == []
    assert store.record_view("alice", "p3") is False
    with pytest.raises(ConsentError) as err:
        c.grant("browsing_history")
    assert "lift_objection" in (err.value.fix or "")
    assert c.state()["browsing_history"] is False
    c.lift_objection()
    assert not c.objected
    assert c.state() == {cat: False for cat in PERSONAL_CATEGORIES}  # lifting grants nothing
    c.grant("browsing_history")
    assert store.record_view("alice", "p3") is True
    states = [(r["category"], r["state"]) for r in c.receipts()]
    assert ("profiling", "objected") in states and ("profiling", "objection lifted") in states


def test_unknown_category_lists_valid_ones_and_changes_nothing(store: Store) -> None:
    c = ConsentManager(store, "alice")
    for bad in ("health", "Browsing_History", "", "request"):
        with pytest.raises(ConsentError) as err:
            c.grant(bad)
        assert all(cat in (err.value.fix or "") for cat in PERSONAL_CATEGORIES)
        with pytest.raises(ConsentError):
            c.withdraw(bad)
    assert c.receipts() == []
    assert c.state() == {cat: False for cat in PERSONAL_CATEGORIES}


def test_consent_is_per_shopper(store: Store) -> None:
    ConsentManager(store, "alice").grant("browsing_history")
    assert ConsentManager(store, "bob").state()["browsing_history"] is False
    assert store.record_view("bob", "p1") is False
    assert ConsentManager(store, "bob").receipts() == []
