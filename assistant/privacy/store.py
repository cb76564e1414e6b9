"""The profile/audit store: one SQLAlchemy Core code path for SQLite (WAL) and PostgreSQL.

`Store.open(settings)` opens `settings.home / "clearcart.db"` (SQLite in WAL
mode) or `settings.db_url` (PostgreSQL), applies pending schema migrations,
refuses a schema newer than this code, and purges expired rows. The Store is
thread-safe: share one per process (the Gradio app calls it from worker
threads); several processes may share one database.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from assistant.privacy.audit import AuditMixin
from assistant.privacy.base import WRITE_OPTION, StoreConfig, log
from assistant.privacy.crypto import FieldCipher
from assistant.privacy.history import HistoryMixin
from assistant.privacy.rights import RightsMixin
from assistant.privacy.schema import migrate
from assistant.privacy.users import UsersMixin
from models.errors import StoreError
from models.settings import Settings

DB_FILE_NAME = "clearcart.db"
_PG_MIGRATION_LOCK = 0x0C1EA4C4  # advisory lock id: one process migrates at a time


def _engine(settings: Settings, config: StoreConfig) -> Engine:
    if settings.db_url:
        url = settings.db_url
    else:
        home = Path(settings.home)
        home.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{(home / DB_FILE_NAME).resolve()}"
    try:
        engine = create_engine(url, pool_size=config.pool_size, max_overflow=config.max_overflow,
                               pool_pre_ping=not url.startswith("sqlite"))
    except (ArgumentError, NoSuchModuleError, ImportError) as e:
        raise StoreError(f"cannot use the store URL ({e})",
                         fix="set CLEARCART_DB_URL to postgresql+psycopg://user@host:port/db, or "
                         "unset it to use SQLite under CLEARCART_HOME") from e
    if engine.dialect.name == "sqlite":
        _sqlite_setup(engine, config)
    elif engine.dialect.name != "postgresql":
        raise StoreError(f"unsupported database {engine.dialect.name!r}",
                         fix="use SQLite (unset CLEARCART_DB_URL) or PostgreSQL")
    return engine


def _sqlite_setup(engine: Engine, config: StoreConfig) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # BEGIN is ours (below), not the driver's
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(config.busy_timeout_ms)}")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA synchronous = NORMAL")
        # Deleted rows are overwritten with zeros, not left in free pages (erasure).
        cur.execute("PRAGMA secure_delete = ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # Writers take the database write lock up front, so a read-then-write
        # (the audit head, consent checks) can never interleave with another writer.
        write = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


class Store(HistoryMixin, AuditMixin, RightsMixin, UsersMixin):
    """Consent-gated history, redacted chat, the audit log, export/erase/purge, console users."""

    def __init__(self, engine: Engine, cipher: FieldCipher, config: StoreConfig) -> None:
        super().__init__(engine, cipher, config)
        self._stop = threading.Event()
        self._purger: threading.Thread | None = None

    @classmethod
    def open(cls, settings: Settings, config: StoreConfig | None = None) -> Store:
        """Open (creating or migrating) the store that `settings` points at."""
        cfg = config or StoreConfig()
        cipher = FieldCipher.from_settings(settings)
        store = cls(_engine(settings, cfg), cipher, cfg)
        try:
            store._migrate()
            if cfg.purge_on_open:
                store.purge_expired()
        except BaseException:
            store.engine.dispose()
            raise
        if cfg.purge_interval_s:
            store.start_purging(cfg.purge_interval_s)
        return store

    def _migrate(self) -> None:
        with self._write() as conn:
            if self.dialect == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
            found, target = migrate(conn)
        if found != target:
            log.info("store schema migrated from version %d to %d", found, target)

    def schema_version(self) -> int:
        from assistant.privacy.schema import current_version

        with self._read() as conn:
            return current_version(conn)

    def journal_mode(self) -> str | None:
        """SQLite's journal mode ("wal"); None on PostgreSQL."""
        if self.dialect != "sqlite":
            return None
        with self._read() as conn:
            return str(conn.exec_driver_sql("PRAGMA journal_mode").scalar())

    # -- scheduled retention purge --------------------------------------------

    def start_purging(self, interval_s: float) -> threading.Thread:
        """Run purge_expired every `interval_s` seconds in a daemon thread (until close())."""
        if interval_s <= 0:
            raise StoreError(f"purge interval must be positive, got {interval_s}",
                             fix="pass a number of seconds, e.g. 3600")
        if self._purger is not None and self._purger.is_alive():
            return self._purger

        def loop() -> None:
            while not self._stop.wait(interval_s):
                try:
                    self.purge_expired()
                except (StoreError, SQLAlchemyError) as e:  # keep purging on the next tick
                    log.warning("retention purge failed: %s", e)

        self._stop.clear()
        self._purger = threading.Thread(target=loop, name="clearcart-purge", daemon=True)
        self._purger.start()
        return self._purger

    def close(self) -> None:
        """Stop the purge thread and close all connections."""
        self._stop.set()
        if self._purger is not None:
            self._purger.join(timeout=5)
            self._purger = None
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = ["DB_FILE_NAME", "Store"]
