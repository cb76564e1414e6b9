"""The shopper's rights: export everything held, erase it, and retention purges.

Erase deletes every personal row (found by the keyed `shopper_key`) and the
`shoppers` row, which is the only link between the shopper and the random
pseudonym on their audit records. The audit log is not touched (it must keep
verifying); after erase nothing in the store, and no key, maps those records
back to the shopper id. A shopper who comes back gets a new pseudonym.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select

from assistant.privacy import schema as t
from assistant.privacy.base import StoreBase, log
from assistant.privacy.consent import iso, receipts
from assistant.privacy.retention import DAY_S, RETENTION_DAYS
from models.categories import BROWSING_HISTORY, PERSONAL_CATEGORIES, PURCHASE_HISTORY
from models.errors import InputError

# table -> retention kind, for purges
PURGED: tuple[tuple[t.Table, str], ...] = (
    (t.views, BROWSING_HISTORY),
    (t.purchases, PURCHASE_HISTORY),
    (t.turns, "chat"),
    (t.suggestions_shown, "suggestions"),
    (t.not_interested, "not_interested"),
    (t.exclusions, "exclusions"),
)


class RightsMixin(StoreBase):
    """export_data, erase, erase_pseudonym, scrub, purge_expired."""

    def export_data(self, shopper_id: str) -> dict[str, Any]:
        """Everything held about the shopper, as JSON-serialisable data."""
        sid = self.check_shopper_id(shopper_id)
        key = self.cipher.shopper_key(sid)
        dec = self.cipher.decrypt
        with self._read() as conn:
            shopper_query = select(t.shoppers).where(t.shoppers.c.shopper_key == key)
            shopper = conn.execute(shopper_query).first()
            granted = {r.category: bool(r.granted) for r in conn.execute(
                select(t.consent).where(t.consent.c.shopper_key == key))}

            def rows(table: t.Table, order: Any) -> list[Any]:
                return list(conn.execute(select(table).where(table.c.shopper_key == key)
                                         .order_by(order)).all())

            views = rows(t.views, t.views.c.id)
            purchases = rows(t.purchases, t.purchases.c.id)
            excluded = rows(t.exclusions, t.exclusions.c.at)
            hidden = rows(t.not_interested, t.not_interested.c.at)
            chat = rows(t.turns, t.turns.c.id)
            shown = rows(t.suggestions_shown, t.suggestions_shown.c.id)
        objected = bool(shopper.objected) if shopper is not None else False
        return {
            "shopper_id": sid,
            "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "profile": None if shopper is None else {
                "created_at": iso(shopper.created_at),
                "audit_pseudonym": shopper.pseudonym,
                "objected_to_profiling": objected,
            },
            "consent": {
                "state": {c: granted.get(c, False) and not objected for c in PERSONAL_CATEGORIES},
                "objected_to_profiling": objected,
                "receipts": receipts(self, key),
            },
            "views": [{"product_id": dec(r.product_enc), "at": iso(r.at)} for r in views],
            "purchases": [{"product_id": dec(r.product_enc), "price": dec(r.price_enc),
                           "at": iso(r.at)} for r in purchases],
            "excluded_from_history": [{"product_id": dec(r.product_enc), "at": iso(r.at)}
                                      for r in excluded],
            "not_interested": [{"product_id": dec(r.product_enc), "at": iso(r.at)} for r in hidden],
            "chat_turns": [{"role": r.role, "text": dec(r.text_enc), "at": iso(r.at)}
                           for r in chat],
            "suggestions_shown": [{"audit_id": r.audit_id, "at": iso(r.at),
                                   "record": dec(r.record_enc)} for r in shown],
            "retention_days": dict(RETENTION_DAYS),
        }

    def erase(self, shopper_id: str) -> dict[str, int]:
        """Delete all of the shopper's personal data and unlink their audit pseudonym;
        rows deleted per table. Nothing is left on disk (see `scrub`)."""
        key = self._key(shopper_id)
        counts = self._erase_key(key)
        log.info("erased shopper %s: %s", self.cipher.log_tag(shopper_id), counts)
        return counts

    def erase_pseudonym(self, pseudonym: str) -> dict[str, int] | None:
        """Erase the shopper behind an audit pseudonym (an admin acting on a shopper's
        request); None when no shopper has that pseudonym (never existed or already erased)."""
        key = self.shopper_key_of(pseudonym)
        if key is None:
            return None
        counts = self._erase_key(key)
        log.info("erased the shopper behind pseudonym %s…: %s", pseudonym[:6], counts)
        return counts

    def shopper_key_of(self, pseudonym: str) -> str | None:
        """The stored key of the shopper with this audit pseudonym (None: no such shopper)."""
        if not isinstance(pseudonym, str) or not pseudonym.strip():
            raise InputError("the pseudonym is empty",
                             fix="copy it from the audit log or the shopper's export")
        with self._read() as conn:
            key = conn.execute(select(t.shoppers.c.shopper_key)
                               .where(t.shoppers.c.pseudonym == pseudonym.strip())).scalar()
        return None if key is None else str(key)

    def _erase_key(self, key: str) -> dict[str, int]:
        counts: dict[str, int] = {}
        with self._write() as conn:
            self._shopper(conn, key, lock=True)
            for table in (*t.PERSONAL_TABLES, t.shoppers):
                res = conn.execute(delete(table).where(table.c.shopper_key == key))
                counts[table.name] = int(res.rowcount or 0)
        self.scrub()
        return counts

    def scrub(self) -> bool:
        """Leave no copy of deleted rows on disk; True when done completely.

        SQLite: deleted cells are zeroed (`secure_delete`, set on every connection), then
        the WAL is checkpointed into the database and truncated to zero bytes, so the old
        page images it held are gone. A reader mid-transaction can block the truncation for
        a moment: it is retried, and the next erase or the next checkpoint finishes it.
        PostgreSQL: VACUUM the personal tables (dead rows removed). Its WAL segments keep
        the old row images until they are recycled; every personal field in them is
        Fernet ciphertext (docs/SECURITY.md)."""
        with self._write_lock:
            if self.dialect == "sqlite":
                for attempt in range(self.config.scrub_retries):
                    raw = self.engine.raw_connection()  # no BEGIN: a checkpoint runs outside
                    try:  # any transaction, or its own read lock would block the truncation
                        busy = raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
                    finally:
                        raw.close()
                    if not busy:
                        return True
                    time.sleep(0.05 * (attempt + 1))
                log.warning("erase: the WAL could not be truncated now (readers busy); "
                            "it will be at the next checkpoint")
                return False
            with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                for table in (*t.PERSONAL_TABLES, t.shoppers):
                    conn.exec_driver_sql(f"VACUUM {table.name}")
            return True

    def purge_expired(self, now: float | None = None) -> dict[str, int]:
        """Delete rows past their retention period (all shoppers); rows deleted per table."""
        at = time.time() if now is None else float(now)
        counts: dict[str, int] = {}
        with self._write() as conn:
            for table, kind in PURGED:
                res = conn.execute(delete(table).where(
                    table.c.at < at - RETENTION_DAYS[kind] * DAY_S))
                counts[table.name] = int(res.rowcount or 0)
        if any(counts.values()):
            log.info("retention purge: %s", counts)
        return counts


__all__ = ["PURGED", "RightsMixin"]
