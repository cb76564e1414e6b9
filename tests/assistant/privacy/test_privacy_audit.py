"""Audit log: hash chain, tamper detection naming the record, the `audit verify` command."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Connection, delete, select, update

from assistant.audit_cli import run_verify
from assistant.privacy import Store, canonical, chain_hash
from assistant.privacy import schema as t
from models.errors import InputError
from models.settings import Settings

from privacy_testkit import store_fixture, store_settings_fixture, suggestion  # noqa: F401


def fill(store: Store, n: int = 6) -> list[int]:
    return [store.record_suggestion(f"s{i % 2}", suggestion(f"p{i}", 0.1 * i)) for i in range(n)]


def test_records_chain_and_verify(store: Store) -> None:
    assert fill(store) == [1, 2, 3, 4, 5, 6]
    report = store.verify_audit()
    assert report.ok and report.checked == 6 and report.problems == []
    with store.engine.connect() as conn:
        rows = conn.execute(select(t.audit_log).order_by(t.audit_log.c.id)).all()
    prev = t.GENESIS_HASH
    for r in rows:  # the documented formula, recomputed independently
        assert r.prev_hash == prev
        assert r.hash == chain_hash(r.payload, prev)
        assert canonical(json.loads(r.payload)) == r.payload
        prev = r.hash
    assert report.head_hash == prev


def test_record_holds_the_audit_fields_only(store: Store) -> None:
    store.record_suggestion("alice", suggestion("p7", 0.8))
    rec = store.audit_records()[0]
    assert rec.product_id == "p7" and rec.score == 0.8
    assert rec.shap == {"request_match": pytest.approx(0.5), "viewed_similar": 0.2}
    assert rec.category_of["viewed_similar"] == "browsing_history"
    assert rec.disclosure.used == {"request": 0.6, "browsing_history": 0.4}
    assert (rec.model_version, rec.catalog_version) == ("m1", "c1")
    assert "alice" not in json.dumps(rec.to_dict())  # only the random pseudonym
    assert len(rec.pseudonym) == 32
    # what the shopper saw, so a marketer can reopen it; free text is PII-redacted
    assert rec.product_title == "Product p7"
    assert rec.reasons == ("It matches what you asked for.",)
    assert rec.top_reason == "It matches what you asked for."


def test_reasons_in_the_audit_log_are_redacted(store: Store) -> None:
    record = suggestion("p8", 0.7)
    record["reasons"] = ["Matches what you asked for: 'laptop, mail me at jo.doe@example.com'"]
    store.record_suggestion("bob", record)
    rec = store.audit_records()[0]
    assert "jo.doe@example.com" not in json.dumps(rec.to_dict())
    assert rec.reasons[0].startswith("Matches what you asked for")


def _edit_payload(conn: Connection) -> None:
    payload = conn.execute(select(t.audit_log.c.payload).where(t.audit_log.c.id == 3)).scalar_one()
    conn.execute(update(t.audit_log).where(t.audit_log.c.id == 3)
                 .values(payload=payload.replace('"score":0.2', '"score":0.9')))


def _edit_and_rehash(conn: Connection) -> None:
    r = conn.execute(select(t.audit_log).where(t.audit_log.c.id == 3)).one()
    body = json.loads(r.payload)
    body["product_id"] = "forged"
    payload = canonical(body)
    conn.execute(update(t.audit_log).where(t.audit_log.c.id == 3)
                 .values(payload=payload, hash=chain_hash(payload, r.prev_hash)))


def _delete_middle(conn: Connection) -> None:
    conn.execute(delete(t.audit_log).where(t.audit_log.c.id == 3))


def _delete_tail(conn: Connection) -> None:
    conn.execute(delete(t.audit_log).where(t.audit_log.c.id >= 5))


def _swap(conn: Connection) -> None:
    conn.execute(update(t.audit_log).where(t.audit_log.c.id == 3).values(id=-3))
    conn.execute(update(t.audit_log).where(t.audit_log.c.id == 4).values(id=3))
    conn.execute(update(t.audit_log).where(t.audit_log.c.id == -3).values(id=4))


def _edit_column(conn: Connection) -> None:
    conn.execute(update(t.audit_log).where(t.audit_log.c.id == 3).values(pseudonym="x" * 32))


def _edit_product_column(conn: Connection) -> None:  # would hide the record from a product filter
    conn.execute(update(t.audit_log).where(t.audit_log.c.id == 3).values(product_id="other"))


@pytest.mark.parametrize(("tamper", "expected"), [
    (_edit_payload, "record 3: edited"),
    (_edit_and_rehash, "record 4: does not link to record 3"),
    (_delete_middle, "record 3 deleted"),
    (_delete_tail, "records 5..6 at the end were deleted"),
    (_swap, "record at position 3 is record 4"),
    (_edit_column, "record 3: edited"),
    (_edit_product_column, "record 3: edited"),
])
def test_tampering_is_detected_and_named(
    store: Store, tamper: Callable[[Connection], None], expected: str
) -> None:
    fill(store)
    with store.engine.begin() as conn:
        tamper(conn)
    report = store.verify_audit()
    assert not report.ok
    assert any(expected in p for p in report.problems), report.problems


def test_appends_continue_a_verified_chain_after_reopen(
    store: Store, store_settings: Settings
) -> None:
    fill(store, 3)
    store.close()
    with Store.open(store_settings) as again:
        assert again.record_suggestion("x", suggestion()) == 4
        assert again.verify_audit().ok


@pytest.mark.parametrize("record", [
    {"score": 0.5},  # no product
    {"product_id": "p1"},  # no score
    {"product_id": "p1", "score": float("nan")},
    {"product_id": "p1", "score": 0.5, "disclosure": {"x": object()}},
    ["not", "a", "dict"],
])
def test_bad_records_are_refused_and_nothing_is_written(store: Store, record: object) -> None:
    with pytest.raises(InputError):
        store.record_suggestion("alice", record)  # type: ignore[arg-type]
    assert store.verify_audit().checked == 0
    assert store.export_data("alice")["suggestions_shown"] == []


def test_cli_verify_exit_codes_and_report(store: Store, store_settings: Settings) -> None:
    fill(store)
    out = io.StringIO()
    assert run_verify(store_settings, out) == 0
    assert "OK: 6 records verified" in out.getvalue()
    with store.engine.begin() as conn:
        _edit_payload(conn)
    out = io.StringIO()
    assert run_verify(store_settings, out) == 1
    assert "FAILED" in out.getvalue() and "record 3: edited" in out.getvalue()


def test_cli_verify_unopenable_store_exits_2(tmp_path: Path) -> None:
    out = io.StringIO()
    assert run_verify(Settings(home=tmp_path, db_url="nosuchdb://x"), out) == 2
    assert "cannot open the store" in out.getvalue()


def test_numpy_values_are_accepted(store: Store) -> None:
    import numpy as np

    rec = suggestion()
    rec["score"] = np.float32(0.25)
    rec["explanation"]["values"] = {"request_match": np.float32(0.125), "x": np.float64(0.5)}
    audit_id = store.record_suggestion("alice", rec)
    assert store.audit_records()[0].shap == {"request_match": 0.125, "x": 0.5}
    shown = store.export_data("alice")["suggestions_shown"][0]
    assert shown["audit_id"] == audit_id and shown["record"]["score"] == 0.25


def test_verify_while_appending_never_reports_a_false_problem(store: Store) -> None:
    import threading

    done = threading.Event()

    def writer() -> None:
        for i in range(150):
            store.record_suggestion(f"w{i % 3}", suggestion(f"p{i}"))
        done.set()

    thread = threading.Thread(target=writer)
    thread.start()
    reports = []
    while not done.is_set():
        reports.append(store.verify_audit())
    thread.join()
    reports.append(store.verify_audit())
    assert all(r.ok for r in reports), [r.problems for r in reports if not r.ok][:1]
    assert reports[-1].checked == 150
