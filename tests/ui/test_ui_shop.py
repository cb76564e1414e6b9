"""The Shop tab: card HTML, the "Why this?" panel and picture, and the tab's events."""

from __future__ import annotations

import re
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from assistant import InputError, ShopAssistant
from models.categories import BROWSING_HISTORY
from ui.shop import (
    AI_NOTICE,
    ShopActions,
    card_html,
    chips_html,
    personal_used,
    picture_html,
    push_shares,
    suggestion_why_html,
    what_if_html,
)
from ui.state import UIConfig, UIState

from ui_testkit import make_suggestion, new_owner

QUESTION = "Which laptop under $800 has the best rating?"
REPO = Path(__file__).resolve().parents[2]


# -- card head ------------------------------------------------------------------
def test_card_shows_title_price_and_rating_with_title_escaped() -> None:
    html = card_html(make_suggestion(title="<script>alert(1)</script> Laptop"))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Laptop" in html
    assert "<span class='cc-price'>$799.99</span>" in html and "cc-old" not in html
    assert "★ 4.6/5 (1,234 reviews)" in html
    assert "#1 " in html and "Sponsored" not in html and "Uses your" not in html
    assert "data-audit-id='17'" in html and "data-used=''" in html


def test_card_says_which_personal_data_it_used() -> None:
    html = card_html(make_suggestion(browsing=True))
    assert "data-used='browsing_history'" in html
    assert "<span class='cc-chip cc-personal'>Uses your browsing history</span>" in html


def test_card_shows_discounted_price_and_payer() -> None:
    # price is what the shopper pays; the list price (price + discount) is struck through
    html = card_html(make_suggestion(price=850.0, discount=150.0, sponsored_by="Acme & Co"))
    assert "<span class='cc-price'>$850.00</span>" in html
    assert "<span class='cc-old' aria-label='was $1,000.00'>$1,000.00</span>" in html
    assert "$700.00" not in html  # never price - discount
    assert "Sponsored by Acme &amp; Co" in html


def test_a_card_shows_one_product_with_its_options_and_stock() -> None:
    from assistant.catalog import load_catalog
    from ui.shop import options_html, product_card_html

    demo = load_catalog().get("macbook-air-13-3-inch-apple-703f96")  # three colour rows, one card
    assert "Color: Gold, Space Gray, Silver" in product_card_html(demo, 1, None)
    shop = {p.title: p for p in load_catalog(REPO / "tests/data/home_apparel.csv").products}
    moto = options_html(shop["Northbound Men's Leather Moto Jacket"])
    assert "Size: S, M, L, XL" in moto and "Out of stock" in moto and "in stock" not in moto
    assert "only 3 in stock" in options_html(shop["Article Sven Sofa"])
    assert options_html(load_catalog().products[0]) in ("", "<p class='cc-options'>in stock</p>")


def test_rendering_a_replaced_suggestion_changes_the_card() -> None:
    s = make_suggestion()
    assert card_html(s) != card_html(replace(s, rank=3))


# -- "Why this?" -------------------------------------------------------------------
def test_chips_list_used_shares_not_used_reasons_and_sponsor() -> None:
    s = make_suggestion(sponsored_by="Globex")
    chips = re.findall(r"<li class='cc-chip ([^']+)'[^>]*>([^<]*)</li>", chips_html(s.disclosure))
    assert chips == [
        ("cc-used", "Used: your request 75%"),
        ("cc-used", "Used: product facts 25%"),
        ("cc-notused", "Not used: browsing history (no consent)"),
        ("cc-notused", "Not used: location (not needed)"),
        ("cc-sponsored", "Sponsored by Globex"),
    ]


def test_personal_category_chip_is_marked_and_ordered_by_share() -> None:
    html = chips_html(make_suggestion(browsing=True).disclosure)
    labels = re.findall(r"data-state='used'>([^<]*)<", html)
    assert labels == ["Used: your request 50%", "Used: browsing history 33%",
                      "Used: product facts 17%"]
    assert "cc-chip cc-personal' data-category='browsing_history'" in html


def test_push_shares_split_up_and_down_and_sum_to_one() -> None:
    s = make_suggestion(browsing=True, values={"match": 0.9, "rating": -0.3,
                                              "viewed_similarity": 0.6})
    shares = push_shares(s.explanation)
    assert list(shares) == ["request", "browsing_history", "product"]  # biggest push first
    assert shares["request"] == pytest.approx((0.5, 0.0))
    assert shares["product"] == pytest.approx((0.0, 0.3 / 1.8))
    assert sum(u + d for u, d in shares.values()) == pytest.approx(1.0)


