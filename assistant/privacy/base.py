"""What every part of the Store shares: the engine, the write lock, the cipher, shopper rows.

The public methods live in mixins (history.py, consent_ops in consent.py,
audit.py, rights.py) over this base; store.py puts them together and opens it.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Table, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from assistant.privacy import schema as t
from assistant.privacy.crypto import FieldCipher
from assistant.privacy.validate import check_id
from models.errors import ClearCartError, StoreError

log = logging.getLogger("clearcart.privacy")

WRITE_OPTION = "clearcart_write"  # execution option: SQLite takes the write lock at BEGIN


@dataclass(frozen=True)
class StoreConfig:
    # How long a SQLite writer waits for another process's lock before failing (ms).
    busy_timeout_ms: int = 10_000
    # Connections kept open (the Gradio app serves 16 sessions from worker threads).
    pool_size: int = 16
    # Extra connections allowed under bursts.
    max_overflow: int = 16
    # Delete rows past their retention period when the store opens.
    purge_on_open: bool = True
    # Seconds between background purges; None means no background thread.
    purge_interval_s: float | None = None
    # Tries to truncate SQLite's WAL after an erase while readers hold it (see scrub()).
    scrub_retries: int = 20


@dataclass(frozen=True)
class ShopperRow:
    key: str  # HMAC of the shopper id
    pseudonym: str  # random; what audit rows carry
    objected: bool  # objection to profiling in force


class StoreBase:
    """Engine, lock and cipher shared by the Store mixins."""

    engine: Engine
    cipher: FieldCipher
    config: StoreConfig

    def __init__(self, engine: Engine, cipher: FieldCipher, config: StoreConfig) -> None:
        self.engine = engine
        self.cipher = cipher
        self.config = config
        # One writer at a time inside this process; SQLite's BEGIN IMMEDIATE and
        # PostgreSQL row locks serialise writers across processes.
        self._write_lock = threading.RLock()

    # -- transactions -------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """A write transaction: committed on success, rolled back on any error."""
        with self._write_lock, self._db_errors():
            conn = self.engine.connect().execution_options(**{WRITE_OPTION: True})
            try:
                with conn.begin():
                    yield conn
            finally:
                conn.close()

    @contextmanager
    def _read(self, snapshot: bool = False) -> Iterator[Connection]:
        """A read transaction; `snapshot`: every statement sees the same data (PostgreSQL
        REPEATABLE READ; a SQLite read transaction always does)."""
        with self._db_errors(), self.engine.connect() as conn:
            if snapshot and self.dialect == "postgresql":
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                yield conn

    @contextmanager
    def _db_errors(self) -> Iterator[None]:
        try:
            yield
        except ClearCartError:
            raise
        except SQLAlchemyError as e:
            raise StoreError(
                f"the store ({self.describe()}) failed: {type(e.__cause__ or e).__name__}: "
                f"{str(e.__cause__ or e).splitlines()[0][:200]}",
                fix="check that the database is reachable and not full; for SQLite, that "
                "CLEARCART_HOME is writable; then retry",
            ) from e

    def describe(self) -> str:
        """The store's location without credentials."""
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    # -- shoppers -----------------------------------------------------------

    def check_shopper_id(self, shopper_id: object) -> str:
        """The id if usable; InputError (saying what is wrong) otherwise."""
        return check_id(shopper_id, "shopper id")

    def _key(self, shopper_id: object) -> str:
        return self.cipher.shopper_key(self.check_shopper_id(shopper_id))

    def _pid_tag(self, key: str, product_id: str) -> str:
        """Per-shopper tag of a product id: matches exclusions without decrypting."""
        return self.cipher.tag("product", key, product_id)

    def _shopper(self, conn: Connection, key: str, lock: bool = False) -> ShopperRow | None:
        """The shopper's row; `lock` holds it (PostgreSQL) until the transaction ends."""
        q = select(t.shoppers.c.pseudonym, t.shoppers.c.objected).where(
            t.shoppers.c.shopper_key == key
        )
        row = conn.execute(q.with_for_update() if lock else q).first()
        return None if row is None else ShopperRow(key, row.pseudonym, bool(row.objected))

    def _ensure_shopper(self, conn: Connection, key: str) -> ShopperRow:
        """The shopper's row, created (with a fresh random pseudonym) if missing; locked."""
        self._insert_ignore(
            conn, t.shoppers,
            {"shopper_key": key, "pseudonym": secrets.token_hex(16), "objected": False,
             "created_at": time.time()},
        )
        row = self._shopper(conn, key, lock=True)
        assert row is not None, "shopper row vanished inside its own transaction"
        return row

    def _insert_ignore(self, conn: Connection, table: Table, values: dict[str, Any]) -> int:
        """INSERT that does nothing when a unique key already exists; rows inserted."""
        stmt: Any
        if self.dialect == "postgresql":
            stmt = postgresql.insert(table).values(**values).on_conflict_do_nothing()
        else:
            stmt = sqlite.insert(table).values(**values).on_conflict_do_nothing()
        return int(conn.execute(stmt).rowcount or 0)

    def _allowed(self, conn: Connection, key: str, category: str, lock: bool = True) -> bool:
        """Is consent for `category` granted and no objection in force? `lock`: hold the row."""
        row = self._shopper(conn, key, lock=lock)
        if row is None or row.objected:
            return False
        granted = conn.execute(
            select(t.consent.c.granted).where(
                t.consent.c.shopper_key == key, t.consent.c.category == category
            )
        ).scalar()
        return bool(granted)


__all__ = ["ShopperRow", "StoreBase", "StoreConfig", "WRITE_OPTION", "log"]
