"""The UI's HTML, rendered from hand-built suggestions (no browser, no models)."""

from __future__ import annotations

import base64
import re
import subprocess
import sys
from dataclasses import replace

import pytest

from assistant import render
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
) -> Suggestion:
    product = Product(
        id="p-1", title=title, category="Laptops", price=price, discount=discount,
        discount_text="", rating=4.6, review_count=1234, features=("16GB RAM",), brand="Acme",
    )
    values = {"match": 0.9, "rating": 0.3, "viewed_similarity": 0.6 if browsing else 0.0}
    explanation = Explanation(
        score=0.2 + sum(values.values()), base_value=0.2, values=values, category_of=GROUPS,
        players=tuple(g for g in values if browsing or g != "viewed_similarity"),
    )
    used = {"request": 0.5, "product": 0.1667, "browsing_history": 0.3333} if browsing else {"request": 0.75, "product": 0.25}
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


def test_card_shows_title_price_and_rating_with_title_escaped() -> None:
    html = render.card_html(make_suggestion(title="<script>alert(1)</script> Laptop"))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Laptop" in html
    assert "$799.99" in html
    assert "★ 4.6/5 (1,234 reviews)" in html
    assert "#1 " in html and "Sponsored" not in html and "Uses your" not in html
    assert "data-audit-id='17'" in html and "data-used=''" in html


def test_card_says_which_personal_data_it_used() -> None:
    html = render.card_html(make_suggestion(browsing=True))
    assert "data-used='browsing_history'" in html
    assert "<span class='cc-chip cc-personal'>Uses your browsing history</span>" in html


def test_card_shows_discounted_price_and_payer() -> None:
    html = render.card_html(make_suggestion(price=1000.0, discount=150.0, sponsored_by="Acme & Co"))
    assert "$850.00" in html and "cc-old" in html and "$1,000.00" in html
    assert "Sponsored by Acme &amp; Co" in html


def test_stars_without_reviews() -> None:
    assert render.stars(None, 0) == "no reviews yet"
    assert render.stars(4.0, 1) == "★ 4.0/5 (1 review)"


def test_chips_list_used_shares_not_used_reasons_and_sponsor() -> None:
    s = make_suggestion(sponsored_by="Globex")
    chips = re.findall(r"<li class='cc-chip ([^']+)'[^>]*>([^<]*)</li>", render.chips_html(s.disclosure.to_dict()))
    assert chips == [
        ("cc-used", "Used: your request 75%"),
        ("cc-used", "Used: product facts 25%"),
        ("cc-notused", "Not used: browsing history (no consent)"),
        ("cc-notused", "Not used: location (not needed)"),
        ("cc-sponsored", "Sponsored by Globex"),
    ]


def test_personal_category_chip_is_marked_and_ordered_by_share() -> None:
    html = render.chips_html(make_suggestion(browsing=True).disclosure.to_dict())
    labels = re.findall(r"data-state='used'>([^<]*)<", html)
    assert labels == ["Used: your request 50%", "Used: browsing history 33%", "Used: product facts 17%"]
    assert "cc-chip cc-personal' data-category='browsing_history'" in html


def test_what_if_names_the_rank_without_the_category() -> None:
    html = render.what_if_html(make_suggestion(browsing=True, rank=2).disclosure.to_dict(), rank=2)
    assert "If you didn't share your browsing history, this would be #4 (it is #2 now)." in html
    assert render.what_if_html({"what_if": {"browsing_history": 0}}, 1).count("not in the suggestions") == 1
    assert render.what_if_html(make_suggestion().disclosure.to_dict(), 1) == ""


def test_why_panel_keeps_reason_order_and_escapes() -> None:
    html = render.suggestion_why_html(make_suggestion(browsing=True))
    reasons = re.findall(r"<li>([^<]*)</li>", html.split("cc-reasons'>")[1].split("</ol>")[0])
    assert reasons == ["It matches &#x27;laptop under $800&#x27;.", "Rated 4.6 by 1,234 &lt;reviewers&gt;."]
    assert "Kept for: browsing history: 90 days" in html


def test_personal_used_lists_only_consented_personal_categories() -> None:
    assert render.personal_used(make_suggestion().disclosure.to_dict()) == []
    assert render.personal_used(make_suggestion(browsing=True).disclosure.to_dict()) == ["browsing_history"]


def test_figure_html_embeds_a_png_and_closes_the_figure() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(2, 1))
    fig.add_subplot().bar(["a"], [1.0])
    html = render.figure_html(fig, "alt 'text'")
    data = re.search(r"base64,([^']+)'", html)
    assert data is not None
    assert base64.b64decode(data.group(1))[:8] == b"\x89PNG\r\n\x1a\n"
    assert "alt='alt &#x27;text&#x27;'" in html
    assert fig.number not in plt.get_fignums()


def test_stored_explanation_round_trips() -> None:
    e = make_suggestion(browsing=True).explanation
    back = render.explanation_from_dict(e.to_dict())
    assert back == e  # the value function is not compared (it is not stored)
    assert sum(back.values.values()) + back.base_value == pytest.approx(back.score, abs=1e-12)


