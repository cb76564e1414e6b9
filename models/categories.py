"""Data categories: every feature belongs to exactly one of these.

`CATEGORY_INFO` is the one table of what the shopper is told about each
category: its short label, its title in sentences, its purpose, where its data
comes from, how long it is kept, whether it is personal (needs opt-in) and
whether the demo ranker uses it. Disclosures (explain.disclosure), plain names
(explain.names), the retention purge (assistant.privacy.retention), the privacy
center (assistant.console) and the UI all read this table.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

REQUEST = "request"  # what the shopper asked in this chat
PRODUCT = "product"  # catalog facts: price, discount, rating, reviews
BROWSING_HISTORY = "browsing_history"  # products the shopper viewed (opt-in)
PURCHASE_HISTORY = "purchase_history"  # products the shopper bought (opt-in)
LOCATION = "location"  # where the shopper is (opt-in; the demo model does not need it)
SPONSORSHIP = "sponsorship"  # a marketer's paid boost, with the payer's name


@dataclass(frozen=True)
class CategoryInfo:
    """What the shopper is told about one data category."""

    name: str  # the key used in features, consent and disclosures
    label: str  # short label for chips and buttons: "browsing history"
    title: str  # in a sentence: "your browsing history"
    purpose: str  # what the data is used for, in the shopper's words
    source: str  # where the data comes from, in the shopper's words
    retention_days: int | None  # how long it is kept; None: not shopper data the assistant keeps
    personal: bool  # personal data: used only with the shopper's opt-in (default off)
    used_by_model: bool  # the demo ranker (models/features.py) has features for it

    @property
    def retention(self) -> str | None:
        """The retention period in words ("90 days", "2 years"); None when not kept."""
        return None if self.retention_days is None else days_text(self.retention_days)


_TABLE: tuple[CategoryInfo, ...] = (
    CategoryInfo(
        REQUEST, "your request", "your request in this chat",
        purpose="Find products that match what you asked for.",
        source="this chat",
        retention_days=30,  # chat turns are kept redacted
        personal=False, used_by_model=True,
    ),
    CategoryInfo(
        PRODUCT, "product facts", "the shop's product facts",
        purpose="Compare products on price, discount, rating and reviews.",
        source="the shop's catalog",
        retention_days=None,  # the shop's own catalog, not data about the shopper
        personal=False, used_by_model=True,
    ),
    CategoryInfo(
        BROWSING_HISTORY, "browsing history", "your browsing history",
        purpose="Suggest products similar to the ones you looked at.",
        source="product pages you viewed on this shop",
        retention_days=90,  # product page views
        personal=True, used_by_model=True,
    ),
    CategoryInfo(
        PURCHASE_HISTORY, "purchase history", "your purchase history",
        purpose="Suggest products that fit the brands, categories and price level you buy.",
        source="your orders on this shop",
        retention_days=730,  # orders: 2 years
        personal=True, used_by_model=True,
    ),
    CategoryInfo(
        LOCATION, "location", "your location",
        purpose="Suggest products available near you.",
        source="the location you shared",
        retention_days=30,  # only if a shop's model uses it; the demo stores none
        personal=True, used_by_model=False,
    ),
    CategoryInfo(
        SPONSORSHIP, "sponsorship", "a paid promotion",
        purpose="Show products a brand paid to promote, always with the payer's name.",
        source="a paid promotion",
        retention_days=None,  # the shop's settings, not data about the shopper
        personal=False, used_by_model=True,
    ),
)

# category name -> its row; read-only.
CATEGORY_INFO: MappingProxyType[str, CategoryInfo] = MappingProxyType({c.name: c for c in _TABLE})

CATEGORIES: tuple[str, ...] = tuple(c.name for c in _TABLE)
# Personal categories need the shopper's opt-in; default is off.
PERSONAL_CATEGORIES: tuple[str, ...] = tuple(c.name for c in _TABLE if c.personal)

# Never features, whatever a shop's data holds (GDPR Art. 9 special categories + age).
FORBIDDEN_ATTRIBUTES: tuple[str, ...] = (
    "age", "birth", "gender", "sex", "health", "religion", "ethnic", "race",
    "sexual", "politic", "biometric", "disability", "union",
)


def days_text(days: int) -> str:
    """A retention period in words: '1 day', '90 days', '2 years'."""
    if days > 0 and days % 365 == 0:
        years = days // 365
        return f"{years} year" + ("s" if years != 1 else "")
    return f"{days} day" + ("s" if days != 1 else "")


def category_label(category: str) -> str:
    """Short label ("browsing history"); unknown categories get their name in words."""
    info = CATEGORY_INFO.get(category)
    return info.label if info else category.replace("_", " ")


def category_title(category: str) -> str:
    """Title in a sentence ("your browsing history"); unknown ones get their name in words."""
    info = CATEGORY_INFO.get(category)
    return info.title if info else category.replace("_", " ")


__all__ = [
    "BROWSING_HISTORY", "CATEGORIES", "CATEGORY_INFO", "FORBIDDEN_ATTRIBUTES", "LOCATION",
    "PERSONAL_CATEGORIES", "PRODUCT", "PURCHASE_HISTORY", "REQUEST", "SPONSORSHIP",
    "CategoryInfo", "category_label", "category_title", "days_text",
]
