"""Reasons and data-used disclosures, on hand-made explanations."""

from __future__ import annotations

import pytest

from explain.disclosure import (
    NO_CONSENT,
    NO_DATA,
    NOT_NEEDED,
    OBJECTED,
    RETENTION_DAYS,
    disclose,
    retention_text,
)
from explain.reasons import ReasonsConfig, card_reasons, reasons
from explain.types import Explanation
from models.errors import InputError

CATS = {"request_match": "request", "rating": "product", "popularity": "product",
        "price": "product", "viewed_similarity": "browsing_history",
        "price_level": "purchase_history", "sponsorship": "sponsorship",
        "shipping_speed": "product"}
PRODUCT = {"title": "LG gram 16", "price": 1299.0, "rating": 4.6, "review_count": 900,
           "category": "Laptops"}
EVIDENCE = {
    "request_match": 'matches "gram" and "Laptops" in your request',
    "viewed_similarity": 'is similar to "LG gram 14", which you looked at',
    "price_level": "costs $1,299.00; you usually paid about $450.00",
    "sponsorship": "promoted by Acme Ads (paid boost +0.50)",
}


def _expl(values: dict[str, float], players: tuple[str, ...] | None = None) -> Explanation:
    full = {g: values.get(g, 0.0) for g in CATS}
    return Explanation(score=1.0 + sum(full.values()), base_value=1.0, values=full,
                       category_of=dict(CATS), players=players or tuple(values))


def test_reasons_strongest_first_with_data_named_and_no_raw_names() -> None:
    e = _expl({"request_match": 0.9, "rating": 0.5, "viewed_similarity": 0.7,
               "price_level": -0.3, "popularity": 0.01})
    out = reasons(e, PRODUCT, EVIDENCE)
    assert out == [
        'It matches "gram" and "Laptops" in your request',
        "Similar to the LG gram 14, which you viewed (uses your browsing history)",
        "Rated 4.6★ from 900 reviews",
    ]
    # what lowered the score is said as what held it back, never as a reason
    held = card_reasons(e, PRODUCT, EVIDENCE).held_back_texts
    assert held == ["Pricier than what you usually buy (uses your purchase history)"]
    joined = " ".join(out + held)
    for raw in ("request_match", "viewed_similarity", "price_level", "log_reviews", "_"):
        assert raw not in joined


def test_what_held_the_score_back_is_never_a_reason() -> None:
    e = _expl({"popularity": -0.9, "rating": 0.5, "request_match": 0.2})
    why = card_reasons(e, PRODUCT, EVIDENCE)
    assert why.texts == reasons(e, PRODUCT, EVIDENCE)
    assert why.texts[0].startswith("Rated 4.6★") and why.texts[1].startswith("It matches")
    assert len(why.texts) == 2 and why.held_back_texts == ["Few reviews so far (900)"]
    assert all(r.value > 0 for r in why.reasons) and all(r.value < 0 for r in why.held_back)


def test_a_viewed_product_is_not_called_similar_to_itself() -> None:
    e = _expl({"viewed_similarity": 0.8})
    out = reasons(e, PRODUCT, {"viewed_similarity": "you looked at this product before"})
    assert out == ["You looked at this product before (uses your browsing history)"]


def test_tiny_contributions_and_extra_negatives_are_dropped() -> None:
    e = _expl({"request_match": 1.0, "popularity": 0.01, "price": -0.4, "rating": -0.3})
    cfg = ReasonsConfig(max_negative=1, min_share=0.05)
    why = card_reasons(e, PRODUCT, EVIDENCE, config=cfg)
    assert len(why.texts) == 1 and why.held_back_texts == ["Pricier than the alternatives"]


def test_sponsorship_always_disclosed_with_payer_and_shift() -> None:
    e = _expl({"request_match": 5.0, "sponsorship": 0.05})
    out = reasons(e, PRODUCT, EVIDENCE, rank_shift=2)
    assert "Promoted by Acme Ads; this moved it up 2 places" in out
    out1 = reasons(e, PRODUCT, {}, rank_shift=0, sponsored_by="Beta")
    assert "Promoted by Beta (a paid promotion)" in out1


def test_unknown_group_gets_a_category_sentence() -> None:
    e = _expl({"shipping_speed": 0.8})
    out = reasons(e, PRODUCT, {"shipping_speed": "ships in 1 day"})
    assert out == ["The shop's product facts raised its score: it ships in 1 day"]


def test_price_limit_sentence_never_praises_an_over_budget_price_as_fitting() -> None:
    e = _expl({"request_price": 0.8})
    cats = {**CATS, "request_price": "request"}
    e = Explanation(1.8, 1.0, {**e.values, "request_price": 0.8}, cats, ("request_price",))
    over = {"request_price": "costs $1,399.99, above your limit of $500.00"}
    within = {"request_price": "costs $399.99, within your limit of $500.00"}
    assert reasons(e, PRODUCT, within) == ["It costs $399.99, within your limit of $500.00"]
    assert reasons(e, PRODUCT, over)[0].startswith("Nearer your price limit than most")


def test_disclosure_shares_sum_to_one_and_reasons_for_not_used() -> None:
    e = _expl({"request_match": 0.6, "rating": -0.2, "viewed_similarity": 0.2},
              players=("request_match", "rating", "price", "viewed_similarity", "sponsorship"))
    d = disclose(e, consent={"browsing_history": True, "purchase_history": False},
                 model_categories={"request", "product", "browsing_history",
                                   "purchase_history", "sponsorship"},
                 what_if={"browsing_history": 3})
    assert d.used == pytest.approx({"request": 0.6, "product": 0.2, "browsing_history": 0.2},
                                   abs=1e-12)
    assert sum(d.used.values()) == pytest.approx(1.0, abs=1e-12)
    assert d.not_used == {"purchase_history": NO_CONSENT, "location": NOT_NEEDED}
    assert d.sources["browsing_history"] == "product pages you viewed on this shop"
    assert d.retention == {"request": "30 days", "browsing_history": "90 days"}
    assert d.what_if == {"browsing_history": 3}
    assert d.sponsored_by is None


def test_disclosure_objection_no_data_and_leak_guard() -> None:
    e = _expl({"request_match": 0.5})
    model = {"request", "product", "browsing_history", "purchase_history", "location"}
    d = disclose(e, consent={"browsing_history": True}, objected=True, model_categories=model)
    assert set(d.not_used.values()) == {OBJECTED}
    d2 = disclose(e, consent={"purchase_history": True}, model_categories=model,
                  has_data={"purchase_history": False})
    assert d2.not_used["purchase_history"] == NO_DATA
    leaked = _expl({"viewed_similarity": 0.5})
    with pytest.raises(InputError, match="consent"):
        disclose(leaked, consent={"browsing_history": False}, model_categories=model)


def test_sponsorship_needs_a_payer() -> None:
    e = _expl({"request_match": 0.5, "sponsorship": 0.5})
    with pytest.raises(InputError) as err:
        disclose(e, consent={})
    assert err.value.fix
    assert disclose(e, consent={}, sponsored_by="Acme").sponsored_by == "Acme"


def test_retention_text() -> None:
    assert retention_text(RETENTION_DAYS["purchase_history"]) == "2 years"
    assert retention_text(1) == "1 day"