def test_audit_log_flat_form_rebuilds_the_same_values() -> None:
    e = make_suggestion(browsing=True).explanation
    flat = {"score": e.score, "base_value": e.base_value, "shap": e.values, "category_of": e.category_of}
    back = render.explanation_from_dict(flat)
    assert back.values == e.values and back.players == tuple(e.values)
    assert render.explanation_from_dict({"explanation": e.to_dict()}) == e


def _stored(s: Suggestion, audit_id: int, time: float, pseudonym: str | None) -> dict[str, object]:
    """An audit record as the session stores it (assistant/session.py `_audit`)."""
    return {
        "id": audit_id, "time": time, "pseudonym": pseudonym, "product_id": s.product.id,
        "product_title": s.product.title, "rank": s.rank, "score": s.score,
        "explanation": s.explanation.to_dict(), "reasons": list(s.reasons),
        "disclosure": s.disclosure.to_dict(), "top_reason": s.reasons[0],
    }


def test_audit_record_renders_exactly_what_the_shopper_saw() -> None:
    s = make_suggestion(browsing=True, sponsored_by="Globex")
    html = render.audit_record_html(_stored(s, 17, 0.0, "ps-123"))
    assert render.suggestion_why_html(s) in html
    assert "Audit record 17 · shown 1970-01-01 00:00:00 · to ps-123" in html


def test_audit_rows_newest_first_and_erased_shoppers_marked() -> None:
    a, b = make_suggestion(), make_suggestion(title="Other")
    rows = render.audit_rows([_stored(a, 1, 10.0, "ps-1"), _stored(b, 2, 20.0, None)])
    assert [r[0] for r in rows] == [2, 1]
    assert rows[0][2] == "(erased)" and rows[1][2] == "ps-1"
    assert rows[0][3] == "Other" and rows[1][5] == a.reasons[0]


def test_receipts_are_newest_first_with_readable_times() -> None:
    rows = render.receipt_rows([
        {"category": "browsing_history", "granted": True, "at": 60.0, "source": "privacy center"},
        {"category": "browsing_history", "state": "withdrawn", "time": "1970-01-01T00:02:00+00:00", "source": "shopper"},
        {"category": "profiling", "state": "objected", "time": "1970-01-01T00:02:00+00:00", "source": "shopper"},
    ])
    assert rows == [
        ["1970-01-01T00:02:00+00:00", "profiling", "objected", "shopper"],
        ["1970-01-01T00:02:00+00:00", "browsing history", "withdrawn", "shopper"],
        ["1970-01-01 00:01:00", "browsing history", "granted", "privacy center"],
    ]


def test_my_data_is_escaped_and_empty_export_says_so() -> None:
    html = render.data_html({"chat_turns": [{"role": "user", "text": "<b>hi</b>"}], "consent": {"location": False}, "views": []})
    assert "<b>hi</b>" not in html and "&lt;b&gt;hi&lt;/b&gt;" in html
    assert "<h4>Views</h4><p>(none)</p>" in html
    assert "<strong>location</strong>: false" in html
    assert render.data_html({}) == "<p>We hold no data about you.</p>"


def test_parameters_sorted_by_weight_in_plain_words() -> None:
    html = render.parameters_html([
        {"group": "rating", "category": "product", "description": "Star rating", "weight": 0.2},
        {"group": "match", "category": "request", "description": "Fits the request", "weight": 0.7},
    ])
    assert html.index("Fits the request") < html.index("Star rating")
    assert "<td>70.0%</td>" in html and "<td>your request</td>" in html


def test_importance_shares_sum_to_the_whole() -> None:
    html = render.importance_html({"by_category": {"request": 0.3, "product": 0.1}, "by_group": {}})
    assert re.findall(r"<td>(\d+)%</td>", html) == ["75", "25"]


def test_report_renders_nested_values() -> None:
    html = render.report_html({"groups": {"a": {"rate": 0.123456}}, "note": "<x>"}, "Bias audit")
    assert "<strong>rate</strong>: 0.1235" in html and "&lt;x&gt;" in html


def test_sponsorship_rows_join_titles() -> None:
    rows = render.sponsorship_rows({"p2": ("Globex", 0.5), "p1": ("Acme", 1.0)}, {"p1": "One"})
    assert rows == [["p1", "One", "Acme", 1.0], ["p2", "", "Globex", 0.5]]


def test_category_labels() -> None:
    assert render.category_label("browsing_history") == "browsing history"
    assert render.category_label("some_new_thing") == "some new thing"


def test_rendering_a_replaced_suggestion_changes_the_card() -> None:
    s = make_suggestion()
    assert render.card_html(s) != render.card_html(replace(s, rank=3))


def test_render_module_imports_neither_gradio_nor_matplotlib() -> None:
    code = (
        "import sys, assistant.render; "
        "bad = [m for m in ('gradio', 'matplotlib', 'torch') if m in sys.modules]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