def test_picture_speaks_in_shares_and_places_not_log_odds() -> None:
    s = make_suggestion(browsing=True, rank=2, values={"match": 0.9, "rating": -0.3,
                                                      "viewed_similarity": 0.6})
    html = picture_html(s.explanation, s.disclosure, s.rank)
    rows = re.findall(r"<li class='([^']+)' data-category='([^']+)'>.*?"
                      r"cc-push-bar cc-seg-(up|down)' style='width:(\d+)%'.*?"
                      r"cc-push-what'>([^<]*)<", html)
    assert rows == [
        ("cc-push-up", "request", "up", "50", "moved it up: 50%"),
        ("cc-push-up cc-push-personal", "browsing_history", "up", "33", "moved it up: 33%"),
        ("cc-push-down", "product", "down", "17", "held it back: 17%"),
    ]
    assert "What put it at #2" in html
    assert "Without your browsing history: #4 instead of #2." in html
    # no raw scores: neither the base value nor the score nor a SHAP value appears
    for raw in ("0.2", "1.4", "0.9", "-0.3", "log-odds", "score"):
        assert raw not in html, raw


def test_picture_of_a_category_that_pushed_both_ways() -> None:
    s = make_suggestion(values={"match": 0.6, "rating": 0.2, "viewed_similarity": 0.0})
    mixed = replace(s.explanation, values={**s.explanation.values, "rating": -0.2},
                    category_of={**s.explanation.category_of, "rating": "request"})
    html = picture_html(mixed, s.disclosure, 1)
    assert "width:75%" in html and "width:25%" in html
    assert "up 75%, held back 25%" in html


def test_picture_of_a_product_nothing_moved() -> None:
    s = make_suggestion(values={"match": 0.0, "rating": 0.0, "viewed_similarity": 0.0})
    html = picture_html(s.explanation, s.disclosure, 1)
    assert "Nothing moved it" in html and "cc-push-bar" not in html


def test_what_if_names_the_place_without_the_category() -> None:
    s = make_suggestion(browsing=True, rank=2)
    assert "Without your browsing history: #4 instead of #2." in what_if_html(s.disclosure, 2)
    gone = replace(s.disclosure, what_if={"browsing_history": 0})
    assert "not in the suggestions (it is #1 now)" in what_if_html(gone, 1)
    same = replace(s.disclosure, what_if={"browsing_history": 2})
    assert "the same place" in what_if_html(same, 2)
    assert what_if_html(make_suggestion().disclosure, 1) == ""


def test_why_panel_keeps_reason_order_and_escapes() -> None:
    html = suggestion_why_html(make_suggestion(browsing=True))
    reasons = re.findall(r"<li>([^<]*)</li>", html.split("cc-reasons'>")[1].split("</ol>")[0])
    assert reasons == ["It matches &#x27;laptop under $800&#x27;.",
                       "Rated 4.6 by 1,234 &lt;reviewers&gt;."]
    assert "Kept for: browsing history: 90 days" in html
    assert "cc-picture" in html and "Ranking score" not in html


def test_personal_used_lists_only_consented_personal_categories() -> None:
    assert personal_used(make_suggestion().disclosure) == []
    assert personal_used(make_suggestion(browsing=True).disclosure) == ["browsing_history"]


# -- events (real assistant, fake LM) -------------------------------------------------
@pytest.fixture
def shop(bot: ShopAssistant) -> ShopActions:
    return ShopActions(bot, UIConfig(max_cards=4))


def test_a_turn_streams_then_fills_the_cards(shop: ShopActions) -> None:
    st = shop.fresh_state(new_owner(shop.bot))
    steps = list(shop.respond(st, QUESTION))
    first, last = steps[0], steps[-1]
    assert first.history[-2:] == [{"role": "user", "content": QUESTION},
                                  {"role": "assistant", "content": ""}]
    assert first.cards is None and not first.done and first.state == st
    assert len(steps) > 2, "the reply should arrive in several chunks"
    carded = [step for step in steps if step.cards is not None]
    assert last.done and len(carded) == 1 and len(carded[0].cards or []) == 4
    assert carded[0].state.last_q == QUESTION  # its buttons ask this question again
    reply = shop.bot.session(st.shopper).last_reply
    assert reply is not None and last.history[-1]["content"].startswith(reply.text)
    assert last.state.pids == tuple(s.product.id for s in reply.suggestions)
    assert last.state.last_q == QUESTION and last.state.chat() == last.history
    shown = [c for c in carded[0].cards or [] if c is not None]
    assert len(shown) == min(4, len(reply.suggestions)) > 0
    assert all(c.dont_use == () for c in shown)  # an anonymous shopper shares nothing
    assert f"data-audit-id='{reply.suggestions[0].audit_id}'" in shown[0].head
    assert "cc-reasons" in shown[0].why and "cc-picture" in shown[0].why


