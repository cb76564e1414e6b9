"""Hand-built suggestions for the UI's renderer tests (no models)."""

from __future__ import annotations

from assistant.catalog import Product
from assistant.reply import Suggestion
from explain.types import Disclosure, Explanation

GROUPS = {"match": "request", "rating": "product", "viewed_similarity": "browsing_history"}


def make_suggestion(
    title: str = "Acme Laptop 15",
    price: float = 799.99,
    discount: float = 0.0,
    sponsored_by: str | None = None,
    browsing: bool = False,
    rank: int = 1,
    values: dict[str, float] | None = None,
) -> Suggestion:
    """A suggestion whose shares are easy to read: request 0.9, product 0.3, browsing 0.6."""
    product = Product(
        id="p-1", title=title, category="Laptops", price=price, discount=discount,
        discount_text="", rating=4.6, review_count=1234, features=("16GB RAM",), brand="Acme",
    )
    if values is None:
        values = {"match": 0.9, "rating": 0.3, "viewed_similarity": 0.6 if browsing else 0.0}
    explanation = Explanation(
        score=0.2 + sum(values.values()), base_value=0.2, values=values, category_of=GROUPS,
        players=tuple(g for g in values if browsing or g != "viewed_similarity"),
    )
    if browsing:
        used = {"request": 0.5, "product": 0.1667, "browsing_history": 0.3333}
    else:
        used = {"request": 0.75, "product": 0.25}
    disclosure = Disclosure(
        used=used,
        not_used={} if browsing else {"browsing_history": "no consent", "location": "not needed"},
        sponsored_by=sponsored_by,
        retention={"browsing_history": "90 days"} if browsing else {},
        what_if={"browsing_history": 4} if browsing else {},
    )
    return Suggestion(
        product=product, score=explanation.score, rank=rank, explanation=explanation,
        reasons=["It matches 'laptop under $800'.", "Rated 4.6 by 1,234 <reviewers>."],
        disclosure=disclosure, audit_id=17,
    )


def new_owner(bot: object) -> str:
    """A new caller's own shopper id, as the server derives it from a token it issued."""
    ids = bot.identities  # type: ignore[attr-defined]
    return str(ids.session(ids.issue()).shopper_id)
