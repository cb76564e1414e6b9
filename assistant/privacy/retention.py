"""How long each kind of stored data is kept, in days.

The data categories' periods come from the one category table
(`models.categories.CATEGORY_INFO`, the table disclosures and the privacy
center show shoppers); the chat is the request category. The rest are the
privacy layer's own bookkeeping. `Store.purge_expired()` deletes rows older
than these.
"""

from __future__ import annotations

from models.categories import CATEGORY_INFO, REQUEST, days_text

DAY_S = 86_400.0



def _category_days(category: str) -> int:
    days = CATEGORY_INFO[category].retention_days
    if days is None:  # a programming error in models/categories.py, not a user's
        raise ValueError(f"models/categories.py gives {category!r} no retention period")
    return days


RETENTION_DAYS: dict[str, int] = {
    **{c: _category_days(c) for c, info in CATEGORY_INFO.items() if info.personal},
    "chat": _category_days(REQUEST),  # redacted chat turns are the request category
    "suggestions": 365,  # the shopper's copy of suggestions shown (the audit log itself is kept)
    "not_interested": 365,  # "not interested" marks
    "exclusions": 730,  # "exclude from my history" marks outlive the history they hide
}


def retention_text(kind: str) -> str:
    """Human wording, e.g. "90 days" or "2 years", for a kind of stored data."""
    days = RETENTION_DAYS.get(kind)
    return "not stored" if days is None else days_text(days)


__all__ = ["DAY_S", "RETENTION_DAYS", "retention_text"]
