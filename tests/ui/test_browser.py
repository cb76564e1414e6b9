"""The web UI in a real (headless) Chromium against the real app and models."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from typing import Any

import pytest

from app_kit import RunningApp

pytestmark = [pytest.mark.browser, pytest.mark.slow]

QUESTION = "Which laptop under $800 has the best rating?"
REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-output" / "screenshots"
DOCS_SHOTS = REPO / "docs" / "screenshots"


def shot(page: Any, name: str) -> None:
    """A README screenshot: test-output/screenshots/ (and docs/screenshots/ when
    CLEARCART_UI_DOCS_SHOTS=1)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for close in page.locator(".toast-close").all():  # notifications would cover the content
        close.click()
    page.locator(".toast-close").first.wait_for(state="detached", timeout=10_000)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
    if os.environ.get("CLEARCART_UI_DOCS_SHOTS") == "1":
        DOCS_SHOTS.mkdir(parents=True, exist_ok=True)
        (DOCS_SHOTS / f"{name}.png").write_bytes((SCREENSHOTS / f"{name}.png").read_bytes())


def scroll_to(page: Any, selector: str, offset: int = 0) -> None:
    """Scroll so that `selector`'s top (plus `offset` px) is at the top of the viewport."""
    page.evaluate(
        "([sel, off]) => window.scrollTo(0, "
        "document.querySelector(sel).getBoundingClientRect().top + window.scrollY + off)",
        [selector, offset],
    )


def open_app(page: Any, url: str) -> float:
    start = time.monotonic()
    page.goto(url)
    page.get_by_label("Your question").wait_for()
    page.locator("#shopper-info").get_by_text("Shopping as").wait_for()
    return time.monotonic() - start


def card_ids(page: Any) -> list[str]:
    heads = page.locator("[id^=card-][id$=-head] .cc-head")
    return [heads.nth(i).get_attribute("data-audit-id") or "" for i in range(heads.count())]


def ask(page: Any, text: str) -> None:
    """Send a message and wait until the reply's cards have replaced the previous ones."""
    before = card_ids(page)
    page.get_by_label("Your question").fill(text)
    page.get_by_label("Your question").press("Enter")
    page.wait_for_function(
        """(before) => {
            const heads = [...document.querySelectorAll('[id^=card-][id$=-head] .cc-head')]
                .filter(h => h.offsetParent !== null);
            const ids = heads.map(h => h.dataset.auditId);
            return ids.length > 0 && JSON.stringify(ids) !== JSON.stringify(before);
        }""",
        arg=before,
    )


def open_why(page: Any, slot: int) -> Any:
    page.locator(f"#card-{slot}-why").get_by_role("button", name=re.compile("Why this")).click()
    page.locator(f"#card-{slot}-reasons .cc-picture").wait_for()
    return page.locator(f"#card-{slot}-reasons")


def wait_receipt(page: Any, action: str) -> None:
    cell = re.compile(rf"^\s*{action}\s*$")
    page.locator("#receipts [role=gridcell]", has_text=cell).first.wait_for()


def visible_slots(page: Any) -> list[int]:
    return [i for i in range(10) if page.locator(f"#card-{i}").is_visible()]


def used_on_card(page: Any, slot: int) -> list[str]:
    """Personal categories the card head says it used (readable without opening the panel)."""
    return (page.locator(f"#card-{slot}-head .cc-head").get_attribute("data-used") or "").split()


def chips(page: Any, slot: int, state: str) -> list[str]:
    return page.locator(f"#card-{slot}-reasons [data-state='{state}']").evaluate_all(
        "els => els.map(e => e.dataset.category)"
    )


def test_shopper_asks_and_sees_cards_with_reasons_and_chips(page: Any, app_url: str) -> None:
    load_s = open_app(page, app_url)
    assert load_s < 15.0, f"the page took {load_s:.1f} s to load"
    assert "AI shop assistant" in page.locator("#chat").inner_text()
    ask(page, QUESTION)
    slots = visible_slots(page)
    assert slots, "no suggestion cards"
    head = page.locator("#card-0-head").inner_text()
    assert re.search(r"\$\d", head) and ("★" in head or "no reviews" in head)
    why = open_why(page, 0)
    reasons = why.locator(".cc-reasons li").all_inner_texts()
    assert reasons and all(len(r) > 10 for r in reasons)
    # an anonymous shopper: nothing personal is used, and the chips say so
    assert set(chips(page, 0, "used")) <= {"request", "product", "sponsorship"}
    assert "browsing_history" in chips(page, 0, "not-used")
    # the shopper's picture: shares of the push in words, no log-odds
    picture = page.locator("#card-0-reasons .cc-picture")
    assert picture.get_attribute("aria-label").startswith("What put it at #1")
    words = picture.locator(".cc-push-what").all_inner_texts()
    assert words and all(re.search(r"(moved it up|held it back|held back) \d+%|: \d+%", w)
                         for w in words), words
    assert "log-odds" not in picture.inner_text()
    prices = page.locator("#card-0-head .cc-price").all_inner_texts()
    assert len(prices) == 1 and re.fullmatch(r"\$[\d,]+\.\d\d", prices[0])
    # the same page at a phone's width: no sideways scrolling, buttons still reachable
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator("#card-0").scroll_into_view_if_needed()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 392, f"page is {width}px wide at a 390px viewport"
    assert page.locator("#card-0-view").is_visible()
    page.screenshot(path=str(SCREENSHOTS / "mobile-390.png"), full_page=True)


