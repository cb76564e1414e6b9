"""How long each kind of stored data is kept, in days.

The personal categories and the chat come from `explain.disclosure.RETENTION_DAYS`
(the one table disclosures show shoppers); the rest are the privacy layer's own
bookkeeping. `Store.purge_expired()` deletes rows older than these.
"""

from __future__ import annotations

from explain.disclosure import RETENTION_DAYS as SHOWN_DAYS
from models.categories import BROWSING_HISTORY, LOCATION, PURCHASE_HISTORY, REQUEST

DAY_S = 86_400.0

RETENTION_DAYS: dict[str, int] = {
    BROWSING_HISTORY: SHOWN_DAYS[BROWSING_HISTORY],  # product page views
    PURCHASE_HISTORY: SHOWN_DAYS[PURCHASE_HISTORY],  # orders
    LOCATION: SHOWN_DAYS[LOCATION],  # not stored by the demo
    "chat": SHOWN_DAYS[REQUEST],  # redacted chat turns are the request category
    "suggestions": 365,  # the shopper's copy of suggestions shown (the audit log itself is kept)
    "not_interested": 365,  # "not interested" marks
    "exclusions": 730,  # "exclude from my history" marks outlive the history they hide
}


def retention_text(kind: str) -> str:
    """Human wording, e.g. "90 days", for a kind of stored data."""
    days = RETENTION_DAYS.get(kind)
    return "not stored" if days is None else f"{days} days"


__all__ = ["DAY_S", "RETENTION_DAYS", "SHOWN_DAYS", "retention_text"]
