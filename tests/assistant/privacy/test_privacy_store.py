"""Store: SQLite WAL setup, versioned migrations, refusing a newer schema, bad URLs."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest
from sqlalchemy import Connection, text, update

from assistant.privacy import SCHEMA_VERSION, Store, StoreConfig
from assistant.privacy import schema as t
from assistant.privacy.schema import MIGRATIONS, current_version, migrate
from models.errors import StoreError
from models.settings import Settings

from privacy_testkit import store_fixture, store_settings_fixture  # noqa: F401


def test_sqlite_store_is_wal_with_pragmas(tmp_path: Path) -> None:
    with Store.open(Settings(home=tmp_path / "h")) as s:
        assert (tmp_path / "h" / "clearcart.db").exists()
        assert s.journal_mode() == "wal"
        with s.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000


def test_fresh_store_is_at_latest_schema_and_reopens(
    store: Store, store_settings: Settings
) -> None:
    assert store.schema_version() == SCHEMA_VERSION == len(MIGRATIONS)
    store.record_suggestion("a", {"product_id": "p", "score": 1.0})
    store.close()
    with Store.open(store_settings) as again:  # reopening migrates nothing and keeps data
        assert again.schema_version() == SCHEMA_VERSION
        assert again.verify_audit().checked == 1


def test_newer_schema_is_refused_with_a_fix(store: Store, store_settings: Settings) -> None:
    with store.engine.begin() as conn:
        conn.execute(update(t.schema_version).values(version=SCHEMA_VERSION + 5))
    store.close()
    with pytest.raises(StoreError) as err:
        Store.open(store_settings)
    assert f"version {SCHEMA_VERSION + 5}" in str(err.value)
    assert err.value.fix and "upgrade ClearCart" in err.value.fix


def test_pending_migrations_run_in_order_once(store: Store) -> None:
    applied: list[int] = []

    def m2(conn: Connection) -> None:
        applied.append(2)
        conn.execute(text("CREATE TABLE extra_v2 (x INTEGER)"))

    def m3(conn: Connection) -> None:
        applied.append(3)
        conn.execute(text("INSERT INTO extra_v2 (x) VALUES (3)"))

    chain = (*MIGRATIONS, m2, m3)
    with store.engine.begin() as conn:
        assert migrate(conn, chain) == (SCHEMA_VERSION, SCHEMA_VERSION + 2)
    with store.engine.begin() as conn:
        assert migrate(conn, chain) == (SCHEMA_VERSION + 2, SCHEMA_VERSION + 2)
        assert current_version(conn) == SCHEMA_VERSION + 2
        assert conn.execute(text("SELECT x FROM extra_v2")).scalar() == 3
    assert applied == [2, 3]


def test_failed_migration_rolls_back(store: Store) -> None:
    def broken(conn: Connection) -> None:
        conn.execute(text("CREATE TABLE half_done (x INTEGER)"))
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError), store.engine.begin() as conn:
        migrate(conn, (*MIGRATIONS, broken))
    with store.engine.begin() as conn:
        assert current_version(conn) == SCHEMA_VERSION


@pytest.mark.parametrize("url", ["mysql+nosuchdriver://x/y", "not a url"])
def test_bad_db_url_is_a_store_error(tmp_path: Path, url: str) -> None:
    with pytest.raises(StoreError) as err:
        Store.open(Settings(home=tmp_path, db_url=url))
    assert err.value.fix


def test_unreachable_postgres_is_a_store_error(tmp_path: Path) -> None:
    url = "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2"
    with pytest.raises(StoreError) as err:
        Store.open(Settings(home=tmp_path, db_url=url))
    assert "reachable" in (err.value.fix or "")


def test_purge_thread_purges_then_stops(tmp_path: Path) -> None:
    s = Store.open(Settings(home=tmp_path), StoreConfig(purge_interval_s=0.05))
    thread = s._purger
    assert thread is not None and thread.is_alive()
    s.record_turn("alice", "user", "hello")
    with s.engine.begin() as conn:
        conn.execute(update(t.turns).values(at=time.time() - 31 * 86_400))
    deadline = time.time() + 5
    while s.turns("alice") and time.time() < deadline:
        time.sleep(0.05)
    assert s.turns("alice") == []
    s.close()
    assert not thread.is_alive()
    with pytest.raises(StoreError):
        Store.open(Settings(home=tmp_path)).start_purging(0)


def test_logs_carry_a_keyed_tag_not_the_shopper_id(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with (
        Store.open(Settings(home=tmp_path)) as s,
        caplog.at_level(logging.INFO, "clearcart.privacy"),
    ):
        s.record_turn("alice-smith-1984", "user", "hi")
        s.erase("alice-smith-1984")
        assert s.cipher.log_tag("alice-smith-1984") in caplog.text
    assert "erased" in caplog.text and "alice" not in caplog.text
