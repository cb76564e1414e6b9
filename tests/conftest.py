"""Shared test fixtures: offline env, a private CLEARCART_HOME, and a fake LM (tests/fakes.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.settings import Settings, offline_env

from fakes import FakeLM  # the fake LM: reply queue + call history (tests/fakes.py)

offline_env()


@pytest.fixture
def fake_lm() -> FakeLM:
    return FakeLM()


@pytest.fixture(autouse=True)
def _private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own store directory; the user's ./var is never touched."""
    home = tmp_path / "clearcart-home"
    monkeypatch.setenv("CLEARCART_HOME", str(home))
    return home


@pytest.fixture
def settings(_private_home: Path) -> Settings:
    return Settings.from_env()
