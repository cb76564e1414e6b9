"""The shopper simulator: documented personas, valid logs, determinism, demo shoppers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from models.categories import BROWSING_HISTORY, FORBIDDEN_ATTRIBUTES, PURCHASE_HISTORY
from models.errors import InputError
from models.simulator import (
    COMPONENTS,
    EVENT_COLUMNS,
    REQUEST_COLUMNS,
    SimConfig,
    ground_truth,
    persona_named,
    personas,
    simulate,
    simulate_shopper,
)

from ranker_testkit import demo_table


def test_personas_are_documented_with_known_drivers() -> None:
    ps = personas()
    assert 6 <= len(ps) <= 10 and len({p.name for p in ps}) == len(ps)
    drivers = {p.driver for p in ps}
    assert drivers == {BROWSING_HISTORY, PURCHASE_HISTORY, "none"}
    for p in ps:
        assert set(p.weights) == set(COMPONENTS) and p.description
        personal = {"browsing_history": p.weights["taste"],
                    "purchase_history": max(p.weights["brand"], p.weights["tier"])}
        if p.driver == "none":
            assert max(personal.values()) < 0.5, p.name
        else:  # the named driver is the strongest personal weight
            assert personal[p.driver] == max(personal.values()) >= 1.5, p.name
        text = f"{p.name} {p.description}".lower()
        assert not [a for a in FORBIDDEN_ATTRIBUTES if a in text], p.name


def test_log_is_valid_and_in_the_shop_format(tmp_path: Path) -> None:
    table = demo_table()
    log = simulate(table, SimConfig(n_users=16, sessions_per_user=3, seed=5))
    ev_path, rq_path = log.write(tmp_path)
    ev = pd.read_csv(ev_path, dtype=str)
    rq = pd.read_csv(rq_path)
    assert tuple(ev.columns) == EVENT_COLUMNS and tuple(rq.columns) == REQUEST_COLUMNS
    kinds = set(ev["event"])
    assert kinds <= {"view", "click", "purchase"} and {"view", "click"} <= kinds
    assert ev["product_id"].isin(table.index).all()
    ts = pd.to_datetime(ev["timestamp"], format="ISO8601")
    assert ts.notna().all()
    for _, g in ev.assign(ts=ts).groupby("user_id"):
        assert g["ts"].is_monotonic_increasing
    assert len(rq) == 16 * 3 and rq["category"].isin(table.category_names).all()
    # every request is answered by exactly one first click, in the requested category
    clicks = ev[ev.event == "click"].assign(ts=ts)
    def first_click(r: pd.Series) -> str:
        after = clicks[(clicks.user_id == r.user_id) & (clicks.ts > r.ts)]
        return str(after.iloc[0].product_id)

    first = rq.assign(ts=pd.to_datetime(rq["timestamp"])).apply(first_click, axis=1)
    cats = [table.categories[table.index[p]] for p in first]
    assert cats == rq["category"].tolist()
    assert set(log.users.values()) <= {p.name for p in personas()}


def test_simulation_is_deterministic_and_seeded() -> None:
    table = demo_table()
    a = simulate(table, SimConfig(n_users=8, sessions_per_user=2, seed=1))
    b = simulate(table, SimConfig(n_users=8, sessions_per_user=2, seed=1))
    c = simulate(table, SimConfig(n_users=8, sessions_per_user=2, seed=2))
    assert a.events.equals(b.events) and a.requests.equals(b.requests)
    assert not a.events.equals(c.events)


def test_clicks_follow_persona_weights() -> None:
    """Bargain hunters click cheaper products (within category) than home-office pros."""
    table = demo_table()
    by = {p.name: p for p in personas()}
    cfg = SimConfig(n_users=40, sessions_per_user=4, seed=3)
    prices = {}
    for name in ("bargain_hunter", "home_office_pro"):
        log = simulate(table, cfg, cohort=(by[name],))
        rq = log.requests
        clicks = log.events[log.events.event == "click"]
        rows = [table.index[p] for p in clicks.product_id]
        rel = [
            table.price[r] / np.median(table.price[table.cat_codes == table.cat_codes[r]])
            for r in rows
        ]
        prices[name] = float(np.median(rel))
        assert len(rq) == 160
    assert prices["bargain_hunter"] < 0.8 * prices["home_office_pro"]


def test_ground_truth_and_simulated_shoppers() -> None:
    table = demo_table()
    log = simulate(table, SimConfig(n_users=10, sessions_per_user=1))
    gt = ground_truth(log)
    assert set(gt["users"]) == set(log.users)
    assert all(gt["users"][u]["persona"] in gt["personas"] for u in gt["users"])
    assert gt["personas"]["budget_gamer"]["driver"] == BROWSING_HISTORY
    shoppers = [simulate_shopper(table, p.name, sessions=3, seed=7) for p in personas()]
    for s in shoppers:
        assert s.viewed_ids and s.bought
        assert all(p in table.index for p in s.viewed_ids)
        assert all(abs(price - table.price[table.index[p]]) < 1e-9 for p, price in s.bought)
    assert simulate_shopper(table, "cinephile", sessions=3, seed=7) == shoppers[3]
    assert simulate_shopper(table, "cinephile", sessions=3, seed=8) != shoppers[3]


def test_persona_named_says_which_names_exist() -> None:
    assert persona_named("student").name == "student"
    with pytest.raises(InputError, match="no persona named 'nobody'") as err:
        persona_named("nobody")
    assert "budget_gamer" in err.value.fix


def test_each_driver_has_its_own_signal() -> None:
    """Purchase-driven shoppers click brands they bought and browse broadly; browsing-driven
    shoppers browse with focus (their views concentrate on few categories)."""
    table = demo_table()
    by = {p.name: p for p in personas()}
    stats = {}
    for name in ("brand_loyalist", "creative_musician"):
        cfg = SimConfig(n_users=30, sessions_per_user=4, seed=6)
        log = simulate(table, cfg, cohort=(by[name],))
        ev = log.events.assign(brand=[table.brands[table.index[p]] for p in log.events.product_id])
        repeat, focus = [], []
        for _, g in ev.groupby("user_id"):
            bought: set[str] = set()
            for kind, brand in zip(g.event, g.brand, strict=True):
                if kind == "click" and bought:
                    repeat.append(brand in bought)
                if kind == "purchase":
                    bought.add(brand)
            viewed = g.product_id[g.event == "view"]
            cats = pd.Series([table.categories[table.index[p]] for p in viewed])
            focus.append(cats.value_counts(normalize=True).iloc[0])
        stats[name] = (float(np.mean(repeat)), float(np.median(focus)))
    assert stats["brand_loyalist"][0] > stats["creative_musician"][0] + 0.2, stats
    assert stats["creative_musician"][1] > stats["brand_loyalist"][1] + 0.2, stats
