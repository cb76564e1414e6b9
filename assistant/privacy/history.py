"""What the shopper did: views, purchases, exclusions, "not interested", chat turns; sponsorships.

Views and purchases are recorded only while their consent is granted (and no
objection to profiling is in force): otherwise `record_*` returns False and
nothing at all is written. Product ids, prices and chat text are stored
encrypted; an excluded product is removed from the history and never recorded
again for that shopper.
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from assistant.privacy import schema as t
from assistant.privacy.base import StoreBase
from assistant.privacy.redact import redact
from assistant.privacy.retention import DAY_S, RETENTION_DAYS
from assistant.privacy.validate import check_amount, check_id, check_role, check_text
from models.categories import BROWSING_HISTORY, PURCHASE_HISTORY

MAX_BOOST = 10.0  # largest sponsorship boost (log-odds added to the ranker score)


def _cutoff(kind: str, now: float | None = None) -> float:
    return (time.time() if now is None else now) - RETENTION_DAYS[kind] * DAY_S


class HistoryMixin(StoreBase):
    """Views, purchases, exclusions, "not interested", chat turns and sponsorships."""

    # -- recording (consent-gated) -----------------------------------------

    def record_view(self, shopper_id: str, product_id: str) -> bool:
        """Record a product page view; False (nothing stored) without browsing consent."""
        key = self._key(shopper_id)
        pid = check_id(product_id, "product id")
        with self._write() as conn:
            if not self._allowed(conn, key, BROWSING_HISTORY):
                return False
            tag = self._pid_tag(key, pid)
            if self._excluded(conn, key, tag):
                return False
            conn.execute(insert(t.views).values(
                shopper_key=key, pid_tag=tag, product_enc=self.cipher.encrypt(pid), at=time.time()
            ))
        return True

    def record_purchase(self, shopper_id: str, product_id: str, price: float) -> bool:
        """Record an order; False (nothing stored) without purchase-history consent."""
        key = self._key(shopper_id)
        pid = check_id(product_id, "product id")
        amount = check_amount(price, "price")
        with self._write() as conn:
            if not self._allowed(conn, key, PURCHASE_HISTORY):
                return False
            tag = self._pid_tag(key, pid)
            if self._excluded(conn, key, tag):
                return False
            conn.execute(insert(t.purchases).values(
                shopper_key=key, pid_tag=tag, product_enc=self.cipher.encrypt(pid),
                price_enc=self.cipher.encrypt(amount), at=time.time(),
            ))
        return True

    def _excluded(self, conn: Connection, key: str, tag: str) -> bool:
        q = select(t.exclusions.c.pid_tag).where(
            t.exclusions.c.shopper_key == key, t.exclusions.c.pid_tag == tag
        )
        return conn.execute(q).first() is not None

    # -- reading -------------------------------------------------------------

    def views(self, shopper_id: str) -> list[str]:
        """Viewed product ids, newest first, each once; [] without browsing consent."""
        key = self._key(shopper_id)
        with self._read() as conn:
            if not self._allowed(conn, key, BROWSING_HISTORY, lock=False):
                return []
            rows = conn.execute(
                select(t.views.c.product_enc)
                .where(t.views.c.shopper_key == key, t.views.c.at >= _cutoff(BROWSING_HISTORY))
                .where(t.views.c.pid_tag.not_in(self._excluded_tags(key)))
                .order_by(t.views.c.at.desc(), t.views.c.id.desc())
            ).all()
        return list(dict.fromkeys(self.cipher.decrypt(r.product_enc) for r in rows))

    def purchases(self, shopper_id: str) -> list[tuple[str, float]]:
        """(product id, price) of orders, newest first; [] without purchase-history consent."""
        key = self._key(shopper_id)
        with self._read() as conn:
            if not self._allowed(conn, key, PURCHASE_HISTORY, lock=False):
                return []
            rows = conn.execute(
                select(t.purchases.c.product_enc, t.purchases.c.price_enc)
                .where(t.purchases.c.shopper_key == key,
                       t.purchases.c.at >= _cutoff(PURCHASE_HISTORY))
                .where(t.purchases.c.pid_tag.not_in(self._excluded_tags(key)))
                .order_by(t.purchases.c.at.desc(), t.purchases.c.id.desc())
            ).all()
        return [(self.cipher.decrypt(r.product_enc), float(self.cipher.decrypt(r.price_enc)))
                for r in rows]

    def _excluded_tags(self, key: str) -> Any:
        return select(t.exclusions.c.pid_tag).where(t.exclusions.c.shopper_key == key)

    # -- the shopper's controls ------------------------------------------------

    def exclude_from_history(self, shopper_id: str, product_id: str) -> int:
        """Remove a product from the history and never record it again; rows removed."""
        key = self._key(shopper_id)
        pid = check_id(product_id, "product id")
        with self._write() as conn:
            self._ensure_shopper(conn, key)
            tag = self._pid_tag(key, pid)
            self._insert_ignore(conn, t.exclusions, {
                "shopper_key": key, "pid_tag": tag, "product_enc": self.cipher.encrypt(pid),
                "at": time.time(),
            })
            removed = 0
            for table in (t.views, t.purchases):
                res = conn.execute(delete(table).where(table.c.shopper_key == key,
                                                       table.c.pid_tag == tag))
                removed += int(res.rowcount or 0)
        return removed

    def mark_not_interested(self, shopper_id: str, product_id: str) -> None:
        """The shopper does not want this product suggested again."""
        key = self._key(shopper_id)
        pid = check_id(product_id, "product id")
        with self._write() as conn:
            self._ensure_shopper(conn, key)
            self._insert_ignore(conn, t.not_interested, {
                "shopper_key": key, "pid_tag": self._pid_tag(key, pid),
                "product_enc": self.cipher.encrypt(pid), "at": time.time(),
            })

    def not_interested(self, shopper_id: str) -> set[str]:
        key = self._key(shopper_id)
        with self._read() as conn:
            rows = conn.execute(
                select(t.not_interested.c.product_enc).where(
                    t.not_interested.c.shopper_key == key,
                    t.not_interested.c.at >= _cutoff("not_interested"),
                )
            ).all()
        return {self.cipher.decrypt(r.product_enc) for r in rows}

    # -- chat ------------------------------------------------------------------

    def record_turn(self, shopper_id: str, role: str, text: str) -> str:
        """Store one chat turn, PII-redacted and encrypted; returns the text as stored."""
        key = self._key(shopper_id)
        check_role(role)
        clean = redact(check_text(text)).text
        with self._write() as conn:
            self._ensure_shopper(conn, key)
            conn.execute(insert(t.turns).values(
                shopper_key=key, role=role, text_enc=self.cipher.encrypt(clean), at=time.time()
            ))
        return clean

    def turns(self, shopper_id: str) -> list[dict[str, Any]]:
        """Stored (redacted) chat turns, oldest first: role, text, at (epoch seconds)."""
        key = self._key(shopper_id)
        with self._read() as conn:
            rows = conn.execute(
                select(t.turns.c.role, t.turns.c.text_enc, t.turns.c.at)
                .where(t.turns.c.shopper_key == key).order_by(t.turns.c.id)
            ).all()
        return [{"role": r.role, "text": self.cipher.decrypt(r.text_enc), "at": r.at} for r in rows]

    # -- sponsorships (set by marketers; not personal data) --------------------

    def set_sponsorship(self, product_id: str, payer: str, boost: float) -> None:
        pid = check_id(product_id, "product id")
        who = check_id(payer, "payer name")
        amount = check_amount(boost, "boost", 0.0, MAX_BOOST)
        with self._write() as conn:
            conn.execute(delete(t.sponsorships).where(t.sponsorships.c.product_id == pid))
            conn.execute(insert(t.sponsorships).values(
                product_id=pid, payer=who, boost=amount, updated_at=time.time()
            ))

    def clear_sponsorship(self, product_id: str) -> bool:
        """Remove a sponsorship; whether there was one."""
        pid = check_id(product_id, "product id")
        with self._write() as conn:
            res = conn.execute(delete(t.sponsorships).where(t.sponsorships.c.product_id == pid))
        return bool(res.rowcount)

    def sponsorships(self) -> dict[str, tuple[str, float]]:
        """product id -> (payer, boost)."""
        with self._read() as conn:
            rows = conn.execute(select(t.sponsorships)).all()
        return {r.product_id: (r.payer, float(r.boost)) for r in rows}


__all__ = ["MAX_BOOST", "HistoryMixin"]
