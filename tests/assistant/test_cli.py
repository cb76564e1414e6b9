"""assistant/cli.py driven directly: every command, --json output, errors that say how to fix."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from assistant import ShopAssistant
from assistant.catalog import load_catalog
from assistant.cli import _parser, main
from assistant.qa import HashingEmbedder

from fakes import FakeLM

COMMANDS = {"ask", "audit", "catalog", "export", "erase", "models", "bias-audit", "console"}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _commands() -> dict[str, argparse.ArgumentParser]:
    (sub,) = [a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(sub.choices)


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert set(_commands()) == COMMANDS  # a new command must be added here and documented
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    text = capsys.readouterr().out
    for name in COMMANDS:
        assert re.search(rf"^ +{name}( |$)", text, re.M), f"--help does not list {name!r}"
    for name in COMMANDS:  # and every command has its own help
        with pytest.raises(SystemExit) as done:
            main([name, "--help"])
        assert done.value.code == 0 and "usage: python -m assistant" in capsys.readouterr().out


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main([])
    assert done.value.code == 2 and "COMMAND" in capsys.readouterr().err


@pytest.fixture
def fake_bot(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    """`ask` gets a real catalog, ranker and store, with a fake LM and a hashing embedder."""
    calls: list[dict[str, object]] = []
    real_load = ShopAssistant.load

    def load(llm: str | None = None, **kw: object) -> ShopAssistant:
        calls.append({"llm": llm, **kw})
        return real_load(lm=FakeLM(), embedder=HashingEmbedder())

    monkeypatch.setattr(ShopAssistant, "load", staticmethod(load))
    return calls


def test_ask_prints_reply_and_suggestions_with_catalog_prices(
    capsys: pytest.CaptureFixture[str], fake_bot: list[dict[str, object]]
) -> None:
    code, out, _ = run(capsys, "ask", "a soundbar under $300", "--shopper", "cli-1")
    assert code == 0
    catalog = {p.id: p for p in load_catalog()}
    cards = [line for line in out.splitlines() if line[:2] in {f"{i}." for i in range(1, 10)}]
    assert cards, out
    for line in cards:
        pid = line.rsplit("[", 1)[1].rstrip("]")
        assert f"${catalog[pid].price:,.2f}" in line
    assert "   why: " in out and "   data used: " in out


def test_ask_json_is_the_reply_as_data(
    capsys: pytest.CaptureFixture[str], fake_bot: list[dict[str, object]]
) -> None:
    code, out, _ = run(capsys, "ask", "cheapest laptop", "--json", "--llm", "smollm2")
    assert code == 0 and fake_bot[0]["llm"] == "smollm2"
    data = json.loads(out)
    assert {"text", "kind", "grounding", "suggestions"} <= set(data)
    assert data["text"] and data["suggestions"]
    first = data["suggestions"][0]
    assert first["rank"] == 1 and {"product", "reasons", "disclosure"} <= set(first)


def test_ask_with_an_unknown_model_names_the_valid_ones(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "ask", "hi", "--llm", "gpt-99")
    assert code == 2 and out == ""
    assert err.startswith("error: Unknown LM backend 'gpt-99'")
    assert "How to fix: use one of: qwen2.5-0.5b" in err


def test_models_lists_every_backend(capsys: pytest.CaptureFixture[str]) -> None:
    from models.llm import available_models

    code, out, _ = run(capsys, "models")
    assert code == 0
    for info in available_models():
        assert info.name in out and info.licence in out


def test_catalog_check_reports_rows_and_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "catalog", "check", str(load_catalog().source))
    assert code == 0 and out.startswith("552 products from electronics.csv")
    assert "products: 552, variants: 554" in out and "bad rows: none" in out
    bad = tmp_path / "shop.csv"
    bad.write_text("title,category,price\nLamp,Lighting,12.50\nDesk,Furniture,cheap\n")
    code, out, err = run(capsys, "catalog", "check", str(bad))
    assert code == 2 and "row 2, field 'price'" in out and "fix: Write it like" in out
    assert "data row 2" in err and "'price'" in err and "How to fix:" in err
    code, out, _ = run(capsys, "catalog", "check", str(bad), "--skip")
    assert code == 0 and "1 products from shop.csv" in out and "bad rows (1):" in out
    code, _, err = run(capsys, "catalog", "check", str(tmp_path / "none.csv"))
    assert code == 2 and "does not exist" in err and "How to fix:" in err


def test_export_and_erase_a_shopper(
    capsys: pytest.CaptureFixture[str], settings: object
) -> None:
    from assistant.privacy import ConsentManager, Store

    store = Store.open(settings)  # type: ignore[arg-type]
    ConsentManager(store, "cli-shopper").grant("browsing_history")
    store.record_view("cli-shopper", "p1")
    store.close()
    code, out, _ = run(capsys, "export", "cli-shopper")
    assert code == 0 and "p1" in json.dumps(json.loads(out))
    code, out, _ = run(capsys, "erase", "cli-shopper")
    assert code == 0 and out.strip() == "erased personal data of 'cli-shopper'"
    code, out, _ = run(capsys, "export", "cli-shopper")
    assert code == 0 and "p1" not in out


def test_audit_verify_on_a_fresh_store(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "audit", "verify")
    assert code == 0 and "store: " in out


def _shown(tmp_path: Path, plant: bool, n: int = 1200) -> Path:
    rng = np.random.default_rng(4)
    region = rng.choice(["north", "south"], size=n)
    clicked = rng.random(n) < np.where(plant & (region == "south"), 0.05, 0.30)
    table = pd.DataFrame(
        {
            "region": region,
            "category": rng.choice(["TVs", "Laptops", "Headphones"], size=n),
            "price": rng.choice([59.0, 249.0, 899.0], size=n),
            "clicked": clicked.astype(int),
        }
    )
    path = tmp_path / ("planted.csv" if plant else "fair.csv")
    table.to_csv(path, index=False)
    return path


def test_bias_audit_flags_a_planted_gap_and_passes_a_fair_table(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    planted = _shown(tmp_path, plant=True)
    args = ["--group", "region", "--outcome", "clicked"]
    code, out, _ = run(capsys, "bias-audit", str(planted), *args)
    assert code == 1
    assert "FLAGGED outcome clicked: gap" in out and "south" in out
    code, out, _ = run(capsys, "bias-audit", str(_shown(tmp_path, plant=False)), *args)
    assert code == 0 and out.rstrip().endswith("PASSED")
    code, out, _ = run(capsys, "bias-audit", str(planted), *args, "--json")
    data = json.loads(out)
    assert code == 1 and data["passed"] is False
    assert data["groups"][0]["column"] == "region" and data["groups"][0]["outcome_gap"] > 0.10


def test_bias_audit_errors_say_which_column_and_how_to_fix(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _shown(tmp_path, plant=False)
    code, out, err = run(capsys, "bias-audit", str(path), "--group", "age")
    assert code == 2 and out == ""
    assert "no group column 'age'" in err and "'region'" in err and "How to fix:" in err
    code, _, err = run(capsys, "bias-audit", str(path), "--group", "region", "--outcome", "paid")
    assert code == 2 and "no outcome column 'paid'" in err
    code, _, err = run(capsys, "bias-audit", str(path), "--group", "region", "--price", "cost")
    assert code == 2 and "no column 'cost' (named with --price)" in err
    code, _, err = run(capsys, "bias-audit", str(tmp_path / "missing.csv"), "--group", "region")
    assert code == 2 and "does not exist" in err
    with pytest.raises(SystemExit) as done:
        main(["bias-audit", str(path)])
    assert done.value.code == 2 and "--group" in capsys.readouterr().err
