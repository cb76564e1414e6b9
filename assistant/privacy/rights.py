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
    """export_data, erase, purge_expired."""

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
        rows deleted per table."""
        key = self._key(shopper_id)
        counts: dict[str, int] = {}
        with self._write() as conn:
            self._shopper(conn, key, lock=True)
            for table in (*t.PERSONAL_TABLES, t.shoppers):
                res = conn.execute(delete(table).where(table.c.shopper_key == key))
                counts[table.name] = int(res.rowcount or 0)
        log.info("erased shopper %s: %s", self.cipher.log_tag(shopper_id), counts)
        return counts

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
