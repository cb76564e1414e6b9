"""Audit-log queries: filters run in the database (old records are found), typed
`AuditRecord`s come back, and a v1 store gains the product column on upgrade."""

from __future__ import annotations

import json

from sqlalchemy import text, update

from assistant.privacy import AuditRecord, Store
from assistant.privacy import schema as t
from models.settings import Settings

from privacy_testkit import store_fixture, store_settings_fixture, suggestion  # noqa: F401


def test_an_old_record_is_found_among_many_newer_ones(store: Store) -> None:
    old_id = store.record_suggestion("early-bird", suggestion("rare-product", 0.3))
    for i in range(1200):  # far more than any limit * 5 window over the newest rows
        store.record_suggestion(f"s{i % 7}", suggestion(f"p{i % 50}"))
    found = store.audit_records(limit=10, product_id="rare-product")
    assert [r.id for r in found] == [old_id]
    pseudonym = found[0].pseudonym
    mine = store.audit_records(limit=10, pseudonym=pseudonym[:12])
    assert [r.id for r in mine] == [old_id]  # a prefix, as the console shows it
    assert store.audit_records(limit=10, product_id="no-such-product") == []


def test_filters_combine_and_keep_newest_first(store: Store) -> None:
    ids = [store.record_suggestion(f"s{i % 2}", suggestion(f"p{i % 3}")) for i in range(12)]
    p0 = store.audit_records(limit=100, product_id="p0")
    assert [r.id for r in p0] == sorted((ids[i] for i in range(12) if i % 3 == 0), reverse=True)
    s0 = p0[0].pseudonym
    both = store.audit_records(limit=100, product_id="p0", pseudonym=s0)
    assert both and all(r.pseudonym == s0 and r.product_id == "p0" for r in both)
    assert len(store.audit_records(limit=2, product_id="p0")) == 2
    t_mid = store.audit_record(ids[6]).time  # type: ignore[union-attr]
    assert all(r.time >= t_mid for r in store.audit_records(limit=100, since=t_mid))
    assert all(r.time <= t_mid for r in store.audit_records(limit=100, until=t_mid))
    assert {r.id for r in store.audit_records(limit=100, since=t_mid, until=t_mid)} == {ids[6]}


def test_a_pseudonym_filter_is_a_literal_prefix(store: Store) -> None:
    store.record_suggestion("alice", suggestion())
    assert store.audit_records(pseudonym="%") == []  # LIKE wildcards are escaped
    assert store.audit_records(pseudonym="_") == []


def test_records_are_typed_and_round_trip(store: Store) -> None:
    audit_id = store.record_suggestion("alice", suggestion("p9", 0.7))
    rec = store.audit_record(audit_id)
    assert isinstance(rec, AuditRecord) and rec.id == audit_id and rec.rank == 1
    assert rec.explanation.base_value == 0.1
    assert rec.explanation.values == rec.shap
    assert AuditRecord.from_payload(json.loads(json.dumps(rec.to_dict()))) == rec
    assert store.audit_record(audit_id + 1) is None


def test_a_v1_store_gains_the_product_column_and_keeps_verifying(
    store: Store, store_settings: Settings
) -> None:
    for i in range(5):
        store.record_suggestion("alice", suggestion(f"p{i}"))
    with store.engine.begin() as conn:  # make it look like a store written by schema v1
        for index in t.AUDIT_INDEXES:
            conn.execute(text(f"DROP INDEX {index.name}"))
        conn.execute(text("ALTER TABLE audit_log DROP COLUMN product_id"))
        conn.execute(update(t.schema_version).values(version=1))
    store.close()
    with Store.open(store_settings) as again:
        assert again.schema_version() == t.SCHEMA_VERSION
        assert [r.product_id for r in again.audit_records(product_id="p3")] == ["p3"]
        assert again.verify_audit().ok
        again.record_suggestion("bob", suggestion("p3"))
        assert len(again.audit_records(product_id="p3")) == 2