def test_a_button_pressed_while_the_text_streams_is_not_undone(shop: ShopActions) -> None:
    """The cards come when ranked. "Don't use my browsing history" pressed then (another
    thread, as in the web app) waits for the turn, asks this question again without it, and
    the turn's last step does not send the old cards (which used it) after that."""
    st = shop.fresh_state(new_owner(shop.bot))
    shop.bot.session(st.shopper).consent.grant(BROWSING_HISTORY, source="test")
    st = list(shop.respond(st, QUESTION))[-1].state
    shop.view(st, 0)
    clicks: list[threading.Thread] = []
    results: list[tuple[UIState, list[Any]]] = []
    after_cards: list[Any] = []
    for step in shop.respond(st, "Show me laptops like that one"):
        if step.cards is not None and not clicks:
            clicks.append(threading.Thread(target=lambda s=step.state: results.append(
                shop.dont_use(s, BROWSING_HISTORY))))
            clicks[0].start()
            continue
        if clicks:
            after_cards.append(step)
    clicks[0].join(timeout=120)
    new, views = results[0]
    assert new.last_q == "Show me laptops like that one"  # the question, not the one before
    assert all(BROWSING_HISTORY not in v.dont_use for v in views if v is not None)
    assert after_cards and all(step.cards is None for step in after_cards)


def test_browsing_consent_view_and_dont_use_round_trip(shop: ShopActions) -> None:
    st = shop.fresh_state(new_owner(shop.bot))
    shop.bot.session(st.shopper).consent.grant(BROWSING_HISTORY, source="test")
    st = list(shop.respond(st, QUESTION))[-1].state
    assert "added to your browsing history" in shop.view(st, 0)
    st = list(shop.respond(st, "Show me laptops like that one"))[-1].state
    cards = shop.card_views(shop.bot.session(st.shopper).last_reply.suggestions)  # type: ignore[union-attr]
    assert any(c is not None and BROWSING_HISTORY in c.dont_use for c in cards)
    st, cards = shop.dont_use(st, BROWSING_HISTORY)
    assert all(c is None or BROWSING_HISTORY not in c.dont_use for c in cards)
    assert any(c is not None for c in cards), "the last question is asked again"
    assert "no longer use your browsing history" in st.history[-2]["content"]


def test_not_interested_hides_the_product_and_stale_slots_say_how_to_fix(
    shop: ShopActions,
) -> None:
    st = list(shop.respond(shop.fresh_state(new_owner(shop.bot)), QUESTION))[-1].state
    gone = st.pids[0]
    st, _ = shop.not_interested(st, 0)
    assert gone not in st.pids
    with pytest.raises(InputError) as err:
        shop.view(st, 99)
    assert err.value.fix


def test_a_demo_persona_is_each_visitors_own_copy(shop: ShopActions) -> None:
    demo = shop.bot.demo.shoppers()[0]
    mine, theirs = new_owner(shop.bot), new_owner(shop.bot)
    st = shop.fresh_state(mine, demo.id)
    assert demo.name in shop.shopper_md(st)
    assert st.shopper not in (demo.id, mine) and st.persona == demo.id
    assert shop.bot.session(st.shopper).consent.state().get(BROWSING_HISTORY)
    other = shop.fresh_state(theirs, demo.id)
    assert other.shopper != st.shopper
    shop.bot.erase(st.shopper)  # my copy gone; theirs untouched
    assert shop.bot.session(other.shopper).consent.state().get(BROWSING_HISTORY)
    assert shop.bot.store.views(other.shopper)
    with pytest.raises(InputError):
        shop.fresh_state(mine, "demo-no-such-persona")


def test_ensure_replaces_a_missing_state_or_one_of_another_caller(shop: ShopActions) -> None:
    me = new_owner(shop.bot)
    st = shop.ensure(None, me)
    assert isinstance(st, UIState) and st.owner == st.shopper == me
    assert shop.ensure(st, me) is st
    stranger = shop.ensure(st, new_owner(shop.bot))
    assert stranger is not st and stranger.shopper != me


def test_the_notice_opens_the_chat_and_no_reply_repeats_it(shop: ShopActions) -> None:
    st = shop.fresh_state(new_owner(shop.bot))
    assert st.history[0]["content"] == AI_NOTICE
    last = list(shop.respond(st, QUESTION))[-1]
    said = " ".join(m["content"] for m in last.history)
    assert "AI shopping assistant" not in said  # the notice is said once, in one place


def test_the_question_and_the_undo_become_buttons_kept_on_the_server(
        shop: ShopActions) -> None:
    st = shop.fresh_state(new_owner(shop.bot))
    last = list(shop.respond(st, "show me laptops"))[-1]
    reply = shop.bot.session(st.shopper).last_reply
    assert reply is not None and reply.question is not None
    assert last.buttons is not None and last.buttons[0] == last.state.choices
    assert [label for label, _ in last.state.choices] == [c.label for c in reply.question.choices]
    follow = list(shop.respond(last.state, last.state.choice(0)))[-1]
    assert follow.state.choices == () and follow.state.undo == ()
    budget = list(shop.respond(follow.state, "a laptop, not too pricey"))[-1]
    assert budget.state.undo and budget.state.undo_message(0) == "laptops at any price"
    with pytest.raises(InputError):
        budget.state.choice(0)  # no question this turn: a stale button says how to fix it
