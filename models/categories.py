"""Data categories: every feature belongs to exactly one of these."""

from __future__ import annotations

REQUEST = "request"  # what the shopper asked in this chat
PRODUCT = "product"  # catalog facts: price, discount, rating, reviews
BROWSING_HISTORY = "browsing_history"  # products the shopper viewed (opt-in)
PURCHASE_HISTORY = "purchase_history"  # products the shopper bought (opt-in)
LOCATION = "location"  # where the shopper is (opt-in; the demo model does not need it)
SPONSORSHIP = "sponsorship"  # a marketer's paid boost, with the payer's name

CATEGORIES: tuple[str, ...] = (
    REQUEST,
    PRODUCT,
    BROWSING_HISTORY,
    PURCHASE_HISTORY,
    LOCATION,
    SPONSORSHIP,
)
# Personal categories need the shopper's opt-in; default is off.
PERSONAL_CATEGORIES: tuple[str, ...] = (BROWSING_HISTORY, PURCHASE_HISTORY, LOCATION)

# Never features, whatever a shop's data holds (GDPR Art. 9 special categories + age).
FORBIDDEN_ATTRIBUTES: tuple[str, ...] = (
    "age", "birth", "gender", "sex", "health", "religion", "ethnic", "race",
    "sexual", "politic", "biometric", "disability", "union",
)

__all__ = [
    "BROWSING_HISTORY", "CATEGORIES", "FORBIDDEN_ATTRIBUTES", "LOCATION",
    "PERSONAL_CATEGORIES", "PRODUCT", "PURCHASE_HISTORY", "REQUEST", "SPONSORSHIP",
]
