"""Plain sentences from a suggestion's decision and its strongest SHAP contributions.

A card's reasons start with what placed it when that was not the model: the
question's rule ("Cheapest of the 132 laptops: $249.99; next, $279.99") or the
text search's order. Then come the contributions that raised the model's score,
strongest first; on a card the rule placed they are labelled as such ("Raised
the model's score: ..."). Contributions that lowered the score are never
reasons: they come back separately as what held it back. A reason never
contradicts the question: no "weaker match" on the answer itself, no price
praise for a product far above the typical price when the shopper asked for a
low one, no price-limit sentence when the shopper gave no limit.

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

from explain.decision import Decision
from explain.decision_text import placed_sentence
from explain.names import category_title
from explain.types import Explanation
from models.categories import PERSONAL_CATEGORIES, SPONSORSHIP


@dataclass(frozen=True)
class ReasonsConfig:
    # At most this many sentences per suggestion.
    max_reasons: int = 4
    # At most this many sentences about what held the model's score back (never reasons).
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
    # no limit given: no sentence about "your" price (the old "suits requests like yours")
    "request_price": (("Fits your budget: it {ev_band}", "It {ev_within}",
                       "Nearer your price limit than most alternatives: it {ev}"),
                      ("It {ev_above}", "Its price counts against it: it {ev}",
                       "Its price counts against it for requests like yours")),
    # a price above the typical one is no "good value": said as what it is
    "request_use": (("Fits what you said it is for: it {ev}",
                     "Fits what you said it is for"),
                    ("Less close to what you said it is for",)),
    "price": (("Good value: it {ev_value}", "Its price level raised its score: it {ev_premium}",
               "Good value at {price}"),
              ("Pricier than the alternatives: it {ev_premium}",
               "Its price level lowered its score: it {ev_value}",
               "Pricier than the alternatives")),
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


_ABOVE_TYPICAL = "above the typical"  # models.evidence: "... 122% above the typical ... price"


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
        if "within the budget read from your words" in ev:
            facts["ev_band"] = ev
        facts["ev_premium" if _ABOVE_TYPICAL in ev else "ev_value"] = ev
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


def _lower_first(text: str) -> str:
    return text[0].lower() + text[1:] if len(text) > 1 and text[1].islower() else text


def _contradicts(group: str, category: str, value: float, facts: Mapping[str, str],
                 decision: Decision | None) -> bool:
    """A sentence that would contradict the question on this card."""
    if decision is None:
        return False
    answered = decision.decided_by != "ranker"  # the question (or its search) placed it
    if answered and value < 0 and category == "request":
        return True  # "a weaker match for what you asked for" on the very answer
    return group == "price" and value > 0 and "ev_premium" in facts and \
        decision.asked_low_price  # a premium price as a reason when they asked for cheap


@dataclass(frozen=True)
class CardReasons:
    """A card's reasons (what placed it, then what raised its score) and what held it back."""

    reasons: tuple[Reason, ...]
    held_back: tuple[Reason, ...] = ()

    @property
    def texts(self) -> list[str]:
        return [r.text for r in self.reasons]

    @property
    def held_back_texts(self) -> list[str]:
        return [r.text for r in self.held_back]


def card_reasons(
    explanation: Explanation,
    product: Any,
    evidence: Mapping[str, str] | None = None,
    decision: Decision | None = None,
    rank_shift: int | None = None,
    sponsored_by: str | None = None,
    config: ReasonsConfig | None = None,
) -> CardReasons:
    """The reasons of one card, from its decision first, then its Shapley values.

    `decision`: the card's decision record; when the question's rule (or the text
    search) placed the card, its first reason says so and the score's reasons are
    labelled "Raised the model's score: ...". Negative contributions are returned as
    `held_back`, never as reasons. See `reasons` for the other arguments.
    """
    cfg = config or ReasonsConfig()
    evidence = evidence or {}
    lead: list[Reason] = []
    placed_by_question = decision is not None and decision.decided_by != "ranker"
    if decision is not None and placed_by_question:
        lead.append(Reason(decision.placed.stage, "request", 0.0, placed_sentence(decision)))
    mass = sum(abs(v) for v in explanation.values.values())
    ranked = sorted(((g, v) for g, v in explanation.values.items() if v != 0.0),
                    key=lambda gv: -abs(gv[1])) if mass > 0.0 else []
    up: list[Reason] = []
    down: list[Reason] = []
    room = cfg.max_reasons - len(lead)
    for g, v in ranked:
        cat = explanation.category_of[g]
        promo = cat == SPONSORSHIP  # a promotion that moved the score is always disclosed
        side = up if v > 0 else down
        limit = room if v > 0 else cfg.max_negative
        if not promo and (len(side) >= limit or abs(v) < cfg.min_share * mass):
            continue
        facts = _facts(product, evidence, g, rank_shift, sponsored_by)
        if not promo and _contradicts(g, cat, v, facts, decision):
            continue
        positive = v > 0
        templates = TEMPLATES.get(g, CATEGORY_TEMPLATES.get(cat))
        chosen = templates[0 if positive else 1] if templates else _generic(cat, positive)
        text = _sentence(chosen, facts)
        if text is None and g in TEMPLATES and not promo:
            continue  # its own templates need a fact this card lacks: no generic stand-in
        text = text or _sentence(_generic(cat, positive), facts) or ""
        if cat in PERSONAL_CATEGORIES:
            text += f" (uses {category_title(cat)})"
        if positive and placed_by_question:  # the score did not place it: say what it is
            text = (text.replace("raised its score", "raised the model's score")
                    if "raised its score" in text
                    else f"Raised the model's score: {_lower_first(text)}")
        side.append(Reason(g, cat, v, text))
    if not lead and not up and decision is not None:  # nothing raised it: say what placed it
        lead.append(Reason(decision.placed.stage, "request", 0.0, placed_sentence(decision)))
    return CardReasons(tuple(lead + up), tuple(down))


def reason_items(
    explanation: Explanation,
    product: Any,
    evidence: Mapping[str, str] | None = None,
    rank_shift: int | None = None,
    sponsored_by: str | None = None,
    config: ReasonsConfig | None = None,
    decision: Decision | None = None,
) -> list[Reason]:
    """Typed reasons: what placed the card (if not the model), then what raised its score."""
    return list(card_reasons(explanation, product, evidence, decision, rank_shift,
                             sponsored_by, config).reasons)


def reasons(
    explanation: Explanation,
    product: Any,
    evidence: Mapping[str, str] | None = None,
    rank_shift: int | None = None,
    sponsored_by: str | None = None,
    config: ReasonsConfig | None = None,
    decision: Decision | None = None,
) -> list[str]:
    """Plain sentences: what placed the card when the question did, then the contributions
    that raised the model's score, strongest first (what lowered it: `card_reasons`).

    `product`: a Product or dict (title, price, rating, review_count, category).
    `evidence`: group -> fact phrase from the feature builder (request text, most
    similar viewed title, payer...). `rank_shift`: places the sponsorship moved the
    product up (rank without the boost minus rank with it). `sponsored_by`: the
    payer, if not given in the evidence. A nonzero sponsorship always gets a sentence.
    """
    return [r.text for r in reason_items(explanation, product, evidence, rank_shift,
                                         sponsored_by, config, decision)]


__all__ = ["CATEGORY_TEMPLATES", "TEMPLATES", "CardReasons", "Reason", "ReasonsConfig",
           "card_reasons", "reason_items", "reasons"]
