"""The "Why this?" panel says which stage placed the card (no gradio, no models)."""

from __future__ import annotations

import re
from dataclasses import replace
from html import unescape

from assistant.privacy.records import AuditRecord
from explain.decision import Admitted, Condition, Decision, RankerPlaced, RulePlaced, Runner, Scored
from ui.console import audit_record_html, decision_html
from ui.shop import suggestion_why_html
from ui.why import picture_html, what_if_html, why_html

from ui_testkit import make_suggestion

LAPTOPS = Condition("product_type", "product_type", "in", ("laptop",), "laptop")
MODEL = Scored(1.4, ("match", "rating"), {"f": 1.0})


def _rule(rank: int = 1) -> Decision:
    return Decision(Admitted("catalog", (LAPTOPS,), 132),
                    RulePlaced("cheapest", "price", False, 799.99, position=rank, among=132,
                               runner_up=Runner("next", 849.99)), MODEL)


def _ranker(rank: int = 2) -> Decision:
    return Decision(Admitted("catalog", (LAPTOPS,), 132), RankerPlaced(1.4, rank, 130), MODEL)


def test_a_rule_placed_panel_leads_with_the_rule_and_labels_the_score() -> None:
    s = replace(make_suggestion(browsing=True, values={"match": 0.9, "rating": -0.3,
                                                       "viewed_similarity": 0.6}),
                decision=_rule(), rank=1, held_back=["Rated lower than the alternatives"])
    s = replace(s, disclosure=replace(s.disclosure, what_if={"browsing_history": 1}))
    html = suggestion_why_html(s)
    picture = html[html.index("<figure"):html.index("</figure>")]
    label = re.search(r"aria-label='([^']*)'", picture)
    assert label and unescape(label.group(1)) == (
        "What put it at #1: the question's rule: Cheapest of the 132 laptops: $799.99; next, "
        "$849.99.")
    # the page's question box is labelled "Your question": no other label may read as it
    assert "your question" not in unescape(label.group(1)).lower()
    assert "data-decided-by='rule'" in picture and "<li data-stage='rule'>" in picture
    assert "The model's score did not set this place" in picture
    assert "moved it up: 50%" in picture  # the score's push is still there, in shares
    assert "Without your browsing history: still #1: the question's rule put it there." in html
    assert "<strong>Held back by:</strong> rated lower than the alternatives" in html
    assert "log-odds" not in html


def test_a_ranker_placed_panel_is_the_push_picture_with_its_stage() -> None:
    s = replace(make_suggestion(browsing=True, rank=2), decision=_ranker())
    html = picture_html(s.explanation, s.disclosure, s.rank, s.decision)
    assert "data-decided-by='ranker'" in html
    assert "each kind of data's share of what decided the order" in html
    assert "The ranking model&#x27;s score put it 2nd of the 130 candidates" in html
    assert "Without your browsing history: #4 instead of #2." in html
    # without a decision record (an old audit record) the picture is as before
    assert "cc-stages" not in picture_html(s.explanation, s.disclosure, s.rank)
    assert what_if_html(s.disclosure, 2, s.decision) == what_if_html(s.disclosure, 2)


def test_the_console_shows_the_record_as_the_shopper_saw_it_and_its_decision_data() -> None:
    s = replace(make_suggestion(), decision=_rule(), held_back=["Few reviews so far"])
    rec = AuditRecord.from_payload({
        "id": 5, "time": 0.0, "pseudonym": "ps", "product_id": s.product.id, "rank": 1,
        "score": s.score, "product_title": s.product.title,
        "product": {**s.product.to_dict(), "list_price": s.product.list_price},
        "base_value": s.explanation.base_value, "shap": s.explanation.values,
        "category_of": s.explanation.category_of, "reasons": s.reasons,
        "held_back": s.held_back, "disclosure": s.disclosure.to_dict(),
        "decision": s.decision.to_dict() if s.decision else None})
    html = audit_record_html(rec)
    assert why_html(s.reasons, rec.explanation, s.disclosure, 1, s.decision, s.held_back) in html
    table = decision_html(_rule(), 5)
    for cell in ("cheapest (price, ascending)", "1 of 132", "next: 849.99",
                 "constraint product_type in laptop", "laptop (met)",
                 "python -m assistant audit replay 5"):
        assert cell in table, cell


def test_the_audit_table_says_which_stage_placed_each_card() -> None:
    from ui.console import AUDIT_HEADERS, audit_rows

    old = AuditRecord(id=1, time=0.0, pseudonym="ps", product_id="a", score=0.1)
    new = replace(old, id=2, decision=_rule())
    rows = audit_rows([old, new])
    assert AUDIT_HEADERS[-1] == "placed by" and [r[-1] for r in rows] == ["rule", ""]
