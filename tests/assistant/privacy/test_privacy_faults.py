"""Isolation and faults: no cross-talk between shoppers, 16 threads, kill -9 mid-write,
bad input."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import func, select

from assistant.privacy import ConsentManager, Store
from assistant.privacy import schema as t
from models.errors import ConsentError, InputError
from models.settings import Settings

from privacy_testkit import (  # noqa: F401
    audit_row_count,
    store_fixture,
    store_settings_fixture,
    suggestion,
)

REPO = Path(__file__).resolve().parents[3]


def test_two_shoppers_never_see_each_others_data(store: Store) -> None:
    for who in ("alice", "bob"):
        ConsentManager(store, who).grant("browsing_history")
        ConsentManager(store, who).grant("purchase_history")
        store.record_view(who, f"{who}-v")
        store.record_purchase(who, f"{who}-b", 1.0)
        store.mark_not_interested(who, f"{who}-n")
        store.record_turn(who, "user", f"{who} says hi")
        store.record_suggestion(who, suggestion(f"{who}-s"))
    assert store.views("alice") == ["alice-v"] and store.views("bob") == ["bob-v"]
    assert store.purchases("alice") == [("alice-b", 1.0)]
    assert store.not_interested("bob") == {"bob-n"}
    assert [x["text"] for x in store.turns("alice")] == ["alice says hi"]
    ConsentManager(store, "alice").withdraw("browsing_history")
    assert store.views("bob") == ["bob-v"]  # one shopper's withdrawal leaves the other alone
    store.exclude_from_history("alice", "bob-v")
    assert store.views("bob") == ["bob-v"]  # exclusions are per shopper too


def test_sixteen_concurrent_sessions_no_cross_talk(store: Store) -> None:
    n_threads, n_ops = 16, 12

    def session(i: int) -> list[str]:
        who = f"shopper-{i}"
        problems: list[str] = []
        ConsentManager(store, who).grant("browsing_history")
        for j in range(n_ops):
            store.record_view(who, f"{i}:{j}")
            store.record_suggestion(who, suggestion(f"{i}:{j}"))
            seen = store.views(who)
            if any(not pid.startswith(f"{i}:") for pid in seen) or len(seen) != j + 1:
                problems.append(f"{who} saw {seen}")
        shown = store.export_data(who)["suggestions_shown"]
        expected = sorted(f"{i}:{j}" for j in range(n_ops))
        if sorted(s["record"]["product_id"] for s in shown) != expected:
            problems.append(f"{who} export holds {len(shown)} foreign/missing suggestions")
        return problems

    with ThreadPoolExecutor(n_threads) as pool:
        problems = [p for ps in pool.map(session, range(n_threads)) for p in ps]
    assert problems == []
    report = store.verify_audit()
    assert report.ok and report.checked == n_threads * n_ops, report.problems


CHILD = """
import sys
from pathlib import Path
from assistant.privacy import ConsentManager, Store
from models.settings import Settings
store = Store.open(Settings(home=Path(sys.argv[1])))
ConsentManager(store, "writer").grant("browsing_history")
i = 0
while True:
    store.record_view("writer", f"p{i}")
    record = {"product_id": f"p{i}", "score": i / 7, "disclosure": {"x": "y" * 2000}}
    store.record_suggestion("writer", record)
    store.record_turn("writer", "user", "call me at +44 20 7946 0958 " * 20)
    i += 1
    if i == 20:
        print("ready", flush=True)
"""


def test_kill_9_mid_write_leaves_a_consistent_store(tmp_path: Path) -> None:
    home = tmp_path / "home"
    for _round in range(3):
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(home)], cwd=REPO,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            assert child.stdout is not None
            line = child.stdout.readline()
            assert line.strip() == "ready", child.stderr.read() if child.stderr else ""
            time.sleep(0.05 + 0.1 * _round)
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=10)
        assert child.returncode == -signal.SIGKILL
        with Store.open(Settings(home=home)) as s:
            with s.engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
                shown = conn.execute(select(func.count()).select_from(t.suggestions_shown)).scalar()
            report = s.verify_audit()
            assert report.ok, report.problems
            # Each suggestion's audit record and the shopper's copy commit together.
            assert report.checked == shown == audit_row_count(s) >= 20
            assert len(s.views("writer")) >= 20


BAD_IDS = [
    "", "   ", "x" * 10_240, "a\x00b", "tab\there", "line\nbreak", "rtl\u202eoverride", 42, None,
]  # fmt: skip


@pytest.mark.parametrize("bad", BAD_IDS, ids=lambda b: repr(b)[:20])
def test_malformed_shopper_ids_are_refused_and_change_nothing(store: Store, bad: object) -> None:
    calls = [
        lambda: store.record_view(bad, "p1"),  # type: ignore[arg-type]
        lambda: store.record_suggestion(bad, suggestion()),  # type: ignore[arg-type]
        lambda: store.record_turn(bad, "user", "hi"),  # type: ignore[arg-type]
        lambda: store.mark_not_interested(bad, "p1"),  # type: ignore[arg-type]
        lambda: store.erase(bad),  # type: ignore[arg-type]
        lambda: store.export_data(bad),  # type: ignore[arg-type]
        lambda: ConsentManager(store, bad),  # type: ignore[arg-type]
    ]
    for call in calls:
        with pytest.raises(InputError) as err:
            call()
        assert err.value.fix
    assert _row_total(store) == 0


@pytest.mark.parametrize("bad", BAD_IDS[:-2], ids=lambda b: repr(b)[:20])
def test_malformed_product_ids_are_refused(store: Store, bad: str) -> None:
    ConsentManager(store, "alice").grant("browsing_history")
    before = _row_total(store)
    calls = (
        lambda: store.record_view("alice", bad),
        lambda: store.exclude_from_history("alice", bad),
        lambda: store.record_purchase("alice", bad, 1.0),
    )
    for call in calls:
        with pytest.raises(InputError):
            call()
    assert _row_total(store) == before


def test_huge_inputs_and_bad_values_are_refused(store: Store) -> None:
    c = ConsentManager(store, "alice")
    c.grant("purchase_history")
    before = _row_total(store)
    with pytest.raises(InputError, match="limit"):
        store.record_turn("alice", "user", "x" * 1_000_000)
    for price in (-1, float("nan"), float("inf"), "12", True):
        with pytest.raises(InputError):
            store.record_purchase("alice", "p1", price)  # type: ignore[arg-type]
    with pytest.raises(ConsentError):
        c.grant("x" * 10_000)
    huge = suggestion()
    huge["product_id"] = "p" * 10_000
    with pytest.raises(InputError):
        store.record_suggestion("alice", huge)
    assert _row_total(store) == before


def _row_total(store: Store) -> int:
    with store.engine.connect() as conn:
        return sum(int(conn.execute(select(func.count()).select_from(tbl)).scalar() or 0)
                   for tbl in t.metadata.sorted_tables
                   if tbl.name not in ("schema_version", "audit_head"))
