"""The Marketer console: audit rows and records, model facts, bias audit labelled as demo data."""

from __future__ import annotations

import re

import pytest

from assistant import ShopAssistant
from assistant.privacy.records import AuditRecord
from assistant.reply import Suggestion
from ui.console import (
    DEMO_DATA_NOTE,
    ConsoleActions,
    audit_record_html,
    audit_rows,
    importance_html,
    parameters_html,
    record_product,
    report_html,
    sponsorship_rows,
)
from ui.shop import ShopActions, card_html, suggestion_why_html

from ui_testkit import make_suggestion, new_owner

QUESTION = "Which laptop under $800 has the best rating?"


def _stored(s: Suggestion, audit_id: int, time: float, pseudonym: str | None) -> AuditRecord:
    """An audit record as the audit log holds it (assistant/privacy/audit.py `audit_fields`)."""
    product = {k: v for k, v in s.product.to_dict().items() if k != "features"}
    return AuditRecord.from_payload({
        "id": audit_id, "time": time, "pseudonym": pseudonym, "product_id": s.product.id,
        "product_title": s.product.title, "rank": s.rank, "score": s.score,
        "product": {**product, "list_price": s.product.list_price},
        "base_value": s.explanation.base_value, "shap": s.explanation.values,
        "category_of": s.explanation.category_of, "reasons": list(s.reasons),
        "disclosure": s.disclosure.to_dict(),
    })


def test_audit_record_renders_exactly_what_the_shopper_saw() -> None:
    s = make_suggestion(browsing=True, sponsored_by="Globex", price=850.0, discount=150.0)
    rec = _stored(s, 17, 0.0, "ps-123")
    html = audit_record_html(rec)
    assert suggestion_why_html(s) in html
    assert card_html(s).replace("data-audit-id='17'", "data-audit-id=''") in html
    assert "Audit record 17 · shown 1970-01-01 00:00:00 · to ps-123" in html
    assert f"score {s.score:.3f} (log-odds)" in html  # the exact score is for the marketer


def test_record_product_keeps_the_price_paid_and_the_list_price() -> None:
    p = record_product(_stored(make_suggestion(price=850.0, discount=150.0), 1, 0.0, None))
    assert p is not None and p.price == 850.0 and p.list_price == 1000.0
    no_price = AuditRecord(id=1, time=0.0, pseudonym="", product_id="x", score=0.0)
    assert record_product(no_price) is None


def test_audit_rows_newest_first_and_erased_shoppers_marked() -> None:
    a, b = make_suggestion(), make_suggestion(title="Other")
    rows = audit_rows([_stored(a, 1, 10.0, "ps-1"), _stored(b, 2, 20.0, None)])
    assert [r[0] for r in rows] == [2, 1]
    assert rows[0][2] == "(erased)" and rows[1][2] == "ps-1"
    assert rows[0][3] == "Other" and rows[1][5] == a.reasons[0]


def test_parameters_sorted_by_weight_in_plain_words() -> None:
    html = parameters_html([
        {"group": "rating", "category": "product", "description": "Star rating", "weight": 0.2},
        {"group": "match", "category": "request", "description": "Fits the request",
         "weight": 0.7},
    ])
    assert html.index("Fits the request") < html.index("Star rating")
    assert "<td>70.0%</td>" in html and "<td>your request</td>" in html


def test_importance_shares_sum_to_the_whole() -> None:
    html = importance_html({"request": 0.3, "product": 0.1})
    assert re.findall(r"<td>(\d+)%</td>", html) == ["75", "25"]


def test_report_renders_nested_values_and_its_note() -> None:
    html = report_html({"groups": {"a": {"rate": 0.123456}}, "note": "<x>"}, "Bias audit",
                       "Demo data")
    assert "<strong>rate</strong>: 0.1235" in html and "&lt;x&gt;" in html
    assert "<p class='cc-demo-data'>Demo data</p>" in html


def test_sponsorship_rows_join_titles() -> None:
    rows = sponsorship_rows({"p2": ("Globex", 0.5), "p1": ("Acme", 1.0)}, {"p1": "One"})
    assert rows == [["p1", "One", "Acme", 1.0], ["p2", "", "Globex", 0.5]]


@pytest.fixture
def console(bot: ShopAssistant) -> ConsoleActions:
    return ConsoleActions(bot)


def test_a_shown_suggestion_opens_with_its_exact_waterfall(
    bot: ShopAssistant, console: ConsoleActions,
) -> None:
    shop = ShopActions(bot)
    st = list(shop.respond(shop.fresh_state(new_owner(shop.bot)), QUESTION))[-1].state
    shown = bot.session(st.shopper).last_reply.suggestions[0]  # type: ignore[union-attr]
    detail, plot = console.audit_open(int(shown.audit_id or 0))
    assert f"Audit record {shown.audit_id}" in detail and plot.startswith("<div class='cc-plot'>")
    assert "alt='Waterfall: from the average score" in plot
    rows = console.audit("", shown.product.id)
    assert shown.audit_id in [r[0] for r in rows] and {r[3] for r in rows} == {shown.product.title}


def test_bias_audit_says_it_runs_on_demo_data(console: ConsoleActions) -> None:
    report, chart = console.bias()
    assert "Bias audit (demo data)" in report and DEMO_DATA_NOTE in report
    assert "assigned at random" in DEMO_DATA_NOTE
    assert "synthetic protected attribute" in DEMO_DATA_NOTE
    assert "demo data" in chart


def test_sponsor_needs_a_payer_and_clears(bot: ShopAssistant, console: ConsoleActions) -> None:
    from assistant import InputError

    pid = bot.catalog.products[0].id
    with pytest.raises(InputError):
        console.sponsor(pid, "  ", 1.0)
    assert [pid, bot.catalog.products[0].title, "Acme", 1.0] in console.sponsor(pid, "Acme", 1.0)
    assert pid not in [r[0] for r in console.unsponsor(pid)]
