"""audit_table: the bias audit on a shop's own attribute columns and outcomes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from explain import TableAuditConfig, audit_table
from explain.table_audit import BLANK
from models.errors import InputError

CATEGORIES = ["TVs", "Laptops", "Headphones", "Video Games"]


def shop_table(n: int = 2400, seed: int = 0, plant: bool = False) -> pd.DataFrame:
    """Suggestions shown with the shop's own columns: age band, loyalty tier, outcome.

    Without `plant`, every column is drawn independently of the groups. With it,
    shoppers aged 60+ are shown laptops far more often and buy less often.
    """
    rng = np.random.default_rng(seed)
    age = rng.choice(["18-29", "30-59", "60+"], size=n)
    tier = rng.choice(["gold", "silver"], size=n)
    cat_p = np.tile([0.25, 0.25, 0.25, 0.25], (n, 1))
    buy_p = np.full(n, 0.25)
    if plant:
        old = age == "60+"
        cat_p[old] = [0.1, 0.7, 0.1, 0.1]
        buy_p[old] = 0.08
    category = [CATEGORIES[rng.choice(4, p=p)] for p in cat_p]
    price = rng.choice([49.0, 199.0, 599.0, 1499.0], size=n)
    bought = (rng.random(n) < buy_p).astype(int)
    return pd.DataFrame(
        {"age_band": age, "loyalty": tier, "category": category, "price": price, "bought": bought}
    )


def test_a_planted_disparity_is_found_in_the_right_column() -> None:
    audit = audit_table(shop_table(plant=True), ["age_band", "loyalty"], outcome_col="bought")
    assert not audit.passed
    by_col = {g.column: g for g in audit.groups}
    age, loyalty = by_col["age_band"], by_col["loyalty"]
    assert any(f.startswith("category Laptops") for f in age.flagged)
    assert any(f.startswith("outcome bought") and "60+" in f for f in age.flagged)
    assert min(age.outcome_rates, key=age.outcome_rates.__getitem__) == "60+"
    assert age.outcome_gap is not None and age.outcome_gap > 0.10
    assert loyalty.flagged == []  # loyalty tier was drawn independently of everything
    assert all(f.startswith("age_band: ") for f in audit.flagged)


def test_no_planted_disparity_no_flag() -> None:
    audit = audit_table(shop_table(plant=False), ["age_band", "loyalty"], outcome_col="bought")
    assert audit.passed and audit.flagged == []
    assert "PASSED" in audit.summary()
    for g in audit.groups:
        assert g.outcome_gap is not None and g.outcome_gap < 0.10
        assert g.exposure is not None and g.exposure.passed


def test_outcome_only_table_and_text_outcomes() -> None:
    t = shop_table(plant=True)[["age_band", "bought"]]
    t["bought"] = t["bought"].map({1: "yes", 0: "no"})
    audit = audit_table(t, "age_band", outcome_col="bought")
    (g,) = audit.groups
    assert g.exposure is None and not audit.passed
    assert audit.to_dict()["groups"][0]["outcome_rates"] == g.outcome_rates


def test_small_and_blank_groups() -> None:
    t = shop_table(n=600)
    t.loc[:4, "age_band"] = "90+"  # 5 rows: too few to compare
    t.loc[5:40, "age_band"] = ""
    audit = audit_table(t, "age_band", outcome_col="bought", config=TableAuditConfig())
    (g,) = audit.groups
    assert g.small_groups == ["90+"] and g.sizes["90+"] == 5
    assert BLANK in g.outcome_rates and "90+" not in g.outcome_rates
    assert "left out (under 20 rows): 90+" in audit.summary()


def test_errors_name_the_column_and_the_fix() -> None:
    t = shop_table(n=200)
    with pytest.raises(InputError, match="no group column 'gender'") as err:
        audit_table(t, "gender", outcome_col="bought")
    assert "age_band" in str(err.value) and "--group" in err.value.fix
    with pytest.raises(InputError, match="no outcome column 'clicked'") as err:
        audit_table(t, "age_band", outcome_col="clicked")
    assert "--outcome" in err.value.fix
    bad = t.assign(bought=t["bought"].astype(str))
    bad.loc[7, "bought"] = "maybe"
    with pytest.raises(InputError, match="data row 8") as err:
        audit_table(bad, "age_band", outcome_col="bought")
    assert "Write 1" in err.value.fix
    with pytest.raises(InputError, match="nothing to audit") as err:
        audit_table(t[["age_band"]], "age_band")
    assert "--outcome" in err.value.fix
    with pytest.raises(InputError, match="nothing to compare"):
        audit_table(t.assign(one="x"), "one", outcome_col="bought")
