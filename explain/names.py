"""Plain-language names for feature groups and data categories (never raw feature names)."""

from __future__ import annotations

from collections.abc import Mapping

from models.categories import CATEGORY_INFO, category_title

# Short titles of the demo ranker's groups (models/features.py); other groups fall
# back to their description, then to their category's title.
GROUP_TITLES: dict[str, str] = {
    "request_match": "Match to your request",
    "request_category": "Kind of product you asked for",
    "request_price": "Fits your budget",
    "request_use": "Fits what you said it is for",
    "price": "Price and discount",
    "rating": "Star rating",
    "popularity": "Number of reviews",
    "viewed_similarity": "Similar to products you viewed",
    "viewed_categories": "Kinds of products you viewed",
    "bought_affinity": "Like what you bought before",
    "price_level": "Price compared with what you usually pay",
    "sponsorship": "Paid promotion",
}

# A view of the one category table (models/categories.py).
CATEGORY_TITLES: dict[str, str] = {c: info.title for c, info in CATEGORY_INFO.items()}


def group_title(name: str, category: str, descriptions: Mapping[str, str] | None = None) -> str:
    """A short plain name for a group: known title, else its description, else its category."""
    if name in GROUP_TITLES:
        return GROUP_TITLES[name]
    desc = (descriptions or {}).get(name, "").strip().rstrip(".")
    if desc:
        return desc if len(desc) <= 60 else desc[:57].rstrip() + "..."
    title = category_title(category)
    return title[0].upper() + title[1:]


__all__ = ["CATEGORY_TITLES", "GROUP_TITLES", "category_title", "group_title"]
