"""Shared test fixtures: offline env, a private CLEARCART_HOME, and a fake LM (tests/fakes.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from models.settings import Settings, offline_env

from fakes import FakeLM  # the fake LM: reply queue + call history (tests/fakes.py)

offline_env()


@pytest.fixture
def fake_lm() -> FakeLM:
    return FakeLM()


@pytest.fixture(scope="session", autouse=True)
def _session_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A store directory for fixtures wider than one test (a module's `bot`): they are set up
    before `_private_home`, and without this they opened the user's ./var store."""
    home = tmp_path_factory.mktemp("clearcart-session-home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CLEARCART_HOME", str(home))
        yield home


@pytest.fixture(autouse=True)
def _private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own store directory; the user's ./var is never touched."""
    home = tmp_path / "clearcart-home"
    monkeypatch.setenv("CLEARCART_HOME", str(home))
    return home


@pytest.fixture
def settings(_private_home: Path) -> Settings:
    return Settings.from_env()
