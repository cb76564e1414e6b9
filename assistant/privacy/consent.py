"""Consent per shopper and personal data category, with a receipt for every change.

Default is off for every category in PERSONAL_CATEGORIES. A change takes
effect in the same transaction, so the very next suggestion sees it.

Withdrawal deletes what was recorded under that category (views for
browsing_history, orders for purchase_history), in the same transaction,
and the receipt says how many items were deleted. GDPR only requires that
processing stops; deleting is the safer default, since nothing is left to
process by mistake, and a shopper who grants again starts from an empty history.

`object_to_profiling()` withdraws every category (same deletion) and keeps
them off: `grant` raises ConsentError until `lift_objection()`. Lifting
does not re-grant anything.

Receipts (kept until the shopper is erased, as proof of consent): category,
state ("granted" / "withdrawn", or for category "profiling" "objected" /
"objection lifted"), time, source (who changed it: "shopper", "privacy center", ...), note.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from assistant.privacy import schema as t
from assistant.privacy.base import StoreBase
from assistant.privacy.validate import check_category, check_id
from models.categories import BROWSING_HISTORY, PERSONAL_CATEGORIES, PURCHASE_HISTORY
from models.errors import ConsentError

PROFILING = "profiling"  # receipt category of an objection to profiling
# Where each personal category's recorded data lives (location is never stored).
DATA_TABLES = {BROWSING_HISTORY: t.views, PURCHASE_HISTORY: t.purchases}


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="seconds")


class ConsentManager:
    """One shopper's consent: grant, withdraw, object to profiling; state and receipts."""

    def __init__(self, store: StoreBase, shopper_id: str) -> None:
        self.store = store
        self.shopper_id = store.check_shopper_id(shopper_id)
        self._key = store.cipher.shopper_key(self.shopper_id)

    def grant(self, category: str, source: str = "shopper") -> None:
        """Allow one personal category from now on. ConsentError while objecting to profiling."""
        check_category(category)
        src = check_id(source, "consent source")
        with self.store._write() as conn:
            row = self.store._ensure_shopper(conn, self._key)
            if row.objected:
                raise ConsentError(
                    f"cannot grant {category!r}: you have objected to profiling",
                    fix="lift the objection first (ConsentManager.lift_objection(), or "
                    "'Allow personalization again' in the privacy center), then grant",
                )
            self._set(conn, category, True)
            self._receipt(conn, category, True, src, "")

    def withdraw(self, category: str, source: str = "shopper") -> int:
        """Stop using one personal category and delete what was recorded; items deleted."""
        check_category(category)
        src = check_id(source, "consent source")
        with self.store._write() as conn:
            self.store._ensure_shopper(conn, self._key)
            deleted = self._withdraw(conn, category, src)
        return deleted

    def object_to_profiling(self, source: str = "shopper") -> int:
        """Withdraw every personal category and keep them off; items deleted."""
        src = check_id(source, "consent source")
        with self.store._write() as conn:
            self.store._ensure_shopper(conn, self._key)
            deleted = sum(self._withdraw(conn, c, src) for c in PERSONAL_CATEGORIES)
            conn.execute(update(t.shoppers).where(t.shoppers.c.shopper_key == self._key)
                         .values(objected=True))
            self._receipt(conn, PROFILING, False, src,
                          "objected to profiling: all personal categories off until lifted")
        return deleted

    def lift_objection(self, source: str = "shopper") -> None:
        """End the objection; every category stays off until granted again."""
        src = check_id(source, "consent source")
        with self.store._write() as conn:
            row = self.store._ensure_shopper(conn, self._key)
            if not row.objected:
                return
            conn.execute(update(t.shoppers).where(t.shoppers.c.shopper_key == self._key)
                         .values(objected=False))
            self._receipt(conn, PROFILING, True, src,
                          "objection lifted; personal categories stay off until granted")

    def state(self) -> dict[str, bool]:
        """Personal category -> in effect now (granted and no objection)."""
        with self.store._read() as conn:
            row = self.store._shopper(conn, self._key)
            rows = conn.execute(select(t.consent.c.category, t.consent.c.granted)
                                .where(t.consent.c.shopper_key == self._key)).all()
        granted = {r.category: bool(r.granted) for r in rows}
        objected = row is not None and row.objected
        return {c: granted.get(c, False) and not objected for c in PERSONAL_CATEGORIES}

    @property
    def objected(self) -> bool:
        with self.store._read() as conn:
            row = self.store._shopper(conn, self._key)
        return row is not None and row.objected

    def receipts(self) -> list[dict[str, Any]]:
        """Every consent change, oldest first."""
        return receipts(self.store, self._key)

    # -- inside a write transaction ------------------------------------------

    def _withdraw(self, conn: Connection, category: str, source: str) -> int:
        self._set(conn, category, False)
        deleted = 0
        table = DATA_TABLES.get(category)
        if table is not None:
            res = conn.execute(delete(table).where(table.c.shopper_key == self._key))
            deleted = int(res.rowcount or 0)
        self._receipt(conn, category, False, source, f"withdrawn; {deleted} recorded items deleted")
        return deleted

    def _set(self, conn: Connection, category: str, granted: bool) -> None:
        now = time.time()
        res = conn.execute(update(t.consent).where(
            t.consent.c.shopper_key == self._key, t.consent.c.category == category
        ).values(granted=granted, updated_at=now))
        if not res.rowcount:
            conn.execute(insert(t.consent).values(
                shopper_key=self._key, category=category, granted=granted, updated_at=now
            ))

    def _receipt(self, conn: Connection, category: str, granted: bool, source: str,
                 note: str) -> None:
        conn.execute(insert(t.consent_receipts).values(
            shopper_key=self._key, category=category, granted=granted, at=time.time(),
            source=source, note=note,
        ))


def receipt_state(category: str, granted: bool) -> str:
    if category == PROFILING:
        return "objection lifted" if granted else "objected"
    return "granted" if granted else "withdrawn"


def receipts(store: StoreBase, key: str) -> list[dict[str, Any]]:
    with store._read() as conn:
        rows = conn.execute(
            select(t.consent_receipts).where(t.consent_receipts.c.shopper_key == key)
            .order_by(t.consent_receipts.c.id)
        ).all()
    return [{"category": r.category, "state": receipt_state(r.category, bool(r.granted)),
             "time": iso(r.at), "source": r.source, "note": r.note} for r in rows]


__all__ = ["DATA_TABLES", "PROFILING", "ConsentManager", "iso", "receipts"]
