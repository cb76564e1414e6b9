"""Plain sentences from the strongest SHAP contributions, naming the data behind each.

A table of templates per group name (the demo ranker's groups) with a generic
fallback per data category, so a new group still gets a sentence. Templates are
tried in order; the first whose placeholders are all known wins. Raw feature
names never appear: sentences are built from group titles, catalog facts and
the `evidence` phrases the feature builder provides (models.evidence).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from explain.names import category_title
from explain.types import Explanation
from models.categories import PERSONAL_CATEGORIES, SPONSORSHIP


@dataclass(frozen=True)
class ReasonsConfig:
    # At most this many sentences per suggestion.
    max_reasons: int = 4
    # At most this many of them about what counts against the product.
    max_negative: int = 1
    # Skip contributions smaller than this share of the suggestion's |SHAP| mass.
    min_share: float = 0.05


@dataclass(frozen=True)
class Reason:
    """One sentence and the contribution behind it."""

    group: str
    category: str
    value: float  # the group's SHAP value
    text: str


# group -> (templates when it raised the score, templates when it lowered it)
TEMPLATES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # {ev} quotes only the product's own words found in the request (models.evidence):
    # nothing the shopper typed is ever repeated in a reason
    "request_match": (("It {ev}", "Matches what you asked for"),
                      ("A weaker match for what you asked for",)),
    "request_category": (("It {ev}", "It is the kind of product you asked for"),
                         ("It {ev}", "It is not the kind of product you asked for")),
    "request_price": (("It {ev_within}", "Nearer your price limit than most alternatives: it {ev}",
                       "Its price suits requests like yours"),
                      ("It {ev_above}", "Its price counts against it: it {ev}",
                       "Its price counts against it for requests like yours")),
    "price": (("Good value: it {ev}", "Good value at {price}"),
              ("Pricier than the alternatives: it {ev}", "Pricier than the alternatives")),
    "rating": (("Rated {rating}★ from {reviews} reviews", "Well rated by other buyers"),
               ("Rated lower than the alternatives ({rating}★ from {reviews} reviews)",
                "Not rated yet by other buyers")),
    "popularity": (("Popular: {reviews} reviews", "Popular with other buyers"),
                   ("Few reviews so far ({reviews})", "Few reviews so far")),
    "viewed_similarity": (("You looked at this product before{seen}",
                           "Similar to {viewed}, which you viewed",
                           "Similar to products you viewed"),
                          ("Unlike the products you viewed",)),
    "viewed_categories": (("You often look at products of this kind: {ev}",
                           "You often look at products of this kind"),
                          ("You rarely look at products of this kind",)),
    "bought_affinity": (("Like what you bought before: {ev}", "Like what you bought before"),
                        ("Unlike what you bought before",)),
    "price_level": (("Close to what you usually pay: it {ev}", "Close to what you usually pay"),
                    ("{direction} than what you usually buy",
                     "Priced away from what you usually pay")),
    "sponsorship": (("Promoted by {payer}; this moved it up {shift}",
                     "Promoted by {payer} (a paid promotion)"),
                    ("Moved down by a paid promotion from {payer}",)),
}

# category -> (raised, lowered): used for groups without their own templates
CATEGORY_TEMPLATES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    SPONSORSHIP: TEMPLATES["sponsorship"],
}


def _generic(category: str, positive: bool) -> tuple[str, ...]:
    if category in CATEGORY_TEMPLATES:
        return CATEGORY_TEMPLATES[category][0 if positive else 1]
    title = category_title(category)
    title = title[0].upper() + title[1:]
    verb = "raised its score" if positive else "lowered its score"
    return (f"{title} {verb}: it {{ev}}", f"{title} {verb}")


def _get(product: Any, key: str) -> Any:
    if isinstance(product, Mapping):
        return product.get(key)
    return getattr(product, key, None)


def _facts(product: Any, evidence: Mapping[str, str], group: str,
           rank_shift: int | None, sponsored_by: str | None) -> dict[str, str]:
    facts: dict[str, str] = {}
    ev = evidence.get(group)
    if ev:
        facts["ev"] = ev
        facts["ev_within" if "within" in ev else "ev_above"] = ev
    price = _get(product, "price")
    if price is not None:
        facts["price"] = f"${float(price):,.2f}"
    rating = _get(product, "rating")
    if rating is not None and rating == rating:  # not NaN
        facts["rating"] = f"{float(rating):.1f}"
    reviews = _get(product, "review_count")
    if reviews:
        facts["reviews"] = f"{int(reviews):,}"
    elif "rating" in facts:
        facts.pop("rating")
    m = re.search(r'"(.+)"', evidence.get("viewed_similarity", ""))
    if m:
        facts["viewed"] = f"the {m.group(1)}"
    if evidence.get("viewed_similarity", "").startswith("you looked at this product"):
        facts["seen"] = ""
    payer = sponsored_by
    if payer is None:
        m = re.search(r"promoted by (.+?)(?: \(|$)", evidence.get("sponsorship", ""))
        payer = m.group(1) if m else None
    if payer:
        facts["payer"] = payer
    if rank_shift is not None and rank_shift > 0:
        facts["shift"] = f"{rank_shift} place" + ("s" if rank_shift != 1 else "")
    paid = re.search(r"usually paid about \$([\d,]+(?:\.\d+)?)", evidence.get("price_level", ""))
    if paid and price is not None:
        facts["direction"] = "Pricier" if float(price) > float(paid.group(1).replace(",", "")) \
            else "Cheaper"
    return facts


def _sentence(templates: tuple[str, ...], facts: Mapping[str, str]) -> str | None:
    for t in templates:
        try:
            return t.format_map(facts)
        except KeyError:
            continue
    return None


def reason_items(
    explanation: Explanation,
    product: Any,
    evidence: Mapping[str, str] | None = None,
    rank_shift: int | None = None,
    sponsored_by: str | None = None,
    config: ReasonsConfig | None = None,
) -> list[Reason]:
    """Typed reasons: positive ones first, each side strongest first (see `reasons`)."""
    cfg = config or ReasonsConfig()
    evidence = evidence or {}
    mass = sum(abs(v) for v in explanation.values.values())
    if mass <= 0.0:
        return []
    ranked = sorted(((g, v) for g, v in explanation.values.items() if v != 0.0),
                    key=lambda gv: -abs(gv[1]))
    out: list[Reason] = []
    negatives = 0
    for g, v in ranked:
        cat = explanation.category_of[g]
        promo = cat == SPONSORSHIP  # a promotion that moved the score is always disclosed
        if not promo and (len(out) >= cfg.max_reasons or abs(v) < cfg.min_share * mass):
            continue
        if v < 0 and not promo:
            if negatives >= cfg.max_negative:
                continue
            negatives += 1
        positive = v > 0
        templates = TEMPLATES.get(g, CATEGORY_TEMPLATES.get(cat))
        chosen = templates[0 if positive else 1] if templates else _generic(cat, positive)
        facts = _facts(product, evidence, g, rank_shift, sponsored_by)
        text = _sentence(chosen, facts) or _sentence(_generic(cat, positive), facts) or ""
        if cat in PERSONAL_CATEGORIES:
            text += f" (uses {category_title(cat)})"
        out.append(Reason(g, cat, v, text))
    # what speaks for the product first, then what speaks against it; strongest first in each
    out.sort(key=lambda r: (r.value < 0, -abs(r.value)))
    return out


def reasons(
    explanation: Explanation,
    product: Any,
    evidence: Mapping[str, str] | None = None,
    rank_shift: int | None = None,
    sponsored_by: str | None = None,
    config: ReasonsConfig | None = None,
) -> list[str]:
    """Plain sentences from the strongest contributions: those that raised the
    score first, then those that lowered it, each strongest first.

    `product`: a Product or dict (title, price, rating, review_count, category).
    `evidence`: group -> fact phrase from the feature builder (request text, most
    similar viewed title, payer...). `rank_shift`: places the sponsorship moved the
    product up (rank without the boost minus rank with it). `sponsored_by`: the
    payer, if not given in the evidence. A nonzero sponsorship always gets a sentence.
    """
    return [r.text for r in reason_items(explanation, product, evidence, rank_shift,
                                         sponsored_by, config)]


__all__ = ["CATEGORY_TEMPLATES", "TEMPLATES", "Reason", "ReasonsConfig", "reason_items", "reasons"]