def test_browsing_consent_shows_in_disclosure_and_withdrawal_removes_it(
    page: Any, app_url: str
) -> None:
    open_app(page, app_url)
    page.get_by_role("tab", name="Privacy center").click()
    page.get_by_label("Use my browsing history").check()
    wait_receipt(page, "granted")
    page.get_by_role("tab", name="Shop").click()
    ask(page, QUESTION)
    page.locator("#card-0-view").click()
    page.get_by_text("added to your browsing history").wait_for()
    ask(page, "Show me laptops like that one")
    using = [i for i in visible_slots(page) if "browsing_history" in used_on_card(page, i)]
    assert using, "browsing history was granted and a product viewed, yet no card used it"
    slot = using[0]
    open_why(page, slot)
    assert "browsing history" in page.locator(f"#card-{slot}-reasons .cc-personal").inner_text()
    scroll_to(page, "#chat", 110)  # the end of the chat, then the card with its open "Why this?"
    shot(page, "shop")
    before = card_ids(page)
    page.locator(f"#card-{slot}-dont-browsing_history").click()
    page.wait_for_function(
        "(b) => JSON.stringify([...document.querySelectorAll('[id^=card-][id$=-head] .cc-head')]"
        ".map(h => h.dataset.auditId)) !== JSON.stringify(b)", arg=before,
    )
    for i in visible_slots(page):
        assert "browsing_history" not in used_on_card(page, i)
        open_why(page, i)
        assert "browsing_history" not in chips(page, i, "used")
        assert "browsing_history" in chips(page, i, "not-used")
    page.get_by_role("tab", name="Privacy center").click()
    assert not page.get_by_label("Use my browsing history").is_checked()
    wait_receipt(page, "withdrawn")


def console_login(page: Any, app: RunningApp, user: str, password: str) -> None:
    """Sign in to the marketer console through its login form."""
    page.goto(app.url + "console/")  # no login yet: sent to the form
    page.get_by_label("User name").fill(user)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.locator("#console-user").get_by_text(f"Signed in as {user}").wait_for()


def test_delete_my_data_then_marketer_opens_that_suggestion(
    page: Any, app_url: str, app_server: RunningApp
) -> None:
    open_app(page, app_url)
    ask(page, QUESTION)
    audit_id = card_ids(page)[0]
    product_id = page.locator("#card-0-head .cc-head").get_attribute("data-product-id")
    shown_reasons = open_why(page, 0).locator(".cc-reasons li").all_inner_texts()

    page.get_by_role("tab", name="Privacy center").click()
    page.get_by_label("Use my browsing history").check()
    wait_receipt(page, "granted")
    page.get_by_role("button", name="See my data").click()
    page.locator("#my-data h4").first.wait_for()
    exported = page.locator("#my-data").inner_text()
    assert "laptop" in exported.lower(), "the chat turn should be in 'see my data'"
    found = re.search(r"audit_pseudonym: (\S+)", exported)
    assert found, "the export should name the shopper's audit pseudonym"
    pseudonym = found.group(1)
    link = page.locator("#my-data-file a").first
    assert link.get_attribute("download") == "my-data.json"
    assert link.get_attribute("href").startswith("data:application/json;base64,")
    assert "browsing_history: true" in exported.replace('"', "")
    scroll_to(page, "#privacy-status", -60)
    shot(page, "privacy")
    page.get_by_role("button", name="Delete my data").click()
    page.get_by_role("button", name="Cancel").click()
    page.locator("#confirm-delete").wait_for(state="hidden")
    page.get_by_role("button", name="Delete my data").click()
    page.get_by_role("button", name="Yes, delete my data").click()
    page.get_by_text("Your data was deleted").wait_for()
    assert visible_slots(page) == []
    assert not page.get_by_label("Use my browsing history").is_checked()
    page.get_by_role("button", name="See my data").click()
    page.get_by_text("laptop").wait_for(state="detached")  # nothing of the chat is held

    console_login(page, app_server, app_server.marketer_user, app_server.marketer_password)
    row = page.locator("#audit-table [role=row]").filter(
        has=page.locator("[data-col='0']", has_text=re.compile(rf"^\s*{audit_id}\s*$"))
    )
    row.locator("[data-col='1']").click()
    detail = page.locator("#audit-detail")
    detail.get_by_text(f"Audit record {audit_id}").wait_for()
    # the record outlives the erasure, under the pseudonym only (no longer linked to a shopper)
    assert pseudonym in detail.inner_text()
    assert detail.locator(".cc-reasons li").all_inner_texts() == shown_reasons
    page.locator("#audit-plot img").wait_for()
    scroll_to(page, "#audit-table", -40)
    shot(page, "marketer")
    # the product filter keeps only that product's rows
    title = detail.locator(".cc-title").first.inner_text().split(" ", 1)[1]
    page.get_by_label("Filter: product id").fill(product_id)
    page.get_by_label("Filter: product id").press("Enter")
    page.wait_for_function(
        """(t) => {
            const sel = "#audit-table [role=gridcell][data-col='3']";
            const cells = [...document.querySelectorAll(sel)];
            return cells.length > 0 && cells.every(c => c.innerText.trim() === t);
        }""",
        arg=title,
    )
