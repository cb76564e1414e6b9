"""The Privacy center: receipts, "see my data", consent switches, erasure."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

from assistant import ShopAssistant
from models.categories import BROWSING_HISTORY, CATEGORY_INFO, PERSONAL_CATEGORIES
from ui.privacy import PrivacyActions, consent_info, data_html, receipt_rows
from ui.shop import ShopActions

from ui_testkit import new_owner

QUESTION = "Which laptop under $800 has the best rating?"


def test_receipts_are_newest_first_with_readable_times() -> None:
    rows = receipt_rows([
        {"category": "browsing_history", "granted": True, "at": 60.0, "source": "privacy center"},
        {"category": "browsing_history", "state": "withdrawn",
         "time": "1970-01-01T00:02:00+00:00", "source": "shopper"},
        {"category": "profiling", "state": "objected", "time": "1970-01-01T00:02:00+00:00",
         "source": "shopper"},
    ])
    assert rows == [
        ["1970-01-01T00:02:00+00:00", "profiling", "objected", "shopper"],
        ["1970-01-01T00:02:00+00:00", "browsing history", "withdrawn", "shopper"],
        ["1970-01-01 00:01:00", "browsing history", "granted", "privacy center"],
    ]


def test_my_data_is_escaped_and_empty_export_says_so() -> None:
    html = data_html({"chat_turns": [{"role": "user", "text": "<b>hi</b>"}],
                      "consent": {"location": False}, "views": []})
    assert "<b>hi</b>" not in html and "&lt;b&gt;hi&lt;/b&gt;" in html
    assert "<h4>Views</h4><p>(none)</p>" in html
    assert "<strong>location</strong>: false" in html
    assert data_html({}) == "<p>We hold no data about you.</p>"


def test_consent_info_states_the_tables_days(bot: ShopAssistant) -> None:
    purposes, retention = bot.console.purposes(), bot.console.retention()
    for c in PERSONAL_CATEGORIES:
        text = consent_info(c, purposes, retention)
        assert text.startswith(purposes[c])
        info = CATEGORY_INFO[c]
        if info.retention:
            assert f"Kept for {info.retention}." in text


def test_switches_receipts_export_and_erase(bot: ShopAssistant) -> None:
    shop = ShopActions(bot)
    privacy = PrivacyActions(shop)
    st = shop.fresh_state(new_owner(shop.bot))
    p = privacy.set_consent(st, BROWSING_HISTORY, True)
    assert p.consent[BROWSING_HISTORY] and p.receipts[0][1:3] == ["browsing history", "granted"]
    p = privacy.set_objection(st, True)
    assert p.objected and "object to profiling" in p.status
    p = privacy.set_objection(st, False)
    assert not p.objected
    st = list(shop.respond(st, QUESTION))[-1].state
    html, link = privacy.my_data(st)
    payload = re.search(r"href='data:application/json;base64,([A-Za-z0-9+/=]+)'", link)
    assert payload and "download='my-data.json'" in link
    data = json.loads(base64.b64decode(payload.group(1)).decode("utf-8"))
    assert data["shopper_id"] == st.shopper and QUESTION in json.dumps(data)
    assert "Chat turns" in html
    new = privacy.erase(st)
    # the caller goes on as their own shopper, with nothing held any more
    assert new.owner == st.owner and new.pids == () and len(new.history) == 1
    assert not privacy.view(new).consent[BROWSING_HISTORY]
    assert bot.export_data(new.shopper)["chat_turns"] == []


def test_the_download_is_made_in_the_browser_never_on_disk(bot: ShopAssistant,
                                                           tmp_path: Path) -> None:
    import tempfile

    shop = ShopActions(bot)
    st = list(shop.respond(shop.fresh_state(new_owner(bot)), QUESTION))[-1].state
    before = set(Path(tempfile.gettempdir()).rglob("*.json"))
    PrivacyActions(shop).my_data(st)
    assert set(Path(tempfile.gettempdir()).rglob("*.json")) == before
